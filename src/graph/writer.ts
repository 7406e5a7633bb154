/**
 * Writes (POST, PATCH, DELETE) go out one by one, never inside `$batch`: mutations run in
 * order, and each needs its own answer before the next. A 429 is re-sent after its
 * `Retry-After` (Graph did not process a throttled request, so sending it again is safe);
 * any other answer, and any transport failure, is final: a write that may have been applied
 * is not repeated.
 */
import type { GraphRequestStats } from './client';
import type { HttpSender, WriteMethod } from './http';
import type { GraphAnswer } from './response';
import { sleep, type RetryPolicy } from './retry';

export interface WriteRequest {
  method: WriteMethod;
  /** Relative to the version root, built with `graph/odata` (`/planner/tasks/{id}`). */
  path: string;
  headers?: Readonly<Record<string, string>>;
  /** Sent as JSON. */
  body?: unknown;
}

export interface Writer {
  /** Graph's answer, whatever its status (the caller decides what an error status means). */
  send(request: WriteRequest): Promise<GraphAnswer>;
}

export interface WriterOptions {
  http: HttpSender;
  retry: RetryPolicy;
  stats: GraphRequestStats;
  signal?: AbortSignal;
  now?: () => number;
}

export function createWriter(options: WriterOptions): Writer {
  const now = options.now ?? Date.now;
  return {
    async send(request) {
      const headers: Record<string, string> = { ...request.headers };
      let body: string | undefined;
      if (request.body !== undefined) {
        body = JSON.stringify(request.body);
        headers['content-type'] = 'application/json';
      }
      const startedAt = now();
      for (let attempts = 1; ; attempts += 1) {
        const answer = await options.http.write(request.method, request.path, headers, body);
        if (answer.status !== 429) return { ...answer, attempts };
        const delay = options.retry.delayBeforeRetry({ answer }, attempts, now() - startedAt);
        if (delay === null) return { ...answer, attempts };
        await sleep(delay, options.signal);
        options.stats.retries += 1;
      }
    },
  };
}
