/**
 * The browser origins `CORS_ORIGINS` names: exact origins (`https://app.contoso.com`), any port
 * of one host (`http://localhost:*`), or `*` (any origin). Parsed once at start-up (config) and
 * matched against each request's `Origin` header (http/cors).
 */

/** Every origin a browser may send. */
export const ANY_ORIGIN = '*';

/** What embedded mode allows when `CORS_ORIGINS` is unset: pages served from this machine. */
export const LOOPBACK_ORIGINS: readonly string[] = ['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*'];

const ANY_PORT = ':*';

/**
 * One entry of `CORS_ORIGINS` in the form browsers serialize origins (lower-case host, no default
 * port, no trailing slash), or an error sentence.
 */
export function parseOriginPattern(entry: string): { pattern: string } | { error: string } {
  if (entry === ANY_ORIGIN) return { pattern: ANY_ORIGIN };
  const anyPort = entry.endsWith(ANY_PORT) || entry.endsWith(`${ANY_PORT}/`);
  const withoutPort = anyPort ? entry.slice(0, entry.lastIndexOf(ANY_PORT)) : entry;
  let url: URL;
  try {
    url = new URL(withoutPort);
  } catch {
    return { error: `'${entry}' is not an origin` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { error: `'${entry}' is not an http:// or https:// origin` };
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) {
    return { error: `'${entry}' has more than scheme, host and port` };
  }
  if (anyPort && /:\d*\/?$/.test(withoutPort)) return { error: `'${entry}' names two ports` };
  return { pattern: anyPort ? `${url.origin}${ANY_PORT}` : url.origin };
}

/** Whether `origin` (an `Origin` header) is one of `patterns` (parsed by `parseOriginPattern`). */
export function originAllowed(patterns: readonly string[], origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    // `null` (sandboxed frames, file:// pages) and anything else that is not an origin.
    return false;
  }
  if (url.origin !== origin) return false;
  const anyPort = `${url.protocol}//${url.hostname}${ANY_PORT}`;
  return patterns.some((pattern) => pattern === ANY_ORIGIN || pattern === origin || pattern === anyPort);
}
