/**
 * The resources a subscription may watch (graph-api.md Part 2 §3.3): `users`, `users/{id}`,
 * `groups`, `groups/{id}` (and its `members` / `owners`), and a To Do list's tasks
 * (`me/todo/lists/{listId}/tasks` or `users/{id}/todo/lists/{listId}/tasks`). Each has its
 * permissions, its change types and its longest lifetime (§3.4).
 */
import { graphError, resourceNotFound } from '../../http/errors';
import { canonicalPath } from '../../http/graph-path';
import type { Caller, GraphReply, RoutePermissions } from '../../http/types';
import type { Tenant } from '../../tenant/model';
import type { Change, ChangeType } from '../../tenant/changes';
import { findGroup, findUser } from '../directory/lookup';
import { ensureTodoData } from '../../tenant/generate-tasks';

/** user, group and other directory resources: 41,760 minutes (under 29 days). */
export const DIRECTORY_MAX_MINUTES = 41_760;
/** todoTask: 4,230 minutes (under 3 days). */
export const TODO_TASK_MAX_MINUTES = 4_230;

export type WatchedResource =
  | { kind: 'users' }
  | { kind: 'user'; userId: string }
  | { kind: 'groups' }
  | { kind: 'group'; groupId: string; part: 'group' | 'members' | 'owners' }
  | { kind: 'todoTasks'; ownerId: string; listId: string };

/** Permissions that allow subscribing (any one), per token kind; empty: not supported. */
export interface ResourceRules extends RoutePermissions {
  changeTypes: readonly ChangeType[];
  maxMinutes: number;
}

// Subscriptions need read permissions; write permissions where read suffices are refused
// (subscription-post-subscriptions.md).
const USER_RULES: ResourceRules = {
  delegated: ['User.Read.All', 'Directory.Read.All'],
  application: ['User.Read.All', 'Directory.Read.All'],
  // Users and groups support `updated` and `deleted` only (subscription.md).
  changeTypes: ['updated', 'deleted'],
  maxMinutes: DIRECTORY_MAX_MINUTES,
};
const GROUP_RULES: ResourceRules = {
  delegated: ['Group.Read.All', 'Directory.Read.All'],
  application: ['Group.Read.All', 'Directory.Read.All'],
  changeTypes: ['updated', 'deleted'],
  maxMinutes: DIRECTORY_MAX_MINUTES,
};
/** To Do: delegated only; application permissions are not supported. */
const TODO_RULES: ResourceRules = {
  delegated: ['Tasks.Read', 'Tasks.ReadWrite'],
  application: [],
  changeTypes: ['created', 'updated', 'deleted'],
  maxMinutes: TODO_TASK_MAX_MINUTES,
};

export function rulesOf(resource: WatchedResource): ResourceRules {
  if (resource.kind === 'users' || resource.kind === 'user') return USER_RULES;
  if (resource.kind === 'todoTasks') return TODO_RULES;
  return GROUP_RULES;
}

/** Every permission any watched resource accepts: the subscription routes' own gate. */
export const ANY_SUBSCRIPTION_PERMISSION = {
  delegated: [...new Set([...USER_RULES.delegated, ...GROUP_RULES.delegated, ...TODO_RULES.delegated])],
  application: [
    ...new Set([...USER_RULES.application, ...GROUP_RULES.application, 'Tasks.Read.All', 'Tasks.ReadWrite.All']),
  ],
};

function unsupported(resource: string): GraphReply {
  return graphError(400, 'InvalidRequest', `The resource '${resource}' is not supported for change notifications.`);
}

/** The observed answer for a To Do resource that does not resolve (microsoft-graph-docs#14948). */
function invalidTodoResource(): GraphReply {
  return graphError(
    400,
    'ExtensionError',
    'Operation: Create; Exception: [Status Code: BadRequest; Reason: Invalid resource specified in payload]',
  );
}

/** Resolves a subscription's `resource` for `caller`, or the 400/404 Graph answers. */
export function parseResource(tenant: Tenant, caller: Caller, resource: string): WatchedResource | GraphReply {
  const relative = resource.trim().replace(/^https:\/\/graph\.microsoft\.com\/(v1\.0|beta)\//i, '');
  if (relative.includes('?')) return unsupported(resource);
  const parsed = canonicalPath(relative.startsWith('/') ? relative : `/${relative}`);
  if (!parsed.ok) return unsupported(resource);
  const segments = [...parsed.segments];
  if (segments[0]?.toLowerCase() === 'me') {
    if (caller.kind !== 'delegated' || !caller.userId)
      return graphError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
    segments.splice(0, 1, 'users', caller.userId);
  }
  const lower = segments.map((segment) => segment.toLowerCase());
  const [root, id, ...rest] = lower;
  if (root === 'users' && id === undefined) return { kind: 'users' };
  if (root === 'users' && rest.length === 0) {
    const user = findUser(tenant, segments[1] as string);
    return user ? { kind: 'user', userId: user.id } : resourceNotFound(segments[1] as string);
  }
  if (root === 'groups' && id === undefined) return { kind: 'groups' };
  if (
    root === 'groups' &&
    (rest.length === 0 || (rest.length === 1 && ['members', 'owners'].includes(rest[0] as string)))
  ) {
    const group = findGroup(tenant, segments[1] as string);
    if (!group) return resourceNotFound(segments[1] as string);
    const part = (rest[0] ?? 'group') as 'group' | 'members' | 'owners';
    return { kind: 'group', groupId: group.id, part };
  }
  if (root === 'users' && rest.length === 4 && rest[0] === 'todo' && rest[1] === 'lists' && rest[3] === 'tasks') {
    const owner = findUser(tenant, segments[1] as string);
    if (!owner) return invalidTodoResource();
    const listId = segments[4] as string;
    if (!ensureTodoData(tenant, owner.id).some((list) => list.id === listId)) return invalidTodoResource();
    return { kind: 'todoTasks', ownerId: owner.id, listId };
  }
  return unsupported(resource);
}

/** The change type a subscription sees for a change (users and groups: creation is `updated`). */
export function notifiedChangeType(resource: WatchedResource, change: Change): ChangeType {
  if (resource.kind === 'todoTasks') return change.changeType;
  return change.changeType === 'deleted' ? 'deleted' : 'updated';
}

/** Whether `change` concerns the watched resource. */
export function watches(resource: WatchedResource, change: Change): boolean {
  switch (resource.kind) {
    case 'users':
      return change.kind === 'user';
    case 'user':
      return change.kind === 'user' && change.id === resource.userId;
    case 'groups':
      return change.kind === 'group';
    case 'group':
      if (change.kind !== 'group' || change.id !== resource.groupId) return false;
      if (resource.part === 'members') return change.member !== undefined;
      // No write changes owners, so an owners subscription never fires.
      return resource.part === 'group';
    case 'todoTasks':
      return change.kind === 'todoTask' && change.parentId === resource.listId;
  }
}
