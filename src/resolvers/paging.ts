/**
 * `first` / `after` → the Graph client's `PageRequest`, and pages back into connections.
 *
 * Graph can resume a collection only where one of its pages ended (`@odata.nextLink`). To give
 * every edge a usable cursor, the gateway's cursor pairs the client's page cursor with how many
 * items to skip from there: an edge's cursor is `(cursor the page was read from, its position)`,
 * and `endCursor` is `(Graph's next page, 0)`.
 */
import type { Page, PageRequest } from '../graph/client';
import { badUserInput } from '../errors';

export const MAX_FIRST = 999;
/** `first` of root lists (`users`, `groups`): Graph's own default page size. */
export const ROOT_LIST_DEFAULT_FIRST = 100;
/** `first` of nested lists (`directReports`, `memberOf`, `members`...). */
export const NESTED_LIST_DEFAULT_FIRST = 25;

export interface PagingArgs {
  first?: number | null;
  after?: string | null;
}

interface CursorPosition {
  /** The client's cursor the items were read from; null for the start of the collection. */
  pageCursor: string | null;
  /** How many items of that page come before the next one to return. */
  skip: number;
}

export interface Connection<T> {
  nodes: T[];
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number | null;
}

/** Whether `first` is a page size the API accepts: an integer in 1..999. */
export function isValidFirst(first: number): boolean {
  return Number.isInteger(first) && first >= 1 && first <= MAX_FIRST;
}

/** Throws BAD_USER_INPUT unless `first` is null (→ `defaultFirst`) or an integer in 1..999. */
export function checkFirst(first: number | null | undefined, defaultFirst: number): number {
  if (first === null || first === undefined) return defaultFirst;
  if (!isValidFirst(first)) {
    throw badUserInput(`first must be between 1 and ${MAX_FIRST} (got ${first}).`, { argument: 'first' });
  }
  return first;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.pageCursor, position.skip]), 'utf8').toString('base64url');
}

export function decodeCursor(after: string): CursorPosition {
  const invalid = () => badUserInput('after is not a cursor returned by this API.', { argument: 'after' });
  if (!/^[A-Za-z0-9_-]+$/.test(after)) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) throw invalid();
  const [pageCursor, skip] = decoded as unknown[];
  if (!(pageCursor === null || typeof pageCursor === 'string')) throw invalid();
  if (typeof skip !== 'number' || !Number.isInteger(skip) || skip < 0 || skip >= MAX_FIRST) throw invalid();
  return { pageCursor, skip };
}

/**
 * What a connection with these arguments asks the client for (also what a prefetch of the
 * connection must ask, to share the read): validated `first`, the decoded start, the page request.
 */
export function connectionRequest(args: PagingArgs, defaultFirst: number): { first: number; start: CursorPosition; request: PageRequest } {
  const first = checkFirst(args.first, defaultFirst);
  const start = args.after ? decodeCursor(args.after) : { pageCursor: null, skip: 0 };
  // Graph pages hold at most 999 items, so after an edge cursor fewer than `first` may come back.
  return { first, start, request: { first: Math.min(MAX_FIRST, start.skip + first), after: start.pageCursor } };
}

/**
 * Reads one connection page: validates `first`/`after`, asks `load` for the items (plus the
 * ones to skip after an edge cursor) and builds nodes, edges and pageInfo.
 */
export async function loadConnection<T>(
  args: PagingArgs,
  defaultFirst: number,
  load: (page: PageRequest) => Promise<Page<T>>,
): Promise<Connection<T>> {
  const { first, start, request } = connectionRequest(args, defaultFirst);
  const page = await load(request);
  const items = page.items.slice(start.skip, start.skip + first);
  const cursorAfter = (count: number) => encodeCursor({ pageCursor: start.pageCursor, skip: start.skip + count });
  const consumedWholePage = start.skip + items.length >= page.items.length;
  const pageInfo = consumedWholePage
    ? {
        hasNextPage: page.endCursor !== null,
        endCursor: page.endCursor !== null ? encodeCursor({ pageCursor: page.endCursor, skip: 0 }) : null,
      }
    : { hasNextPage: true, endCursor: items.length > 0 ? cursorAfter(items.length) : null };
  // Most operations select `nodes` only: edges and their cursors are built on first read.
  let edges: Connection<T>['edges'] | undefined;
  return {
    nodes: items,
    get edges() {
      edges ??= items.map((node, index) => ({ cursor: cursorAfter(index + 1), node }));
      return edges;
    },
    pageInfo,
    totalCount: page.totalCount ?? null,
  };
}
