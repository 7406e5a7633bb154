/**
 * Selected properties Graph serves only in some places or only to some callers:
 *
 * - user-list.md: `aboutMe`, `birthday`, `hireDate`, `interests`, `mySite`, `pastProjects`,
 *   `preferredName`, `responsibilities`, `schools`, `skills` and `mailboxSettings` are served on a
 *   single user only; selecting one on a list of users answers 501 `NotImplemented` "This
 *   operation target is not yet supported." (the body concepts/delta-query-overview.md shows for
 *   `/users?$select=skills`).
 * - group.md: `allowExternalSenders`, `autoSubscribeNewMembers`, `hideFromAddressLists`,
 *   `hideFromOutlookClients`, `isSubscribedByMail` and `unseenCount` are "supported only on the
 *   Get group API"; on a list they show as null (README choices).
 * - user.md: `signInActivity` needs `AuditLog.Read.All` (selected or filtered on; without it 403
 *   `Authentication_MSGraphPermissionMissing` "Calling principal does not have required MSGraph
 *   permissions AuditLog.Read.All", as observed in microsoftgraph/microsoft-graph-explorer-v4#2731);
 *   `customSecurityAttributes` needs
 *   `CustomSecAttributeAssignment.Read.All`, and user-get.md shows `null` for a caller without
 *   it; `mailboxSettings` needs `MailboxSettings.Read` (user-get-mailboxsettings.md; without it
 *   Exchange's 403 `ErrorAccessDenied`, observed in microsoftgraph/microsoft-graph-docs-contrib#7656).
 */
import { graphError } from '../../http/errors';
import type { FilterNode } from '../../http/filter';
import type { Caller, GraphReply } from '../../http/types';
import type { ResourceSupport } from './query-support';

const SINGLE_USER_ONLY = [
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
  'mailboxSettings',
];

const SINGLE_GROUP_ONLY = [
  'allowExternalSenders',
  'autoSubscribeNewMembers',
  'hideFromAddressLists',
  'hideFromOutlookClients',
  'isSubscribedByMail',
  'unseenCount',
];

const AUDIT_LOG_READ = ['AuditLog.Read.All'];
const CUSTOM_SECURITY_ATTRIBUTES_READ = [
  'CustomSecAttributeAssignment.Read.All',
  'CustomSecAttributeAssignment.ReadWrite.All',
];
const MAILBOX_SETTINGS_READ = ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'];

const NO_WITHHELD: ReadonlySet<string> = new Set();

function has(select: readonly string[], name: string): boolean {
  const lower = name.toLowerCase();
  return select.some((s) => s.toLowerCase() === lower);
}

function holds(caller: Caller, permissions: readonly string[]): boolean {
  return permissions.some((p) => caller.permissions.has(p));
}

function auditLogPermissionMissing(): GraphReply {
  return graphError(
    403,
    'Authentication_MSGraphPermissionMissing',
    'Calling principal does not have required MSGraph permissions AuditLog.Read.All',
  );
}

/**
 * The reply that refuses the selection, or the selected properties to show as null (canonical
 * names). `single`: one entity (`/users/{id}`, `/me`, `/groups/{id}`) rather than a list. The
 * permission rules hold wherever a user can appear: a list or cast of users, and the mixed
 * `directoryObject` collections (`directReports`, `manager`, `members`...).
 */
export function checkSelection(
  select: readonly string[] | null,
  resource: ResourceSupport,
  caller: Caller,
  single: boolean,
): GraphReply | ReadonlySet<string> {
  if (!select) return NO_WITHHELD;
  if (resource.typeName === 'microsoft.graph.group') {
    return single ? NO_WITHHELD : new Set(SINGLE_GROUP_ONLY.filter((name) => has(select, name)));
  }
  const user = resource.typeName === 'microsoft.graph.user';
  if (!user && resource.typeName !== 'microsoft.graph.directoryObject') return NO_WITHHELD;
  if (user && !single && SINGLE_USER_ONLY.some((name) => has(select, name))) {
    return graphError(501, 'NotImplemented', 'This operation target is not yet supported.');
  }
  return checkUserPropertyAccess(select, caller);
}

/** The caller-dependent part of `checkSelection`, also applied to a nested `$select` of `$expand`. */
export function checkUserPropertyAccess(
  select: readonly string[] | null,
  caller: Caller,
): GraphReply | ReadonlySet<string> {
  if (!select) return NO_WITHHELD;
  if (has(select, 'signInActivity') && !holds(caller, AUDIT_LOG_READ)) return auditLogPermissionMissing();
  if (has(select, 'mailboxSettings') && !holds(caller, MAILBOX_SETTINGS_READ)) {
    return graphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
  }
  if (has(select, 'customSecurityAttributes') && !holds(caller, CUSTOM_SECURITY_ATTRIBUTES_READ)) {
    return new Set(['customSecurityAttributes']);
  }
  return NO_WITHHELD;
}

/** The 403 for a filter on `signInActivity` without `AuditLog.Read.All`, or null. */
export function checkFilterAccess(filter: FilterNode | null, caller: Caller): GraphReply | null {
  if (filter === null || !mentions(filter, 'signInActivity')) return null;
  return holds(caller, AUDIT_LOG_READ) ? null : auditLogPermissionMissing();
}

/** True when the filter reads the (canonically spelled) top-level property. */
function mentions(node: FilterNode, property: string): boolean {
  switch (node.kind) {
    case 'and':
    case 'or':
      return mentions(node.left, property) || mentions(node.right, property);
    case 'not':
      return mentions(node.operand, property);
    case 'compare':
      return [node.left, node.right].some((o) => o.kind === 'property' && o.path[0] === property);
    case 'in':
      return node.left.kind === 'property' && node.left.path[0] === property;
    case 'function':
      return node.target.kind === 'property' && node.target.path[0] === property;
    case 'lambda':
      return node.collection[0] === property || mentions(node.predicate, property);
    case 'value':
      return node.operand.kind === 'property' && node.operand.path[0] === property;
  }
}
