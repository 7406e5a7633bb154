/**
 * `first` / `after` → the Graph client's `PageRequest`, and pages back into connections. The
 * cursors are the client's (sealed and bound to the list and caller, see `graph/paging`): every
 * edge gets the client's cursor for its position, and `endCursor` is the page's own.
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

/**
 * What a connection with these arguments asks the client for (also what a prefetch of the
 * connection must ask, to share the read): validated `first`, and `after` as given (the client
 * opens and checks it).
 */
export function connectionRequest(args: PagingArgs, defaultFirst: number): PageRequest {
  return { first: checkFirst(args.first, defaultFirst), after: args.after ?? null };
}

/** Reads one connection page: validates `first`, asks `load` for the items and builds nodes, edges and pageInfo. */
export async function loadConnection<T>(
  args: PagingArgs,
  defaultFirst: number,
  load: (page: PageRequest) => Promise<Page<T>>,
): Promise<Connection<T>> {
  const page = await load(connectionRequest(args, defaultFirst));
  const items = page.items;
  // Most operations select `nodes` only: edges and their cursors are built on first read.
  let edges: Connection<T>['edges'] | undefined;
  return {
    nodes: items,
    get edges() {
      edges ??= items.map((node, index) => ({ cursor: page.cursorAfter(index), node }));
      return edges;
    },
    pageInfo: { hasNextPage: page.endCursor !== null, endCursor: page.endCursor },
    totalCount: page.totalCount ?? null,
  };
}
