/**
 * Permissions of the directory endpoints (any one suffices; the dispatcher checks the route's
 * list, handlers check the self-only permissions' rule).
 */
import { insufficientPrivileges } from '../../http/permissions';
import type { GraphReply, RouteContext, RoutePermissions } from '../../http/types';

const DIRECTORY_READ = ['Directory.Read.All', 'Directory.ReadWrite.All'];
const USER_READ_ALL = ['User.Read.All', 'User.ReadWrite.All', ...DIRECTORY_READ];
const GROUP_READ = ['GroupMember.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', ...DIRECTORY_READ];

/** `GET /users`: delegated `User.ReadBasic.All` upward, application `User.Read.All` upward. */
export const LIST_USERS: RoutePermissions = {
  delegated: ['User.ReadBasic.All', ...USER_READ_ALL],
  application: USER_READ_ALL,
};

/** `GET /users/{id}`; `User.Read` reaches only the signed-in user's own object (`/me`). */
export const READ_USER: RoutePermissions = {
  delegated: ['User.Read', ...LIST_USERS.delegated],
  application: USER_READ_ALL,
};

/** `/users/{id}/manager` and `/directReports`. */
export const READ_USER_RELATIONS: RoutePermissions = {
  delegated: ['User.Read', ...LIST_USERS.delegated],
  application: USER_READ_ALL,
};

/** `/users/{id}/memberOf` and `/transitiveMemberOf`. */
export const READ_MEMBERSHIPS: RoutePermissions = {
  delegated: ['User.Read', ...GROUP_READ, 'User.Read.All'],
  application: [...GROUP_READ, 'User.Read.All'],
};

/** Groups and their members, owners and memberships. */
export const READ_GROUPS: RoutePermissions = { delegated: GROUP_READ, application: GROUP_READ };

/** `/users/delta` (user-delta.md): User.Read.All least privileged, for delegated and application callers. */
export const USER_DELTA: RoutePermissions = { delegated: USER_READ_ALL, application: USER_READ_ALL };

/** `/groups/delta` (group-delta.md): Group.Read.All least privileged. */
const GROUP_DELTA_PERMISSIONS = ['Group.Read.All', 'Group.ReadWrite.All', ...DIRECTORY_READ];
export const GROUP_DELTA: RoutePermissions = {
  delegated: GROUP_DELTA_PERMISSIONS,
  application: GROUP_DELTA_PERMISSIONS,
};

/** `/directoryObjects/{id}` and `POST /directoryObjects/getByIds`. */
export const READ_DIRECTORY_OBJECTS: RoutePermissions = {
  delegated: [...DIRECTORY_READ, 'User.Read.All'],
  application: [...DIRECTORY_READ, 'User.Read.All'],
};

/**
 * 403 when a delegated caller holds only the route's self-only permission (`User.Read` to read,
 * `User.ReadWrite` to update: no permission of the route's list but that one) and names another
 * user than themselves.
 */
export function forbidOthersWithSelfOnlyPermission(
  ctx: RouteContext,
  permissions: RoutePermissions,
  userId: string,
  selfOnly = 'User.Read',
): GraphReply | null {
  const { caller } = ctx;
  if (caller.kind !== 'delegated' || caller.userId === userId) return null;
  const broader = permissions.delegated.filter((p) => p !== selfOnly);
  if (broader.some((p) => caller.permissions.has(p))) return null;
  return insufficientPrivileges();
}
