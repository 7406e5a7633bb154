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

const EVENTUAL = { ConsistencyLevel: 'eventual' } as const;

/** One page read of the operation, shared by every read of the same URL and headers. */
interface PageEntry {
  /** `queued.read` is the URL the page is read from (a widened first page's carries `$count=true`). */
  readonly queued: QueuedRead;
  /** A first page, which a counted read of the same page may widen while it waits for its wave. */
  readonly firstPage: boolean;
}

/**
 * The URL of a page, built from the current request only: `start` (Graph's `$skiptoken` or
 * `$skip`) is all a cursor contributes. Graph binds its tokens to advanced queries, so a page
 * after the first is read with `$count=true` exactly when its sequence started with it.
 */
function pageUrl(
  collection: Collection<Identified>,
  options: ListOptions,
  top: number,
  counted: boolean,
  start: GraphPageStart | null,
): Read {
  const advanced =
    collection.advanced === true || counted || (options.filter !== undefined && needsAdvancedQuery(options.filter));
  const query: Array<[string, string]> = [['$select', selectWithId(options.select).join(',')]];
  if (options.filter !== undefined) query.push(['$filter', options.filter]);
  if (options.search !== undefined) query.push(['$search', options.search]);
  if (advanced) query.push(['$count', 'true']);
  query.push(['$top', String(top)]);
  if (start !== null) query.push([start.name, start.value]);
  // Graph does not carry request headers over to the next page: every page of an advanced
  // query (`$search`, `$count=true`) needs `ConsistencyLevel: eventual` again.
  const headers = advanced || options.search !== undefined ? { ...EVENTUAL } : {};
  return { url: `${collection.path}${queryString(query)}`, headers };
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

/** Whether a page was read as an advanced query (a widened first page carries `$count=true`). */
function readCounted(relativeUrl: string): boolean {
  const queryStart = relativeUrl.indexOf('?');
  return new URLSearchParams(queryStart < 0 ? '' : relativeUrl.slice(queryStart + 1)).get('$count') === 'true';
}

/** An item needs an id (to be primed and paged by); the rest of it is trusted to be what its collection names. */
function isItem<T extends Identified>(item: unknown): item is T & GraphEntity {
  return isRecord(item) && typeof item.id === 'string';
}

/** Where an item came from: the start of its Graph page and its index on that page. */
interface ItemOrigin {
  start: GraphPageStart | null;
  counted: boolean;
  index: number;
}

export function createListReader(options: ListReaderOptions): ListReader {
  const pages = new Map<string, PageEntry>();
  const keyOf = ({ url, headers }: Read) => `${url}\n${JSON.stringify(headers)}`;

  function readPage(read: Read): PageEntry {
    const key = keyOf(read);
    let entry = pages.get(key);
    if (!entry) {
      entry = { queued: options.queue.enqueue(read), firstPage: false };
      pages.set(key, entry);
    }
    return entry;
  }

  /**
   * An uncounted read takes any read of the same first page (the counted answer holds the same
   * items); a counted one widens a still-queued uncounted read, or else is sent on its own.
   */
  function readFirstPage(urlFor: (counted: boolean) => Read, counted: boolean): PageEntry {
    const plainUrl = urlFor(false);
    const countedUrl = urlFor(true);
    const plainKey = keyOf(plainUrl);
    const countedKey = keyOf(countedUrl);
    const plain = pages.get(plainKey);
    const alreadyCounted = pages.get(countedKey);
    const shared = plain ?? alreadyCounted;
    if (!counted && shared) return shared;
    if (counted && alreadyCounted) return alreadyCounted;
    if (counted && plain?.firstPage && options.queue.replace(plain.queued, countedUrl)) {
      pages.set(countedKey, plain);
      return plain;
    }
    const entry: PageEntry = { queued: options.queue.enqueue(counted ? countedUrl : plainUrl), firstPage: true };
    pages.set(counted ? countedKey : plainKey, entry);
    return entry;
  }

  function prime(items: readonly GraphEntity[], collection: Collection<Identified>, listOptions: ListOptions) {
    const primed: Array<[string, GraphEntity]> = [];
    for (const item of items) {
      const path = collection.itemPath
        ? pathOrNull(collection.itemPath, item.id)
        : canonicalPath(item, collection.itemKind);
      if (path) primed.push([path, item]);
    }
    options.entities.primeAll(primed, selectWithId(listOptions.select));
  }

  return {
    async read<T extends Identified>(collection: Collection<T>, listOptions: ListOptions): Promise<Page<T>> {
      const first = checkPageSize(listOptions.page.first);
      const binding = bindingOf(collection, listOptions);
      const after = listOptions.page.after;
      const from: CursorPosition = after ? options.cursors.open(after, binding) : START_OF_COLLECTION;
      let start = from.page;
      let counted = from.counted;
      let skip = from.offset;

      const items: T[] = [];
      const origins: ItemOrigin[] = [];
      let totalCount: number | undefined;
      const done = (end: CursorPosition | null): Page<T> => {
        const cursorAfter = (index: number): string => {
          const origin = origins[index];
          if (origin === undefined) throw new RangeError(`No item at ${index} on this page.`);
          return options.cursors.seal(
            { page: origin.start, counted: origin.counted, offset: origin.index + 1 },
            binding,
          );
        };
        const endCursor = end === null ? null : options.cursors.seal(end, binding);
        const result: Page<T> = { items, endCursor, cursorAfter };
        if (listOptions.count && totalCount !== undefined) result.totalCount = totalCount;
        return result;
      };

      for (let pageNumber = 0; pageNumber < MAX_PAGES_PER_READ; pageNumber += 1) {
        const wanted = first - items.length;
        // After an edge cursor, the page is read again from its start: ask for what was seen too.
        const top = Math.min(MAX_PAGE_SIZE, skip + wanted);
        const pageStart = start;
        const pageRead =
          pageStart === null
            ? readFirstPage(
                (countedFirst) => pageUrl(collection, listOptions, top, countedFirst, null),
                listOptions.count === true,
              )
            : readPage(pageUrl(collection, listOptions, top, counted, pageStart));
        const answer = await pageRead.queued.answer;
        if (pageStart === null) counted = readCounted(pageRead.queued.read.url);
        if (answer.status !== 200) throw errorFromAnswer(answer);
        const body = objectBody(answer);
        if (!Array.isArray(body.value))
          throw protocolError(`Microsoft Graph answered ${collection.path} without a value array.`);
        const values: unknown[] = body.value;
        const pageItems = values.filter(isItem<T>);
        prime(pageItems, collection, listOptions);
        if (pageNumber === 0 && typeof body['@odata.count'] === 'number') totalCount = body['@odata.count'];

        const taken = pageItems.slice(skip, skip + wanted);
        items.push(...taken);
        taken.forEach((_, index) => origins.push({ start: pageStart, counted, index: skip + index }));
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
