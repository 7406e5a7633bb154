/**
 * Cursors: where a forward read of a Graph collection stands, sealed so that a caller can hand
 * it back but not make or change one.
 *
 * A cursor carries only a position: the start of the Graph page (the collection's start, or
 * the `$skiptoken` / `$skip` of Graph's nextLink), whether that page sequence is an advanced
 * query (`$count=true`, which Graph binds its tokens to), and how many items of that page were
 * already returned. Everything else of the next request (`$select`, `$top`, `$filter`,
 * `$search`) is rebuilt from the request that presents the cursor, so the cursor cannot add
 * query options, and page 2 selects what page 2 asks for.
 *
 * The seal is an HMAC-SHA256 over the position and what the cursor is bound to: the
 * collection's path (which names the parent: `/users/{id}/memberOf/...`), the list's shape
 * (its filter and search) and the caller. A cursor presented for another list, parent, filter
 * or caller, or altered, fails the seal and is refused before any Graph call.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { GraphInputError } from './errors';

/** Graph's `$top` range on directory collections: the largest `first` a list read accepts. */
export const MAX_PAGE_SIZE = 999;

/** Whether `first` is a page size a list read accepts: an integer from 1 to `MAX_PAGE_SIZE`. */
export function isPageSize(first: unknown): first is number {
  return typeof first === 'number' && Number.isInteger(first) && first >= 1 && first <= MAX_PAGE_SIZE;
}

/**
 * Graph's paging option where a page starts: `$skiptoken` (directory, Planner, delta rounds) or
 * `$skip` (To Do lists); `$deltatoken` where a delta round starts (see `graph/delta`).
 */
export interface GraphPageStart {
  name: '$skiptoken' | '$skip' | '$deltatoken';
  value: string;
}

export interface CursorPosition {
  /** Where the Graph page starts; null for the start of the collection. */
  page: GraphPageStart | null;
  /** The page sequence was read with `$count=true` (an advanced query); only meaningful after the start. */
  counted: boolean;
  /** Items at the start of that page the caller has already received. */
  offset: number;
}

/** What a cursor is bound to besides the caller. */
export interface CursorBinding {
  /** The collection's path below the version root, e.g. `/users/42/memberOf/microsoft.graph.group`. */
  collection: string;
  /** The options that define the result set (filter, search), serialized by the list reader. */
  shape: string;
}

export interface CursorSeal {
  seal(position: CursorPosition, binding: CursorBinding): string;
  /** The position of a cursor this seal issued for `binding`; a GraphInputError on `after` otherwise. */
  open(cursor: unknown, binding: CursorBinding): CursorPosition;
}

export const START_OF_COLLECTION: CursorPosition = { page: null, counted: false, offset: 0 };

const VERSION = 'c1';
/** Graph's skip and delta tokens run to a few hundred characters; anything far longer is not ours. */
const MAX_CURSOR_LENGTH = 8192;
const MAC_LENGTH = 32;

let processSecret: string | undefined;

/** A random key for this process, for clients created without a deployment's key. */
export function processCursorSecret(): string {
  processSecret ??= randomBytes(32).toString('base64url');
  return processSecret;
}

export function checkPageSize(first: unknown): number {
  if (!isPageSize(first)) {
    throw new GraphInputError('first', `first must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${String(first)}.`);
  }
  return first;
}

function invalidCursor(reason: string): GraphInputError {
  return new GraphInputError('after', `after is not a cursor this API issued for this list and caller (${reason}).`);
}

const LETTER_OF = { $skiptoken: 't', $skip: 's', $deltatoken: 'd' } as const;
const NAME_OF: Record<string, GraphPageStart['name']> = { t: '$skiptoken', s: '$skip', d: '$deltatoken' };

/**
 * Compact JSON of a position: `[name, value, counted, offset]`, with `t` for `$skiptoken`, `s`
 * for `$skip` and `d` for `$deltatoken`.
 */
function payloadOf(position: CursorPosition): string {
  const { page } = position;
  const name = page === null ? null : LETTER_OF[page.name];
  return Buffer.from(
    JSON.stringify([name, page?.value ?? null, position.counted ? 1 : 0, position.offset]),
    'utf8',
  ).toString('base64url');
}

function positionOf(payload: string): CursorPosition | null {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(decoded) || decoded.length !== 4) return null;
  const [name, value, counted, offset] = decoded as unknown[];
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > MAX_PAGE_SIZE) return null;
  if (counted !== 0 && counted !== 1) return null;
  if (name === null && value === null) return { page: null, counted: counted === 1, offset };
  const pageName = typeof name === 'string' && Object.hasOwn(NAME_OF, name) ? NAME_OF[name] : undefined;
  if (pageName === undefined || typeof value !== 'string' || value === '') return null;
  if (pageName === '$skip' && !/^\d{1,9}$/.test(value)) return null;
  return { page: { name: pageName, value }, counted: counted === 1, offset };
}

/**
 * Seals cursors with `secret` (the deployment's `GATEWAY_CURSOR_SECRET`, or one shared by its
 * replicas) for the caller `caller` (an opaque, stable key of who calls: a cursor issued to one
 * caller is refused for another).
 */
export function createCursorSeal(secret: string, caller: string): CursorSeal {
  const mac = (payload: string, binding: CursorBinding) =>
    createHmac('sha256', secret)
      .update(JSON.stringify([VERSION, caller, binding.collection, binding.shape, payload]))
      .digest();

  return {
    seal(position, binding) {
      const payload = payloadOf(position);
      return `${VERSION}.${payload}.${mac(payload, binding).toString('base64url')}`;
    },
    open(cursor, binding) {
      if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH) throw invalidCursor('not a cursor');
      const parts = cursor.split('.');
      if (parts.length !== 3 || parts[0] !== VERSION || !parts.every((part) => /^[A-Za-z0-9_-]+$/.test(part))) {
        throw invalidCursor('not a cursor');
      }
      const [, payload, tag] = parts as [string, string, string];
      const given = Buffer.from(tag, 'base64url');
      if (given.length !== MAC_LENGTH || !timingSafeEqual(given, mac(payload, binding))) {
        throw invalidCursor(
          'its seal does not match: it was altered, or issued for another list, parent, filter or caller',
        );
      }
      const position = positionOf(payload);
      if (position === null) throw invalidCursor('it does not decode');
      return position;
    },
  };
}
