/**
 * Delegated Graph tokens from the on-behalf-of exchange, cached per caller assertion.
 *
 * MSAL has an OBO cache, but it looks tokens up by the requested scopes, and for
 * `https://graph.microsoft.com/.default` the identity platform answers with the granted
 * permissions instead, so MSAL's lookup never matches and every request would cost a token
 * round trip. This cache is keyed by a hash of the assertion (one identity, one key; the
 * assertion itself is never kept), shares one exchange among concurrent requests of the same
 * caller, and forgets a token shortly before it expires.
 *
 * An assertion the identity platform refused (expired consent, a deleted user, ...) is refused
 * again for a while without asking: otherwise every request of a misbehaving client costs a token
 * round trip, and enough of them get the gateway's app throttled by the identity platform for
 * everyone. Only refusals are remembered; an outage or throttling is tried again at once.
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
  /** Which failed exchanges are refusals to remember (default: none). */
  isRefusal?: (error: unknown) => boolean;
  /** How long a refusal is remembered (default 60 s). */
  refusalTtlMs?: number;
  now?: () => number;
}

interface Entry {
  token: Promise<AcquiredToken>;
  /** Until then the entry may be served; Infinity while the exchange is still running. */
  freshUntil: number;
}

export class OboTokenCache {
  private readonly entries = new Map<string, Entry>();
  /** Refused assertions (by hash): the refusal and until when it is repeated without asking. */
  private readonly refusals = new Map<string, { error: unknown; until: number }>();
  private readonly renewBeforeMs: number;
  private readonly maxEntries: number;
  private readonly isRefusal: (error: unknown) => boolean;
  private readonly refusalTtlMs: number;
  private readonly now: () => number;

  constructor(options: OboTokenCacheOptions = {}) {
    this.renewBeforeMs = options.renewBeforeMs ?? 5 * 60_000;
    this.maxEntries = options.maxEntries ?? 5000;
    this.isRefusal = options.isRefusal ?? (() => false);
    this.refusalTtlMs = options.refusalTtlMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The cached token for this assertion, or the result of `exchange()` (shared by concurrent callers). */
  async get(assertion: string, exchange: () => Promise<AcquiredToken>): Promise<string> {
    const key = createHash('sha256').update(assertion).digest('base64url');
    const refusal = this.refusals.get(key);
    if (refusal) {
      if (refusal.until > this.now()) throw refusal.error;
      this.refusals.delete(key);
    }
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
      // A failed exchange leaves no token behind; a refusal is remembered for a while.
      if (this.entries.get(key) === entry) this.entries.delete(key);
      if (this.isRefusal(error)) this.rememberRefusal(key, error);
      throw error;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private rememberRefusal(key: string, error: unknown): void {
    this.refusals.delete(key);
    this.refusals.set(key, { error, until: this.now() + this.refusalTtlMs });
    if (this.refusals.size > this.maxEntries) this.refusals.delete(this.refusals.keys().next().value as string);
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
