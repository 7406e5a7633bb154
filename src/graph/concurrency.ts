/**
 * How many HTTP requests an operation may have in flight to Graph, adapted to Graph's pushback.
 *
 * Graph publishes no concurrency limit for the directory: it meters resource units per app and
 * tenant (3,500–8,000 RU per 10 s) and answers 429 once a bucket is empty (graph-api.md, Part 2
 * §4). So the limit starts at its ceiling, which lets a whole wave of `$batch`es go out in one
 * round trip, and only comes down when Graph pushes back:
 * - a 429 or 503 (whole request or `$batch` step) halves it (down to 1), once per window: answers
 *   to requests sent before the last cut describe the old rate and do not cut again;
 * - its `Retry-After` holds every new request of the scope until it has passed (capped at
 *   `maxHoldMs`): Graph keeps counting throttled requests, so sending more only prolongs it;
 * - after `quietMs` without pushback it grows back by one every `recoveryStepMs`.
 * The value is kept per scope (tenant + app: the pair Graph meters) and shared by every
 * operation of the process; each operation counts its own requests against it.
 */

export interface ConcurrencyPolicy {
  /** The most requests in flight per operation, and where the limit starts (`GRAPH_MAX_CONCURRENCY`). */
  ceiling: number;
  /** Time without pushback before the limit grows again (default 10 s, Graph's metering window). */
  quietMs?: number;
  /** Then one more request in flight per this much time (default 2 s). */
  recoveryStepMs?: number;
  /** The longest `Retry-After` hold new requests respect (default 10 s; longer waits are the retries'). */
  maxHoldMs?: number;
  now?: () => number;
}

/** What one operation's limiter asks of the shared limit. */
export interface ConcurrencyGate {
  /** Requests the operation may have in flight now. */
  capacity(): number;
  /** Milliseconds before a new request may start (a `Retry-After` being respected); 0 when none. */
  holdMs(): number;
  /**
   * Graph pushed back (429/503) on a request sent at `sentAt`, asking to wait `retryAfterMs`
   * (undefined when it named no wait).
   */
  pushback(sentAt: number, retryAfterMs: number | undefined): void;
  /** The clock the gate runs on (for `sentAt`). */
  now(): number;
}

const DEFAULT_QUIET_MS = 10_000;
const DEFAULT_RECOVERY_STEP_MS = 2_000;
const DEFAULT_MAX_HOLD_MS = 10_000;

export function createAdaptiveLimit(policy: ConcurrencyPolicy): ConcurrencyGate {
  const { ceiling } = policy;
  if (!Number.isInteger(ceiling) || ceiling < 1)
    throw new RangeError(`maxConcurrency must be a positive integer, got ${ceiling}.`);
  const quietMs = policy.quietMs ?? DEFAULT_QUIET_MS;
  const stepMs = policy.recoveryStepMs ?? DEFAULT_RECOVERY_STEP_MS;
  const maxHoldMs = policy.maxHoldMs ?? DEFAULT_MAX_HOLD_MS;
  const now = policy.now ?? Date.now;
  // The limit as of the last pushback; between pushbacks it is worked out from the time since.
  let base = ceiling;
  let lastPushbackAt = -Infinity;
  let lastCutAt = -Infinity;
  let holdUntil = -Infinity;

  const capacity = () => {
    const quietFor = now() - lastPushbackAt - quietMs;
    if (base >= ceiling || quietFor < 0) return base;
    return Math.min(ceiling, base + 1 + Math.floor(quietFor / stepMs));
  };

  return {
    capacity,
    holdMs: () => Math.max(0, holdUntil - now()),
    pushback(sentAt, retryAfterMs) {
      const at = now();
      base = capacity();
      if (sentAt >= lastCutAt) {
        base = Math.max(1, Math.floor(base / 2));
        lastCutAt = at;
      }
      lastPushbackAt = at;
      if (retryAfterMs !== undefined) holdUntil = Math.max(holdUntil, at + Math.min(retryAfterMs, maxHoldMs));
    },
    now,
  };
}

/** The shared limits of a process, one per scope (see `throttleScopeOf`). */
export interface ConcurrencyLimits {
  of(scope: string): ConcurrencyGate;
}

/**
 * Scopes come from tokens (unverified in passthrough mode), so the table is bounded: past
 * `MAX_SCOPES` the oldest scope is forgotten (it starts again at the ceiling if it comes back).
 */
const MAX_SCOPES = 1_000;

export function createConcurrencyLimits(policy: ConcurrencyPolicy): ConcurrencyLimits {
  const limits = new Map<string, ConcurrencyGate>();
  return {
    of(scope) {
      let limit = limits.get(scope);
      if (!limit) {
        if (limits.size >= MAX_SCOPES) limits.delete(limits.keys().next().value as string);
        limit = createAdaptiveLimit(policy);
        limits.set(scope, limit);
      }
      return limit;
    },
  };
}
