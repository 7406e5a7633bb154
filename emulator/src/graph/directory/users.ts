/** `/users`, `/users/{id | userPrincipalName}` and the user's relationships (`/me` arrives rewritten). */
import { resourceNotFound } from '../../http/errors';
import type { GraphReply, Route, RouteContext, RoutePermissions } from '../../http/types';
import type { DirectoryObject, UserRecord } from '../../tenant/model';
import { findUser, objectsOf, transitiveMembershipIds } from './lookup';
import {
  forbidOthersWithSelfOnlyPermission,
  LIST_USERS,
  READ_MEMBERSHIPS,
  READ_USER,
  READ_USER_RELATIONS,
} from './permissions';
import { collectionRoutes } from './collection-routes';
import { directoryEntity, type DirectoryQuery } from './query';
import { SUPPORT_BY_KIND } from './query-support';
import { MIXED_RELATIONSHIP, relationshipRoutes } from './relationships';

const USERS: DirectoryQuery = {
  resource: SUPPORT_BY_KIND.user,
  entitySet: 'users',
  withType: false,
  relationship: false,
  expandable: ['manager', 'directReports', 'memberOf'],
};

function allUsers(ctx: RouteContext): DirectoryObject[] {
  return [...ctx.tenant.users.values()].map((record): DirectoryObject => ({ kind: 'user', record }));
}

/** The user the `:id` segment names (id or UPN), or the 404 / 403 that answers instead. */
function targetUser(ctx: RouteContext, permissions: RoutePermissions): UserRecord | GraphReply {
  const user = findUser(ctx.tenant, ctx.params.id ?? '');
  if (!user) return resourceNotFound(ctx.params.id ?? '');
  return forbidOthersWithSelfOnlyPermission(ctx, permissions, user.id) ?? user;
}

function isUser(value: UserRecord | GraphReply): value is UserRecord {
  return 'userPrincipalName' in value;
}

function related(
  permissions: RoutePermissions,
  ids: (ctx: RouteContext, user: UserRecord) => readonly string[] | undefined,
) {
  return (ctx: RouteContext): readonly DirectoryObject[] | GraphReply => {
    const user = targetUser(ctx, permissions);
    return isUser(user) ? objectsOf(ctx.tenant, ids(ctx, user)) : user;
  };
}

export const userRoutes: Route[] = [
  ...collectionRoutes({ pattern: '/users', permissions: LIST_USERS, objects: allUsers, query: USERS }),
  {
    method: 'GET',
    pattern: '/users/:id',
    permissions: READ_USER,
    handler: (ctx) => {
      const user = targetUser(ctx, READ_USER);
      return isUser(user) ? directoryEntity(ctx, { kind: 'user', record: user }, USERS) : user;
    },
  },
  {
    method: 'GET',
    pattern: '/users/:id/manager',
    permissions: READ_USER_RELATIONS,
    handler: (ctx) => {
      const user = targetUser(ctx, READ_USER_RELATIONS);
      if (!isUser(user)) return user;
      const managerId = ctx.tenant.managerOf.get(user.id);
      const manager = managerId === undefined ? undefined : ctx.tenant.directoryObjects.get(managerId);
      // Graph answers 404 naming the navigation property, not `null`, when there is no manager.
      if (!manager) return resourceNotFound('manager');
      return directoryEntity(ctx, manager, MIXED_RELATIONSHIP);
    },
  },
  ...relationshipRoutes({
    pattern: '/users/:id/memberOf',
    permissions: READ_MEMBERSHIPS,
    source: related(READ_MEMBERSHIPS, (ctx, user) => ctx.tenant.memberships.get(user.id)),
    casts: ['group', 'directoryRole'],
    absentCasts: ['administrativeUnit'],
  }),
  ...relationshipRoutes({
    pattern: '/users/:id/transitiveMemberOf',
    transitive: true,
    permissions: READ_MEMBERSHIPS,
    source: related(READ_MEMBERSHIPS, (ctx, user) => transitiveMembershipIds(ctx.tenant, user.id)),
    casts: ['group', 'directoryRole'],
    absentCasts: ['administrativeUnit'],
  }),
  ...relationshipRoutes({
    pattern: '/users/:id/directReports',
    permissions: READ_USER_RELATIONS,
    source: related(READ_USER_RELATIONS, (ctx, user) => ctx.tenant.directReportsOf.get(user.id)),
    casts: ['user', 'orgContact'],
  }),
];
