/**
 * Cross-site request forgery prevention for `/graphql` (in place of Apollo Server's, which
 * refuses every GET without a preflight header and so every query of urql's and graphql-request's
 * defaults).
 *
 * A page of any website can make its visitor's browser send a "simple" request — GET, or POST
 * with a form or text body, and no header of its own — without asking the server first. The
 * browser then hides the answer from that page (unless CORS allows its origin), so the only harm
 * such a request can do is what it does on the server. Hence:
 * - a request a browser would have preflighted (a JSON content type, or `apollo-require-preflight`)
 *   passes: its browser asked first, and the CORS answer allowed only the listed origins;
 * - a simple GET passes too — GET runs queries only (Apollo refuses mutations over GET, 405), and
 *   reading changes nothing — unless the browser marks it as sent by a page of another origin that
 *   `CORS_ORIGINS` does not allow: then it is refused before it runs (no Graph read for a page
 *   that could not read the answer, nor time it);
 * - every other simple request (a form or text POST) is refused.
 * Outside embedded mode a simple request carries no credential anyway (no page can add
 * `Authorization` or `x-api-key` to another origin's request without a preflight), so it ends in 401.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { CorsPolicy } from './cors';

/** Content types a page may POST to any origin without a preflight. */
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
/** Headers no page can add to another origin's request without a preflight (Apollo's names). */
const PREFLIGHT_HEADERS = ['apollo-require-preflight', 'x-apollo-operation-name'];

const SIMPLE_REQUEST_REFUSED =
  'This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). ' +
  `Send a 'content-type' header that is not one of ${SIMPLE_CONTENT_TYPES.join(', ')} ` +
  "(application/json), or use GET for queries, or send a non-empty 'apollo-require-preflight' header.";
const OTHER_ORIGIN_REFUSED =
  'This operation has been blocked as a potential Cross-Site Request Forgery (CSRF): ' +
  'it was sent by a page of another origin, which CORS_ORIGINS does not allow.';

function isPreflighted(req: Request): boolean {
  const contentType = req.headers['content-type'];
  if (contentType !== undefined) {
    const essence = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    if (!SIMPLE_CONTENT_TYPES.includes(essence)) return true;
  }
  return PREFLIGHT_HEADERS.some((name) => {
    const value = req.headers[name];
    return typeof value === 'string' && value.length > 0;
  });
}

/**
 * The origin of the page that sent `req` when its browser says the page is of another origin
 * (`Sec-Fetch-Site`, or an `Origin` naming another host where the browser sends no Fetch
 * Metadata); null for same-origin pages, navigations (a followed link shows the answer to the
 * person, not to the page that linked) and clients that are not browsers.
 */
function otherPageOrigin(req: Request): string | null {
  if (req.headers['sec-fetch-mode'] === 'navigate') return null;
  const origin = req.headers.origin ?? 'null';
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'cross-site' || site === 'same-site' ? origin : null;
  if (req.headers.origin === undefined) return null;
  try {
    return new URL(origin).host === req.headers.host ? null : origin;
  } catch {
    return origin;
  }
}

function refuse(res: Response, message: string): void {
  res.status(400).json({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
}

export function csrfPrevention(cors: CorsPolicy): RequestHandler {
  return (req, res, next) => {
    if (isPreflighted(req)) {
      next();
      return;
    }
    if (req.method !== 'GET') {
      refuse(res, SIMPLE_REQUEST_REFUSED);
      return;
    }
    const origin = otherPageOrigin(req);
    if (origin !== null && !cors.allows(origin)) {
      refuse(res, OTHER_ORIGIN_REFUSED);
      return;
    }
    next();
  };
}
