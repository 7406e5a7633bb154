/**
 * `POST /groups/{id}/members/$ref` (group-post-members.md) and
 * `DELETE /groups/{id}/members/{memberId}/$ref` (group-delete-members.md): both answer 204 No
 * Content and record the membership change (a group `updated`, with the member) for delta
 * queries (`members@delta`) and change notifications.
 */
import { graphError, resourceNotFound } from '../../http/errors';
import type { GraphReply, Route, RouteContext } from '../../http/types';
import type { Tenant } from '../../tenant/model';
import { recordChange } from '../../tenant/changes';
import { findGroup, findObject } from '../directory/lookup';
import { listIn, removeFrom } from './edge-lists';
import { WRITE_MEMBERS } from './permissions';

/** `https://graph.microsoft.com/v1.0/directoryObjects/{id}`, `.../users/{id}`, `.../directoryObjects('{id}')`. */
const REFERENCE =
  /\/(?:directoryObjects|users|groups|devices|servicePrincipals|contacts|orgContacts)(?:\/|\(')([^/'()?#]+)'?\)?\/?$/i;

/** The kinds a group can hold as members. */
const MEMBER_KINDS = new Set(['user', 'group', 'device', 'servicePrincipal', 'orgContact']);

function referencedId(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const reference = (body as Record<string, unknown>)['@odata.id'];
  if (typeof reference !== 'string') return null;
  const match = REFERENCE.exec(reference.trim());
  return match ? decodeURIComponent(match[1] as string) : null;
}

function recordMembership(tenant: Tenant, groupId: string, memberId: string, added: boolean): void {
  recordChange(tenant, {
    kind: 'group',
    changeType: 'updated',
    id: groupId,
    properties: ['members'],
    member: { id: memberId, added },
  });
}

function addMember(ctx: RouteContext): GraphReply {
  const group = findGroup(ctx.tenant, ctx.params.id ?? '');
  if (!group) return resourceNotFound(ctx.params.id ?? '');
  const memberId = referencedId(ctx.call.body);
  if (memberId === null) {
    return graphError(
      400,
      'Request_BadRequest',
      "The request body must hold an '@odata.id' that references a directory object, such as 'https://graph.microsoft.com/v1.0/directoryObjects/{id}'.",
    );
  }
  const member = findObject(ctx.tenant, memberId);
  if (!member || !MEMBER_KINDS.has(member.kind)) return resourceNotFound(memberId);
  const members = listIn(ctx.tenant.membersOf, group.id);
  if (members.includes(member.record.id) || member.record.id === group.id) {
    return graphError(
      400,
      'Request_BadRequest',
      "One or more added object references already exist for the following modified properties: 'members'.",
    );
  }
  members.push(member.record.id);
  listIn(ctx.tenant.memberships, member.record.id).push(group.id);
  recordMembership(ctx.tenant, group.id, member.record.id, true);
  return { status: 204 };
}

function removeMember(ctx: RouteContext): GraphReply {
  const group = findGroup(ctx.tenant, ctx.params.id ?? '');
  if (!group) return resourceNotFound(ctx.params.id ?? '');
  const memberId = (ctx.params.memberId ?? '').toLowerCase();
  const members = ctx.tenant.membersOf.get(group.id);
  if (!members?.includes(memberId)) return resourceNotFound(ctx.params.memberId ?? '');
  removeFrom(members, memberId);
  removeFrom(ctx.tenant.memberships.get(memberId), group.id);
  recordMembership(ctx.tenant, group.id, memberId, false);
  return { status: 204 };
}

export const groupMemberWriteRoutes: Route[] = [
  { method: 'POST', pattern: '/groups/:id/members/$ref', permissions: WRITE_MEMBERS, handler: addMember },
  {
    method: 'DELETE',
    pattern: '/groups/:id/members/:memberId/$ref',
    permissions: WRITE_MEMBERS,
    handler: removeMember,
  },
];
