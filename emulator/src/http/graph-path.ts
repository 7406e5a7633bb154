/**
 * Turns the part of a URL below the version root into the dispatcher's canonical path:
 * percent-decoded per segment, and OData key syntax (`users('x@y.com')`, `groups(abc)`)
 * rewritten as a path segment (`users/x@y.com`).
 */
import { graphError } from './errors';
import type { GraphReply, GraphVersion } from './types';

/**
 * `segments` keep their boundaries (an encoded `%2F` stays inside its segment), so routing
 * uses them rather than re-splitting `path`.
 */
export type ParsedPath = { ok: true; path: string; segments: string[] } | { ok: false; message: string };

const KEY_SEGMENT = /^([^()]+)\((.+)\)$/;

function unquoteKey(key: string): string {
  // OData string literals double their quotes: users('o''neil@contoso.com').
  return key.length >= 2 && key.startsWith("'") && key.endsWith("'") ? key.slice(1, -1).replace(/''/g, "'") : key;
}

export function canonicalPath(rawPath: string): ParsedPath {
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { ok: false, message: `Invalid percent-encoding in the URL segment '${raw}'.` };
    }
    const key = KEY_SEGMENT.exec(segment);
    if (key) segments.push(key[1] as string, unquoteKey(key[2] as string));
    else if (isDollarUpn(segment, segments.length))
      return { ok: false, message: `Resource not found for the segment '${segment}'.` };
    else segments.push(segment);
  }
  return { ok: true, path: joinSegments(segments), segments };
}

/**
 * user-get.md: a userPrincipalName that begins with `$` must be sent in key form,
 * `/users('$AdeleVance@contoso.com')`; in path form `$` opens an OData system segment, which
 * Graph refuses with 400 (graph-api.md, users) before any lookup.
 */
function isDollarUpn(segment: string, index: number): boolean {
  return index > 0 && segment.startsWith('$') && segment.includes('@');
}

/** The reply for a path `canonicalPath` refuses. */
export function pathFailureReply(failure: { message: string }): GraphReply {
  return graphError(400, 'BadRequest', failure.message);
}

/** `/v1.0/...` or `/beta/...` (the version segment is matched case-insensitively). */
export function splitVersion(pathname: string): { version: GraphVersion; rest: string } | null {
  const match = /^\/(v1\.0|beta)(?=\/|$)(.*)$/i.exec(pathname);
  if (!match) return null;
  return { version: (match[1] as string).toLowerCase() as GraphVersion, rest: match[2] as string };
}

export function joinSegments(segments: readonly string[]): string {
  return `/${segments.join('/')}`;
}

/** True for `/me` and `/me/...`: the path the dispatcher rewrites for delegated callers. */
export function isMePath(segments: readonly string[]): boolean {
  return segments[0]?.toLowerCase() === 'me';
}

export function rewriteMe(segments: readonly string[], userId: string): string[] {
  return ['users', userId, ...segments.slice(1)];
}
