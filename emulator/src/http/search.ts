/**
 * `$search` on directory objects (graph-api.md §2): `"property:text"` clauses in double quotes,
 * joined by upper-case `AND` / `OR` outside the quotes, with parentheses; `\"` and `\\` escape
 * inside a clause. `displayName` and `description` match by tokens (split on spaces, case
 * changes, digits and symbols; each searched token is a prefix of some value token, in any
 * order, ignoring case); any other property matches like `startsWith`.
 */

export type SearchNode =
  { kind: 'clause'; property: string; text: string } | { kind: 'and' | 'or'; left: SearchNode; right: SearchNode };

export class SearchSyntaxError extends Error {}

type SearchToken =
  | { type: 'clause'; property: string; text: string; position: number }
  | { type: 'word' | 'paren'; text: string; position: number };

function tokenize(raw: string): SearchToken[] {
  const tokens: SearchToken[] = [];
  let i = 0;
  while (i < raw.length) {
    const char = raw[i] as string;
    if (/\s/.test(char)) {
      i++;
    } else if (char === '(' || char === ')') {
      tokens.push({ type: 'paren', text: char, position: i });
      i++;
    } else if (char === '"') {
      const start = i;
      let content = '';
      i++;
      for (;;) {
        if (i >= raw.length)
          throw new SearchSyntaxError(`Unterminated quoted clause at position ${start} in $search '${raw}'.`);
        const c = raw[i] as string;
        if (c === '\\' && i + 1 < raw.length) {
          content += raw[i + 1];
          i += 2;
          continue;
        }
        if (c === '"') break;
        content += c;
        i++;
      }
      i++;
      const colon = content.indexOf(':');
      if (colon <= 0) {
        throw new SearchSyntaxError(
          `The clause "${content}" in $search must name a property, as in "displayName:${content}".`,
        );
      }
      const text = content.slice(colon + 1).trim();
      if (text === '') throw new SearchSyntaxError(`The clause "${content}" in $search has no text to search for.`);
      tokens.push({ type: 'clause', property: content.slice(0, colon).trim(), text, position: start });
    } else {
      const match = /^[^\s()"]+/.exec(raw.slice(i)) as RegExpExecArray;
      tokens.push({ type: 'word', text: match[0], position: i });
      i += match[0].length;
    }
  }
  return tokens;
}

/** Bounds the parser's recursion (parentheses) and the work of one expression. */
export const MAX_SEARCH_TOKENS = 1000;

/** Parses a `$search` value; throws `SearchSyntaxError` naming what is wrong. */
export function parseSearch(raw: string): SearchNode {
  const tokens = tokenize(raw);
  if (tokens.length > MAX_SEARCH_TOKENS) {
    throw new SearchSyntaxError(
      `The $search expression has ${tokens.length} parts; the emulator reads at most ${MAX_SEARCH_TOKENS}.`,
    );
  }
  let index = 0;
  const fail = (): never => {
    const token = tokens[index];
    throw new SearchSyntaxError(
      token
        ? `Syntax error at position ${token.position} in $search '${raw}': expected a quoted "property:text" clause, AND, OR or a parenthesis.`
        : `Syntax error at the end of $search '${raw}': a quoted "property:text" clause is missing.`,
    );
  };
  const isWord = (word: string) => {
    const token = tokens[index];
    return token?.type === 'word' && token.text === word;
  };
  const parsePrimary = (): SearchNode => {
    const token = tokens[index];
    if (token?.type === 'clause') {
      index++;
      return { kind: 'clause', property: token.property, text: token.text };
    }
    if (token?.type === 'paren' && token.text === '(') {
      index++;
      const inner = parseOr();
      const close = tokens[index];
      if (close?.type !== 'paren' || close.text !== ')') fail();
      index++;
      return inner;
    }
    return fail();
  };
  const parseAnd = (): SearchNode => {
    let left = parsePrimary();
    while (isWord('AND')) {
      index++;
      left = { kind: 'and', left, right: parsePrimary() };
    }
    return left;
  };
  const parseOr = (): SearchNode => {
    let left = parseAnd();
    while (isWord('OR')) {
      index++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const node = parseOr();
  if (index < tokens.length) fail();
  return node;
}

/** The properties a search tree names, in order of appearance. */
export function searchProperties(node: SearchNode): string[] {
  return node.kind === 'clause' ? [node.property] : [...searchProperties(node.left), ...searchProperties(node.right)];
}

/** Returns the tree with every clause's property renamed by `rename` (e.g. to canonical case). */
export function mapSearchProperties(node: SearchNode, rename: (property: string) => string): SearchNode {
  return node.kind === 'clause'
    ? { ...node, property: rename(node.property) }
    : { ...node, left: mapSearchProperties(node.left, rename), right: mapSearchProperties(node.right, rename) };
}

/** Lower-cased tokens of a text: `ProjectPhoenix-2024 team` → `project`, `phoenix`, `2024`, `team`. */
export function searchTokens(text: string): string[] {
  return (text.match(/\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{N}+|\p{L}+/gu) ?? []).map((token) => token.toLowerCase());
}

const TOKENIZED = new Set(['displayname', 'description']);

export function matchesSearch(node: SearchNode, value: (property: string) => unknown): boolean {
  if (node.kind !== 'clause') {
    return node.kind === 'and'
      ? matchesSearch(node.left, value) && matchesSearch(node.right, value)
      : matchesSearch(node.left, value) || matchesSearch(node.right, value);
  }
  const actual = value(node.property);
  const values = (Array.isArray(actual) ? actual : [actual]).filter((v): v is string => typeof v === 'string');
  if (TOKENIZED.has(node.property.toLowerCase())) {
    const wanted = searchTokens(node.text);
    if (wanted.length === 0) return false;
    return values.some((text) => {
      const tokens = searchTokens(text);
      return wanted.every((w) => tokens.some((t) => t.startsWith(w)));
    });
  }
  const prefix = node.text.toLowerCase();
  return values.some((text) => text.toLowerCase().startsWith(prefix));
}
