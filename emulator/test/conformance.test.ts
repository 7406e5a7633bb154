/**
 * Conformance: the documented examples of every endpoint the emulator serves, replayed against
 * it. One row per example of a page in microsoftgraph/microsoft-graph-docs-contrib
 * (`api-reference/v1.0/api/*.md`, `api-reference/beta/api/*.md`, `concepts/*.md`): its request
 * (method, path, query, headers, body) and what the example answers: the status, the set of
 * property names of the body (and of `value[0]` for a collection), the annotations it shows
 * (`@odata.count`, `@odata.context`), or the error code.
 *
 * Ids in the docs name objects of Microsoft's demo tenant; the rows name the emulated tenant's
 * instead through `{placeholders}`, resolved before the table runs (or captured from an earlier
 * row's answer: the write rows build on each other, so the table runs in order on one tenant).
 *
 * Property sets: most doc responses are marked "truncated" ("might be shortened for
 * readability"); such rows check that every property the example shows is present (`subset`).
 * Rows whose example shows a complete response (a `$select`, or a page that states the default
 * set) check the set exactly. `@odata.etag`, `@odata.context`, `@odata.nextLink`, `@odata.count`
 * and `@odata.id` are not properties; `@odata.type` is one, where the example shows it.
 *
 * Rows about permissions name the caller's grants (`roles` for an app-only token, `scopes` for
 * the default user's delegated token) as the page's permission table or text does.
 */
import { appToken, createTestEmulator, graphRequest, userToken, type Emulator } from '../src/testing';
import { defaultUserPlan } from './fixtures/planner';

type Vars = Record<string, string>;

interface BatchStep {
  status: number;
  item?: readonly string[];
  match?: 'exact' | 'subset';
  error?: string;
  headers?: Record<string, string | null>;
}

interface Example {
  /** The doc page, relative to the docs repository. */
  doc: string;
  /** The page's example number ("Example 2"; a page with one example is 1). */
  example: number;
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** With `{placeholders}`; the query string is part of the path, as the docs write it. */
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** `user`: the default user, delegated (what the docs' `/me` examples use); `app`: app-only. */
  token?: 'user' | 'app';
  /** An app-only token holding exactly these application permissions (instead of `token`). */
  roles?: readonly string[];
  /** A delegated token of the default user holding exactly these scopes (instead of `token`). */
  scopes?: readonly string[];
  status: number;
  /** Property names of the body (collections: `value`). */
  props?: readonly string[];
  /** Property names of `value[0]` (which must exist). */
  item?: readonly string[];
  /** `exact` when the example shows the whole response; `subset` for a truncated one. */
  match?: 'exact' | 'subset';
  annotations?: readonly string[];
  /** What `@odata.context` names after `$metadata#`, where the example's context is the point. */
  context?: string;
  /** Properties the example shows as `null` (of `value[0]` when `item` is given, else of the body). */
  nulls?: readonly string[];
  /** A text/plain body (`/$count`). */
  text?: RegExp;
  /** Graph's error code (Planner's is ""). */
  error?: string;
  /**
   * Batch: per step id, the status the step answers, the property names of its `value[0]`, its
   * error code, and headers it carries (`null`: a header it must not carry).
   */
  steps?: Record<string, BatchStep>;
  /** Values of the answer to keep for later rows: placeholder name → property name. */
  capture?: Record<string, string>;
  /** Why the row differs from the page's literal example, when it does. */
  note?: string;
}

const EVENTUAL = { ConsistencyLevel: 'eventual' };
/** The user's default properties (user-get.md, "Optional query parameters"). */
const USER_DEFAULT = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];
/** The group list example (group-list.md example 1) shows every default property but two. */
const GROUP_LIST_SHOWN = [
  'id',
  'deletedDateTime',
  'classification',
  'createdDateTime',
  'description',
  'displayName',
  'expirationDateTime',
  'groupTypes',
  'isAssignableToRole',
  'mail',
  'mailEnabled',
  'mailNickname',
  'membershipRule',
  'membershipRuleProcessingState',
  'onPremisesLastSyncDateTime',
  'onPremisesSecurityIdentifier',
  'onPremisesSyncEnabled',
  'preferredDataLocation',
  'preferredLanguage',
  'proxyAddresses',
  'renewedDateTime',
  'resourceBehaviorOptions',
  'resourceProvisioningOptions',
  'securityEnabled',
  'theme',
  'visibility',
  'onPremisesProvisioningErrors',
];
/** The group's default properties, as group-get.md example 1 shows them ("only the default properties"). */
const GROUP_DEFAULT = [
  ...GROUP_LIST_SHOWN,
  'onPremisesDomainName',
  'onPremisesNetBiosName',
  'onPremisesSamAccountName',
  'securityIdentifier',
];
/** What the plannerTask examples show (planneruser-list-tasks.md and the other task pages). */
const TASK_SHOWN = [
  'createdBy',
  'planId',
  'bucketId',
  'title',
  'orderHint',
  'assigneePriority',
  'createdDateTime',
  'assignments',
  'id',
];
const PLAN_SHOWN = ['createdBy', 'createdDateTime', 'owner', 'title', 'id'];
const TODO_TASK_SHOWN = [
  'importance',
  'isReminderOn',
  'status',
  'title',
  'createdDateTime',
  'lastModifiedDateTime',
  'categories',
  'id',
  'body',
];
const TODO_LIST = ['@odata.type', 'id', 'displayName', 'isOwner', 'isShared', 'wellknownListName'];
const LINKED_RESOURCE = ['@odata.type', 'id', 'webUrl', 'applicationName', 'displayName', 'externalId'];
const CHECKLIST_ITEM = ['displayName', 'createdDateTime', 'isChecked', 'id'];

const V1 = 'api-reference/v1.0/api';

const EXAMPLES: Example[] = [
  // ------------------------------------------------------------------------------ users
  { doc: `${V1}/user-get.md`, example: 1, path: '/v1.0/users/{me}', status: 200, props: USER_DEFAULT, match: 'exact' },
  {
    doc: `${V1}/user-get.md`,
    example: 1,
    path: '/v1.0/users/{meUpn}',
    status: 200,
    props: USER_DEFAULT,
    match: 'exact',
    note: 'the same example addressed by userPrincipalName, the other form of the page’s HTTP request',
  },
  { doc: `${V1}/user-get.md`, example: 2, path: '/v1.0/me', status: 200, props: USER_DEFAULT, match: 'exact' },
  {
    doc: `${V1}/user-list.md`,
    example: 1,
    path: '/v1.0/users',
    status: 200,
    props: ['value'],
    item: USER_DEFAULT,
    match: 'exact',
  },
  { doc: `${V1}/user-list.md`, example: 3, path: '/v1.0/users/$count', headers: EVENTUAL, status: 200, text: /^\d+$/ },
  {
    doc: `${V1}/user-list.md`,
    example: 4,
    path: "/v1.0/users?$filter=startswith(displayName,'a')&$orderby=displayName&$count=true&$top=1",
    headers: EVENTUAL,
    status: 200,
    props: ['value'],
    item: ['displayName', 'mail', 'userPrincipalName'],
    match: 'subset',
    annotations: ['@odata.count', '@odata.context'],
    note: 'the example also shows mailNickname, which is not a default property of user',
  },
  {
    doc: `${V1}/user-list.md`,
    example: 5,
    path: "/v1.0/users?$filter=endswith(mail,'a@contoso.onmicrosoft.com')&$orderby=userPrincipalName&$count=true",
    headers: EVENTUAL,
    status: 200,
    props: ['value'],
    item: ['displayName', 'givenName', 'jobTitle', 'mail', 'userPrincipalName', 'id'],
    match: 'subset',
    annotations: ['@odata.count'],
    note: 'the tenant’s domain replaces contoso.com',
  },
  {
    doc: `${V1}/user-list.md`,
    example: 6,
    path: '/v1.0/users?$search="displayName:wa"&$orderby=displayName&$count=true',
    headers: EVENTUAL,
    status: 200,
    props: ['value'],
    item: ['displayName', 'givenName', 'mail', 'userPrincipalName'],
    match: 'subset',
    annotations: ['@odata.count'],
  },
  {
    doc: `${V1}/user-list.md`,
    example: 7,
    path: '/v1.0/users?$search="displayName:wa" OR "displayName:ad"&$orderby=displayName&$count=true',
    headers: EVENTUAL,
    status: 200,
    props: ['value'],
    item: ['displayName', 'givenName', 'mail', 'userPrincipalName'],
    match: 'subset',
    annotations: ['@odata.count'],
    note: 'the page writes `$orderbydisplayName`, a typo for `$orderby=displayName`',
  },
  {
    doc: `${V1}/user-list.md`,
    example: 2,
    path: "/v1.0/users?$select=displayName,id&$filter=identities/any(c:c/issuerAssignedId eq '{googleId}' and c/issuer eq 'google.com')",
    status: 200,
    props: ['value'],
    item: ['displayName', 'id'],
    match: 'exact',
    note: 'a google.com identity of the tenant replaces the page’s B2C sign-in name',
  },
  {
    doc: `${V1}/user-list.md`,
    example: 8,
    path: "/v1.0/users?$select=id,displayName,mail,identities&$filter=endsWith(userPrincipalName,'{domain}')&$count=true",
    headers: EVENTUAL,
    status: 200,
    props: ['value'],
    item: ['id', 'displayName', 'mail', 'identities'],
    match: 'exact',
    annotations: ['@odata.count', '@odata.context'],
    note: 'the tenant has no guests: the domain of its members replaces `#EXT#@contoso.com`',
  },
  {
    doc: `${V1}/user-list.md`,
    example: 9,
    path: '/v1.0/users?$select=id,mail,assignedLicenses&$filter=assignedLicenses/any(u:u/skuId eq {skuId})',
    status: 200,
    props: ['value'],
    item: ['id', 'mail', 'assignedLicenses'],
    match: 'exact',
    context: 'users(id,mail,assignedLicenses)',
    note: 'a SKU the tenant assigns replaces the page’s',
  },
  {
    doc: `${V1}/user-list.md`,
    example: 11,
    path: '/v1.0/users?$select=displayName,userPrincipalName,signInActivity',
    roles: ['User.Read.All', 'AuditLog.Read.All'],
    status: 200,
    props: ['value'],
    item: ['displayName', 'userPrincipalName', 'signInActivity'],
    match: 'exact',
    context: 'users(displayName,userPrincipalName,signInActivity)',
    note: 'the example also shows an unselected id; a $select answers exactly what it names (README, emulator choices); the text names AuditLog.Read.All',
  },
  {
    doc: `${V1}/user-list.md`,
    example: 11,
    path: '/v1.0/users?$select=id,signInActivity',
    roles: ['User.Read.All'],
    status: 403,
    error: 'Authentication_MSGraphPermissionMissing',
    note: 'without AuditLog.Read.All, which the example’s text and resources/user.md require (the code as observed)',
  },
  {
    doc: `${V1}/user-list.md`,
    example: 11,
    path: '/v1.0/users?$select=id&$filter=signInActivity/lastSignInDateTime le 2024-12-01T00:00:00Z',
    roles: ['User.Read.All', 'AuditLog.Read.All'],
    status: 200,
    props: ['value'],
    annotations: ['@odata.context'],
    note: 'the filter the example’s note documents ("supports $filter (eq, ne, not, ge, le)")',
  },
  {
    doc: 'api-reference/v1.0/resources/user.md',
    example: 1,
    path: "/v1.0/users?$filter=signInActivity/lastSignInDateTime le 2024-12-01T00:00:00Z and userType eq 'Member'",
    roles: ['User.Read.All', 'AuditLog.Read.All'],
    status: 400,
    error: 'Request_UnsupportedQuery',
    note: 'signInActivity filters "not with any other filterable properties" (property table; the page has no numbered examples)',
  },
  {
    doc: `${V1}/user-list.md`,
    example: 1,
    path: '/v1.0/users?$select=displayName,skills',
    status: 501,
    error: 'NotImplemented',
    note: 'the page’s Response section: a single-user property selected on the collection answers 501 (also concepts/delta-query-overview.md)',
  },
  {
    doc: `${V1}/user-list.md`,
    example: 1,
    path: '/v1.0/users?$select=mailboxSettings',
    status: 501,
    error: 'NotImplemented',
    note: 'mailboxSettings is among the page’s single-user properties',
  },
  {
    doc: `${V1}/user-list.md`,
    example: 1,
    path: '/v1.0/groups/{group}/members/microsoft.graph.user?$select=aboutMe',
    status: 501,
    error: 'NotImplemented',
    note: 'the same rule on a cast collection of users',
  },
  {
    doc: 'api-reference/v1.0/resources/user.md',
    example: 1,
    path: '/v1.0/users/{me}?$select=aboutMe,birthday,hireDate,interests,mySite,pastProjects,preferredName,responsibilities,schools,skills',
    status: 200,
    props: [
      'aboutMe',
      'birthday',
      'hireDate',
      'interests',
      'mySite',
      'pastProjects',
      'preferredName',
      'responsibilities',
      'schools',
      'skills',
    ],
    match: 'exact',
    annotations: ['@odata.context'],
    note: 'the property table: returned only on $select of a single user',
  },
  {
    doc: 'api-reference/v1.0/resources/user.md',
    example: 1,
    path: '/v1.0/me?$select=skills',
    status: 200,
    props: ['skills'],
    match: 'exact',
    annotations: ['@odata.context'],
  },
  {
    doc: `${V1}/user-get-mailboxsettings.md`,
    example: 1,
    path: '/v1.0/me?$select=mailboxSettings',
    scopes: ['User.Read', 'MailboxSettings.Read'],
    status: 200,
    props: ['mailboxSettings'],
    match: 'exact',
    annotations: ['@odata.context'],
    note: 'the property form (resources/user.md) of the page’s `/me/mailboxSettings`, which is not served (README); the permission is the page’s',
  },
  {
    doc: `${V1}/user-get-mailboxsettings.md`,
    example: 1,
    path: '/v1.0/me?$select=mailboxSettings',
    scopes: ['User.Read'],
    status: 403,
    error: 'ErrorAccessDenied',
    note: 'without MailboxSettings.Read, the page’s least privileged permission',
  },
  {
    doc: 'api-reference/v1.0/resources/user.md',
    example: 1,
    path: '/v1.0/users/{me}?$select=identities,assignedLicenses',
    status: 200,
    props: ['identities', 'assignedLicenses'],
    match: 'exact',
    annotations: ['@odata.context'],
    note: 'both "returned only on $select"',
  },
  {
    doc: 'api-reference/v1.0/resources/user.md',
    example: 1,
    path: '/v1.0/users/{me}?$select=signInActivity',
    roles: ['User.Read.All', 'AuditLog.Read.All'],
    status: 200,
    props: ['signInActivity'],
    match: 'exact',
    annotations: ['@odata.context'],
  },
  {
    doc: 'api-reference/v1.0/resources/objectidentity.md',
    example: 1,
    path: "/v1.0/users?$filter=identities/any(c:c/issuerAssignedId eq '{meUpn}')",
    status: 400,
    error: 'Request_UnsupportedQuery',
    note: '"Filtering": an issuerAssignedId needs its issuer in the same clause',
  },
  {
    doc: `${V1}/user-list.md`,
    example: 9,
    path: '/v1.0/users?$select=id&$filter=assignedLicenses/any(x:x/skuId eq {skuId})',
    status: 200,
    props: ['value'],
    item: ['id'],
    match: 'exact',
    note: 'the same filter with `$select=id` (the form the directory-fidelity tests use)',
  },
  {
    doc: 'concepts/aad-advanced-queries.md',
    example: 1,
    path: '/v1.0/users?$filter=assignedLicenses/$count eq 0&$count=true',
    headers: EVENTUAL,
    status: 200,
    props: ['value'],
    annotations: ['@odata.count', '@odata.context'],
    note: 'the page’s table of advanced queries: counting an empty collection',
  },
  {
    doc: 'concepts/aad-advanced-queries.md',
    example: 1,
    path: '/v1.0/users?$filter=assignedLicenses/$count eq 0&$count=true',
    status: 400,
    error: 'Request_UnsupportedQuery',
    note: 'the same query without ConsistencyLevel: eventual',
  },
  {
    doc: `${V1}/user-get.md`,
    example: 3,
    path: '/v1.0/users/{me}?$select=displayName,givenName,postalCode,identities',
    status: 200,
    props: ['displayName', 'givenName', 'postalCode', 'identities'],
    match: 'exact',
    context: 'users(displayName,givenName,postalCode,identities)/$entity',
  },
  {
    doc: `${V1}/user-get.md`,
    example: 5,
    path: '/v1.0/users/{engineer}?$select=customSecurityAttributes',
    roles: ['User.Read.All', 'CustomSecAttributeAssignment.Read.All'],
    status: 200,
    props: ['customSecurityAttributes'],
    match: 'exact',
    context: 'users(customSecurityAttributes)/$entity',
    note: 'a user of the tenant with attributes assigned; the page names CustomSecAttributeAssignment.Read.All',
  },
  {
    doc: `${V1}/user-get.md`,
    example: 5,
    path: '/v1.0/users/{engineer}?$select=customSecurityAttributes',
    roles: ['User.Read.All'],
    status: 200,
    props: ['customSecurityAttributes'],
    match: 'exact',
    nulls: ['customSecurityAttributes'],
    note: 'the page’s second answer: null "if the calling principal doesn\u2019t have access"',
  },
  {
    doc: `${V1}/user-get.md`,
    example: 1,
    path: '/v1.0/users/$adele@contoso.onmicrosoft.com',
    status: 400,
    error: 'BadRequest',
    note: 'the page’s tip on userPrincipalNames starting with `$`: the path form fails with 400; the key form works',
  },
  // ------------------------------------------------------------- query parameters (concepts)
  {
    doc: 'concepts/query-parameters.md',
    example: 1,
    path: '/v1.0/users?$expand=manager,memberOf',
    status: 400,
    error: 'BadRequest',
    note: 'the "$expand" section: "for some APIs, only one relationship can be expanded in a single request" (directory objects among them, as observed)',
  },
  {
    doc: 'concepts/query-parameters.md',
    example: 1,
    path: '/v1.0/groups/{group}?$expand=members,owners',
    status: 400,
    error: 'BadRequest',
    note: 'the same limit on a group',
  },
  {
    doc: 'concepts/query-parameters.md',
    example: 1,
    path: '/v1.0/users/{me}?$select=displayName&$expand=manager($select=id,displayName)',
    status: 200,
    props: ['displayName', 'manager'],
    match: 'exact',
    context: 'users(displayName,manager(id,displayName))/$entity',
    note: 'the "$expand" section’s nested $select',
  },
  {
    doc: 'concepts/aad-advanced-queries.md',
    example: 1,
    path: '/v1.0/users?$expand=manager&$count=true',
    headers: EVENTUAL,
    status: 400,
    error: 'Request_UnsupportedQuery',
    note: 'the page’s limitations: $expand is not supported with advanced query parameters',
  },
  {
    doc: 'concepts/aad-advanced-queries.md',
    example: 1,
    path: '/v1.0/users?$expand=manager&$search="displayName:a"',
    headers: EVENTUAL,
    status: 400,
    error: 'Request_UnsupportedQuery',
    note: 'the same with $search',
  },
  {
    doc: 'concepts/query-parameters.md',
    example: 1,
    path: "/beta/users?filter=userPrincipalName eq '{meUpn}'&select=id,displayName&top=5",
    status: 200,
    props: ['value'],
    item: ['id', 'displayName'],
    match: 'exact',
    annotations: ['@odata.context'],
    note: 'on beta the `$` prefix is optional',
  },
  {
    doc: 'concepts/query-parameters.md',
    example: 1,
    path: '/beta/users?count=true&search="displayName:a"&orderby=displayName&select=displayName',
    headers: EVENTUAL,
    status: 200,
    props: ['value'],
    item: ['displayName'],
    match: 'exact',
    annotations: ['@odata.count', '@odata.context'],
  },
  {
    doc: 'concepts/query-parameters.md',
    example: 1,
    path: '/beta/users/{me}?select=id&expand=manager(select=id)',
    status: 200,
    props: ['id', 'manager'],
    match: 'exact',
    annotations: ['@odata.context'],
  },
  {
    doc: 'concepts/query-parameters.md',
    example: 1,
    path: '/beta/users?top=2&$top=3',
    status: 400,
    error: 'BadRequest',
    note: 'one option given with and without `$`',
  },
  // ------------------------------------------------------------------ user relationships
  {
    doc: `${V1}/user-list-manager.md`,
    example: 1,
    path: '/v1.0/users/{me}/manager',
    status: 200,
    props: ['id', 'displayName', 'jobTitle', 'mail', 'userPrincipalName'],
    match: 'subset',
  },
  {
    doc: `${V1}/user-list-manager.md`,
    example: 2,
    path: '/v1.0/me?$expand=manager($levels=max;$select=id,displayName)&$select=id,displayName&$count=true',
    headers: EVENTUAL,
    status: 200,
    props: ['id', 'displayName', 'manager'],
    match: 'exact',
  },
  {
    doc: `${V1}/user-list-directreports.md`,
    example: 1,
    path: '/v1.0/users/{me}/directReports',
    status: 200,
    props: ['value'],
    item: ['id'],
    match: 'subset',
  },
  {
    doc: `${V1}/user-list-memberof.md`,
    example: 1,
    path: '/v1.0/users/{me}/memberOf',
    status: 200,
    props: ['value'],
    item: ['@odata.type', 'displayName', 'mailEnabled', 'securityEnabled'],
    match: 'subset',
  },
  {
    doc: `${V1}/user-list-memberof.md`,
    example: 2,
    path: '/v1.0/users/{me}/memberOf/$count',
    headers: EVENTUAL,
    status: 200,
    text: /^\d+$/,
  },
  {
    doc: `${V1}/user-list-memberof.md`,
    example: 3,
    path: '/v1.0/users/{me}/memberOf/microsoft.graph.group/$count',
    headers: EVENTUAL,
    status: 200,
    text: /^\d+$/,
  },
  {
    doc: `${V1}/user-list-memberof.md`,
    example: 4,
    path: '/v1.0/users/{me}/memberOf/microsoft.graph.group?$count=true&$orderby=displayName&$search="displayName:{myGroupWord}"&$select=displayName,id',
    headers: EVENTUAL,
    status: 200,
    props: ['value'],
    item: ['displayName', 'id'],
    annotations: ['@odata.count', '@odata.context'],
    note: 'a word of the name of a group the user is a member of replaces "tier" (no group of the tenant matches it)',
  },
  {
    doc: `${V1}/user-list-memberof.md`,
    example: 5,
    path: "/v1.0/users/{me}/memberOf/microsoft.graph.group?$count=true&$orderby=displayName&$filter=startswith(displayName, 'a')",
    headers: EVENTUAL,
    status: 200,
    props: ['value'],
    item: ['displayName', 'mail', 'mailEnabled', 'mailNickname', 'securityEnabled'],
    match: 'subset',
    annotations: ['@odata.count'],
  },
  {
    doc: `${V1}/user-list-memberof.md`,
    example: 6,
    path: '/v1.0/users/{me}/memberOf/microsoft.graph.group?$filter=appRoleAssignments/$count gt 0&$select=id,displayName',
    status: 200,
    props: ['value'],
    annotations: ['@odata.context'],
    note: 'no group of the tenant holds an app role assignment: the status and annotations are checked, not an item',
  },
  {
    doc: `${V1}/user-list-transitivememberof.md`,
    example: 1,
    path: '/v1.0/users/{me}/transitiveMemberOf',
    status: 200,
    props: ['value'],
    item: ['@odata.type', 'displayName', 'mailEnabled', 'mailNickname', 'securityEnabled'],
    match: 'subset',
    annotations: ['@odata.context'],
  },
  {
    doc: `${V1}/user-list-transitivememberof.md`,
    example: 2,
    path: '/v1.0/users/{me}/transitiveMemberOf/$count',
    headers: EVENTUAL,
    status: 200,
    text: /^\d+$/,
  },
  {
    doc: `${V1}/user-list-transitivememberof.md`,
    example: 3,
    path: '/v1.0/users/{me}/transitiveMemberOf/microsoft.graph.group/$count',
    headers: EVENTUAL,
    status: 200,
    text: /^\d+$/,
  },
  {
    doc: `${V1}/user-list-transitivememberof.md`,
    example: 4,
    path: '/v1.0/users/{me}/transitiveMemberOf/microsoft.graph.group?$count=true&$orderby=displayName&$search="displayName:{myGroupWord}"&$select=displayName,id',
    headers: EVENTUAL,
    status: 200,
    props: ['value'],
    item: ['displayName', 'id'],
    annotations: ['@odata.count', '@odata.context'],
    note: 'a word of the name of a group the user is a member of replaces "tier" (no group of the tenant matches it)',
  },
  {
    doc: `${V1}/user-list-transitivememberof.md`,
    example: 5,
    path: "/v1.0/users/{me}/transitiveMemberOf/microsoft.graph.group?$count=true&$orderby=displayName&$filter=startswith(displayName, 'a')",
    headers: EVENTUAL,
    status: 200,
    props: ['value'],
    item: ['displayName', 'mail', 'mailEnabled', 'mailNickname', 'securityEnabled'],
    match: 'subset',
    annotations: ['@odata.count'],
  },
  // ------------------------------------------------------------------------------ groups
  {
    doc: `${V1}/group-list.md`,
    example: 1,
    path: '/v1.0/groups',
    status: 200,
    props: ['value'],
    item: GROUP_LIST_SHOWN,
    match: 'subset',
    annotations: ['@odata.context'],
  },
  {
    doc: `${V1}/group-list.md`,
    example: 3,
    path: '/v1.0/groups/$count',
    headers: EVENTUAL,
    status: 200,
    text: /^\d+$/,
  },
  {
    doc: `${V1}/group-list.md`,
    example: 4,
    path: "/v1.0/groups?$filter=startswith(displayName, 'a')&$count=true&$top=1&$orderby=displayName",
    headers: EVENTUAL,
    status: 200,
    props: ['value'],
    item: ['displayName', 'mailNickname'],
    match: 'subset',
    annotations: ['@odata.count'],
  },
  {
    doc: `${V1}/group-list.md`,
    example: 5,
    path: '/v1.0/groups?$search="displayName:Video" OR "description:prod"&$orderby=displayName&$count=true',
    headers: EVENTUAL,
    status: 200,
    props: ['value'],
    annotations: ['@odata.count'],
    note: 'no group of the tenant matches: the status and annotations are checked, not an item',
  },
  {
    doc: `${V1}/group-list-members.md`,
    example: 1,
    path: '/v1.0/groups/{group}/members',
    status: 200,
    props: ['value'],
    item: ['id'],
    match: 'subset',
  },
  {
    doc: `${V1}/group-list-transitivemembers.md`,
    example: 1,
    path: '/v1.0/groups/{group}/transitiveMembers',
    status: 200,
    props: ['value'],
    item: ['@odata.type', 'id', 'mail'],
    match: 'subset',
  },
  {
    doc: `${V1}/group-list-transitivemembers.md`,
    example: 2,
    path: '/v1.0/groups/{group}/transitiveMembers/$count',
    headers: EVENTUAL,
    status: 200,
    text: /^\d+$/,
  },
  {
    doc: `${V1}/group-list-transitivemembers.md`,
    example: 3,
    path: '/v1.0/groups/{nestingGroup}/transitivemembers/microsoft.graph.group?$count=true',
    headers: EVENTUAL,
    status: 200,
    props: ['value'],
    item: ['id', 'displayName', 'groupTypes', 'mail', 'mailEnabled', 'mailNickname'],
    match: 'subset',
    annotations: ['@odata.count', '@odata.context'],
    note: 'the example also shows organizationId, which is not a default property of group',
  },
  {
    doc: `${V1}/group-list-transitivemembers.md`,
    example: 4,
    path: '/v1.0/groups/{group}/transitiveMembers/microsoft.graph.user?$count=true&$orderBy=displayName&$search="displayName:{memberWord}"&$select=displayName,id',
    headers: EVENTUAL,
    status: 200,
    props: ['value'],
    item: ['displayName', 'id'],
    annotations: ['@odata.count', '@odata.context'],
    note: 'a word of the name of a member of the group replaces "tier" (no user of the tenant matches it)',
  },
  {
    doc: `${V1}/group-list-transitivemembers.md`,
    example: 5,
    path: "/v1.0/groups/{group}/transitiveMembers/microsoft.graph.user?$count=true&$orderBy=displayName&$filter=startswith(displayName, '{memberInitial}')",
    headers: EVENTUAL,
    status: 200,
    props: ['value'],
    item: ['displayName', 'mail'],
    match: 'subset',
    annotations: ['@odata.count'],
    note: 'the initial of a member of the group replaces "a"',
  },
  {
    doc: `${V1}/group-list-memberof.md`,
    example: 1,
    path: '/v1.0/groups/{nestedGroup}/memberOf',
    status: 200,
    props: ['value'],
    item: ['id', 'mail', 'mailEnabled', 'mailNickname', 'securityEnabled'],
    match: 'subset',
  },
  {
    doc: `${V1}/group-list-memberof.md`,
    example: 2,
    path: '/v1.0/groups/{nestedGroup}/memberOf/$count',
    headers: EVENTUAL,
    status: 200,
    text: /^[1-9]\d*$/,
  },
  {
    doc: `${V1}/group-list-memberof.md`,
    example: 4,
    path: '/v1.0/groups/{nestedGroup}/memberOf/microsoft.graph.group?$count=true&$orderby=displayName&$search="displayName:{parentWord}"',
    headers: EVENTUAL,
    status: 200,
    props: ['value'],
    item: ['id', 'displayName', 'mail', 'mailEnabled', 'mailNickname', 'securityEnabled'],
    match: 'subset',
    annotations: ['@odata.count', '@odata.context'],
    note: 'a word of the name of a group the group is a member of replaces "Video" (no group of the tenant matches it)',
  },
  {
    doc: `${V1}/group-list-memberof.md`,
    example: 5,
    path: "/v1.0/groups/{nestedGroup}/memberOf/microsoft.graph.group?$count=true&$orderby=displayName&$filter=startswith(displayName, '{parentInitial}')",
    headers: EVENTUAL,
    status: 200,
    props: ['value'],
    item: ['displayName', 'mail', 'mailEnabled', 'mailNickname', 'securityEnabled'],
    match: 'subset',
    annotations: ['@odata.count'],
    note: 'the initial of the group’s parent replaces "A"',
  },
  {
    doc: `${V1}/group-get.md`,
    example: 1,
    path: '/v1.0/groups/{group}',
    status: 200,
    props: GROUP_DEFAULT,
    match: 'exact',
    annotations: ['@odata.context'],
    note: 'the page shows the default set (“It includes only the default properties”), onPremisesDomainName and onPremisesNetBiosName among them',
  },
  {
    doc: `${V1}/group-get.md`,
    example: 2,
    path: '/v1.0/groups/{unifiedGroup}?$select=allowExternalSenders,autoSubscribeNewMembers,isSubscribedByMail,unseenCount',
    status: 200,
    props: ['allowExternalSenders', 'autoSubscribeNewMembers', 'isSubscribedByMail', 'unseenCount'],
    match: 'exact',
    context: 'groups(allowExternalSenders,autoSubscribeNewMembers,isSubscribedByMail,unseenCount)/$entity',
    note: 'the example also shows an unselected id; a $select answers exactly what it names (README, emulator choices)',
  },
  {
    doc: 'api-reference/v1.0/resources/group.md',
    example: 1,
    path: '/v1.0/groups/{unifiedGroup}?$select=allowExternalSenders,autoSubscribeNewMembers,hideFromAddressLists,hideFromOutlookClients,isSubscribedByMail,unseenCount',
    status: 200,
    props: [
      'allowExternalSenders',
      'autoSubscribeNewMembers',
      'hideFromAddressLists',
      'hideFromOutlookClients',
      'isSubscribedByMail',
      'unseenCount',
    ],
    match: 'exact',
    annotations: ['@odata.context'],
    note: 'the property table: each "returned only on $select", on the Get group API',
  },
  {
    doc: 'api-reference/v1.0/resources/group.md',
    example: 1,
    path: '/v1.0/groups?$select=id,unseenCount',
    status: 200,
    props: ['value'],
    item: ['id', 'unseenCount'],
    match: 'exact',
    nulls: ['unseenCount'],
    note: '"supported only on the Get group API": null on a list (README, emulator choices)',
  },
  {
    doc: `${V1}/group-list.md`,
    example: 2,
    path: '/v1.0/groups?$count=true&$filter=hasMembersWithLicenseErrors eq true&$select=id,displayName',
    headers: EVENTUAL,
    status: 200,
    props: ['value'],
    annotations: ['@odata.count', '@odata.context'],
    context: 'groups(id,displayName)',
    note: 'no group of the tenant has members with license errors: the status and annotations are checked, not an item',
  },
  {
    doc: `${V1}/group-list.md`,
    example: 6,
    path: "/v1.0/groups?$filter=mailEnabled eq false and securityEnabled eq true and NOT(groupTypes/any(s:s eq 'Unified')) and membershipRuleProcessingState eq 'On'&$count=true&$select=id,membershipRule,membershipRuleProcessingState",
    headers: EVENTUAL,
    status: 200,
    props: ['value'],
    annotations: ['@odata.count'],
    context: 'groups(id,membershipRule,membershipRuleProcessingState)',
    note: 'the tenant has no dynamic groups: the status and annotations are checked, not an item',
  },
  {
    doc: `${V1}/group-list.md`,
    example: 6,
    path: "/v1.0/groups?$filter=NOT(groupTypes/any(s:s eq 'Unified'))&$select=id",
    status: 400,
    error: 'Request_UnsupportedQuery',
    note: 'the page: the `not` operator needs the advanced query parameters',
  },
  {
    doc: `${V1}/group-list.md`,
    example: 7,
    path: '/v1.0/groups?$select=id,assignedLicenses&$filter=assignedLicenses/any()&$expand=members($select=id,displayName)',
    status: 200,
    props: ['value'],
    annotations: ['@odata.context'],
    note: 'the tenant assigns no licenses to groups: the status and annotations are checked, not an item',
  },
  {
    doc: `${V1}/group-list-owners.md`,
    example: 1,
    path: '/v1.0/groups/{group}/owners',
    status: 200,
    props: ['value'],
    item: ['@odata.type', 'id', 'displayName', 'userPrincipalName'],
    match: 'subset',
    annotations: ['@odata.context'],
    note: 'the example also shows accountEnabled, which resources/user.md returns only on $select (docs issue 8798)',
  },
  // -------------------------------------------------------------------- directoryObjects
  {
    doc: `${V1}/directoryobject-get.md`,
    example: 1,
    path: '/v1.0/directoryObjects/{me}',
    status: 200,
    props: ['@odata.type', ...USER_DEFAULT],
    match: 'exact',
    annotations: ['@odata.context'],
  },
  {
    doc: `${V1}/directoryobject-getbyids.md`,
    example: 1,
    method: 'POST',
    path: '/v1.0/directoryObjects/getByIds',
    body: { ids: ['{me}', '{planMember}'], types: ['user'] },
    status: 200,
    props: ['value'],
    item: ['@odata.type', 'id', 'displayName'],
    match: 'subset',
    annotations: ['@odata.context'],
    note: 'the example also shows accountEnabled, which resources/user.md returns only on $select (docs issue 8798)',
  },
  {
    doc: `${V1}/group-delete.md`,
    example: 1,
    method: 'DELETE',
    path: '/v1.0/groups/{doomedGroup}',
    token: 'app',
    status: 403,
    error: 'Authorization_RequestDenied',
    note: 'the default app grants no Group.ReadWrite.All, the page’s only application permission',
  },
  {
    doc: `${V1}/group-delete.md`,
    example: 1,
    method: 'DELETE',
    path: '/v1.0/groups/{doomedGroup}',
    roles: ['Group.ReadWrite.All'],
    status: 204,
  },
  {
    doc: `${V1}/group-get.md`,
    example: 1,
    path: '/v1.0/groups/{doomedGroup}',
    status: 404,
    error: 'Request_ResourceNotFound',
    note: 'the deleted group',
  },
  // ------------------------------------------------------------------------------ $batch
  {
    doc: 'concepts/json-batching.md',
    example: 1,
    method: 'POST',
    path: '/v1.0/$batch',
    body: {
      requests: [
        { id: '1', method: 'GET', url: '/me/memberOf' },
        { id: '2', method: 'GET', url: '/me/planner/tasks' },
        {
          id: '5',
          url: 'users?$select=id,displayName,userPrincipalName&$filter=city eq null&$count=true',
          method: 'GET',
          headers: { ConsistencyLevel: 'eventual' },
        },
      ],
    },
    status: 200,
    props: ['responses'],
    match: 'exact',
    steps: {
      '1': { status: 200, item: ['@odata.type', 'id', 'displayName'], match: 'subset' },
      '2': { status: 200, item: TASK_SHOWN, match: 'subset' },
      '5': { status: 200, item: ['id', 'displayName', 'userPrincipalName'], match: 'exact' },
    },
    note: 'step 3 (DELETE /groups/{id}) has rows of its own below; step 4 (a beta-only action, 405 on v1.0) is left out (README, emulator limits); the page’s 403s on steps 1–3 come from its caller’s missing permissions, the default user has them',
  },
  {
    doc: 'concepts/json-batching.md',
    example: 1,
    method: 'POST',
    path: '/v1.0/$batch',
    token: 'app',
    body: { requests: [{ id: '3', method: 'DELETE', url: '/groups/{doomedBatchGroup}' }] },
    status: 200,
    props: ['responses'],
    match: 'exact',
    steps: {
      '3': {
        status: 403,
        error: 'Authorization_RequestDenied',
        headers: { 'Cache-Control': 'no-cache', 'Content-Type': 'application/json', 'OData-Version': null },
      },
    },
    note: 'step 3 as the page answers it: its caller lacks the permission (here an app without Group.ReadWrite.All)',
  },
  {
    doc: 'concepts/json-batching.md',
    example: 1,
    method: 'POST',
    path: '/v1.0/$batch',
    roles: ['Group.ReadWrite.All'],
    body: { requests: [{ id: '3', method: 'DELETE', url: '/groups/{doomedBatchGroup}' }] },
    status: 200,
    props: ['responses'],
    match: 'exact',
    steps: { '3': { status: 204 } },
    note: 'step 3 with the permission the page’s caller lacked',
  },
  // ----------------------------------------------------------------------------- Planner
  {
    doc: `${V1}/planneruser-list-tasks.md`,
    example: 1,
    path: '/v1.0/me/planner/tasks',
    status: 200,
    props: ['value'],
    item: TASK_SHOWN,
    match: 'subset',
  },
  {
    doc: `${V1}/planneruser-list-plans.md`,
    example: 1,
    path: '/v1.0/me/planner/plans',
    status: 200,
    props: ['value'],
    item: PLAN_SHOWN,
    match: 'subset',
  },
  {
    doc: `${V1}/plannergroup-list-plans.md`,
    example: 1,
    path: '/v1.0/groups/{planGroup}/planner/plans',
    status: 200,
    props: ['value'],
    item: PLAN_SHOWN,
    match: 'subset',
  },
  {
    doc: `${V1}/plannerplan-get.md`,
    example: 1,
    path: '/v1.0/planner/plans/{plan}',
    status: 200,
    props: ['createdBy', 'createdDateTime', 'container', 'title', 'id'],
    match: 'subset',
  },
  {
    doc: `${V1}/plannerplandetails-get.md`,
    example: 1,
    path: '/v1.0/planner/plans/{plan}/details',
    status: 200,
    props: ['sharedWith', 'categoryDescriptions', 'id'],
    match: 'exact',
    capture: { planDetailsEtag: '@odata.etag' },
  },
  {
    doc: `${V1}/plannerplandetails-update.md`,
    example: 1,
    method: 'PATCH',
    path: '/v1.0/planner/plans/{plan}/details',
    headers: { Prefer: 'return=representation', 'If-Match': '{planDetailsEtag}' },
    body: {
      sharedWith: { '{outsider}': true, '{planMember}': false },
      categoryDescriptions: { category1: 'Indoors', category3: null },
    },
    status: 200,
    props: ['sharedWith', 'categoryDescriptions', 'id'],
    match: 'exact',
  },
  {
    doc: `${V1}/plannerplan-list-buckets.md`,
    example: 1,
    path: '/v1.0/planner/plans/{plan}/buckets',
    status: 200,
    props: ['value'],
    item: ['name', 'planId', 'orderHint', 'id'],
    match: 'exact',
  },
  {
    doc: `${V1}/plannerbucket-get.md`,
    example: 1,
    path: '/v1.0/planner/buckets/{bucket}',
    status: 200,
    props: ['name', 'planId', 'orderHint', 'id'],
    match: 'exact',
  },
  {
    doc: `${V1}/plannerplan-list-tasks.md`,
    example: 1,
    path: '/v1.0/planner/plans/{plan}/tasks',
    status: 200,
    props: ['value'],
    item: TASK_SHOWN,
    match: 'subset',
  },
  {
    doc: `${V1}/plannerbucket-list-tasks.md`,
    example: 1,
    path: '/v1.0/planner/buckets/{taskBucket}/tasks',
    status: 200,
    props: ['value'],
    item: TASK_SHOWN,
    match: 'subset',
  },
  {
    doc: `${V1}/plannertask-get.md`,
    example: 1,
    path: '/v1.0/planner/tasks/{task}',
    status: 200,
    props: [...TASK_SHOWN, 'priority'],
    match: 'subset',
  },
  {
    doc: `${V1}/plannertaskdetails-get.md`,
    example: 1,
    path: '/v1.0/planner/tasks/{task}/details',
    status: 200,
    props: ['description', 'previewType', 'references', 'checklist', 'id'],
    match: 'exact',
  },
  {
    doc: `${V1}/planner-post-tasks.md`,
    example: 1,
    method: 'POST',
    path: '/v1.0/planner/tasks',
    body: {
      planId: '{plan}',
      bucketId: '{bucket}',
      title: 'Update client list',
      assignments: { '{me}': { '@odata.type': '#microsoft.graph.plannerAssignment', orderHint: ' !' } },
    },
    status: 201,
    props: ['createdBy', 'planId', 'bucketId', 'title', 'orderHint', 'createdDateTime', 'assignments', 'id'],
    match: 'subset',
    capture: { newTask: 'id', newTaskEtag: '@odata.etag' },
  },
  {
    doc: `${V1}/plannertask-update.md`,
    example: 1,
    method: 'PATCH',
    path: '/v1.0/planner/tasks/{newTask}',
    headers: { 'If-Match': '{newTaskEtag}', Prefer: 'return=representation' },
    body: {
      assignments: {
        '{me}': { '@odata.type': '#microsoft.graph.plannerAssignment', orderHint: 'N9917 U2883!' },
      },
      appliedCategories: { category3: true, category4: false },
    },
    status: 200,
    props: [...TASK_SHOWN, 'appliedCategories'],
    match: 'subset',
    capture: { newTaskEtag: '@odata.etag' },
    note: 'with Prefer: return=representation: the current page answers 204 without it (graph-api.md §7); the stored example predates that',
  },
  {
    doc: `${V1}/plannertaskdetails-get.md`,
    example: 1,
    path: '/v1.0/planner/tasks/{newTask}/details',
    status: 200,
    props: ['description', 'previewType', 'references', 'checklist', 'id'],
    match: 'exact',
    capture: { newDetailsEtag: '@odata.etag' },
    note: 'read again for the new task, whose details the next row updates',
  },
  {
    doc: `${V1}/plannertaskdetails-update.md`,
    example: 1,
    method: 'PATCH',
    path: '/v1.0/planner/tasks/{newTask}/details',
    headers: { Prefer: 'return=representation', 'If-Match': '{newDetailsEtag}' },
    body: {
      previewType: 'noPreview',
      references: {
        'http%3A//developer%2Emicrosoft%2Ecom': {
          '@odata.type': 'microsoft.graph.plannerExternalReference',
          alias: 'Documentation',
          previewPriority: ' !',
          type: 'Other',
        },
        'https%3A//developer%2Emicrosoft%2Ecom/en-us/graph/graph-explorer': {
          '@odata.type': 'microsoft.graph.plannerExternalReference',
          previewPriority: '  !!',
        },
        'http%3A//www%2Ebing%2Ecom': null,
      },
      checklist: {
        '95e27074-6c4a-447a-aa24-9d718a0b86fa': {
          '@odata.type': 'microsoft.graph.plannerChecklistItem',
          title: 'Update task details',
          isChecked: true,
        },
        'a93c93c5-10a6-4167-9551-8bafa09967a7': null,
      },
    },
    status: 200,
    props: ['description', 'previewType', 'references', 'checklist', 'id'],
    match: 'exact',
    note: 'the checklist item d280ed1a-… that the example changes without a title is left out: it exists in the page’s task, not in a new one',
  },
  {
    doc: `${V1}/plannertask-get.md`,
    example: 1,
    path: '/v1.0/me/planner/tasks/{newTask}',
    status: 200,
    props: [...TASK_SHOWN, 'priority'],
    match: 'subset',
    capture: { newTaskEtag: '@odata.etag' },
    note: 'addressed through its assignee, as Microsoft’s SDKs build it; the task etag moved with its details counters',
  },
  {
    doc: `${V1}/plannertask-delete.md`,
    example: 1,
    method: 'DELETE',
    path: '/v1.0/planner/tasks/{newTask}',
    headers: { 'If-Match': '{newTaskEtag}' },
    status: 204,
  },
  {
    doc: `${V1}/plannertask-get.md`,
    example: 1,
    path: '/v1.0/planner/tasks/{newTask}',
    status: 404,
    error: '',
    note: 'the deleted task: Planner’s 404 with its empty code',
  },
  // ------------------------------------------------------------------------------- To Do
  {
    doc: `${V1}/todo-list-lists.md`,
    example: 1,
    path: '/v1.0/me/todo/lists',
    status: 200,
    props: ['value'],
    item: TODO_LIST,
    match: 'exact',
  },
  {
    doc: `${V1}/todo-post-lists.md`,
    example: 1,
    method: 'POST',
    path: '/v1.0/me/todo/lists',
    body: { displayName: 'Travel items' },
    status: 201,
    props: TODO_LIST,
    match: 'exact',
    capture: { newList: 'id' },
  },
  {
    doc: `${V1}/todotasklist-get.md`,
    example: 1,
    path: '/v1.0/me/todo/lists/{newList}',
    status: 200,
    props: TODO_LIST,
    match: 'exact',
  },
  {
    doc: `${V1}/todotasklist-update.md`,
    example: 1,
    method: 'PATCH',
    path: '/v1.0/me/todo/lists/{newList}',
    body: { displayName: 'Vacation Plan' },
    status: 200,
    props: TODO_LIST,
    match: 'exact',
  },
  {
    doc: `${V1}/todotasklist-post-tasks.md`,
    example: 1,
    method: 'POST',
    path: '/v1.0/me/todo/lists/{newList}/tasks',
    body: {
      title: 'A new task',
      linkedResources: [{ webUrl: 'http://microsoft.com', applicationName: 'Microsoft', displayName: 'Microsoft' }],
    },
    status: 201,
    props: [
      'importance',
      'isReminderOn',
      'status',
      'title',
      'createdDateTime',
      'lastModifiedDateTime',
      'id',
      'body',
      'linkedResources',
    ],
    match: 'subset',
    capture: { newTodo: 'id' },
  },
  {
    doc: `${V1}/todotasklist-list-tasks.md`,
    example: 1,
    path: '/v1.0/me/todo/lists/{newList}/tasks',
    status: 200,
    props: ['value'],
    item: TODO_TASK_SHOWN,
    match: 'subset',
  },
  {
    doc: `${V1}/todotask-get.md`,
    example: 1,
    path: '/v1.0/me/todo/lists/{newList}/tasks/{newTodo}',
    status: 200,
    props: TODO_TASK_SHOWN,
    match: 'subset',
  },
  {
    doc: `${V1}/todotask-update.md`,
    example: 1,
    method: 'PATCH',
    path: '/v1.0/me/todo/lists/{newList}/tasks/{newTodo}',
    body: { dueDateTime: { dateTime: '2020-07-25T16:00:00', timeZone: 'Eastern Standard Time' } },
    status: 200,
    props: [...TODO_TASK_SHOWN, 'dueDateTime'],
    match: 'subset',
  },
  {
    doc: `${V1}/todotask-list-linkedresources.md`,
    example: 1,
    path: '/v1.0/me/todo/lists/{newList}/tasks/{newTodo}/linkedResources',
    status: 200,
    props: ['value'],
    item: ['@odata.type', 'id', 'webUrl', 'applicationName', 'displayName'],
    match: 'exact',
    note: 'the item made with the task carries no externalId, which the example’s item has',
  },
  {
    doc: `${V1}/todotask-post-linkedresources.md`,
    example: 1,
    method: 'POST',
    path: '/v1.0/me/todo/lists/{newList}/tasks/{newTodo}/linkedResources',
    body: {
      webUrl: 'https://microsoft.com',
      applicationName: 'Microsoft',
      displayName: 'Microsoft',
      externalId: 'dk9cddce2-dce2-f9dd-e2dc-cdf9e2dccdf9',
    },
    status: 201,
    props: LINKED_RESOURCE,
    match: 'exact',
    capture: { newLink: 'id' },
  },
  {
    doc: `${V1}/linkedresource-get.md`,
    example: 1,
    path: '/v1.0/me/todo/lists/{newList}/tasks/{newTodo}/linkedResources/{newLink}',
    status: 200,
    props: LINKED_RESOURCE,
    match: 'exact',
    note: 'the example nests the resource in a "value" object; a single entity is answered bare, as on linkedresource-update.md',
  },
  {
    doc: `${V1}/linkedresource-update.md`,
    example: 1,
    method: 'PATCH',
    path: '/v1.0/me/todo/lists/{newList}/tasks/{newTodo}/linkedResources/{newLink}',
    body: {
      '@odata.type': '#microsoft.graph.linkedResource',
      webUrl: 'http://microsoft.com',
      applicationName: 'Microsoft',
      displayName: 'Microsoft',
    },
    status: 200,
    props: LINKED_RESOURCE,
    match: 'exact',
  },
  {
    doc: `${V1}/linkedresource-delete.md`,
    example: 1,
    method: 'DELETE',
    path: '/v1.0/me/todo/lists/{newList}/tasks/{newTodo}/linkedResources/{newLink}',
    status: 204,
  },
  {
    doc: `${V1}/todotask-post-checklistitems.md`,
    example: 1,
    method: 'POST',
    path: '/v1.0/me/todo/lists/{newList}/tasks/{newTodo}/checklistItems',
    body: { displayName: 'Final sign-off from the team' },
    status: 201,
    props: CHECKLIST_ITEM,
    match: 'exact',
    annotations: ['@odata.context'],
    capture: { newItem: 'id' },
  },
  {
    doc: `${V1}/todotask-list-checklistitems.md`,
    example: 1,
    path: '/v1.0/me/todo/lists/{newList}/tasks/{newTodo}/checklistItems',
    status: 200,
    props: ['value'],
    item: CHECKLIST_ITEM,
    match: 'exact',
    annotations: ['@odata.context'],
  },
  {
    doc: `${V1}/checklistitem-get.md`,
    example: 1,
    path: '/v1.0/me/todo/lists/{newList}/tasks/{newTodo}/checklistItems/{newItem}',
    status: 200,
    props: CHECKLIST_ITEM,
    match: 'exact',
  },
  {
    doc: `${V1}/checklistitem-update.md`,
    example: 1,
    method: 'PATCH',
    path: '/v1.0/me/todo/lists/{newList}/tasks/{newTodo}/checklistItems/{newItem}',
    body: { displayName: 'buy cake' },
    status: 200,
    props: CHECKLIST_ITEM,
    match: 'exact',
  },
  {
    doc: `${V1}/checklistitem-delete.md`,
    example: 1,
    method: 'DELETE',
    path: '/v1.0/me/todo/lists/{newList}/tasks/{newTodo}/checklistItems/{newItem}',
    status: 204,
  },
  {
    doc: `${V1}/todotask-delete.md`,
    example: 1,
    method: 'DELETE',
    path: '/v1.0/me/todo/lists/{newList}/tasks/{newTodo}',
    status: 204,
  },
  {
    doc: `${V1}/todotasklist-delete.md`,
    example: 1,
    method: 'DELETE',
    path: '/v1.0/me/todo/lists/{newList}',
    status: 204,
  },
  {
    doc: `${V1}/todotasklist-get.md`,
    example: 1,
    path: '/v1.0/me/todo/lists/{newList}',
    status: 404,
    error: 'itemNotFound',
    note: 'the deleted list',
  },
  // ----------------------------------------------------------------- Outlook tasks (beta)
  {
    doc: 'api-reference/beta/api/outlookuser-list-tasks.md',
    example: 1,
    path: '/beta/me/outlook/tasks',
    status: 200,
    props: ['value'],
    note: 'the API "stopped returning data on August 20, 2022" (resources/outlooktask.md): an empty page, not the example’s tasks',
  },
  {
    doc: 'api-reference/beta/api/outlookuser-list-taskfolders.md',
    example: 1,
    path: '/beta/me/outlook/taskFolders',
    status: 200,
    props: ['value'],
    note: 'retired with the Outlook tasks API: an empty page',
  },
  {
    doc: 'api-reference/beta/api/outlookuser-list-taskgroups.md',
    example: 1,
    path: '/beta/me/outlook/taskGroups',
    status: 200,
    props: ['value'],
    note: 'retired with the Outlook tasks API: an empty page',
  },
];

/** The rows' placeholders, on the emulated tenant. */
function tenantVars(emu: Emulator): Vars {
  const { tenant } = emu;
  const me = emu.info.defaultUserId;
  const meUser = tenant.users.get(me);
  const plan = defaultUserPlan(emu);
  const members = (tenant.membersOf.get(plan.groupId) ?? []).filter((id) => tenant.users.has(id));
  const planMember = members.find((id) => id !== me);
  const inGroup = new Set([...members, ...(tenant.ownersOf.get(plan.groupId) ?? [])]);
  const outsider = [...tenant.users.keys()].find((id) => !inGroup.has(id));
  const bucket = [...tenant.buckets.values()].find((b) => b.planId === plan.id);
  const task = [...tenant.tasks.values()].find((t) => t.planId === plan.id && t.bucketId);
  // A group with another group as a member, and that member group.
  const groups = [...tenant.groups.values()];
  const nestingGroup = groups.find((g) => (tenant.membersOf.get(g.id) ?? []).some((id) => tenant.groups.has(id)));
  const nestedGroup = groups.find((g) => (tenant.memberships.get(g.id) ?? []).some((id) => tenant.groups.has(id)));
  const parent = nestedGroup && tenant.groups.get((tenant.memberships.get(nestedGroup.id) ?? [])[0] ?? '');
  const firstMember = tenant.users.get(members[0] ?? '');
  const myGroup = tenant.groups.get((tenant.memberships.get(me) ?? []).find((id) => tenant.groups.has(id)) ?? '');
  // `$search` rows look for a whole word of a name the answer must hold.
  const firstWord = (name: string | undefined) => name?.split(' ')[0];
  const users = [...tenant.users.values()];
  const google = users.flatMap((u) => u.identities ?? []).find((i) => i.issuer === 'google.com');
  const sku = users.flatMap((u) => u.assignedLicenses ?? [])[0];
  const engineer = users.find((u) => u.customSecurityAttributes);
  // Groups the delete rows remove: none that another placeholder names.
  const named = new Set([plan.groupId, nestingGroup?.id, nestedGroup?.id, parent?.id]);
  const unifiedGroup = groups.find((g) => g.groupTypes?.includes('Unified') && named.has(g.id));
  const [doomedGroup, doomedBatchGroup] = groups.filter((g) => !named.has(g.id) && g.id !== unifiedGroup?.id);
  const vars = {
    me,
    meUpn: meUser?.userPrincipalName,
    group: plan.groupId,
    planGroup: plan.groupId,
    plan: plan.id,
    planMember,
    outsider,
    bucket: bucket?.id,
    task: task?.id,
    taskBucket: task?.bucketId ?? undefined,
    nestingGroup: nestingGroup?.id,
    nestedGroup: nestedGroup?.id,
    parentInitial: parent?.displayName.charAt(0),
    memberInitial: firstMember?.displayName.charAt(0),
    myGroupWord: firstWord(myGroup?.displayName),
    memberWord: firstWord(firstMember?.displayName),
    parentWord: firstWord(parent?.displayName),
    domain: meUser?.userPrincipalName.split('@')[1],
    googleId: google?.issuerAssignedId,
    skuId: sku?.skuId,
    engineer: engineer?.id,
    unifiedGroup: unifiedGroup?.id,
    doomedGroup: doomedGroup?.id,
    doomedBatchGroup: doomedBatchGroup?.id,
  };
  for (const [name, value] of Object.entries(vars)) {
    if (!value) throw new Error(`the tenant has nothing for {${name}}`);
  }
  return vars as Vars;
}

function fill(text: string, vars: Vars): string {
  return text.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`no value for ${whole}`);
    return value;
  });
}

/** A JSON value with every placeholder in its strings and keys filled in. */
function fillJson(value: unknown, vars: Vars): unknown {
  if (typeof value === 'string') return fill(value, vars);
  if (Array.isArray(value)) return value.map((item) => fillJson(item, vars));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [fill(key, vars), fillJson(item, vars)]));
  }
  return value;
}

/** Annotations that are not properties of the resource. */
const NOT_PROPERTIES = new Set(['@odata.context', '@odata.etag', '@odata.nextLink', '@odata.count', '@odata.id']);

function propertyNames(body: unknown): string[] {
  return Object.keys(body as object)
    .filter((name) => !NOT_PROPERTIES.has(name))
    .sort();
}

function expectNames(actual: unknown, expected: readonly string[], match: 'exact' | 'subset'): void {
  const names = propertyNames(actual);
  if (match === 'exact') expect(names).toEqual([...expected].sort());
  else expect(names).toEqual(expect.arrayContaining([...expected]));
}

function label(row: Example): string {
  const method = row.method ?? 'GET';
  return `${row.doc} example ${row.example}: ${method} ${row.path}`;
}

describe('conformance with the docs’ examples', () => {
  let emu: Emulator;
  let vars: Vars;
  beforeAll(() => {
    emu = createTestEmulator({ users: 50 });
    vars = tenantVars(emu);
  });

  it.each(EXAMPLES.map((row) => [label(row), row] as const))('%s', async (_label, row) => {
    const headers = row.headers && (fillJson(row.headers, vars) as Record<string, string>);
    const token = row.roles
      ? appToken(emu, [...row.roles])
      : row.scopes
        ? userToken(emu, undefined, [...row.scopes])
        : (row.token ?? 'user');
    const res = await graphRequest(emu, row.method ?? 'GET', encodeURI(fill(row.path, vars)), {
      token,
      headers,
      body: row.body === undefined ? undefined : fillJson(row.body, vars),
    });
    expect({ status: res.status, error: res.body?.error }).toMatchObject({ status: row.status });
    if (row.error !== undefined) expect(res.body.error.code).toBe(row.error);
    if (row.text) expect(res.text).toMatch(row.text);
    const match = row.match ?? 'exact';
    if (row.props) expectNames(res.body, row.props, match);
    if (row.item) {
      expect(res.body.value.length).toBeGreaterThan(0);
      expectNames(res.body.value[0], row.item, match);
    }
    for (const annotation of row.annotations ?? []) expect(res.body).toHaveProperty([annotation]);
    if (row.context !== undefined) expect(res.body['@odata.context'].split('$metadata#')[1]).toBe(row.context);
    const nullsOf = row.item ? res.body.value[0] : res.body;
    for (const name of row.nulls ?? []) expect({ [name]: nullsOf[name] }).toEqual({ [name]: null });
    for (const [id, step] of Object.entries(row.steps ?? {})) {
      const answer = res.body.responses.find((r: { id: string }) => r.id === id);
      expect({ id, status: answer?.status }).toEqual({ id, status: step.status });
      if (step.error !== undefined) expect(answer.body.error.code).toBe(step.error);
      for (const [name, value] of Object.entries(step.headers ?? {})) {
        const carried = Object.entries(answer.headers ?? {}).find(([key]) => key.toLowerCase() === name.toLowerCase());
        expect({ [name]: carried?.[1] ?? null }).toEqual({ [name]: value });
      }
      if (step.item) {
        expect(answer.body.value.length).toBeGreaterThan(0);
        expectNames(answer.body.value[0], step.item, step.match ?? 'exact');
      }
    }
    for (const [name, property] of Object.entries(row.capture ?? {})) {
      const value = res.body?.[property];
      expect(typeof value).toBe('string');
      vars[name] = value;
    }
  });
});
