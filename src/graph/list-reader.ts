/**
 * Reads a page of a Graph collection for a `first`/`after` request: `first` becomes `$top`,
 * `@odata.nextLink`s are followed until `first` items are in, and the end cursor wraps the link
 * where the next page starts. Each page read goes through the batcher (so it joins the wave
 * and is never sent twice), and its items prime the by-id cache.
 */
import type { ReadRequest } from './batch';
import type { ListOptions, Page } from './client';
import { canonicalPath, selectWithId, type EntityCache, type GraphEntity } from './entity-cache';
import { protocolError } from './errors';
import { needsAdvancedQuery, queryString } from './odata';
import { checkPageSize, decodeCursor, encodeCursor, relativeLink, type LinkScope } from './paging';
import { errorFromAnswer, objectBody, type GraphAnswer } from './response';

export interface Collection {
  /** Encoded path below the version root, e.g. `/users/42/memberOf/microsoft.graph.group`. */
  path: string;
  /** What a cursor's link must match for this collection (any key in the id position). */
  linkPattern: RegExp;
  /** Kind of the items when they carry no `@odata.type` (a cast collection), for priming. */
  itemKind: 'user' | 'group' | null;
  /** The by-id path of an item that is no directory object (a Planner task, a To Do list), for priming. */
  itemPath?: (id: string) => string;
}

export interface ListReaderOptions {
  load: (request: ReadRequest) => Promise<GraphAnswer>;
  versionRoot: string;
  entities: EntityCache;
}

export interface ListReader {
  read(collection: Collection, options: ListOptions): Promise<Page<GraphEntity>>;
}

/** Guards against a server that keeps answering empty pages with a nextLink. */
const MAX_PAGES_PER_READ = 100;

const EVENTUAL = { ConsistencyLevel: 'eventual' } as const;

class PageRead implements ReadRequest {
  constructor(
    private readonly relativeUrl: string,
    readonly headers: Readonly<Record<string, string>>,
  ) {}

  url(): string {
    return this.relativeUrl;
  }
}

interface PageUrl {
  url: string;
  headers: Record<string, string>;
}

/**
 * The first page of a collection, which a counted read of the same page may still turn into a
 * counted one (`$count=true` + `ConsistencyLevel: eventual`) while it waits for its wave.
 */
class FirstPageRead implements ReadRequest {
  private sent = false;

  constructor(
    private readonly countedUrl: PageUrl,
    private current: PageUrl,
  ) {}

  get open(): boolean {
    return !this.sent;
  }

  countToo(): void {
    this.current = this.countedUrl;
  }

  get headers(): Readonly<Record<string, string>> {
    return this.current.headers;
  }

  url(): string {
    this.sent = true;
    return this.current.url;
  }

  /** The URL the page was read from (final once its wave went out). */
  get readFrom(): string {
    return this.current.url;
  }
}

/** One page read of the operation, shared by every read of the same URL and headers. */
interface PageEntry {
  answer: Promise<GraphAnswer>;
  /** Set for a first page: a counted read of the page may still widen it. */
  firstPage?: FirstPageRead;
  /** The URL the page was read from (a widened first page's carries `$count=true`). */
  readFrom(): string;
}

function firstPageUrl(collection: Collection, options: ListOptions, first: number, counted: boolean): PageUrl {
  const advancedFilter = options.filter !== undefined && needsAdvancedQuery(options.filter);
  const query: Array<[string, string]> = [['$select', selectWithId(options.select).join(',')]];
  if (options.filter !== undefined) query.push(['$filter', options.filter]);
  if (options.search !== undefined) query.push(['$search', options.search]);
  if (counted || advancedFilter) query.push(['$count', 'true']);
  query.push(['$top', String(first)]);
  const headers = counted || advancedFilter || options.search !== undefined ? { ...EVENTUAL } : {};
  return { url: `${collection.path}${queryString(query)}`, headers };
}

/** An id that cannot be a path segment (Graph would not send one) is simply not primed. */
function pathOrNull(itemPath: (id: string) => string, id: string): string | null {
  try {
    return itemPath(id);
  } catch {
    return null;
  }
}

function searchParams(relativeUrl: string): URLSearchParams {
  const queryStart = relativeUrl.indexOf('?');
  return new URLSearchParams(queryStart < 0 ? '' : relativeUrl.slice(queryStart + 1));
}

/**
 * Graph does not carry request headers over to the next page: a link of an advanced query
 * (`$search`, `$count=true`) needs `ConsistencyLevel: eventual` again.
 */
function headersForLink(relativeUrl: string): Record<string, string> {
  const params = searchParams(relativeUrl);
  return params.has('$search') || params.get('$count') === 'true' ? { ...EVENTUAL } : {};
}

export function createListReader(options: ListReaderOptions): ListReader {
  const pages = new Map<string, PageEntry>();
  const keyOf = ({ url, headers }: PageUrl) => `${url}\n${JSON.stringify(headers)}`;

  function readPage(url: string, headers: Readonly<Record<string, string>>): PageEntry {
    const key = keyOf({ url, headers });
    let entry = pages.get(key);
    if (!entry) {
      entry = { answer: options.load(new PageRead(url, headers)), readFrom: () => url };
      pages.set(key, entry);
    }
    return entry;
  }

  /**
   * An uncounted read takes any read of the same first page (the counted answer holds the same
   * items); a counted one widens a still-queued uncounted read, or else is sent on its own.
   */
  function readFirstPage(urlFor: (counted: boolean) => PageUrl, counted: boolean): PageEntry {
    const plainUrl = urlFor(false);
    const countedUrl = urlFor(true);
    const plainKey = keyOf(plainUrl);
    const countedKey = keyOf(countedUrl);
    const plain = pages.get(plainKey);
    const alreadyCounted = pages.get(countedKey);
    const shared = plain ?? alreadyCounted;
    if (!counted && shared) return shared;
    if (counted && alreadyCounted) return alreadyCounted;
    if (counted && plain?.firstPage?.open) {
      plain.firstPage.countToo();
      pages.set(countedKey, plain);
      return plain;
    }
    const read = new FirstPageRead(countedUrl, counted ? countedUrl : plainUrl);
    const entry: PageEntry = { answer: options.load(read), firstPage: read, readFrom: () => read.readFrom };
    pages.set(counted ? countedKey : plainKey, entry);
    return entry;
  }

  function prime(url: string, items: readonly GraphEntity[], collection: Collection) {
    const select = searchParams(url).get('$select');
    if (!select) return;
    const properties = select.split(',').map((name) => name.trim()).filter(Boolean);
    const primed: Array<[string, GraphEntity]> = [];
    for (const item of items) {
      const path = collection.itemPath ? pathOrNull(collection.itemPath, item.id) : canonicalPath(item, collection.itemKind);
      if (path) primed.push([path, item]);
    }
    options.entities.primeAll(primed, properties);
  }

  return {
    async read(collection, listOptions) {
      const first = checkPageSize(listOptions.page.first);
      const scope: LinkScope = { versionRoot: options.versionRoot, collection: collection.linkPattern };
      let url = '';
      let headers: Record<string, string> = {};
      let skip = 0;
      let firstPage: PageEntry | null = null;
      if (listOptions.page.after) {
        const cursor = decodeCursor(listOptions.page.after, scope);
        url = cursor.url;
        skip = cursor.skip;
        headers = headersForLink(url);
      } else {
        firstPage = readFirstPage((counted) => firstPageUrl(collection, listOptions, first, counted), listOptions.count === true);
      }

      const items: GraphEntity[] = [];
      let totalCount: number | undefined;
      for (let pageNumber = 0; pageNumber < MAX_PAGES_PER_READ; pageNumber += 1) {
        const pageRead = firstPage ?? readPage(url, headers);
        firstPage = null;
        const answer = await pageRead.answer;
        url = pageRead.readFrom();
        if (answer.status !== 200) throw errorFromAnswer(answer);
        const body = objectBody(answer);
        if (!Array.isArray(body.value)) throw protocolError(`Microsoft Graph answered ${collection.path} without a value array.`);
        const pageItems = (body.value as unknown[]).filter(
          (item): item is GraphEntity => typeof item === 'object' && item !== null && typeof (item as { id?: unknown }).id === 'string',
        );
        prime(url, pageItems, collection);
        if (pageNumber === 0 && typeof body['@odata.count'] === 'number') totalCount = body['@odata.count'];

        const wanted = first - items.length;
        const unseen = pageItems.slice(skip);
        if (unseen.length > wanted) {
          items.push(...unseen.slice(0, wanted));
          // The rest of this page is still unseen: the cursor re-reads it and skips what was taken.
          const endCursor = encodeCursor({ link: `${options.versionRoot}${url}`, skip: skip + wanted });
          return page(items, endCursor, listOptions.count ? totalCount : undefined);
        }
        items.push(...unseen);
        skip = 0;

        const nextLink = body['@odata.nextLink'];
        if (typeof nextLink !== 'string') return page(items, null, listOptions.count ? totalCount : undefined);
        const next = relativeLink(nextLink, scope);
        if (next === null) throw protocolError(`Microsoft Graph answered ${collection.path} with a nextLink outside the collection.`);
        if (items.length === first) {
          return page(items, encodeCursor({ link: nextLink, skip: 0 }), listOptions.count ? totalCount : undefined);
        }
        url = next;
        headers = headersForLink(next);
      }
      throw protocolError(`Microsoft Graph answered ${collection.path} with more than ${MAX_PAGES_PER_READ} pages for one read.`);
    },
  };
}

function page(items: GraphEntity[], endCursor: string | null, totalCount: number | undefined): Page<GraphEntity> {
  return totalCount === undefined ? { items, endCursor } : { items, endCursor, totalCount };
}
