/**
 * How a live source reaches Graph: with the identities of its current subscribers, newest first,
 * so a watch outlives any one subscriber's token.
 */
import { GraphQLError } from 'graphql';
import type { DeltaPage, GraphClient, Page } from '../graph/client';
import { GraphApiError, GraphInputError } from '../graph/errors';
import { MAX_PAGE_SIZE } from '../graph/paging';
import { ErrorCode } from '../errors';
import type { LiveEnd } from './change-source';

/** Opens a Graph client with one subscriber's identity (a fresh one per read: no cache outlives it). */
export type GraphReader = () => Promise<GraphClient>;

/** Whether a reader failed to authenticate (that subscriber's token expired): the next reader is tried. */
export function isCallerRefusal(error: unknown): boolean {
  const code = error instanceof GraphQLError ? error.extensions.code : undefined;
  return code === ErrorCode.UNAUTHENTICATED || (error instanceof GraphApiError && error.status === 401);
}

/** Runs `use` with the first reader whose identity still authenticates (the newest subscriber first). */
export async function withAnyReader<T>(
  readers: readonly GraphReader[],
  use: (graph: GraphClient) => Promise<T>,
): Promise<T> {
  let lastRefusal: unknown = new Error('No subscriber is left to reach Graph with.');
  for (const reader of readers) {
    try {
      return await use(await reader());
    } catch (error) {
      if (!isCallerRefusal(error)) throw error;
      lastRefusal = error;
    }
  }
  throw lastRefusal;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A bound on pages per read, so a runaway nextLink chain cannot loop. */
const MAX_PAGES_PER_READ = 50;

/**
 * Every item of a Graph collection, following its pages at the largest page size; `collection`
 * names it in the error when it is too large to watch.
 */
export async function readWholeCollection<T>(
  readPage: (page: { first: number; after?: string }) => Promise<Page<T>>,
  collection: string,
): Promise<T[]> {
  const items: T[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES_PER_READ; page += 1) {
    const read: Page<T> = await readPage({ first: MAX_PAGE_SIZE, ...(after !== null ? { after } : {}) });
    items.push(...read.items);
    after = read.endCursor;
    if (after === null) return items;
  }
  throw new Error(`${collection} has more than ${MAX_PAGES_PER_READ * MAX_PAGE_SIZE} items; it is not watched.`);
}

/** A bound on the pages of one delta round (a large group's members span many), so a runaway chain of links cannot loop. */
const MAX_DELTA_PAGES = 100;

/** A whole delta round: what changed and what was removed since its start, and the token for the next. */
export interface DeltaRound<T> {
  changed: T[];
  removedIds: string[];
  deltaToken: string;
}

/**
 * Follows a delta round from `token` (null: an initial round) through its pages to its delta
 * token; `feed` names it in the error when the round is too long to follow.
 */
export async function readDeltaRound<T>(
  readPage: (token: string | null) => Promise<DeltaPage<T>>,
  token: string | null,
  feed: string,
): Promise<DeltaRound<T>> {
  const round: DeltaRound<T> = { changed: [], removedIds: [], deltaToken: '' };
  let next = token;
  for (let page = 0; page < MAX_DELTA_PAGES; page += 1) {
    const read = await readPage(next);
    round.changed.push(...read.changed);
    round.removedIds.push(...read.removedIds);
    next = read.nextToken;
    if (!read.hasMore) return { ...round, deltaToken: next };
  }
  throw new Error(`The delta round of ${feed} spans more than ${MAX_DELTA_PAGES} pages; it is not watched.`);
}

/**
 * Whether a delta call failed for its token: Graph no longer holds the sync state (410), or the
 * token is sealed for another subscriber of the scope. The source then starts a new round.
 */
export function isLostDeltaToken(error: unknown): boolean {
  return error instanceof GraphInputError && error.argument === 'token';
}

/**
 * A read Graph refuses for good, as the end of a watch: 404 (the watched resource is gone) or 403
 * (the scope lost access); null for anything else, which is transient.
 */
export function refusedForGood(error: unknown, resource: string): LiveEnd | null {
  if (!(error instanceof GraphApiError) || error.kind !== 'http') return null;
  if (error.status === 404) return { code: ErrorCode.NOT_FOUND, message: `The ${resource} no longer exists.` };
  if (error.status === 403)
    return { code: ErrorCode.FORBIDDEN, message: `Access to the ${resource} was refused: ${error.message}` };
  return null;
}
