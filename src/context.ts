/**
 * The per-request context: a new Graph client (its batcher and caches live exactly as long as
 * the operation, so nothing of one identity outlives its request), the caller's Graph token,
 * the operation's analysis (`$select` lists, prefetch) and whether to report Graph statistics.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { GraphClient } from './graph/client';
import { createGraphClient, type FetchLike } from './graph/create-graph-client';
import { createConcurrencyLimits, type ConcurrencyPolicy } from './graph/concurrency';
import { throttleScopeOf } from './auth/throttle-scope';
import type { GraphObserver } from './graph/http';
import type { RetryOptions } from './graph/retry';
import type { AuthenticatedCaller, CallerAuthenticator } from './auth/caller-auth';
import { CallerRefusedError } from './auth/errors';
import { forbidden, unauthenticated } from './errors';
import { createOperationAnalyses, type OperationAnalyses } from './analysis';

export interface Context {
  graph: GraphClient;
  /** Whose token the Graph calls carry; `me` needs a user. */
  graphIdentity: 'user' | 'app';
  /** Who is calling (`AuthenticatedCaller.principal`): what the operation hands out is bound to it. */
  principal: string;
  /**
   * The analysis of this operation, made once by the limits plugin before execution: resolvers
   * read its `$select` lists and selected fields through `analysis.of(info)`.
   */
  analysis: OperationAnalyses;
  /** Whether the response carries `extensions.graphStats`. */
  reportGraphStats: boolean;
}

export const GRAPH_STATS_HEADER = 'x-graph-stats';

export interface ContextDeps {
  authenticate: CallerAuthenticator;
  graphUrl: string;
  /** The ceiling of the adaptive concurrency limit (`GRAPH_MAX_CONCURRENCY`). */
  maxConcurrency: number;
  /** How the shared limit backs off and recovers (tests shorten its periods); the ceiling is `maxConcurrency`. */
  concurrencyPolicy?: Omit<ConcurrencyPolicy, 'ceiling'>;
  /** Report `extensions.graphStats` on every response (the embedded emulator), not only on request. */
  alwaysReportGraphStats: boolean;
  /** How Graph is reached; the global fetch unless a test hands in an in-process emulator. */
  fetch?: FetchLike;
  graphTimeoutMs?: number;
  graphRetry?: RetryOptions;
  /** Told about every HTTP exchange with Graph (the metrics). */
  graphObserver?: GraphObserver;
  /** Key that seals cursors (`GATEWAY_CURSOR_SECRET`, or one the replicas share); default: random per process. */
  cursorSecret?: string;
}

/** What the context needs of an HTTP exchange: the request headers, and the response to notice a disconnect. */
export interface ContextRequest {
  req: { headers: IncomingHttpHeaders };
  res?: { once(event: 'close', listener: () => void): unknown; readonly writableFinished: boolean };
}

export type ContextFactory = (request: ContextRequest) => Promise<Context>;

function wantsGraphStats(headers: IncomingHttpHeaders): boolean {
  const value = headers[GRAPH_STATS_HEADER];
  return (Array.isArray(value) ? value[0] : value)?.trim() === '1';
}

/** An AbortSignal that fires when the client goes away before its response was written. */
function disconnectSignal(res: ContextRequest['res']): AbortSignal | undefined {
  if (!res) return undefined;
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** The caller, or the GraphQL error (HTTP 401/403) that turns it away. */
async function authenticated(
  authenticate: CallerAuthenticator,
  headers: IncomingHttpHeaders,
): Promise<AuthenticatedCaller> {
  try {
    return await authenticate(headers);
  } catch (error) {
    if (error instanceof CallerRefusedError)
      throw error.status === 401 ? unauthenticated(error.message) : forbidden(error.message);
    throw error;
  }
}

export function createContextFactory(deps: ContextDeps): ContextFactory {
  // One limit per tenant and app for the whole gateway: Graph's pushback to one operation slows them all.
  const concurrency = createConcurrencyLimits({ ...deps.concurrencyPolicy, ceiling: deps.maxConcurrency });
  return async ({ req, res }) => {
    const caller = await authenticated(deps.authenticate, req.headers);
    const graph = createGraphClient({
      graphUrl: deps.graphUrl,
      getToken: caller.getGraphToken,
      concurrency: concurrency.of(throttleScopeOf(await caller.getGraphToken())),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      ...(deps.graphTimeoutMs !== undefined ? { timeoutMs: deps.graphTimeoutMs } : {}),
      ...(deps.graphRetry ? { retry: deps.graphRetry } : {}),
      signal: disconnectSignal(res),
      identity: caller.graphIdentity,
      ...(deps.graphObserver ? { observer: deps.graphObserver } : {}),
      ...(deps.cursorSecret !== undefined ? { cursorSecret: deps.cursorSecret } : {}),
      // A cursor handed to one caller is refused for any other.
      cursorBinding: caller.principal,
    });
    return {
      graph,
      graphIdentity: caller.graphIdentity,
      principal: caller.principal,
      analysis: createOperationAnalyses(),
      reportGraphStats: deps.alwaysReportGraphStats || wantsGraphStats(req.headers),
    };
  };
}
