/**
 * Cursors: an opaque base64url wrapping of Graph's `@odata.nextLink` (plus how many items of
 * that page the caller has already seen), and the checks that keep a cursor from pointing the
 * gateway anywhere but the same kind of Graph collection.
 */
import { GraphInputError } from './errors';

/** Graph's `$top` range on directory collections. */
export const MAX_PAGE_SIZE = 999;

export interface CursorTarget {
  /** Absolute URL of the page to read (a Graph nextLink, or the first page's own URL). */
  link: string;
  /** Items at the start of that page the caller has already received. */
  skip: number;
}

export function checkPageSize(first: unknown): number {
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new GraphInputError('first', `first must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${String(first)}.`);
  }
  return first;
}

export function encodeCursor(target: CursorTarget): string {
  const payload = target.skip > 0 ? { l: target.link, s: target.skip } : { l: target.link };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

function invalidCursor(reason: string): GraphInputError {
  return new GraphInputError('after', `after is not a cursor this API issued (${reason}).`);
}

function decodePayload(cursor: string): CursorTarget {
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 8192 || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw invalidCursor('not base64url');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor('does not decode');
  }
  if (typeof payload !== 'object' || payload === null) throw invalidCursor('does not decode');
  const { l: link, s: skip = 0 } = payload as { l?: unknown; s?: unknown };
  if (typeof link !== 'string') throw invalidCursor('no link');
  if (typeof skip !== 'number' || !Number.isInteger(skip) || skip < 0 || skip > MAX_PAGE_SIZE) {
    throw invalidCursor('bad offset');
  }
  return { link, skip };
}

export interface LinkScope {
  /** `https://graph.microsoft.com/v1.0`: the origin and version every link must stay under. */
  versionRoot: string;
  /** The collection path (below the version root) a link for this list must match. */
  collection: RegExp;
}

/**
 * The URL (relative to the version root) a Graph link points at, provided it stays on Graph's
 * origin, under the same version, on the same kind of collection, and carries no credentials.
 * Returns null otherwise.
 */
export function relativeLink(link: string, scope: LinkScope): string | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  const root = new URL(scope.versionRoot);
  const prefix = root.pathname.replace(/\/$/, '');
  if (url.origin !== root.origin || url.username !== '' || url.password !== '' || url.hash !== '') return null;
  if (!url.pathname.startsWith(`${prefix}/`)) return null;
  const path = url.pathname.slice(prefix.length);
  if (!scope.collection.test(path)) return null;
  return `${path}${url.search}`;
}

/** Decodes and checks a caller's `after`; the target is then followed as is. */
export function decodeCursor(cursor: string, scope: LinkScope): CursorTarget & { url: string } {
  const target = decodePayload(cursor);
  const url = relativeLink(target.link, scope);
  if (url === null) throw invalidCursor('it points outside this collection');
  return { ...target, url };
}
