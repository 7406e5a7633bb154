/**
 * `DELETE /groups/{id}` (group-delete.md): 204 and the group is gone from the directory, its
 * memberships and ownerships with it; the deletion is recorded, so group delta reports the group
 * `@removed` and subscriptions on it are notified `deleted`. Microsoft 365 groups go to Graph's
 * deleted items for 30 days; the emulator keeps no deleted items, so a deleted group of any kind
 * is simply gone (README choices).
 */
import { resourceNotFound } from '../../http/errors';
import type { GraphReply, Route, RouteContext } from '../../http/types';
import type { Tenant } from '../../tenant/model';
import { recordChange } from '../../tenant/changes';
import { findGroup } from '../directory/lookup';
import { removeFrom } from './edge-lists';
import { DELETE_GROUPS } from './permissions';

/** Removes a group and every edge that names it. */
function removeGroup(tenant: Tenant, groupId: string): void {
  for (const memberId of tenant.membersOf.get(groupId) ?? []) removeFrom(tenant.memberships.get(memberId), groupId);
  for (const containerId of tenant.memberships.get(groupId) ?? [])
    removeFrom(tenant.membersOf.get(containerId), groupId);
  tenant.membersOf.delete(groupId);
  tenant.ownersOf.delete(groupId);
  tenant.memberships.delete(groupId);
  tenant.groups.delete(groupId);
  tenant.directoryObjects.delete(groupId);
}

function deleteGroup(ctx: RouteContext): GraphReply {
  const group = findGroup(ctx.tenant, ctx.params.id ?? '');
  if (!group) return resourceNotFound(ctx.params.id ?? '');
  removeGroup(ctx.tenant, group.id);
  recordChange(ctx.tenant, { kind: 'group', changeType: 'deleted', id: group.id });
  return { status: 204 };
}

export const groupDeleteRoute: Route = {
  method: 'DELETE',
  pattern: '/groups/:id',
  permissions: DELETE_GROUPS,
  handler: deleteGroup,
};
