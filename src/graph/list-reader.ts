/**
 * Reads a page of a Graph collection for a `first`/`after` request: `first` becomes `$top`,
 * Graph's next pages are read until `first` items are in, and every item gets a sealed cursor
 * (see `paging.ts`). Only Graph's `$skiptoken` / `$skip` is taken from a nextLink: each page's
 * URL is rebuilt from the current request, so a cursor cannot carry query options and page 2
 * selects what page 2 asks for. Each page read goes through the wave queue (so it joins the wave
 * and is never sent twice), and its items prime the by-id cache.
 */
import type { ListOptions, Page } from './client';
import { canonicalPath, selectWithId, type EntityCache, type GraphEntity, type Identified } from './entity-cache';
import { protocolError } from './errors';
import { needsAdvancedQuery, queryString } from './odata';
import {
  checkPageSize,
  MAX_PAGE_SIZE,
  START_OF_COLLECTION,
  type CursorBinding,
  type CursorPosition,
  type CursorSeal,
  type GraphPageStart,
} from './paging';
import { errorFromAnswer, isRecord, objectBody } from './response';
import type { QueuedRead, Read, WaveQueue } from './wave-queue';

/** A Graph collection, and (`T`) the type of its items: declared once per collection. */
export interface Collection<T extends Identified> {
  /** Encoded path below the version root, e.g. `/users/42/memberOf/microsoft.graph.group`; cursors are bound to it. */
  path: string;
  /** Kind of the items when they carry no `@odata.type` (a cast collection), for priming. */
  itemKind: 'user' | 'group' | null;
  /**
   * Graph answers the collection only as an advanced query (`ConsistencyLevel: eventual` and
   * `$count=true`): a cast on a transitive list (aad-advanced-queries.md). Every page is read so.
   */
  advanced?: boolean;
  /** The by-id path of an item that is no directory object (a Planner task, a To Do list), for priming. */
  itemPath?: (id: string) => string;
  /** Type only, never set: what the items are. */
  readonly items?: T;
}

export interface ListReaderOptions {
  queue: WaveQueue;
  entities: EntityCache;
  /** Seals and opens the cursors of this operation's caller. */
  cursors: CursorSeal;
}

export interface ListReader {
  read<T extends Identified>(collection: Collection<T>, options: ListOptions): Promise<Page<T>>;
}

/** Guards against a server that keeps answering empty pages with a nextLink. */
const MAX_PAGES_PER_READ = 100;

const EVENTUAL: Readonly<Record<string, string>> = { ConsistencyLevel: 'eventual' };
const NO_HEADERS: Readonly<Record<string, string>> = {};

/** One page read of the operation, shared by every read of the same URL and headers. */
interface PageEntry {
  /** `queued.read` is the URL the page is read from (a widened first page's carries `$count=true`). */
  readonly queued: QueuedRead;
  /** The page is read as an advanced query (`$count=true`): set when a counted read widens a first page. */
  counted: boolean;
}

/** A page's read, and whether it is an advanced query (`$count=true`), which Graph binds its tokens to. */
interface PageRead {
  read: Read;
  counted: boolean;
}

/**
 * The URL of a page, built from the current request only: `start` (Graph's `$skiptoken` or
 * `$skip`) is all a cursor contributes. Graph binds its tokens to advanced queries, so a page
 * after the first is read with `$count=true` exactly when its sequence started with it.
 */
function pageUrl(
  collection: Collection<Identified>,
  options: ListOptions,
  selectValue: string,
  top: number,
  counted: boolean,
  start: GraphPageStart | null,
): PageRead {
  const advanced =
    collection.advanced === true || counted || (options.filter !== undefined && needsAdvancedQuery(options.filter));
  const query: Array<[string, string]> = [['$select', selectValue]];
  if (options.filter !== undefined) query.push(['$filter', options.filter]);
  if (options.search !== undefined) query.push(['$search', options.search]);
  if (advanced) query.push(['$count', 'true']);
  query.push(['$top', String(top)]);
  if (start !== null) query.push([start.name, start.value]);
  // Graph does not carry request headers over to the next page: every page of an advanced
  // query (`$search`, `$count=true`) needs `ConsistencyLevel: eventual` again.
  const headers = advanced || options.search !== undefined ? EVENTUAL : NO_HEADERS;
  return { read: { url: `${collection.path}${queryString(query)}`, headers }, counted: advanced };
}

/** `$select`'s value for a list field's `select` (with `id`), once per array: the operation's analysis shares one per type. */
const selectValues = new WeakMap<readonly string[], string>();

function selectValueOf(select: readonly string[]): string {
  let value = selectValues.get(select);
  if (value === undefined) {
    value = selectWithId(select).join(',');
    selectValues.set(select, value);
  }
  return value;
}

/**
 * The key of a page's read: its URL, and its one possible header. Every read here comes from
 * `pageUrl`, whose only header is `ConsistencyLevel`.
 */
function keyOf({ url, headers }: Read): string {
  return headers === EVENTUAL ? `${url}\neventual` : url;
}

/** What the list's cursors are bound to besides the caller: the collection (and so its parent) and its filter and search. */
function bindingOf(collection: Collection<Identified>, options: ListOptions): CursorBinding {
  return { collection: collection.path, shape: JSON.stringify([options.filter ?? null, options.search ?? null]) };
}

/** Graph's paging option in a nextLink: the only part of it the gateway uses. */
function pageStartOf(nextLink: string): GraphPageStart | null {
  let params: URLSearchParams;
  try {
    params = new URL(nextLink).searchParams;
  } catch {
    return null;
  }
  for (const [name, value] of params) {
    const lower = name.toLowerCase();
    if (lower === '$skiptoken' && value !== '') return { name: '$skiptoken', value };
    if (lower === '$skip' && /^\d{1,9}$/.test(value)) return { name: '$skip', value };
  }
  return null;
}

/** An id that cannot be a path segment (Graph would not send one) is simply not primed. */
function pathOrNull(itemPath: (id: string) => string, id: string): string | null {
  try {
    return itemPath(id);
  } catch {
    return null;
  }
}

/** An item needs an id (to be primed and paged by); the rest of it is trusted to be what its collection names. */
function isItem<T extends Identified>(item: unknown): item is T & GraphEntity {
  return isRecord(item) && typeof item.id === 'string';
}

/** Where a run of the page's items came from: the start of their Graph page, and the index there of the first. */
interface PageSegment {
  start: GraphPageStart | null;
  counted: boolean;
  /** Index in the read's items of the segment's first item. */
  from: number;
  /** Index on its Graph page of the segment's first item. */
  skip: number;
}

/**
 * A page as a read answers it. A class, not an object literal with a getter: a literal with
 * accessors gets a dictionary-mode object (a new getter closure at every evaluation), several
 * times slower to build and to read, at one per list read (hundreds an operation).
 */
class ReadPage<T> implements Page<T> {
  readonly hasNextPage: boolean;
  readonly totalCount?: number;
  // Sealed only when read: most operations select neither `endCursor` nor an edge's cursor.
  private sealedEnd: string | undefined = undefined;

  constructor(
    readonly items: T[],
    private readonly segments: readonly PageSegment[],
    private readonly end: CursorPosition | null,
    totalCount: number | undefined,
    private readonly cursors: CursorSeal,
    private readonly binding: () => CursorBinding,
  ) {
    this.hasNextPage = end !== null;
    if (totalCount !== undefined) this.totalCount = totalCount;
  }

  get endCursor(): string | null {
    if (this.end === null) return null;
    this.sealedEnd ??= this.cursors.seal(this.end, this.binding());
    return this.sealedEnd;
  }

  cursorAfter(index: number): string {
    const segment = this.segments.findLast((candidate) => candidate.from <= index);
    if (segment === undefined || !Number.isInteger(index) || index >= this.items.length)
      throw new RangeError(`No item at ${index} on this page.`);
    return this.cursors.seal(
      { page: segment.start, counted: segment.counted, offset: segment.skip + (index - segment.from) + 1 },
      this.binding(),
    );
  }
}

export function createListReader(options: ListReaderOptions): ListReader {
  /** Pages after the first, by key. */
  const pages = new Map<string, PageEntry>();
  /** First pages by the key of their uncounted read: as read (`plain`), and the counted read of the same page. */
  const plainFirstPages = new Map<string, PageEntry>();
  const countedFirstPages = new Map<string, PageEntry>();

  function readPage(page: PageRead): PageEntry {
    const key = keyOf(page.read);
    let entry = pages.get(key);
    if (!entry) {
      entry = { queued: options.queue.enqueue(page.read), counted: page.counted };
      pages.set(key, entry);
    }
    return entry;
  }

  /**
   * An uncounted read takes any read of the same first page (the counted answer holds the same
   * items); a counted one widens a still-queued uncounted read, or else is sent on its own.
   * The counted URL is built only when a counted read is asked for.
   */
  function readFirstPage(urlFor: (counted: boolean) => PageRead, counted: boolean): PageEntry {
    const plainRead = urlFor(false);
    const key = keyOf(plainRead.read);
    const plain = plainFirstPages.get(key);
    const alreadyCounted = countedFirstPages.get(key);
    // A collection read only as an advanced query has one first page, counted either way.
    if (!counted || plainRead.counted) {
      const shared = plain ?? alreadyCounted;
      if (shared) return shared;
      const entry: PageEntry = { queued: options.queue.enqueue(plainRead.read), counted: plainRead.counted };
      plainFirstPages.set(key, entry);
      return entry;
    }
    if (alreadyCounted) return alreadyCounted;
    const countedRead = urlFor(true);
    if (plain && options.queue.replace(plain.queued, countedRead.read)) {
      plain.counted = true;
      countedFirstPages.set(key, plain);
      return plain;
    }
    const entry: PageEntry = { queued: options.queue.enqueue(countedRead.read), counted: true };
    countedFirstPages.set(key, entry);
    return entry;
  }

  function prime(items: readonly GraphEntity[], collection: Collection<Identified>, select: readonly string[]) {
    const { itemPath, itemKind } = collection;
    options.entities.primeAll(
      items,
      select,
      itemPath ? (item) => pathOrNull(itemPath, item.id) : (item) => canonicalPath(item, itemKind),
    );
  }

  return {
    async read<T extends Identified>(collection: Collection<T>, listOptions: ListOptions): Promise<Page<T>> {
      const first = checkPageSize(listOptions.page.first);
      // Built only when a cursor is opened or sealed: most reads neither take nor hand out one.
      let cursorBinding: CursorBinding | undefined;
      const binding = () => (cursorBinding ??= bindingOf(collection, listOptions));
      const after = listOptions.page.after;
      const from: CursorPosition = after ? options.cursors.open(after, binding()) : START_OF_COLLECTION;
      const selectValue = selectValueOf(listOptions.select);
      let start = from.page;
      let counted = from.counted;
      let skip = from.offset;

      let items: T[] = [];
      const segments: PageSegment[] = [];
      let totalCount: number | undefined;
      const done = (end: CursorPosition | null): Page<T> =>
        new ReadPage(
          items,
          segments,
          end,
          listOptions.count === true ? totalCount : undefined,
          options.cursors,
          binding,
        );

      for (let pageNumber = 0; pageNumber < MAX_PAGES_PER_READ; pageNumber += 1) {
        const wanted = first - items.length;
        // After an edge cursor, the page is read again from its start: ask for what was seen too.
        const top = Math.min(MAX_PAGE_SIZE, skip + wanted);
        const pageStart = start;
        const pageRead =
          pageStart === null
            ? readFirstPage(
                (countedFirst) => pageUrl(collection, listOptions, selectValue, top, countedFirst, null),
                listOptions.count === true,
              )
            : readPage(pageUrl(collection, listOptions, selectValue, top, counted, pageStart));
        const answer = await pageRead.queued.answer;
        // A first page may have been widened to a counted read while it waited.
        if (pageStart === null) counted = pageRead.counted;
        if (answer.status !== 200) throw errorFromAnswer(answer);
        const body = objectBody(answer);
        if (!Array.isArray(body.value))
          throw protocolError(`Microsoft Graph answered ${collection.path} without a value array.`);
        const values: unknown[] = body.value;
        // Graph's own array when every item has an id (it is shared, never changed).
        const pageItems = values.every(isItem<T>) ? values : values.filter(isItem<T>);
        prime(pageItems, collection, listOptions.select);
        if (pageNumber === 0 && typeof body['@odata.count'] === 'number') totalCount = body['@odata.count'];

        const taken = skip === 0 && wanted >= pageItems.length ? pageItems : pageItems.slice(skip, skip + wanted);
        if (taken.length > 0) segments.push({ start: pageStart, counted, from: items.length, skip });
        // Never changed in place: `taken` may be the page's own array, which every read of the
        // same page shares (see `readFirstPage`).
        items = items.length === 0 ? taken : items.concat(taken);
        if (skip + taken.length < pageItems.length) {
          // The rest of this page is still unseen: the cursor re-reads it and skips what was taken.
          return done({ page: pageStart, counted, offset: skip + taken.length });
        }
        skip = 0;

        const nextLink = body['@odata.nextLink'];
        if (typeof nextLink !== 'string') return done(null);
        const next = pageStartOf(nextLink);
        if (next === null)
          throw protocolError(
            `Microsoft Graph answered ${collection.path} with a nextLink without $skiptoken or $skip.`,
          );
        if (items.length === first) return done({ page: next, counted, offset: 0 });
        start = next;
      }
      throw protocolError(
        `Microsoft Graph answered ${collection.path} with more than ${MAX_PAGES_PER_READ} pages for one read.`,
      );
    },
  };
}
