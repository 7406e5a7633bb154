/**
 * One HTTP exchange with Graph: a GET, a `$batch` POST or a write, with the bearer token, the
 * per-call timeout, the operation's abort signal and the concurrency limit. Error statuses
 * come back as answers (the batch sender decides about retries); only transport failures throw.
 * Every answer tells the shared limit about pushback and adds its resource units to the stats.
 */
import type { ConcurrencyGate } from './concurrency';
import { abortedError, networkError, protocolError, timeoutError } from './errors';
import { createLimiter } from './limiter';
import { loadSignalsOf } from './load-signals';
import type { GraphAnswer } from './response';
import type { GraphRequestStats } from './client';
import type { TokenRefusal } from './token-refusal';
import type { Transport, TransportRequest } from './transport';

/** Graph's limit on steps in one `$batch` request. */
export const MAX_BATCH_STEPS = 20;

export interface BatchStep {
  id: string;
  method: 'GET';
  /** Relative to the version root, with a leading `/` (e.g. `/users/42?$select=id`). */
  url: string;
  headers?: Record<string, string>;
}

export type WriteMethod = 'POST' | 'PATCH' | 'DELETE';

/** One finished HTTP exchange with Graph, for metrics: its kind, status (or transport failure) and `$batch` size. */
export interface GraphExchange {
  kind: 'get' | 'batch' | 'write';
  /** The HTTP status, or `error` when no answer came (timeout, network failure, abort). */
  status: number | 'error';
  /** Steps in the `$batch` (only for `batch`). */
  steps?: number;
  /** Resource units Graph charged for it (`x-ms-resource-unit`, summed over `$batch` steps); 0 when none. */
  resourceUnits?: number;
}

export type GraphObserver = (exchange: GraphExchange) => void;

export interface HttpSender {
  get(url: string, headers: Readonly<Record<string, string>>): Promise<GraphAnswer>;
  batch(steps: readonly BatchStep[]): Promise<GraphAnswer>;
  /** A write, always sent on its own (never inside `$batch`); `url` is relative to the version root. */
  write(
    method: WriteMethod,
    url: string,
    headers: Readonly<Record<string, string>>,
    body?: string,
  ): Promise<GraphAnswer>;
}

export interface HttpSenderOptions {
  /** How a request goes over the wire (`nodeTransport`, or a `FetchLike` in tests). */
  transport: Transport;
  /** `https://graph.microsoft.com/v1.0` (no trailing slash). */
  versionRoot: string;
  getToken: () => Promise<string>;
  timeoutMs: number;
  signal?: AbortSignal;
  /** The limit on requests in flight (shared by the operations of one tenant and app), told about pushback. */
  concurrency: ConcurrencyGate;
  stats: GraphRequestStats;
  /** Told about every exchange (metrics); must not throw. */
  observer?: GraphObserver;
  /** The operation's token refusal: after Graph's first 401, calls are answered with it, not sent. */
  refusal?: TokenRefusal;
}

/** An empty or non-JSON body is no body (JSON.parse refuses both). */
function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function createHttpSender(options: HttpSenderOptions): HttpSender {
  const { stats, concurrency } = options;
  const limiter = createLimiter(concurrency, options.signal);
  // Round trips: an exchange sent after one of depth n was answered is at depth n + 1 (a wave
  // split into turns by the limit, a retry round and the next wave all count one more).
  let answeredDepth = 0;
  // One abort listener on the operation's signal for all of its calls: one per call passed
  // EventTarget's limit of 10 listeners at every wave of 11 or more requests, and node then
  // printed a MaxListenersExceededWarning (a "possible memory leak", with a stack trace) per operation.
  const operation = options.signal;
  const inFlight = new Set<AbortController>();
  operation?.addEventListener(
    'abort',
    () => {
      for (const controller of inFlight) controller.abort(operation.reason);
    },
    { once: true },
  );

  async function exchange(
    method: 'GET' | WriteMethod,
    url: string,
    headers: Readonly<Record<string, string>>,
    body?: string,
    batchSteps?: number,
  ) {
    return limiter.run(async (): Promise<GraphAnswer> => {
      if (options.signal?.aborted) throw abortedError();
      // Graph refused this operation's token: a call queued behind the refused one is not sent.
      const refused = options.refusal?.answer;
      if (refused) return refused;
      const token = await options.getToken();
      if (options.signal?.aborted) throw abortedError();
      // One controller and one timer per call: `AbortSignal.timeout` + `AbortSignal.any` cost
      // several times more per request, which shows at hundreds of Graph calls per second.
      const controller = new AbortController();
      const signal = controller.signal;
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort(timeoutError(options.timeoutMs));
      }, options.timeoutMs);
      timer.unref();
      inFlight.add(controller);
      // Spelled out rather than spread, as everything on this path (hundreds of calls a second).
      const requestHeaders: Record<string, string> = {};
      for (const name in headers) requestHeaders[name] = headers[name];
      requestHeaders.authorization = `Bearer ${token}`;
      requestHeaders.accept = 'application/json';
      const request: TransportRequest = { method, headers: requestHeaders, signal };
      if (body !== undefined) request.body = body;
      stats.httpRequests += 1;
      if (batchSteps !== undefined) {
        stats.batchRequests += 1;
        stats.subRequests += batchSteps;
      }
      const kind = batchSteps !== undefined ? 'batch' : method === 'GET' ? 'get' : 'write';
      const steps = batchSteps !== undefined ? { steps: batchSteps } : {};
      const depth = answeredDepth + 1;
      stats.roundTrips = Math.max(stats.roundTrips, depth);
      const sentAt = concurrency.now();
      let status: number | undefined;
      try {
        const response = await options.transport(url, request);
        status = response.status;
        const text = await response.text();
        const answer: GraphAnswer = { status: response.status, headers: response.headers, body: parseJson(text) };
        const load = loadSignalsOf(answer, batchSteps !== undefined);
        stats.resourceUnits += load.resourceUnits;
        if (load.pushedBack) concurrency.pushback(sentAt, load.retryAfterMs);
        options.observer?.({ kind, status: response.status, ...steps, resourceUnits: load.resourceUnits });
        options.refusal?.note(answer);
        return answer;
      } catch (error) {
        options.observer?.({ kind, status: status ?? 'error', ...steps });
        if (options.signal?.aborted) throw abortedError();
        if (timedOut) throw timeoutError(options.timeoutMs);
        throw networkError(error);
      } finally {
        answeredDepth = Math.max(answeredDepth, depth);
        clearTimeout(timer);
        inFlight.delete(controller);
      }
    });
  }

  return {
    get: (url, headers) => exchange('GET', `${options.versionRoot}${url}`, headers),
    async batch(steps) {
      if (steps.length === 0 || steps.length > MAX_BATCH_STEPS) {
        throw protocolError(`A $batch holds 1 to ${MAX_BATCH_STEPS} steps, not ${steps.length}.`);
      }
      const body = JSON.stringify({ requests: steps });
      return exchange(
        'POST',
        `${options.versionRoot}/$batch`,
        { 'content-type': 'application/json' },
        body,
        steps.length,
      );
    },
    write: (method, url, headers, body) => exchange(method, `${options.versionRoot}${url}`, headers, body),
  };
}
