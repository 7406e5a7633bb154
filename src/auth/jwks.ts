/**
 * The authority's signing keys (JWKS), fetched from the OpenID configuration's `jwks_uri`,
 * cached, and fetched again when a token names a key id the cache does not hold (keys rotate).
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
  /** Unknown key ids trigger at most one refetch per interval, so forged kids cannot flood the authority. */
  minRefreshIntervalMs?: number;
  now?: () => number;
}

function unavailable(detail: string): GraphAuthError {
  return new GraphAuthError('keys_unavailable', `The token cannot be validated: the authority's signing keys are unavailable (${detail}).`);
}

async function fetchKeys(uri: string, fetchFn: FetchLike): Promise<Map<string, KeyObject>> {
  const url = new URL(uri);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw unavailable('jwks_uri is not https');
  }
  let body: unknown;
  try {
    const response = await fetchFn(new Request(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) }));
    if (!response.ok) throw unavailable(`jwks_uri answered ${response.status}`);
    body = await response.json();
  } catch (error) {
    if (error instanceof GraphAuthError) throw error;
    throw unavailable('jwks_uri could not be read');
  }
  const keys = new Map<string, KeyObject>();
  const entries = typeof body === 'object' && body !== null && Array.isArray((body as { keys?: unknown }).keys) ? (body as { keys: unknown[] }).keys : [];
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
  let keys: Promise<Map<string, KeyObject>> | undefined;
  let fetchedAt = Number.NEGATIVE_INFINITY;

  const refresh = () => {
    fetchedAt = now();
    keys = options.jwksUri().then((uri) => fetchKeys(uri, options.fetch));
    // A failed fetch is not cached: the next token tries again.
    keys.catch(() => {
      keys = undefined;
      fetchedAt = Number.NEGATIVE_INFINITY;
    });
    return keys;
  };

  return {
    async key(kid) {
      const known = await (keys ?? refresh());
      const key = known.get(kid);
      if (key) return key;
      if (now() - fetchedAt < minRefreshIntervalMs) return null;
      return (await refresh()).get(kid) ?? null;
    },
  };
}
