/**
 * `first` / `after` → the Graph client's `PageRequest`, and pages back into connections. The
 * cursors are the client's (sealed and bound to the list and caller, see `graph/paging`): every
 * edge gets the client's cursor for its position, `startCursor` is the first edge's, and
 * `endCursor` is the page's own.
 *
 * `first` is not checked here: the limits plugin checks every `first` of the operation against
 * Graph's page-size rule (`graph/paging`) before anything executes, and the client again.
 */
import type { Page, PageRequest } from '../graph/client';

export { NESTED_LIST_DEFAULT_FIRST, ROOT_LIST_DEFAULT_FIRST } from '../analysis';

export interface PagingArgs {
  first?: number | null;
  after?: string | null;
}

export interface Connection<T> {
  nodes: T[];
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: false; startCursor: string | null; endCursor: string | null };
  totalCount: number | null;
}

/** The page size a connection asks for: `first`, or `defaultFirst` for a `first` given as null. */
export function firstOrDefault(first: number | null | undefined, defaultFirst: number): number {
  return first ?? defaultFirst;
}

/**
 * What a connection with these arguments asks the client for (also what a prefetch of the
 * connection must ask, to share the read): `first` or its default, and `after` as given (the
 * client opens and checks it).
 */
export function connectionRequest(args: PagingArgs, defaultFirst: number): PageRequest {
  return { first: firstOrDefault(args.first, defaultFirst), after: args.after ?? null };
}

/** Reads one connection page: asks `load` for the items and builds nodes, edges and pageInfo. */
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
    pageInfo: {
      hasNextPage: page.hasNextPage,
      // Graph pages forward only (Relay's shape, for subgraphs that share PageInfo).
      hasPreviousPage: false,
      // Sealed only when selected, like the edges' cursors and `endCursor`.
      get startCursor() {
        return items.length > 0 ? page.cursorAfter(0) : null;
      },
      get endCursor() {
        return page.endCursor;
      },
    },
    totalCount: page.totalCount ?? null,
  };
}
