/**
 * Delegated Graph tokens from the on-behalf-of exchange, cached per caller assertion.
 *
 * MSAL has an OBO cache, but it looks tokens up by the requested scopes, and for
 * `https://graph.microsoft.com/.default` the identity platform answers with the granted
 * permissions instead, so MSAL's lookup never matches and every request would cost a token
 * round trip. This cache is keyed by a hash of the assertion (one identity, one key; the
 * assertion itself is never kept), shares one exchange among concurrent requests of the same
 * caller, and forgets a token shortly before it expires.
 */
import { createHash } from 'node:crypto';

export interface AcquiredToken {
  accessToken: string;
  /** When the Graph token stops being valid. */
  expiresOn: Date;
}

export interface OboTokenCacheOptions {
  /** Tokens are renewed this long before they expire (default 5 minutes). */
  renewBeforeMs?: number;
  /** Most identities remembered at once; the least recently used is dropped first (default 5000). */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  token: Promise<AcquiredToken>;
  /** Until then the entry may be served; Infinity while the exchange is still running. */
  freshUntil: number;
}

export class OboTokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly renewBeforeMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: OboTokenCacheOptions = {}) {
    this.renewBeforeMs = options.renewBeforeMs ?? 5 * 60_000;
    this.maxEntries = options.maxEntries ?? 5000;
    this.now = options.now ?? Date.now;
  }

  /** The cached token for this assertion, or the result of `exchange()` (shared by concurrent callers). */
  async get(assertion: string, exchange: () => Promise<AcquiredToken>): Promise<string> {
    const key = createHash('sha256').update(assertion).digest('base64url');
    const cached = this.entries.get(key);
    if (cached && cached.freshUntil > this.now()) {
      // Re-insert to mark it most recently used.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return (await cached.token).accessToken;
    }

    const entry: Entry = { token: exchange(), freshUntil: Infinity };
    this.remember(key, entry);
    try {
      const token = await entry.token;
      entry.freshUntil = token.expiresOn.getTime() - this.renewBeforeMs;
      return token.accessToken;
    } catch (error) {
      // A failed exchange is not cached: the next request tries again.
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw error;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private remember(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
