/**
 * One delta round, whatever the resource (delta-query-overview.md): the first call (no token)
 * syncs every current item, `@odata.nextLink` pages carry a `$skiptoken`, the last page carries
 * an `@odata.deltaLink` with a `$deltatoken`, and that link returns what changed since. An item
 * that changed is returned as it is now; one that is gone as `{"id", "@removed"}`.
 * `$deltatoken=latest` starts from now with no items. An expired token answers 410.
 */
import { graphError } from '../../http/errors';
import { contextUrl, encodePath } from '../../http/odata';
import type { GraphCall, GraphReply } from '../../http/types';
import type { Tenant } from '../../tenant/model';
import { changeLog, type Change, type ChangeLog } from '../../tenant/changes';
import {
  DELTA_TOKEN_LIFETIME_MS,
  HeldRounds,
  openToken,
  sealToken,
  type DeltaToken,
  type PositionToken,
  type TrackedOptions,
} from './tokens';

export type { TrackedOptions } from './tokens';

/** One item of a round: which entity, and for groups the membership changes to report. */
export interface DeltaEntry {
  id: string;
  /** The change kind (mixed feeds such as Planner's render each kind its own way). */
  kind: Change['kind'];
  /** Member id → added (true) or removed (false); absent: no membership to report. */
  members?: Map<string, boolean>;
}

export interface DeltaFeed {
  /** Binds tokens to the resource (`users`, `todoTasks:<listId>`...). */
  key: string;
  /** `@odata.context` fragment after `$metadata#`. */
  contextPath: string;
  pageSize: number;
  /**
   * Planner's flow (planneruser-list-delta.md): the first call returns no items and a nextLink;
   * following it returns the changes since the first call.
   */
  startsEmpty?: boolean;
  /** Whether the feed reports `change` under the round's options (`$select`, `$filter`). */
  tracks(change: Change, options: TrackedOptions): boolean;
  /** Every current item, for the first round. */
  initial(options: TrackedOptions): DeltaEntry[];
  /** An entry as the page shows it (called when the page is served, so it shows the item as it is then). */
  render(entry: DeltaEntry, options: TrackedOptions): Record<string, unknown>;
}

const heldRoundsByTenant = new WeakMap<Tenant, HeldRounds>();

function heldRounds(tenant: Tenant): HeldRounds {
  let rounds = heldRoundsByTenant.get(tenant);
  if (!rounds) {
    rounds = new HeldRounds();
    heldRoundsByTenant.set(tenant, rounds);
  }
  return rounds;
}

/** A query option by name, regardless of case (older pages spell `$deltaToken`). */
export function queryOption(call: GraphCall, name: string): string | null {
  for (const [key, value] of call.query) if (key.toLowerCase() === name) return value;
  return null;
}

export function parseSelectOption(call: GraphCall): string[] | null {
  const raw = queryOption(call, '$select');
  if (raw === null) return null;
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return names.length > 0 ? names : null;
}

function deltaUrl(call: GraphCall, option: '$skiptoken' | '$deltatoken', token: string): string {
  return `${call.origin}/${call.version}${encodePath(call.path)}?${option}=${encodeURIComponent(token)}`;
}

/**
 * 410 Gone with `syncStateNotFound` (delta-query-overview.md): the client must start over, and
 * `Location` holds the initial query (an empty `$deltatoken`).
 */
export function syncStateGone(call: GraphCall): GraphReply {
  return graphError(
    410,
    'syncStateNotFound',
    'The sync state generation is not found. The delta token is expired and data must be synchronized again.',
    { Location: deltaUrl(call, '$deltatoken', '') },
  );
}

function badToken(option: string): GraphReply {
  return graphError(400, 'BadRequest', `The ${option} is invalid: it was not issued for this resource.`);
}

/** The entries of a change round: each changed item once, in order of its first change. */
function changedEntries(feed: DeltaFeed, changes: readonly Change[], options: TrackedOptions): DeltaEntry[] {
  const entries = new Map<string, DeltaEntry>();
  for (const change of changes) {
    if (!feed.tracks(change, options)) continue;
    const key = `${change.kind}:${change.id}`;
    let entry = entries.get(key);
    if (!entry) {
      entry = { id: change.id, kind: change.kind };
      entries.set(key, entry);
    }
    if (change.member) (entry.members ??= new Map()).set(change.member.id, change.member.added);
  }
  return [...entries.values()];
}

function positionIsLive(log: ChangeLog, token: PositionToken): boolean {
  return (
    token.generation === log.generation &&
    Date.now() - token.issuedAt < DELTA_TOKEN_LIFETIME_MS &&
    log.holdsChangesAfter(token.seq)
  );
}

export interface DeltaPageOptions {
  /** The page size the client asked for (`Prefer: odata.maxpagesize`, `$top`), when the resource honours one. */
  pageSize?: number;
  /** Headers to add to the page (`Preference-Applied`). */
  headers?: Record<string, string>;
}

/** Answers one delta call on `feed`. */
export function deltaPage(
  call: GraphCall,
  tenant: Tenant,
  feed: DeltaFeed,
  options: DeltaPageOptions = {},
): GraphReply {
  const log = changeLog(tenant);
  const deltaText = queryOption(call, '$deltatoken');
  const skipText = queryOption(call, '$skiptoken');
  const pageSize = options.pageSize ?? feed.pageSize;
  const position = (seq: number, tracked: TrackedOptions): PositionToken => ({
    type: 'position',
    feed: feed.key,
    generation: log.generation,
    seq,
    issuedAt: Date.now(),
    options: tracked,
  });
  const fromQuery: TrackedOptions = { select: parseSelectOption(call), filter: queryOption(call, '$filter') };

  let token: DeltaToken | null = null;
  if (skipText !== null) {
    token = openToken(skipText, feed.key);
    if (!token) return badToken('$skiptoken');
  } else if (deltaText !== null && deltaText.toLowerCase() === 'latest') {
    // Sync from now: no items, only the deltaLink (delta-query-overview.md).
    return page(call, feed, [], null, position(log.latestSeq, fromQuery), options.headers, fromQuery);
  } else if (deltaText !== null && deltaText !== '') {
    token = openToken(deltaText, feed.key);
    if (!token || token.type !== 'position') return badToken('$deltatoken');
  }

  if (token === null) {
    if (feed.startsEmpty) {
      const start = position(log.latestSeq, fromQuery);
      return {
        status: 200,
        headers: options.headers,
        body: {
          '@odata.context': contextUrl(call, feed.contextPath),
          '@odata.nextLink': deltaUrl(call, '$skiptoken', sealToken(start)),
          value: [],
        },
      };
    }
    return firstPage(call, tenant, feed, feed.initial(fromQuery), log.latestSeq, fromQuery, pageSize, options.headers);
  }

  if (token.type === 'page') {
    const round = token.generation === log.generation ? heldRounds(tenant).get<DeltaEntry>(token.round) : undefined;
    if (!round) return syncStateGone(call);
    const rest = round.entries.slice(token.offset);
    return restOfRound(call, tenant, feed, rest, token, round, pageSize, options.headers);
  }

  if (!positionIsLive(log, token)) return syncStateGone(call);
  // Some directory resources let a deltaLink change the tracked selection (delta-query-overview.md).
  const tracked: TrackedOptions = { ...token.options, select: fromQuery.select ?? token.options.select };
  const target = log.latestSeq;
  const entries = changedEntries(feed, log.since(token.seq), tracked);
  return firstPage(call, tenant, feed, entries, target, tracked, pageSize, options.headers);
}

function firstPage(
  call: GraphCall,
  tenant: Tenant,
  feed: DeltaFeed,
  entries: readonly DeltaEntry[],
  target: number,
  tracked: TrackedOptions,
  pageSize: number,
  headers: Record<string, string> | undefined,
): GraphReply {
  const log = changeLog(tenant);
  if (entries.length <= pageSize) {
    const end: PositionToken = {
      type: 'position',
      feed: feed.key,
      generation: log.generation,
      seq: target,
      issuedAt: Date.now(),
      options: tracked,
    };
    return page(call, feed, entries, null, end, headers, tracked);
  }
  const round = heldRounds(tenant).hold({ entries, seq: target, options: tracked });
  const next = sealToken({ type: 'page', feed: feed.key, generation: log.generation, round, offset: pageSize });
  return page(call, feed, entries.slice(0, pageSize), next, null, headers, tracked);
}

function restOfRound(
  call: GraphCall,
  tenant: Tenant,
  feed: DeltaFeed,
  rest: readonly DeltaEntry[],
  token: Extract<DeltaToken, { type: 'page' }>,
  round: { seq: number; options: TrackedOptions },
  pageSize: number,
  headers: Record<string, string> | undefined,
): GraphReply {
  const log = changeLog(tenant);
  if (rest.length <= pageSize) {
    const end: PositionToken = {
      type: 'position',
      feed: feed.key,
      generation: log.generation,
      seq: round.seq,
      issuedAt: Date.now(),
      options: round.options,
    };
    return page(call, feed, rest, null, end, headers, round.options);
  }
  const next = sealToken({ ...token, offset: token.offset + pageSize });
  return page(call, feed, rest.slice(0, pageSize), next, null, headers, round.options);
}

function page(
  call: GraphCall,
  feed: DeltaFeed,
  entries: readonly DeltaEntry[],
  nextToken: string | null,
  end: PositionToken | null,
  headers: Record<string, string> | undefined,
  tracked: TrackedOptions,
): GraphReply {
  const body: Record<string, unknown> = { '@odata.context': contextUrl(call, feed.contextPath) };
  if (nextToken !== null) body['@odata.nextLink'] = deltaUrl(call, '$skiptoken', nextToken);
  if (end !== null) body['@odata.deltaLink'] = deltaUrl(call, '$deltatoken', sealToken(end));
  body.value = entries.map((entry) => feed.render(entry, tracked));
  return { status: 200, headers, body };
}
