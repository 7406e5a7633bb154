/**
 * The authority's signing keys (JWKS), fetched from the OpenID configuration's `jwks_uri`,
 * cached, and fetched again when a token names a key id the cache does not hold (keys rotate).
 *
 * Anyone can send a token naming a key id that does not exist, so an unknown kid must never cost
 * more than the authority can bear or lock out the callers whose keys are known: a failed refresh
 * keeps the last good keys, refreshes are at most one per interval (longer, doubling, after
 * failures), and concurrent lookups share one fetch.
 */
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { isLoopbackHost, type FetchLike } from './authority';
import { GraphAuthError } from './errors';

export interface KeySet {
  /** The RSA public key with this `kid`, or null when the authority does not publish one. */
  key(kid: string): Promise<KeyObject | null>;
}

export interface KeySetOptions {
  jwksUri: () => Promise<string>;
  fetch: FetchLike;
  /** After a successful fetch, unknown key ids wait this long for the next one (default 10 s). */
  minRefreshIntervalMs?: number;
  /** After a failed fetch the next waits this long, doubling with each further failure (default 1 s)... */
  failureBackoffMs?: number;
  /** ...up to this (default 5 minutes). */
  maxBackoffMs?: number;
  now?: () => number;
}

function unavailable(detail: string): GraphAuthError {
  return new GraphAuthError(
    'keys_unavailable',
    `The token cannot be validated: the authority's signing keys are unavailable (${detail}).`,
  );
}

async function fetchKeys(uri: string, fetchFn: FetchLike): Promise<Map<string, KeyObject>> {
  const url = new URL(uri);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw unavailable('jwks_uri is not https');
  }
  let body: unknown;
  try {
    const response = await fetchFn(
      new Request(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) }),
    );
    if (!response.ok) throw unavailable(`jwks_uri answered ${response.status}`);
    body = await response.json();
  } catch (error) {
    if (error instanceof GraphAuthError) throw error;
    throw unavailable('jwks_uri could not be read');
  }
  const keys = new Map<string, KeyObject>();
  const entries =
    typeof body === 'object' && body !== null && Array.isArray((body as { keys?: unknown }).keys)
      ? (body as { keys: unknown[] }).keys
      : [];
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null) continue;
    const jwk = entry as JsonWebKey & { kid?: unknown; use?: unknown };
    if (typeof jwk.kid !== 'string' || jwk.kty !== 'RSA' || (jwk.use !== undefined && jwk.use !== 'sig')) continue;
    try {
      keys.set(jwk.kid, createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' }));
    } catch {
      // A key MSAL-style validators cannot use is skipped rather than failing the whole set.
    }
  }
  return keys;
}

export function createKeySet(options: KeySetOptions): KeySet {
  const now = options.now ?? Date.now;
  const minRefreshIntervalMs = options.minRefreshIntervalMs ?? 10_000;
  const failureBackoffMs = options.failureBackoffMs ?? 1_000;
  const maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
  /** The last keys fetched successfully; null until the first success. */
  let keys: Map<string, KeyObject> | null = null;
  let lastFailure: GraphAuthError | null = null;
  let failures = 0;
  let nextFetchAt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | null = null;

  async function fetchAndRemember(): Promise<void> {
    try {
      keys = await fetchKeys(await options.jwksUri(), options.fetch);
      failures = 0;
      lastFailure = null;
      nextFetchAt = now() + minRefreshIntervalMs;
    } catch (error) {
      failures += 1;
      lastFailure = error instanceof GraphAuthError ? error : unavailable('jwks_uri could not be read');
      nextFetchAt = now() + Math.min(maxBackoffMs, failureBackoffMs * 2 ** (failures - 1));
    } finally {
      inFlight = null;
    }
  }

  return {
    async key(kid) {
      const cached = keys?.get(kid);
      if (cached) return cached;
      if (inFlight) await inFlight;
      else if (now() >= nextFetchAt) await (inFlight = fetchAndRemember());
      const found = keys?.get(kid);
      if (found) return found;
      // Without any good keys nothing can be validated: fail closed with the last failure.
      if (keys === null) throw lastFailure ?? unavailable('no keys were fetched yet');
      return null;
    },
  };
}
