/**
 * The directory's entity types as the emulator describes them: one source for `$metadata`,
 * for `$select` (a known property the record leaves unset comes back as `null`, or `[]` for a
 * collection) and for `$filter` literal types. A subset of Graph's real properties: the ones
 * the generator fills plus the common ones a client may select.
 */
import type { DirectoryObjectKind } from '../../tenant/model';

export interface PropertyDef {
  name: string;
  /** CSDL type, e.g. `Edm.String`, `Collection(Edm.String)`, `graph.identitySet`. */
  type: string;
}

export interface NavigationDef {
  name: string;
  type: string;
  containsTarget?: boolean;
}

export interface EntityTypeDef {
  name: string;
  baseType?: string;
  abstract?: boolean;
  openType?: boolean;
  properties: PropertyDef[];
  navigation: NavigationDef[];
}

const SHORT_TYPES: Record<string, string> = {
  String: 'Edm.String',
  Boolean: 'Edm.Boolean',
  DateTimeOffset: 'Edm.DateTimeOffset',
  Date: 'Edm.Date',
  Int32: 'Edm.Int32',
  Int64: 'Edm.Int64',
  Double: 'Edm.Double',
  Guid: 'Edm.Guid',
  Binary: 'Edm.Binary',
};

function expandType(short: string): string {
  if (short.startsWith('[') && short.endsWith(']')) return `Collection(${expandType(short.slice(1, -1))})`;
  return SHORT_TYPES[short] ?? short;
}

/**
 * Property list from a compact spec: whitespace-separated `name` (a string) or `name:Type`,
 * where `Type` is a short Edm name, `graph.x`, or `[Type]` for a collection.
 */
export function properties(spec: string): PropertyDef[] {
  return spec
    .trim()
    .split(/\s+/)
    .map((entry) => {
      const [name, type = 'String'] = entry.split(':') as [string, string?];
      return { name, type: expandType(type) };
    });
}

export function navigation(spec: string): NavigationDef[] {
  return spec
    .trim()
    .split(/\s+/)
    .map((entry) => {
      const [name, type = '', flag] = entry.split(':') as [string, string?, string?];
      return { name, type: expandType(type), ...(flag === 'contained' ? { containsTarget: true } : {}) };
    });
}

const directoryObjectType: EntityTypeDef = {
  name: 'directoryObject',
  baseType: 'graph.entity',
  openType: true,
  properties: properties('deletedDateTime:DateTimeOffset'),
  navigation: [],
};

const userType: EntityTypeDef = {
  name: 'user',
  baseType: 'graph.directoryObject',
  openType: true,
  properties: properties(`
    aboutMe accountEnabled:Boolean ageGroup assignedLicenses:[graph.assignedLicense] birthday:DateTimeOffset
    businessPhones:[String] city companyName consentProvidedForMinor country createdDateTime:DateTimeOffset creationType
    customSecurityAttributes:graph.customSecurityAttributeValue department displayName
    employeeHireDate:DateTimeOffset employeeId employeeLeaveDateTime:DateTimeOffset employeeType externalUserState
    externalUserStateChangeDateTime:DateTimeOffset faxNumber givenName hireDate:DateTimeOffset
    identities:[graph.objectIdentity] imAddresses:[String] interests:[String] isResourceAccount:Boolean jobTitle lastPasswordChangeDateTime:DateTimeOffset
    legalAgeGroupClassification mail mailboxSettings:graph.mailboxSettings mailNickname mobilePhone mySite officeLocation onPremisesDistinguishedName
    onPremisesDomainName onPremisesImmutableId onPremisesLastSyncDateTime:DateTimeOffset onPremisesSamAccountName
    onPremisesSecurityIdentifier onPremisesSyncEnabled:Boolean onPremisesUserPrincipalName otherMails:[String]
    passwordPolicies pastProjects:[String] postalCode preferredDataLocation preferredLanguage preferredName
    proxyAddresses:[String] responsibilities:[String] schools:[String] securityIdentifier showInAddressList:Boolean
    signInActivity:graph.signInActivity signInSessionsValidFromDateTime:DateTimeOffset skills:[String] state streetAddress surname usageLocation
    userPrincipalName userType`),
  navigation: navigation(`
    manager:graph.directoryObject directReports:[graph.directoryObject] memberOf:[graph.directoryObject]
    transitiveMemberOf:[graph.directoryObject] planner:graph.plannerUser:contained todo:graph.todo:contained`),
};

const groupType: EntityTypeDef = {
  name: 'group',
  baseType: 'graph.directoryObject',
  openType: true,
  properties: properties(`
    allowExternalSenders:Boolean assignedLicenses:[graph.assignedLicense] autoSubscribeNewMembers:Boolean classification
    createdDateTime:DateTimeOffset
    description displayName expirationDateTime:DateTimeOffset groupTypes:[String] hasMembersWithLicenseErrors:Boolean
    hideFromAddressLists:Boolean hideFromOutlookClients:Boolean isAssignableToRole:Boolean isSubscribedByMail:Boolean
    mail mailEnabled:Boolean mailNickname membershipRule membershipRuleProcessingState onPremisesDomainName
    onPremisesLastSyncDateTime:DateTimeOffset onPremisesNetBiosName
    onPremisesProvisioningErrors:[graph.onPremisesProvisioningError] onPremisesSamAccountName
    onPremisesSecurityIdentifier onPremisesSyncEnabled:Boolean preferredDataLocation preferredLanguage
    proxyAddresses:[String] renewedDateTime:DateTimeOffset resourceBehaviorOptions:[String]
    resourceProvisioningOptions:[String] securityEnabled:Boolean securityIdentifier theme unseenCount:Int32 visibility`),
  navigation: navigation(`
    members:[graph.directoryObject] owners:[graph.directoryObject] transitiveMembers:[graph.directoryObject]
    memberOf:[graph.directoryObject] transitiveMemberOf:[graph.directoryObject] planner:graph.plannerGroup:contained`),
};

const deviceType: EntityTypeDef = {
  name: 'device',
  baseType: 'graph.directoryObject',
  openType: true,
  properties: properties(`
    accountEnabled:Boolean approximateLastSignInDateTime:DateTimeOffset complianceExpirationDateTime:DateTimeOffset
    deviceCategory deviceId deviceMetadata deviceOwnership deviceVersion:Int32 displayName enrollmentProfileName
    enrollmentType isCompliant:Boolean isManaged:Boolean isRooted:Boolean managementType manufacturer mdmAppId model
    onPremisesLastSyncDateTime:DateTimeOffset onPremisesSyncEnabled:Boolean operatingSystem operatingSystemVersion
    physicalIds:[String] profileType registrationDateTime:DateTimeOffset systemLabels:[String] trustType`),
  navigation: navigation('memberOf:[graph.directoryObject] transitiveMemberOf:[graph.directoryObject]'),
};

const servicePrincipalType: EntityTypeDef = {
  name: 'servicePrincipal',
  baseType: 'graph.directoryObject',
  openType: true,
  properties: properties(`
    accountEnabled:Boolean alternativeNames:[String] appDescription appDisplayName appId appOwnerOrganizationId:Guid
    appRoleAssignmentRequired:Boolean description displayName homepage loginUrl logoutUrl notes
    notificationEmailAddresses:[String] preferredSingleSignOnMode replyUrls:[String] servicePrincipalNames:[String]
    servicePrincipalType signInAudience tags:[String]`),
  navigation: navigation('memberOf:[graph.directoryObject] transitiveMemberOf:[graph.directoryObject]'),
};

const orgContactType: EntityTypeDef = {
  name: 'orgContact',
  baseType: 'graph.directoryObject',
  openType: true,
  properties: properties(`
    addresses:[graph.physicalOfficeAddress] companyName department displayName givenName jobTitle mail mailNickname
    onPremisesLastSyncDateTime:DateTimeOffset onPremisesSyncEnabled:Boolean phones:[graph.phone] proxyAddresses:[String]
    surname`),
  navigation: navigation(`
    manager:graph.directoryObject directReports:[graph.directoryObject] memberOf:[graph.directoryObject]
    transitiveMemberOf:[graph.directoryObject]`),
};

const directoryRoleType: EntityTypeDef = {
  name: 'directoryRole',
  baseType: 'graph.directoryObject',
  openType: true,
  properties: properties('description displayName roleTemplateId'),
  navigation: navigation('members:[graph.directoryObject]'),
};

export const DIRECTORY_ENTITY_TYPES: readonly EntityTypeDef[] = [
  directoryObjectType,
  userType,
  groupType,
  deviceType,
  servicePrincipalType,
  orgContactType,
  directoryRoleType,
];

export const ENTITY_TYPE_BY_KIND: Record<DirectoryObjectKind, EntityTypeDef> = {
  user: userType,
  group: groupType,
  device: deviceType,
  servicePrincipal: servicePrincipalType,
  orgContact: orgContactType,
  directoryRole: directoryRoleType,
};

export { directoryObjectType };

/** Every structural property of a kind, `id` and the inherited `deletedDateTime` first. */
export function allPropertiesOf(type: EntityTypeDef): PropertyDef[] {
  return [
    { name: 'id', type: 'Edm.String' },
    ...directoryObjectType.properties,
    ...(type === directoryObjectType ? [] : type.properties),
  ];
}
