/**
 * The only way caller-supplied values reach an OData expression (`$filter`, `$search`) or a
 * URL path. Every function either escapes the value so it stays one literal, or refuses it with
 * a `GraphInputError`; property names must be on the caller's allow-list.
 */
import { GraphInputError } from './errors';

/** A `$filter` expression assembled by this module (a plain string at run time). */
export type ODataFilter = string & { readonly __brand: 'ODataFilter' };
/** A `$search` expression assembled by this module (a plain string at run time). */
export type ODataSearch = string & { readonly __brand: 'ODataSearch' };

export type FilterLiteral = string | number | boolean | null;

// C0 and C1 controls, DEL, and the Unicode line/paragraph separators: none belongs in an id,
// a UPN or a search term, and CR/LF are the classic header/log injection characters.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const PROPERTY_NAME = /^[A-Za-z][A-Za-z0-9_]*(\/[A-Za-z][A-Za-z0-9_]*)*$/;
/** Graph's default limit on the number of values in an `in (...)` clause. */
export const MAX_IN_VALUES = 15;

export function assertNoControlCharacters(argument: string, value: string): void {
  if (CONTROL_CHARACTERS.test(value)) {
    throw new GraphInputError(argument, `${argument} must not contain control characters such as CR or LF.`);
  }
}

/** `'it''s'`: an OData string literal, with single quotes doubled. */
export function stringLiteral(value: string, argument = 'filter'): string {
  assertNoControlCharacters(argument, value);
  return `'${value.replaceAll("'", "''")}'`;
}

function literal(value: FilterLiteral, argument: string): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new GraphInputError(argument, `${argument} must be a finite number.`);
    return String(value);
  }
  if (typeof value === 'string') return stringLiteral(value, argument);
  throw new GraphInputError(argument, `${argument} must be a string, number, boolean or null.`);
}

function checkAllowList(allowed: readonly string[]): void {
  for (const name of allowed) {
    if (!PROPERTY_NAME.test(name)) throw new Error(`'${name}' is not an OData property name.`);
  }
}

function propertyChecker<P extends string>(allowed: readonly P[], argument: string): (name: P) => P {
  checkAllowList(allowed);
  const known = new Set<string>(allowed);
  return (name) => {
    if (!known.has(name)) {
      throw new GraphInputError(
        argument,
        `'${String(name)}' cannot be used in ${argument}; allowed: ${allowed.join(', ')}.`,
      );
    }
    return name;
  };
}

export interface FilterBuilder<P extends string> {
  eq(property: P, value: FilterLiteral): ODataFilter;
  /** Needs Graph's advanced query mode; the client adds `$count=true` + `ConsistencyLevel` itself. */
  ne(property: P, value: FilterLiteral): ODataFilter;
  startsWith(property: P, value: string): ODataFilter;
  /** Needs Graph's advanced query mode (see `ne`). */
  endsWith(property: P, value: string): ODataFilter;
  in(property: P, values: readonly FilterLiteral[]): ODataFilter;
  /** `groupTypes/any(x:x eq 'Unified')`: a multi-valued property holding `value`. */
  anyEq(property: P, value: FilterLiteral): ODataFilter;
}

/** `$filter` builders over the properties in `allowed` (for example the indexed user properties). */
export function filterFor<P extends string>(allowed: readonly P[]): FilterBuilder<P> {
  const property = propertyChecker(allowed, 'filter');
  const expression = (text: string) => text as ODataFilter;
  return {
    eq: (name, value) => expression(`${property(name)} eq ${literal(value, 'filter')}`),
    ne: (name, value) => expression(`${property(name)} ne ${literal(value, 'filter')}`),
    startsWith: (name, value) => expression(`startsWith(${property(name)},${stringLiteral(value)})`),
    endsWith: (name, value) => expression(`endsWith(${property(name)},${stringLiteral(value)})`),
    in: (name, values) => {
      if (values.length === 0) throw new GraphInputError('filter', 'An `in` filter needs at least one value.');
      if (values.length > MAX_IN_VALUES) {
        throw new GraphInputError('filter', `An \`in\` filter takes at most ${MAX_IN_VALUES} values.`);
      }
      return expression(`${property(name)} in (${values.map((value) => literal(value, 'filter')).join(',')})`);
    },
    anyEq: (name, value) => expression(`${property(name)}/any(x:x eq ${literal(value, 'filter')})`),
  };
}

function combine(operator: 'and' | 'or', filters: readonly ODataFilter[]): ODataFilter {
  if (filters.length === 0) throw new GraphInputError('filter', `\`${operator}\` needs at least one expression.`);
  if (filters.length === 1) return filters[0];
  return filters.map((filter) => `(${filter})`).join(` ${operator} `) as ODataFilter;
}

export function and(...filters: ODataFilter[]): ODataFilter {
  return combine('and', filters);
}

export function or(...filters: ODataFilter[]): ODataFilter {
  return combine('or', filters);
}

/** Needs Graph's advanced query mode (see `ne`). */
export function not(filter: ODataFilter): ODataFilter {
  return `not(${filter})` as ODataFilter;
}

const ADVANCED_FILTER_OPERATORS = /(^|[\s(])(ne|not)[\s(]|endsWith\(/i;

/**
 * Whether a `$filter` uses an operator Graph accepts on directory objects only in advanced query
 * mode (`ne`, `not`, `endsWith`). String literals are skipped, so a value such as `'x ne y'` does
 * not count.
 */
export function needsAdvancedQuery(filter: string): boolean {
  const withoutLiterals = filter.replace(/'(?:[^']|'')*'/g, "''");
  return ADVANCED_FILTER_OPERATORS.test(withoutLiterals);
}

export interface SearchBuilder<P extends string> {
  /** `"displayName:ada"`, with `"` and `\` escaped by a backslash as Graph's `$search` expects. */
  clause(property: P, text: string): ODataSearch;
}

export function searchFor<P extends string>(allowed: readonly P[]): SearchBuilder<P> {
  const property = propertyChecker(allowed, 'search');
  return {
    clause: (name, text) => {
      assertNoControlCharacters('search', text);
      if (text.trim() === '') throw new GraphInputError('search', 'search text must not be empty.');
      const escaped = text.replaceAll('\\', '\\\\').replaceAll('"', '\\"');
      return `"${property(name)}:${escaped}"` as ODataSearch;
    },
  };
}

/** Joins `$search` clauses with Graph's upper-case `AND` / `OR`. */
export function searchAll(clauses: readonly ODataSearch[], operator: 'AND' | 'OR' = 'AND'): ODataSearch {
  if (clauses.length === 0) throw new GraphInputError('search', 'search needs at least one clause.');
  if (clauses.length === 1) return clauses[0];
  return clauses.map((clause) => `(${clause})`).join(` ${operator} `) as ODataSearch;
}

/** Percent-encodes one path segment; `@` stays readable, `'`, `(`, `)` are encoded too. */
function encodeSegmentText(value: string): string {
  return encodeURIComponent(value)
    .replaceAll('%40', '@')
    .replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `/users/{key}` for an id or userPrincipalName (likewise for other entity sets). The key is
 * one encoded segment (`#` → `%23`, `%` → `%25`, `/` refused), and a key starting with `$`
 * uses key syntax `/users('$x@contoso.com')` because Graph reads `/users/$x...` as a system
 * segment.
 */
// Keys made only of characters that `encodeSegmentText` keeps as they are (GUIDs, Planner ids,
// most UPNs): the common case, checked with one expression.
const PLAIN_KEY = /^[A-Za-z0-9_~@-][A-Za-z0-9_.~@-]*$/;

export function entityPath(entitySet: string, key: string, argument = 'id'): string {
  if (!/^[A-Za-z][A-Za-z0-9.]*$/.test(entitySet)) throw new Error(`'${entitySet}' is not an entity set name.`);
  if (typeof key === 'string' && PLAIN_KEY.test(key)) return `/${entitySet}/${key}`;
  if (typeof key !== 'string' || key.trim() === '') {
    throw new GraphInputError(argument, `${argument} must not be empty.`);
  }
  assertNoControlCharacters(argument, key);
  if (key.includes('/') || key.includes('\\')) {
    throw new GraphInputError(argument, `${argument} must not contain '/' or '\\'.`);
  }
  if (key === '.' || key === '..') throw new GraphInputError(argument, `${argument} must not be '.' or '..'.`);
  if (key.startsWith('$')) {
    const quoted = key.replaceAll("'", "''");
    return `/${entitySet}('${encodeURIComponent(quoted).replaceAll('%40', '@').replaceAll('%24', '$').replaceAll('%27', "'")}')`;
  }
  return `/${entitySet}/${encodeSegmentText(key)}`;
}

/** What `encodeQueryValue` leaves as it is: what `encodeURIComponent` keeps, and `,` `$` `:` `/` `@`. */
const UNENCODED_QUERY_VALUE = /^[A-Za-z0-9\-_.!~*'(),$:/@]*$/;

/**
 * Encodes a query option value for a Graph URL. `,` `$` `:` `/` `@` `'` `(` `)` stay literal
 * (OData syntax that Graph reads as such); `&`, `#`, `%`, `+`, `=`, spaces and quotes are
 * encoded, so a value can never start another query option.
 */
export function encodeQueryValue(value: string): string {
  // Most values (`$select` lists, `$top`, Graph's skip tokens) need no encoding at all: every
  // read builds its URL, hundreds per operation, so they skip the six passes below.
  if (UNENCODED_QUERY_VALUE.test(value)) return value;
  return encodeURIComponent(value)
    .replaceAll('%2C', ',')
    .replaceAll('%24', '$')
    .replaceAll('%3A', ':')
    .replaceAll('%2F', '/')
    .replaceAll('%40', '@');
}

/** `?$select=id,displayName&$top=5` from ordered `[name, value]` pairs (empty when none). */
export function queryString(options: ReadonlyArray<readonly [string, string]>): string {
  let text = '';
  for (const [name, value] of options) text += `${text === '' ? '?' : '&'}${name}=${encodeQueryValue(value)}`;
  return text;
}
