/** `/groups`, `/groups/{id}` and the group's members, owners and memberships. */
import { resourceNotFound } from '../../http/errors';
import type { GraphReply, Route, RouteContext } from '../../http/types';
import type { DirectoryObject, GroupRecord } from '../../tenant/model';
import { findGroup, objectsOf, transitiveMemberIds, transitiveMembershipIds } from './lookup';
import { READ_GROUPS } from './permissions';
import { collectionRoutes } from './collection-routes';
import { directoryEntity, type DirectoryQuery } from './query';
import { SUPPORT_BY_KIND } from './query-support';
import { relationshipRoutes } from './relationships';

const GROUPS: DirectoryQuery = {
  resource: SUPPORT_BY_KIND.group,
  entitySet: 'groups',
  withType: false,
  relationship: false,
  expandable: ['members', 'owners'],
};

const MEMBER_KINDS = ['user', 'group', 'device', 'servicePrincipal', 'orgContact'] as const;

function allGroups(ctx: RouteContext): DirectoryObject[] {
  return [...ctx.tenant.groups.values()].map((record): DirectoryObject => ({ kind: 'group', record }));
}

function related(
  ids: (ctx: RouteContext, group: GroupRecord) => readonly string[] | undefined,
  hideServicePrincipalsOnV1 = false,
) {
  return (ctx: RouteContext): readonly DirectoryObject[] | GraphReply => {
    const group = findGroup(ctx.tenant, ctx.params.id ?? '');
    if (!group) return resourceNotFound(ctx.params.id ?? '');
    const objects = objectsOf(ctx.tenant, ids(ctx, group));
    // Known issue (group-list-members, group-list-owners): v1.0 does not list service
    // principals among a group's members or owners; beta and `$expand=members` do.
    return hideServicePrincipalsOnV1 && ctx.call.version === 'v1.0'
      ? objects.filter((o) => o.kind !== 'servicePrincipal')
      : objects;
  };
}

export const groupRoutes: Route[] = [
  ...collectionRoutes({ pattern: '/groups', permissions: READ_GROUPS, objects: allGroups, query: GROUPS }),
  {
    method: 'GET',
    pattern: '/groups/:id',
    permissions: READ_GROUPS,
    handler: (ctx) => {
      const group = findGroup(ctx.tenant, ctx.params.id ?? '');
      return group
        ? directoryEntity(ctx, { kind: 'group', record: group }, GROUPS)
        : resourceNotFound(ctx.params.id ?? '');
    },
  },
  ...relationshipRoutes({
    pattern: '/groups/:id/members',
    permissions: READ_GROUPS,
    source: related((ctx, group) => ctx.tenant.membersOf.get(group.id), true),
    casts: MEMBER_KINDS,
  }),
  ...relationshipRoutes({
    pattern: '/groups/:id/owners',
    permissions: READ_GROUPS,
    source: related((ctx, group) => ctx.tenant.ownersOf.get(group.id), true),
    casts: ['user', 'servicePrincipal'],
  }),
  ...relationshipRoutes({
    pattern: '/groups/:id/transitiveMembers',
    transitive: true,
    permissions: READ_GROUPS,
    source: related((ctx, group) => transitiveMemberIds(ctx.tenant, group.id)),
    casts: MEMBER_KINDS,
  }),
  ...relationshipRoutes({
    pattern: '/groups/:id/memberOf',
    permissions: READ_GROUPS,
    source: related((ctx, group) => ctx.tenant.memberships.get(group.id)),
    casts: ['group'],
  }),
  ...relationshipRoutes({
    pattern: '/groups/:id/transitiveMemberOf',
    transitive: true,
    permissions: READ_GROUPS,
    source: related((ctx, group) => transitiveMembershipIds(ctx.tenant, group.id)),
    casts: ['group'],
  }),
];
