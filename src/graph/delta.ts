/**
 * Delta rounds (delta-query-overview.md; graph-api.md Part 2 §§1–2): one call reads one Graph
 * page of a feed's round and hands back what changed, the ids removed, and a token for the next
 * call. The token is the client's cursor seal (`graph/paging`) around Graph's `$skiptoken` (more
 * pages of this round follow) or `$deltatoken` (the round is complete; the next call returns the
 * changes made since), bound to the caller and the feed: it is refused for another caller, another
 * feed or another To Do list, and when altered, before any Graph call.
 *
 * Graph's `@odata.nextLink` / `@odata.deltaLink` are never followed as sent: the link must name
 * this Graph host and the feed's path, and only its `$skiptoken` / `$deltatoken` is kept; the next
 * URL is rebuilt from the feed's own path. Reads go through the wave queue like any read.
 */
import type { DeltaPage, DeltaRequest } from './client';
import { GraphInputError, protocolError } from './errors';
import { filterFor, queryString } from './odata';
import type { CursorBinding, CursorSeal, GraphPageStart } from './paging';
import { errorFromAnswer, isRecord, objectBody, type GraphAnswer } from './response';
import type { WaveQueue } from './wave-queue';

/** Where a feed is read, what its tokens are bound to, and which links of Graph belong to it. */
export interface DeltaFeed {
  /** The encoded path below the version root every call of the feed goes to, e.g. `/users/delta`. */
  path: string;
  /** What the feed's tokens are bound to besides the caller (`/users/delta`, `/todo/lists/{id}/tasks/delta`). */
  binding: string;
  /**
   * Whether `$select` goes with a call that starts at `start`. Graph encodes the first call's
   * options in its tokens; only directory feeds also take `$select` with a `$deltatoken` (which
   * then changes what is tracked), and no feed takes it with a `$skiptoken`.
   */
  sendsSelect(start: GraphPageStart | null): boolean;
  /** Whether a link's path, as decoded segments below the version root, is this feed's. */
  ownsLink(segments: readonly string[]): boolean;
}

export interface DeltaReaderOptions {
  queue: WaveQueue;
  cursors: CursorSeal;
  /** Graph's version root, e.g. `https://graph.microsoft.com/v1.0`: links must start with it. */
  versionRoot: string;
}

export interface DeltaReader {
  read<T extends { id: string }>(feed: DeltaFeed, request: DeltaRequest): Promise<DeltaPage<T>>;
}

/**
 * Graph no longer holds the sync state a delta token points at (410 Gone, or `syncStateNotFound`):
 * the client has to sync again from the start. The GraphQL layer gives it its own code.
 */
export class DeltaTokenExpiredError extends GraphInputError {
  constructor() {
    super(
      'token',
      'The delta token has expired: Microsoft Graph no longer holds this sync state. Resync: call again without a token, then continue with the nextToken returned.',
    );
  }
}

/** `token: "latest"`: start from now (`$deltatoken=latest`): no items, only the next round's token. */
export const LATEST_TOKEN = 'latest';

const LATEST: GraphPageStart = { name: '$deltatoken', value: LATEST_TOKEN };

/** The segments of a delta function call: `delta` or its long form, which SDKs send. */
export function isDeltaSegment(segment: string | undefined): boolean {
  return segment === 'delta' || segment === 'microsoft.graph.delta';
}

function refusedToken(reason: string): GraphInputError {
  return new GraphInputError(
    'token',
    `token is not a delta token this API issued for this feed and caller (${reason}).`,
  );
}

function expired(answer: GraphAnswer): boolean {
  if (answer.status === 410) return true;
  const error = isRecord(answer.body) && isRecord(answer.body.error) ? answer.body.error : undefined;
  // Directory resources have answered an expired token with 400 `syncStateNotFound` (graph-api.md §1.5).
  return answer.status === 400 && error?.code === 'syncStateNotFound';
}

/** Decoded path segments of `link` below `versionRoot`, or null when it points elsewhere. */
function segmentsBelow(link: URL, versionRoot: string): string[] | null {
  const prefix = `${versionRoot}/`;
  const where = `${link.origin}${link.pathname}`;
  if (!where.startsWith(prefix)) return null;
  try {
    return where.slice(prefix.length).split('/').map(decodeURIComponent);
  } catch {
    return null;
  }
}

/** The token of a next or delta link, once the link is known to be this feed's on this Graph host. */
function tokenOfLink(
  link: unknown,
  name: '$skiptoken' | '$deltatoken',
  feed: DeltaFeed,
  versionRoot: string,
): GraphPageStart & { name: typeof name } {
  const refused = (why: string) => protocolError(`Microsoft Graph answered ${feed.path} with a ${name} link ${why}.`);
  let url: URL;
  try {
    url = new URL(String(link));
  } catch {
    throw refused('that is not a URL');
  }
  const segments = segmentsBelow(url, versionRoot);
  if (segments === null || !feed.ownsLink(segments)) throw refused('to another host or path');
  const values = [...url.searchParams].filter(([key]) => key.toLowerCase() === name).map(([, value]) => value);
  const [value] = values;
  if (values.length !== 1 || value === undefined || value === '') throw refused(`without one ${name}`);
  return { name, value };
}

/**
 * What a token is bound to besides the caller. A `$deltatoken` starts a round: it is bound to the
 * feed only (directory feeds send the current `$select` with it). A `$skiptoken` continues a
 * round whose `$select` Graph fixed at the round's first call, so it is bound to that selection
 * too: a page asked for with other fields is refused rather than answered without them.
 */
function bindingsOf(
  feed: DeltaFeed,
  { select, ids }: DeltaRequest,
): Record<'$deltatoken' | '$skiptoken', CursorBinding> {
  const roundSelect = feed.sendsSelect(null) ? select.join(',') : '';
  // A filtered round's tokens track only its objects: bound to them, never to the whole feed.
  const collection = ids && ids.length > 0 ? `${feed.binding}?ids=${[...ids].sort().join(',')}` : feed.binding;
  return {
    $deltatoken: { collection, shape: 'delta' },
    $skiptoken: { collection, shape: `delta round:${roundSelect}` },
  };
}

/** Graph's cap on the ids of a filtered directory delta (user-delta.md, group-delta.md). */
const MAX_FILTERED_IDS = 50;

const idFilter = filterFor(['id']);

/** `$filter=id eq '…' or id eq '…'`, the one form delta takes (graph-api.md Part 2 §1.2). */
function idsFilter(ids: readonly string[]): string {
  if (ids.length > MAX_FILTERED_IDS)
    throw new GraphInputError('ids', `A delta round takes at most ${MAX_FILTERED_IDS} ids.`);
  return ids.map((id) => idFilter.eq('id', id)).join(' or ');
}

export function createDeltaReader(options: DeltaReaderOptions): DeltaReader {
  const { cursors, queue, versionRoot } = options;

  function startOf(token: string | null, bindings: ReturnType<typeof bindingsOf>): GraphPageStart | null {
    if (token === null) return null;
    if (token === LATEST_TOKEN) return LATEST;
    for (const name of ['$deltatoken', '$skiptoken'] as const) {
      let page: GraphPageStart | null;
      try {
        page = cursors.open(token, bindings[name]).page;
      } catch (error) {
        if (error instanceof GraphInputError) continue;
        throw error;
      }
      if (page?.name === name) return page;
    }
    throw refusedToken(
      'it was altered, issued for another feed or caller, or, in the middle of a round, for other fields: ' +
        "select the fields of the round's first page, or call again without a token",
    );
  }

  return {
    async read<T extends { id: string }>(feed: DeltaFeed, request: DeltaRequest): Promise<DeltaPage<T>> {
      const bindings = bindingsOf(feed, request);
      const start = startOf(request.token, bindings);
      const query: Array<[string, string]> = [];
      if (feed.sendsSelect(start)) query.push(['$select', request.select.join(',')]);
      if ((start === null || start === LATEST) && request.ids && request.ids.length > 0)
        query.push(['$filter', idsFilter(request.ids)]);
      if (start !== null) query.push([start.name, start.value]);
      const answer = await queue.enqueue({ url: `${feed.path}${queryString(query)}`, headers: {} }).answer;
      if (start !== null && expired(answer)) throw new DeltaTokenExpiredError();
      if (answer.status !== 200) throw errorFromAnswer(answer);

      const body = objectBody(answer);
      if (!Array.isArray(body.value))
        throw protocolError(`Microsoft Graph answered ${feed.path} without a value array.`);
      const changed: T[] = [];
      const removedIds: string[] = [];
      for (const item of body.value as unknown[]) {
        if (!isRecord(item) || typeof item.id !== 'string') continue;
        if (item['@removed'] !== undefined) removedIds.push(item.id);
        else changed.push(item as T);
      }

      const nextLink = body['@odata.nextLink'];
      const deltaLink = body['@odata.deltaLink'];
      // A page carries one or the other, never both (delta-query-overview.md).
      if ((nextLink === undefined) === (deltaLink === undefined))
        throw protocolError(`Microsoft Graph answered ${feed.path} without exactly one of nextLink and deltaLink.`);
      const hasMore = nextLink !== undefined;
      const next = hasMore
        ? tokenOfLink(nextLink, '$skiptoken', feed, versionRoot)
        : tokenOfLink(deltaLink, '$deltatoken', feed, versionRoot);
      const nextToken = cursors.seal({ page: next, counted: false, offset: 0 }, bindings[next.name]);
      return { changed, removedIds, nextToken, hasMore };
    },
  };
}
