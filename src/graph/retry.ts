/**
 * When a read is sent again: after a 429, 503 or 504 (whole request or `$batch` step) or a
 * network failure, once its `Retry-After` has passed (exponential backoff when Graph sends
 * none), within a bound on attempts and on total time since the read was first sent.
 */
import { abortedError, GraphApiError } from './errors';
import { RETRYABLE_STATUSES, retryAfterSeconds, type GraphAnswer } from './response';

export interface RetryOptions {
  /** Re-sends after the first attempt (default 3). */
  maxRetries?: number;
  /** A retry is not started when its wait would end later than this after the first send (default 20000). */
  maxTotalMs?: number;
  /** First backoff when Graph sends no `Retry-After`; doubles per attempt (default 500). */
  backoffBaseMs?: number;
  /** Upper bound of one backoff wait without `Retry-After` (default 8000). */
  maxBackoffMs?: number;
}

export type ReadOutcome = { answer: GraphAnswer } | { error: unknown };

export interface RetryPolicy {
  /**
   * Milliseconds to wait before sending the read again, or null when the outcome is final
   * (success, a non-retryable failure, or retries used up).
   */
  delayBeforeRetry(outcome: ReadOutcome, attemptsSoFar: number, elapsedMs: number): number | null;
}

export function createRetryPolicy(options: RetryOptions = {}): RetryPolicy {
  const maxRetries = options.maxRetries ?? 3;
  const maxTotalMs = options.maxTotalMs ?? 20_000;
  const backoffBaseMs = options.backoffBaseMs ?? 500;
  const maxBackoffMs = options.maxBackoffMs ?? 8_000;

  const backoff = (attemptsSoFar: number) => Math.min(maxBackoffMs, backoffBaseMs * 2 ** (attemptsSoFar - 1));

  return {
    delayBeforeRetry(outcome, attemptsSoFar, elapsedMs) {
      if (attemptsSoFar > maxRetries) return null;
      let delayMs: number;
      if ('answer' in outcome) {
        if (!RETRYABLE_STATUSES.has(outcome.answer.status)) return null;
        const retryAfter = retryAfterSeconds(outcome.answer.headers);
        delayMs = retryAfter === undefined ? backoff(attemptsSoFar) : retryAfter * 1000;
      } else {
        if (!(outcome.error instanceof GraphApiError) || outcome.error.kind !== 'network') return null;
        delayMs = backoff(attemptsSoFar);
      }
      return elapsedMs + delayMs > maxTotalMs ? null : delayMs;
    },
  };
}

/** Waits `ms`, or rejects with an aborted `GraphApiError` as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortedError());
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
