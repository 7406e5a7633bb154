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

/** The last segment of every delta route: the function's bare name and its namespace-qualified one. */
export const DELTA_SEGMENTS = ['delta', 'microsoft.graph.delta'] as const;

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
  /** A page holds items up to this weight (by default each item weighs 1). */
  pageSize: number;
  /**
   * An item with more membership references than this is split into several items with the same
   * id, each carrying the next slice (group-delta.md: a large group spans pages).
   */
  maxMembersPerItem?: number;
  /** The page weight of an item (groups: their membership references), default 1. */
  weight?(entry: DeltaEntry): number;
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

/** Splits items whose membership references exceed `max` into items of `max` references each. */
function splitMembers(entries: readonly DeltaEntry[], max: number | undefined): DeltaEntry[] {
  if (max === undefined) return [...entries];
  return entries.flatMap((entry) => {
    if (!entry.members || entry.members.size <= max) return [entry];
    const references = [...entry.members];
    const slices: DeltaEntry[] = [];
    for (let start = 0; start < references.length; start += max)
      slices.push({ ...entry, members: new Map(references.slice(start, start + max)) });
    return slices;
  });
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

/** A round's items and where it ends: what a nextLink pages through. */
interface RoundState {
  entries: readonly DeltaEntry[];
  /** The change-log position the round's deltaLink starts the next round after. */
  seq: number;
  options: TrackedOptions;
}

function positionAt(feed: DeltaFeed, log: ChangeLog, seq: number, options: TrackedOptions): PositionToken {
  return { type: 'position', feed: feed.key, generation: log.generation, seq, issuedAt: Date.now(), options };
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
  const fromQuery: TrackedOptions = { select: parseSelectOption(call), filter: queryOption(call, '$filter') };

  let token: DeltaToken | null = null;
  if (skipText !== null) {
    token = openToken(skipText, feed.key);
    if (!token) return badToken('$skiptoken');
  } else if (deltaText !== null && deltaText.toLowerCase() === 'latest') {
    // Sync from now: no items, only the deltaLink (delta-query-overview.md).
    const now = positionAt(feed, log, log.latestSeq, fromQuery);
    return page(call, feed, [], null, now, options.headers, fromQuery);
  } else if (deltaText !== null && deltaText !== '') {
    token = openToken(deltaText, feed.key);
    if (!token || token.type !== 'position') return badToken('$deltatoken');
  }

  if (token === null) {
    if (feed.startsEmpty) {
      const start = sealToken(positionAt(feed, log, log.latestSeq, fromQuery));
      return page(call, feed, [], start, null, options.headers, fromQuery);
    }
    const entries = splitMembers(feed.initial(fromQuery), feed.maxMembersPerItem);
    const round: RoundState = { entries, seq: log.latestSeq, options: fromQuery };
    return roundPage(call, tenant, feed, round, 0, null, pageSize, options.headers);
  }

  if (token.type === 'page') {
    const round = token.generation === log.generation ? heldRounds(tenant).get<DeltaEntry>(token.round) : undefined;
    if (!round) return syncStateGone(call);
    return roundPage(call, tenant, feed, round, token.offset, token.round, pageSize, options.headers);
  }

  if (!positionIsLive(log, token)) return syncStateGone(call);
  // Some directory resources let a deltaLink change the tracked selection (delta-query-overview.md).
  const tracked: TrackedOptions = { ...token.options, select: fromQuery.select ?? token.options.select };
  const round: RoundState = {
    entries: splitMembers(changedEntries(feed, log.since(token.seq), tracked), feed.maxMembersPerItem),
    seq: log.latestSeq,
    options: tracked,
  };
  return roundPage(call, tenant, feed, round, 0, null, pageSize, options.headers);
}

/**
 * The page of a round from `offset`: with a nextLink while items remain (the round is held for
 * it, under `heldId` once held), else with the round's deltaLink.
 */
function roundPage(
  call: GraphCall,
  tenant: Tenant,
  feed: DeltaFeed,
  round: RoundState,
  offset: number,
  heldId: string | null,
  pageSize: number,
  headers: Record<string, string> | undefined,
): GraphReply {
  const log = changeLog(tenant);
  // Items up to the page's weight; the first item always goes, however heavy.
  let nextOffset = offset;
  for (let weight = 0; nextOffset < round.entries.length; nextOffset++) {
    const item = feed.weight?.(round.entries[nextOffset] as DeltaEntry) ?? 1;
    if (nextOffset > offset && weight + item > pageSize) break;
    weight += item;
  }
  const items = round.entries.slice(offset, nextOffset);
  if (nextOffset >= round.entries.length) {
    const end = positionAt(feed, log, round.seq, round.options);
    return page(call, feed, items, null, end, headers, round.options);
  }
  const id = heldId ?? heldRounds(tenant).hold(round);
  const next = sealToken({ type: 'page', feed: feed.key, generation: log.generation, round: id, offset: nextOffset });
  return page(call, feed, items, next, null, headers, round.options);
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
