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

/**
 * `page` with each item mapped (a model around Graph's object); its cursors stay the page's own,
 * sealed when read. Spreading a client page would copy its items but lose its cursors.
 */
export function mapPage<T, U>(page: Page<T>, map: (item: T) => U): Page<U> {
  return new MappedPage(page, page.items.map(map));
}

class MappedPage<T, U> implements Page<U> {
  readonly hasNextPage: boolean;
  readonly totalCount?: number;

  constructor(
    private readonly page: Page<T>,
    readonly items: U[],
  ) {
    this.hasNextPage = page.hasNextPage;
    if (page.totalCount !== undefined) this.totalCount = page.totalCount;
  }

  get endCursor(): string | null {
    return this.page.endCursor;
  }

  cursorAfter(index: number): string {
    return this.page.cursorAfter(index);
  }
}

/**
 * `pageInfo` over a client page. A class, not an object literal with getters: a literal with
 * accessors gets a dictionary-mode object (new getter closures at every evaluation), several
 * times slower to build and to read, at one per connection per parent (hundreds an operation).
 */
class PageInfo<T> {
  readonly hasNextPage: boolean;
  // Graph pages forward only (Relay's shape, for subgraphs that share PageInfo).
  readonly hasPreviousPage = false;

  constructor(private readonly page: Page<T>) {
    this.hasNextPage = page.hasNextPage;
  }

  /** Sealed only when selected, like the edges' cursors and `endCursor`. */
  get startCursor(): string | null {
    return this.page.items.length > 0 ? this.page.cursorAfter(0) : null;
  }

  get endCursor(): string | null {
    return this.page.endCursor;
  }
}

/** A connection over a client page: `nodes` are the page's items; edges are built on first read. */
class PageConnection<T> implements Connection<T> {
  readonly nodes: T[];
  readonly pageInfo: PageInfo<T>;
  readonly totalCount: number | null;
  private builtEdges: Connection<T>['edges'] | undefined = undefined;

  constructor(private readonly page: Page<T>) {
    this.nodes = page.items;
    this.pageInfo = new PageInfo(page);
    this.totalCount = page.totalCount ?? null;
  }

  // Most operations select `nodes` only: edges and their cursors are built on first read.
  get edges(): Connection<T>['edges'] {
    this.builtEdges ??= this.nodes.map((node, index) => ({ cursor: this.page.cursorAfter(index), node }));
    return this.builtEdges;
  }
}

/** Reads one connection page: asks `load` for the items and builds nodes, edges and pageInfo. */
export async function loadConnection<T>(
  args: PagingArgs,
  defaultFirst: number,
  load: (page: PageRequest) => Promise<Page<T>>,
): Promise<Connection<T>> {
  return new PageConnection(await load(connectionRequest(args, defaultFirst)));
}
