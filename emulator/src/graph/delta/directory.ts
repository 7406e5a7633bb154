/**
 * `GET /users/delta` and `GET /groups/delta` (user-delta.md, group-delta.md; graph-api.md
 * Part 2 §1). `$select` limits both what is returned and what is tracked; groups carry
 * `members@delta` (by default, or when `members` is selected): every member on the first
 * round, then the members added and removed (`"@removed": {"reason": "deleted"}`).
 */
import { graphError } from '../../http/errors';
import type { GraphReply, Route, RouteContext } from '../../http/types';
import type { DirectoryObject, DirectoryObjectKind, Tenant } from '../../tenant/model';
import type { Change } from '../../tenant/changes';
import { findObject } from '../directory/lookup';
import { GROUP_DELTA, USER_DELTA } from '../directory/permissions';
import { SUPPORT_BY_KIND } from '../directory/query-support';
import { refuseUnknownSelected } from '../directory/select-check';
import { odataType, serializeObject } from '../directory/serialize';
import { withSelection } from '../../http/odata';
import {
  DELTA_SEGMENTS,
  deltaPage,
  parseSelectOption,
  queryOption,
  type DeltaEntry,
  type DeltaFeed,
  type TrackedOptions,
} from './engine';

/**
 * Page size of directory delta, in objects and membership references (undocumented; graph-api.md
 * §1.6 leaves it to the emulator).
 */
export const DIRECTORY_DELTA_PAGE_SIZE = 100;

/** `$filter=id eq '...' or ...` takes at most this many ids (user-delta.md, group-delta.md). */
const MAX_FILTERED_IDS = 50;

const NAVIGATION = new Set(['members', 'owners', 'manager']);

const UNSUPPORTED_QUERY = (): GraphReply => graphError(400, 'Request_UnsupportedQuery', 'Unsupported Query.');

function selects(select: readonly string[] | null, name: string): boolean {
  return select === null || select.some((s) => s.toLowerCase() === name.toLowerCase());
}

/** `$filter` on directory delta: only `id eq '<id>'` terms joined with `or`. */
function filteredIds(raw: string | null): Set<string> | null | GraphReply {
  if (raw === null) return null;
  const terms = raw.split(/\s+or\s+/i);
  const ids = new Set<string>();
  for (const term of terms) {
    const match = /^\s*id\s+eq\s+'([^']+)'\s*$/i.exec(term);
    if (!match) return UNSUPPORTED_QUERY();
    ids.add((match[1] as string).toLowerCase());
  }
  if (ids.size > MAX_FILTERED_IDS) return UNSUPPORTED_QUERY();
  return ids;
}

function memberRef(tenant: Tenant, id: string, added: boolean): Record<string, unknown> {
  const kind = findObject(tenant, id)?.kind ?? 'user';
  const ref: Record<string, unknown> = { '@odata.type': odataType(kind), id };
  if (!added) ref['@removed'] = { reason: 'deleted' };
  return ref;
}

function directoryFeed(tenant: Tenant, kind: Extract<DirectoryObjectKind, 'user' | 'group'>): DeltaFeed {
  const entitySet = kind === 'user' ? 'users' : 'groups';
  const records = (): Iterable<{ id: string }> => (kind === 'user' ? tenant.users.values() : tenant.groups.values());
  // `$filter` was checked when the round began; a token only carries one that passed. Parsed
  // once per call: every change of a round is checked against the same options object.
  const scopes = new WeakMap<TrackedOptions, Set<string> | null>();
  const scope = (options: TrackedOptions): Set<string> | null => {
    if (!scopes.has(options)) {
      const ids = filteredIds(options.filter);
      scopes.set(options, ids instanceof Set ? ids : null);
    }
    return scopes.get(options) ?? null;
  };
  return {
    key: entitySet,
    contextPath: entitySet,
    pageSize: DIRECTORY_DELTA_PAGE_SIZE,
    // A group weighs as much as the membership references it carries, so a large group fills
    // pages on its own and continues on the next (group-delta.md).
    maxMembersPerItem: DIRECTORY_DELTA_PAGE_SIZE,
    weight: (entry) => Math.max(1, entry.members?.size ?? 0),
    tracks(change: Change, options) {
      const ids = scope(options);
      if (change.kind !== kind || (ids !== null && !ids.has(change.id))) return false;
      if (change.changeType !== 'updated' || options.select === null) return true;
      // Only the selected properties are tracked (delta-query-overview.md).
      return (change.properties ?? []).some((property) => selects(options.select, property));
    },
    initial(options) {
      const ids = scope(options);
      const entries: DeltaEntry[] = [];
      for (const record of records()) {
        if (ids !== null && !ids.has(record.id)) continue;
        const entry: DeltaEntry = { id: record.id, kind };
        if (kind === 'group' && selects(options.select, 'members'))
          entry.members = new Map((tenant.membersOf.get(record.id) ?? []).map((id) => [id, true]));
        entries.push(entry);
      }
      return entries;
    },
    render(entry, { select }) {
      const object: DirectoryObject | undefined = findObject(tenant, entry.id);
      if (!object || object.kind !== kind) return { id: entry.id, '@removed': { reason: 'deleted' } };
      // Navigation names (members, manager) are not properties: they show as `@delta` annotations.
      const properties = select?.filter((name) => !NAVIGATION.has(name.toLowerCase())) ?? null;
      const rendered = serializeObject(object, properties, { withType: false });
      // `id` is always returned by delta, selected or not.
      const body: Record<string, unknown> = { ...rendered, id: object.record.id };
      if (entry.members && entry.members.size > 0 && selects(select, 'members'))
        body['members@delta'] = [...entry.members].map(([id, added]) => memberRef(tenant, id, added));
      return body;
    },
  };
}

function directoryDelta(kind: Extract<DirectoryObjectKind, 'user' | 'group'>) {
  return (ctx: RouteContext): GraphReply => {
    const { call } = ctx;
    for (const option of ['$top', '$orderby', '$skip', '$search', '$count']) {
      if (queryOption(call, option) !== null) return UNSUPPORTED_QUERY();
    }
    // Older pages used `$expand=members` on groups; it is accepted as `members` being tracked.
    const expand = queryOption(call, '$expand');
    if (expand !== null && !(kind === 'group' && expand.trim().toLowerCase() === 'members')) return UNSUPPORTED_QUERY();
    const select = parseSelectOption(call);
    const refused = refuseUnknownSelected(select, SUPPORT_BY_KIND[kind]);
    if (refused) return refused;
    const ids = filteredIds(queryOption(call, '$filter'));
    if (ids !== null && !(ids instanceof Set)) return ids;
    const reply = deltaPage(call, ctx.tenant, directoryFeed(ctx.tenant, kind));
    if (reply.status === 200 && select !== null && typeof reply.body === 'object' && reply.body !== null) {
      const body = reply.body as Record<string, unknown>;
      body['@odata.context'] = String(body['@odata.context']).replace(
        /#(users|groups)$/,
        `#${withSelection(kind === 'user' ? 'users' : 'groups', select)}`,
      );
    }
    return reply;
  };
}

export const directoryDeltaRoutes: Route[] = DELTA_SEGMENTS.flatMap((segment): Route[] => [
  { method: 'GET', pattern: `/users/${segment}`, permissions: USER_DELTA, handler: directoryDelta('user') },
  { method: 'GET', pattern: `/groups/${segment}`, permissions: GROUP_DELTA, handler: directoryDelta('group') },
]);
