/**
 * CORS for the routes a browser page calls (`/graphql`, `/possible-types.json`): a page of an
 * allowed origin (`CORS_ORIGINS`) gets its origin echoed with the methods and headers a GraphQL
 * client sends, and its preflight answered 204; a page of any other origin gets no CORS header,
 * so its browser lets it read nothing.
 */
import type { RequestHandler } from 'express';
import { originAllowed } from './origins';

const ALLOWED_METHODS = 'GET, POST, OPTIONS';
/** What GraphQL clients send besides the safelisted headers: credentials, Apollo's CSRF header, stats, tracing. */
const ALLOWED_HEADERS = 'content-type, authorization, x-api-key, apollo-require-preflight, x-graph-stats, x-request-id';
/** The request id (to quote in a support request) and the 401's challenge. */
const EXPOSED_HEADERS = 'x-request-id, www-authenticate';
/** How long a browser may reuse a preflight answer: a changed `CORS_ORIGINS` reaches browsers within 10 minutes. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

export interface CorsPolicy {
  /** Whether a page of `origin` (an `Origin` header) may call. */
  allows(origin: string): boolean;
}

export function corsPolicy(patterns: readonly string[]): CorsPolicy {
  return { allows: (origin) => originAllowed(patterns, origin) };
}

/** Adds the CORS headers for allowed origins, and answers every `OPTIONS` (a preflight or not) with 204. */
export function corsHeaders(policy: CorsPolicy): RequestHandler {
  return (req, res, next) => {
    // The answer depends on Origin, so caches must keep one per origin.
    res.vary('Origin');
    const origin = req.headers.origin;
    const allowed = origin !== undefined && policy.allows(origin);
    if (allowed) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
    if (req.method !== 'OPTIONS') {
      next();
      return;
    }
    res.setHeader('Allow', ALLOWED_METHODS);
    if (allowed) {
      res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_SECONDS));
      // Chromium asks before a public page calls a private address (an intranet gateway).
      if (req.headers['access-control-request-private-network'] === 'true') {
        res.setHeader('Access-Control-Allow-Private-Network', 'true');
      }
    }
    res.status(204).end();
  };
}
