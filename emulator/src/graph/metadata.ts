/**
 * `GET /$metadata`: a CSDL (EDMX 4.0) document describing what the emulator serves, namespace
 * `microsoft.graph` (alias `graph`), so OData clients (GraphQL Mesh's OData handler among
 * them) can build on it. Served anonymously, as Graph does.
 */
import type { Route } from '../http/types';
import {
  DIRECTORY_ENTITY_TYPES,
  navigation,
  properties,
  type EntityTypeDef,
  type PropertyDef,
} from './directory/entity-types';

interface ComplexTypeDef {
  name: string;
  openType?: boolean;
  properties: PropertyDef[];
}

interface EnumTypeDef {
  name: string;
  members: string[];
}

const ENUM_TYPES: EnumTypeDef[] = [
  { name: 'bodyType', members: ['text', 'html'] },
  { name: 'importance', members: ['low', 'normal', 'high'] },
  { name: 'taskStatus', members: ['notStarted', 'inProgress', 'completed', 'waitingOnOthers', 'deferred'] },
  { name: 'wellknownListName', members: ['none', 'defaultList', 'flaggedEmails', 'unknownFutureValue'] },
  { name: 'plannerPreviewType', members: ['automatic', 'noPreview', 'checklist', 'description', 'reference'] },
  { name: 'plannerContainerType', members: ['group', 'unknownFutureValue', 'roster', 'project', 'driveItem', 'user'] },
];

const COMPLEX_TYPES: ComplexTypeDef[] = [
  { name: 'dateTimeTimeZone', properties: properties('dateTime timeZone') },
  { name: 'itemBody', properties: properties('content contentType:graph.bodyType') },
  { name: 'identity', openType: true, properties: properties('displayName id') },
  {
    name: 'identitySet',
    openType: true,
    properties: properties('application:graph.identity device:graph.identity user:graph.identity'),
  },
  { name: 'phone', properties: properties('number type') },
  {
    name: 'physicalOfficeAddress',
    properties: properties('city countryOrRegion officeLocation postalCode state street'),
  },
  {
    name: 'onPremisesProvisioningError',
    properties: properties('category occurredDateTime:DateTimeOffset propertyCausingError value'),
  },
  { name: 'objectIdentity', properties: properties('issuer issuerAssignedId signInType') },
  { name: 'assignedLicense', properties: properties('disabledPlans:[Guid] skuId:Guid') },
  {
    name: 'signInActivity',
    properties: properties(`
      lastNonInteractiveSignInDateTime:DateTimeOffset lastNonInteractiveSignInRequestId
      lastSignInDateTime:DateTimeOffset lastSignInRequestId lastSuccessfulSignInDateTime:DateTimeOffset
      lastSuccessfulSignInRequestId`),
  },
  // Open: the attribute sets (and their attributes) are the tenant's own names.
  { name: 'customSecurityAttributeValue', openType: true, properties: [] },
  { name: 'localeInfo', properties: properties('displayName locale') },
  {
    name: 'mailboxSettings',
    properties: properties(
      'archiveFolder dateFormat delegateMeetingMessageDeliveryOptions language:graph.localeInfo timeFormat timeZone userPurpose',
    ),
  },
  { name: 'plannerPlanContainer', properties: properties('containerId type:graph.plannerContainerType url') },
  // Open types: their property names are data (user ids, category1..25, checklist item ids, URLs).
  { name: 'plannerAssignments', openType: true, properties: [] },
  { name: 'plannerAppliedCategories', openType: true, properties: [] },
  { name: 'plannerChecklistItems', openType: true, properties: [] },
  { name: 'plannerExternalReferences', openType: true, properties: [] },
  {
    name: 'plannerAssignment',
    properties: properties('assignedBy:graph.identitySet assignedDateTime:DateTimeOffset orderHint'),
  },
  {
    name: 'plannerChecklistItem',
    properties: properties(
      'isChecked:Boolean lastModifiedBy:graph.identitySet lastModifiedDateTime:DateTimeOffset orderHint title',
    ),
  },
  {
    name: 'plannerExternalReference',
    properties: properties(
      'alias lastModifiedBy:graph.identitySet lastModifiedDateTime:DateTimeOffset previewPriority type',
    ),
  },
];

const entityType: EntityTypeDef = { name: 'entity', abstract: true, properties: [], navigation: [] };

function entity(name: string, propertySpec: string, navigationSpec = ''): EntityTypeDef {
  return {
    name,
    baseType: 'graph.entity',
    properties: propertySpec.trim() ? properties(propertySpec) : [],
    navigation: navigationSpec.trim() ? navigation(navigationSpec) : [],
  };
}

const TASK_ENTITY_TYPES: EntityTypeDef[] = [
  entity(
    'planner',
    '',
    'buckets:[graph.plannerBucket]:contained plans:[graph.plannerPlan]:contained tasks:[graph.plannerTask]:contained',
  ),
  entity('plannerUser', '', 'plans:[graph.plannerPlan]:contained tasks:[graph.plannerTask]:contained'),
  entity('plannerGroup', '', 'plans:[graph.plannerPlan]:contained'),
  entity(
    'plannerPlan',
    'container:graph.plannerPlanContainer createdBy:graph.identitySet createdDateTime:DateTimeOffset owner title',
    'buckets:[graph.plannerBucket]:contained tasks:[graph.plannerTask]:contained',
  ),
  entity('plannerBucket', 'name orderHint planId', 'tasks:[graph.plannerTask]:contained'),
  entity(
    'plannerTask',
    `activeChecklistItemCount:Int32 appliedCategories:graph.plannerAppliedCategories assigneePriority
     assignments:graph.plannerAssignments bucketId checklistItemCount:Int32 completedBy:graph.identitySet
     completedDateTime:DateTimeOffset conversationThreadId createdBy:graph.identitySet createdDateTime:DateTimeOffset
     dueDateTime:DateTimeOffset hasDescription:Boolean orderHint percentComplete:Int32 planId
     previewType:graph.plannerPreviewType priority:Int32 referenceCount:Int32 startDateTime:DateTimeOffset title`,
    'details:graph.plannerTaskDetails:contained',
  ),
  entity(
    'plannerTaskDetails',
    'checklist:graph.plannerChecklistItems description previewType:graph.plannerPreviewType references:graph.plannerExternalReferences',
  ),
  entity('todo', '', 'lists:[graph.todoTaskList]:contained'),
  entity(
    'todoTaskList',
    'displayName isOwner:Boolean isShared:Boolean wellknownListName:graph.wellknownListName',
    'tasks:[graph.todoTask]:contained',
  ),
  entity(
    'todoTask',
    `body:graph.itemBody bodyLastModifiedDateTime:DateTimeOffset categories:[String] completedDateTime:graph.dateTimeTimeZone
     createdDateTime:DateTimeOffset dueDateTime:graph.dateTimeTimeZone hasAttachments:Boolean importance:graph.importance
     isReminderOn:Boolean lastModifiedDateTime:DateTimeOffset reminderDateTime:graph.dateTimeTimeZone
     startDateTime:graph.dateTimeTimeZone status:graph.taskStatus title`,
  ),
];

/** Entity sets and their navigation bindings (every directory relationship targets `directoryObjects`). */
const ENTITY_SETS: Array<{ name: string; type: string; bindings: string[] }> = [
  { name: 'directoryObjects', type: 'directoryObject', bindings: [] },
  { name: 'users', type: 'user', bindings: ['manager', 'directReports', 'memberOf', 'transitiveMemberOf'] },
  {
    name: 'groups',
    type: 'group',
    bindings: ['members', 'owners', 'transitiveMembers', 'memberOf', 'transitiveMemberOf'],
  },
  { name: 'devices', type: 'device', bindings: ['memberOf', 'transitiveMemberOf'] },
  { name: 'servicePrincipals', type: 'servicePrincipal', bindings: ['memberOf', 'transitiveMemberOf'] },
  { name: 'contacts', type: 'orgContact', bindings: ['manager', 'directReports', 'memberOf', 'transitiveMemberOf'] },
  { name: 'directoryRoles', type: 'directoryRole', bindings: ['members'] },
];

const NAMESPACE = 'microsoft.graph';

function qualified(type: string): string {
  return type.replace(/\bgraph\./g, `${NAMESPACE}.`);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function attributes(values: Record<string, string | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
}

function propertyXml(property: PropertyDef): string {
  const nonNullable = property.name === 'id' || property.type.startsWith('Collection(');
  return `<Property${attributes({ Name: property.name, Type: qualified(property.type), Nullable: nonNullable ? 'false' : undefined })}/>`;
}

function entityTypeXml(type: EntityTypeDef): string {
  const lines = [
    `<EntityType${attributes({
      Name: type.name,
      BaseType: type.baseType ? qualified(type.baseType) : undefined,
      Abstract: type.abstract ? 'true' : undefined,
      OpenType: type.openType ? 'true' : undefined,
    })}>`,
  ];
  if (!type.baseType)
    lines.push('<Key><PropertyRef Name="id"/></Key>', propertyXml({ name: 'id', type: 'Edm.String' }));
  for (const property of type.properties) lines.push(propertyXml(property));
  for (const nav of type.navigation) {
    lines.push(
      `<NavigationProperty${attributes({ Name: nav.name, Type: qualified(nav.type), ContainsTarget: nav.containsTarget ? 'true' : undefined })}/>`,
    );
  }
  lines.push('</EntityType>');
  return lines.join('\n');
}

function complexTypeXml(type: ComplexTypeDef): string {
  const open = `<ComplexType${attributes({ Name: type.name, OpenType: type.openType ? 'true' : undefined })}`;
  if (type.properties.length === 0) return `${open}/>`;
  return [`${open}>`, ...type.properties.map(propertyXml), '</ComplexType>'].join('\n');
}

function enumTypeXml(type: EnumTypeDef): string {
  return [
    `<EnumType${attributes({ Name: type.name })}>`,
    ...type.members.map((member, index) => `<Member${attributes({ Name: member, Value: String(index) })}/>`),
    '</EnumType>',
  ].join('\n');
}

function bindingsXml(bindings: readonly string[]): string[] {
  return bindings.map(
    (path) => `<NavigationPropertyBinding${attributes({ Path: path, Target: 'directoryObjects' })}/>`,
  );
}

function containerXml(): string {
  const lines = ['<EntityContainer Name="GraphService">'];
  for (const set of ENTITY_SETS) {
    const open = `<EntitySet${attributes({ Name: set.name, EntityType: `${NAMESPACE}.${set.type}` })}`;
    if (set.bindings.length === 0) lines.push(`${open}/>`);
    else lines.push(`${open}>`, ...bindingsXml(set.bindings), '</EntitySet>');
  }
  const userBindings = ENTITY_SETS.find((s) => s.name === 'users')?.bindings ?? [];
  lines.push(
    `<Singleton${attributes({ Name: 'me', Type: `${NAMESPACE}.user` })}>`,
    ...bindingsXml(userBindings),
    '</Singleton>',
  );
  lines.push(`<Singleton${attributes({ Name: 'planner', Type: `${NAMESPACE}.planner` })}/>`);
  lines.push('</EntityContainer>');
  return lines.join('\n');
}

const GET_BY_IDS_ACTION = [
  '<Action Name="getByIds" IsBound="true">',
  `<Parameter Name="bindingParameter" Type="Collection(${NAMESPACE}.directoryObject)"/>`,
  '<Parameter Name="ids" Type="Collection(Edm.String)" Nullable="false"/>',
  '<Parameter Name="types" Type="Collection(Edm.String)"/>',
  `<ReturnType Type="Collection(${NAMESPACE}.directoryObject)"/>`,
  '</Action>',
].join('\n');

export function metadataDocument(): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">',
    '<edmx:DataServices>',
    `<Schema Namespace="${NAMESPACE}" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">`,
    ...ENUM_TYPES.map(enumTypeXml),
    ...COMPLEX_TYPES.map(complexTypeXml),
    entityTypeXml(entityType),
    ...DIRECTORY_ENTITY_TYPES.map(entityTypeXml),
    ...TASK_ENTITY_TYPES.map(entityTypeXml),
    GET_BY_IDS_ACTION,
    containerXml(),
    '</Schema>',
    '</edmx:DataServices>',
    '</edmx:Edmx>',
    '',
  ].join('\n');
}

const DOCUMENT = metadataDocument();

export const metadataRoute: Route = {
  method: 'GET',
  pattern: '/$metadata',
  permissions: 'anonymous',
  handler: () => ({ status: 200, headers: { 'Content-Type': 'application/xml;charset=utf-8' }, body: DOCUMENT }),
};
