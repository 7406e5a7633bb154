/**
 * From settings to a ready gateway: the embedded emulator when no Azure settings are given,
 * the Graph token source, caller authentication, the context factory and the HTTP app. Shared
 * by `main.ts` and the tests, so both run exactly the production wiring.
 */
import { LOOPBACK_NOTIFICATION_URL } from './live/graph-subscriptions';
import { createGraphTokenSource } from './auth/graph-token-source';
import { createIncomingTokenValidator } from './auth/incoming-token';
import { createCallerAuthenticator } from './auth/caller-auth';
import { DEFAULT_AUTHORITY_HOST, type AzureApp, type Config } from './config';
import { createContextFactory, type ContextFactory } from './context';
import { startEmbeddedEmulator, type EmbeddedEmulator } from './embedded-emulator';
import type { EmulatorOptions } from '@msgraph-graphql/emulator';
import type { FetchLike } from './graph/create-graph-client';
import type { RetryOptions } from './graph/retry';
import type { ConcurrencyPolicy } from './graph/concurrency';
import { createLogger, type Logger } from './logger';
import { createGateway, type Gateway } from './server';
import type { PlaygroundCredentials } from './playground/pages';
import { createMetrics } from './observability/metrics';
import { readinessForApp } from './observability/readiness';
import { openSharedCaches, type SharedCaches } from './cache/shared-caches';
import type { LiveOptions } from './live/options';
import { openLiveScaleOut, type LiveScaleOut } from './live/scale-out';
import { leaseTtlFor } from './live/lease';

export interface PrepareOptions {
  /** Options of the embedded emulator (tests use a smaller tenant). */
  emulator?: EmulatorOptions;
  logger?: Logger;
  graphTimeoutMs?: number;
  graphRetry?: RetryOptions;
  /** How the shared concurrency limit backs off and recovers (default: Graph's 10 s window; tests shorten it). */
  graphConcurrency?: Omit<ConcurrencyPolicy, 'ceiling'>;
  /** How Graph is reached (default: the global fetch); tests wrap it to act between waves. */
  graphFetch?: FetchLike;
  /** Subscription caps and timings beyond the settings (tests shrink them). */
  live?: LiveOptions;
}

export interface PreparedGateway {
  gateway: Gateway;
  contextFactory: ContextFactory;
  /** Graph root the gateway calls (`/v1.0` is appended). */
  graphUrl: string;
  authMode: Config['authMode'];
  embedded: EmbeddedEmulator | null;
  /** With `REDIS_URL`: live data across replicas (which topics this replica's sources run). */
  liveScaleOut: LiveScaleOut | null;
  logger: Logger;
  close(): Promise<void>;
}

/** What the playground's header editors ask a browser caller for in this mode. */
function playgroundCredentials(config: Config, embedded: boolean): PlaygroundCredentials {
  if (embedded) return 'none';
  return config.authMode === 'app' && config.apiKeys.length > 0 ? 'api-key' : 'bearer';
}

export async function prepareGateway(config: Config, options: PrepareOptions = {}): Promise<PreparedGateway> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const embedded = config.target.kind === 'embedded' ? await startEmbeddedEmulator(options.emulator) : null;
  let shared: SharedCaches | null = null;
  let liveScaleOut: LiveScaleOut | null = null;
  try {
    const graphUrl = embedded ? embedded.url : config.target.kind === 'external' ? config.target.graphUrl : '';
    const app: AzureApp | null = embedded ? embedded.app : config.target.kind === 'external' ? config.target.app : null;

    shared = await openSharedCaches(config.redisUrl, logger);
    if (config.redisUrl !== null) {
      liveScaleOut = await openLiveScaleOut(config.redisUrl, logger, {
        leaseTtlMs: options.live?.leaseTtlMs ?? leaseTtlFor(options.live?.pollIntervalMs ?? config.pollIntervalMs),
      });
    }
    const tokenSource = await createGraphTokenSource({
      mode: config.authMode,
      tenantId: app?.tenantId ?? '',
      clientId: app?.clientId ?? '',
      ...(app?.clientSecret !== undefined ? { clientSecret: app.clientSecret } : {}),
      ...(app?.clientCertificatePath !== undefined ? { clientCertificatePath: app.clientCertificatePath } : {}),
      authorityHost: app?.authorityHost ?? DEFAULT_AUTHORITY_HOST,
      graphUrl,
      ...(shared && app ? { cachePlugin: shared.msalCachePlugin(app) } : {}),
    });
    const incomingTokens = app
      ? createIncomingTokenValidator({
          tenantId: app.tenantId,
          clientId: app.clientId,
          authorityHost: app.authorityHost,
        })
      : null;
    const authenticate = createCallerAuthenticator({
      mode: config.authMode,
      tokenSource,
      incomingTokens,
      policy: config.authorization,
      graphUrl,
      apiKeys: config.apiKeys,
      ...(embedded ? { anonymous: embedded.anonymous } : {}),
    });
    // Replicas must accept each other's cursors: the configured key, else one shared through Redis.
    const cursorSecret = config.cursorSecret ?? (shared ? await shared.cursorSecret() : undefined);
    const metrics = createMetrics();
    const contextFactory = createContextFactory({
      graphObserver: metrics.graphObserver,
      authenticate,
      graphUrl,
      maxConcurrency: config.maxConcurrency,
      alwaysReportGraphStats: embedded !== null,
      ...(cursorSecret !== undefined ? { cursorSecret } : {}),
      ...(options.graphTimeoutMs !== undefined ? { graphTimeoutMs: options.graphTimeoutMs } : {}),
      ...(options.graphRetry ? { graphRetry: options.graphRetry } : {}),
      ...(options.graphConcurrency ? { concurrencyPolicy: options.graphConcurrency } : {}),
      ...(options.graphFetch ? { fetch: options.graphFetch } : {}),
    });
    const gateway = await createGateway({
      contextFactory,
      logger,
      limits: config.limits,
      ...(shared ? { apolloCache: shared.apolloCache } : {}),
      metrics,
      readiness: await readinessForApp(graphUrl, app, options.graphFetch),
      separateMetrics: config.metricsPort !== null,
      playground: config.landingPage ? { credentials: playgroundCredentials(config, embedded !== null) } : null,
      corsOrigins: config.corsOrigins,
      live: {
        pollIntervalMs: config.pollIntervalMs,
        // Embedded: the emulator delivers to the gateway's own loopback address (it accepts plain http there).
        notificationUrl: config.notificationUrl ?? (embedded ? LOOPBACK_NOTIFICATION_URL : null),
        ...options.live,
      },
      ...(liveScaleOut ? { liveScaleOut } : {}),
    });

    return {
      gateway,
      contextFactory,
      graphUrl,
      authMode: config.authMode,
      embedded,
      liveScaleOut,
      logger,
      close: async () => {
        await gateway.stop();
        await liveScaleOut?.close();
        await shared?.close();
        await embedded?.close();
      },
    };
  } catch (error) {
    await liveScaleOut?.close();
    await shared?.close();
    await embedded?.close();
    throw error;
  }
}
