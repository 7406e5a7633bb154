/**
 * OData query options shared by every collection and entity endpoint of the emulator:
 * `$select` projection, `$top` validation, `@odata.context` URLs, and paging with an opaque
 * `$skiptoken` (or `$skip` for Outlook-backed APIs) and an `@odata.nextLink` that repeats the
 * call's own query options on the call's own origin.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { graphError } from './errors';
import type { GraphCall, GraphReply } from './types';

// Every item of a collection is projected with the same `$select`: it is parsed and resolved
// once per call (the query of a call is never changed once the call is built).
const parsedSelects = new WeakMap<URLSearchParams, readonly string[] | null>();

/** Properties named by `$select`, or null when the call has no `$select`. Shared: do not mutate. */
export function parseSelect(call: GraphCall): readonly string[] | null {
  const cached = parsedSelects.get(call.query);
  if (cached !== undefined) return cached;
  const raw = call.query.get('$select');
  const select = raw
    ? raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : null;
  parsedSelects.set(call.query, select);
  return select;
}

/**
 * Keeps the properties a response shows: the `$select`ed ones when given (plus `id`, which
 * Graph always returns), otherwise `defaults`. Selected names match case-insensitively and
 * come back spelled as the record (or `known`) spells them; names that are neither in the
 * record nor in `known` are ignored. A known property the record lacks comes back as `null`.
 */
export function project(
  record: object,
  select: readonly string[] | null,
  defaults: readonly string[],
  known?: readonly string[],
): Record<string, unknown> {
  const values = record as Record<string, unknown>;
  const names = select ? projectedNames(select, known ?? [], Object.keys(values)) : defaults;
  const result: Record<string, unknown> = {};
  for (const name of names) result[name] = values[name] ?? null;
  if (select && !('id' in result) && 'id' in values) result.id = values.id;
  return result;
}

interface ProjectedNames {
  known: readonly string[];
  keys: readonly string[];
  names: readonly string[];
}

/** The last resolution per `$select`: the items of one collection share their property names. */
const lastProjection = new WeakMap<readonly string[], ProjectedNames>();

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function projectedNames(
  select: readonly string[],
  known: readonly string[],
  keys: readonly string[],
): readonly string[] {
  const last = lastProjection.get(select);
  if (last && sameNames(last.known, known) && sameNames(last.keys, keys)) return last.names;
  const names = resolveSelection(select, [...known, ...keys]);
  lastProjection.set(select, { known, keys, names });
  return names;
}

/** Canonical spellings of the selected names that exist in `available`, without duplicates. */
export function resolveSelection(select: readonly string[], available: readonly string[]): string[] {
  const byLowerName = new Map<string, string>();
  for (const name of available) if (!byLowerName.has(name.toLowerCase())) byLowerName.set(name.toLowerCase(), name);
  const resolved: string[] = [];
  for (const name of select) {
    const canonical = byLowerName.get(name.toLowerCase());
    if (canonical !== undefined && !resolved.includes(canonical)) resolved.push(canonical);
  }
  return resolved;
}

/** `users` + `$select=displayName,id` → `users(displayName,id)`, as Graph echoes a selection. */
export function withSelection(entitySet: string, select: readonly string[] | null): string {
  return select && select.length > 0 ? `${entitySet}(${select.join(',')})` : entitySet;
}

/** `@odata.context` URL for a fragment after `$metadata#`, on the call's origin and version. */
export function contextUrl(call: GraphCall, fragment: string): string {
  return `${call.origin}/${call.version}/$metadata#${fragment}`;
}

/** A single entity with its `@odata.context` (`users/$entity`, `directoryObjects/$entity`...). */
export function entityReply(call: GraphCall, fragment: string, entity: Record<string, unknown>): GraphReply {
  return { status: 200, body: { '@odata.context': contextUrl(call, fragment), ...entity } };
}

/**
 * `$top` as a page size, `null` when absent, or Graph's 400 when it is not an integer between
 * 1 and `max`.
 */
export function parseTop(call: GraphCall, max: number): number | null | GraphReply {
  const raw = call.query.get('$top');
  if (raw === null) return null;
  if (!/^[+-]?\d+$/.test(raw.trim())) {
    return graphError(
      400,
      'BadRequest',
      `Invalid value '${raw}' for $top query option found. The $top query option requires a non-negative integer value.`,
    );
  }
  const top = Number(raw.trim());
  if (top < 1 || top > max) {
    return graphError(
      400,
      'Request_UnsupportedQuery',
      `Invalid page size specified: '${raw}'. Must be between 1 and ${max} inclusive.`,
    );
  }
  return top;
}

export function isGraphReply(value: unknown): value is GraphReply {
  return (
    typeof value === 'object' && value !== null && 'status' in value && typeof (value as GraphReply).status === 'number'
  );
}

export interface CollectionOptions<T = unknown> {
  /** Default page size when no `$top` is given. */
  defaultPageSize: number;
  /** Largest `$top` accepted (Graph: 999 for directory objects); larger answers 400. */
  maxPageSize: number;
  /** `@odata.context` fragment after `$metadata#`, e.g. `users` or `directoryObjects`. */
  contextPath: string;
  /** Caps the page below `$top` (Graph pages `$expand`ed directory collections at 100). */
  pageSizeCap?: number;
  /** `@odata.count` to show on the first page (the caller decides whether it was asked for). */
  count?: number;
  /**
   * How the next page is addressed: an opaque `$skiptoken` (default; directory, Planner) or
   * `$skip=<offset>` (Outlook-backed APIs such as To Do).
   */
  pageBy?: 'skiptoken' | 'skip';
  /** Turns an item of the page into its JSON (applied to the page only, not the whole list). */
  render?: (item: T) => unknown;
}

/**
 * Answers one page of an already filtered and ordered collection: `$top`, an opaque
 * `$skiptoken` and `@odata.nextLink` built from the call's own origin and query options.
 */
export function collectionPage<T>(call: GraphCall, items: readonly T[], options: CollectionOptions<T>): GraphReply {
  const top = parseTop(call, options.maxPageSize);
  if (isGraphReply(top)) return top;
  const pageSize = Math.min(top ?? options.defaultPageSize, options.pageSizeCap ?? Number.POSITIVE_INFINITY);

  const pageBy = options.pageBy ?? 'skiptoken';
  const offset = pageBy === 'skip' ? parseSkip(call) : readSkipToken(call);
  if (isGraphReply(offset)) return offset;

  const page = items.slice(offset, offset + pageSize);
  const body: Record<string, unknown> = { '@odata.context': contextUrl(call, options.contextPath) };
  if (options.count !== undefined && offset === 0) body['@odata.count'] = options.count;
  const nextOffset = offset + page.length;
  if (nextOffset < items.length) {
    body['@odata.nextLink'] =
      pageBy === 'skip'
        ? nextLink(call, '$skip', String(nextOffset))
        : nextLink(call, '$skiptoken', encodeSkipToken(pageSignature(call), nextOffset));
  }
  body.value = options.render ? page.map(options.render) : [...page];
  return { status: 200, body };
}

function parseSkip(call: GraphCall): number | GraphReply {
  const raw = call.query.get('$skip');
  if (raw === null) return 0;
  if (!/^\d+$/.test(raw.trim())) {
    return graphError(
      400,
      'BadRequest',
      `Invalid value '${raw}' for $skip query option found. The $skip query option requires a non-negative integer value.`,
    );
  }
  return Number(raw.trim());
}

function readSkipToken(call: GraphCall): number | GraphReply {
  const token = call.query.get('$skiptoken');
  if (token === null) return 0;
  const offset = decodeSkipToken(pageSignature(call), token);
  return offset ?? graphError(400, 'Request_BadRequest', 'Invalid Skip Token');
}

/**
 * The next page's absolute URL: the call's path and every query option it was sent with,
 * in order, with `name` (the paging option) replaced.
 */
export function nextLink(call: GraphCall, name: string, value: string): string {
  const pairs: string[] = [];
  for (const [key, optionValue] of call.query) {
    if (key.toLowerCase() === name.toLowerCase()) continue;
    pairs.push(`${encodeQueryName(key)}=${encodeURIComponent(optionValue)}`);
  }
  pairs.push(`${encodeQueryName(name)}=${encodeURIComponent(value)}`);
  return `${call.origin}/${call.version}${encodePath(call.path)}?${pairs.join('&')}`;
}

function encodeQueryName(name: string): string {
  return encodeURIComponent(name).replace(/%24/g, '$');
}

/** Re-encodes a per-segment decoded path; `#` in guest UPNs must travel as `%23`. */
export function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%40/g, '@').replace(/%24/g, '$').replace(/%3A/gi, ':'))
    .join('/');
}

// The skiptoken is a position in a result set: it is HMAC-authenticated, so a client can
// neither guess another position nor reuse it on another result set. What defines the result
// set is the path and `$filter`, `$search`, `$orderby` and `$count` (an advanced query may order
// differently). `$select` (projection) and `$top` (page size) do not move a position, so a
// token read with one `$select`/`$top` is honoured with another: Graph's documentation treats
// the token as opaque and does not say, and a client that pages with a different selection
// must not be refused for it.
const SKIPTOKEN_KEY = 'msgraph-graphql emulator skiptoken v1';
const RESULT_SET_OPTIONS: ReadonlySet<string> = new Set(['$filter', '$search', '$orderby', '$count']);

/** What a page position is bound to: method, version, path and the options that define the result set. */
function pageSignature(call: GraphCall): string {
  const options = [...call.query]
    .filter(([key]) => RESULT_SET_OPTIONS.has(key.toLowerCase()))
    .map(([key, value]) => `${key.toLowerCase()}=${value}`)
    .sort();
  return `${call.method} ${call.version} ${call.path.toLowerCase()}?${options.join('&')}`;
}

function mac(text: string): Buffer {
  return createHmac('sha256', SKIPTOKEN_KEY).update(text).digest();
}

export function encodeSkipToken(signature: string, offset: number): string {
  const mask = mac(`mask|${signature}`);
  const position = Buffer.alloc(4);
  position.writeUInt32BE(offset >>> 0);
  for (let i = 0; i < 4; i++) position[i] = (position[i] as number) ^ (mask[i] as number);
  return Buffer.concat([position, mac(`${signature}|${offset}`).subarray(0, 12)]).toString('base64url');
}

export function decodeSkipToken(signature: string, token: string): number | null {
  if (!/^[A-Za-z0-9_-]{22}$/.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== 16) return null;
  const mask = mac(`mask|${signature}`);
  const position = Buffer.from(bytes.subarray(0, 4));
  for (let i = 0; i < 4; i++) position[i] = (position[i] as number) ^ (mask[i] as number);
  const offset = position.readUInt32BE();
  const expected = mac(`${signature}|${offset}`).subarray(0, 12);
  return timingSafeEqual(expected, bytes.subarray(4)) ? offset : null;
}
