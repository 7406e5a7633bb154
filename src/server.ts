/**
 * The HTTP face of the gateway: an express 5 app serving Apollo Server 5 at `/graphql`
 * (CORS and CSRF prevention, bounded JSON bodies) and, for browsers, the playground (Apollo
 * Sandbox at `/graphql`, GraphiQL at `/graphiql`). A factory without `listen`, so tests build as
 * many gateways as they like.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { parse, type GraphQLSchema } from 'graphql';
import type { Context, ContextFactory } from './context';
import { createFormatError, ErrorCode } from './errors';
import type { Logger } from './logger';
import { graphStatsPlugin } from './plugins/graph-stats';
import { operationLimitsPlugin } from './plugins/operation-limits';
import { subscriptionsOverWebSocketPlugin } from './plugins/subscriptions-over-websocket';
import { resolvers } from './resolvers';
import { compiledExecution } from './execution/compiled-execution';
import { countResultNodes, DEFAULT_OPERATION_LIMITS, queryTextLimits, type OperationLimits } from './limits';
import { resultGuardPlugin, stringifyResult } from './plugins/result-guard';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { playgroundRoutes } from './playground/routes';
import type { PlaygroundCredentials } from './playground/pages';
import { healthRoutes, metricsRoute } from './observability/health-routes';
import { createMetrics, type GatewayMetrics } from './observability/metrics';
import { operationLogPlugin } from './plugins/operation-log';
import { withRefusalLog } from './observability/refusal-log';
import type { ReadinessProbe } from './observability/readiness';
import { corsHeaders, corsPolicy } from './http/cors';
import { csrfPrevention } from './http/csrf';
import { possibleTypesRoute } from './http/possible-types';
import { createLiveServer, type LiveServer } from './live/websocket-server';
import { createLiveHub } from './live/hub';
import { createLocalFanout } from './live/fanout';
import { liveSettingsOf, type LiveOptions } from './live/options';
import { registerLiveMetrics } from './live/metrics';
import { createGraphSubscriptions, type GraphSubscriptions } from './live/graph-subscriptions';
import { notificationRoutes } from './live/notification-routes';
import { registerNotificationMetrics } from './live/notification-metrics';
import type { LiveScaleOut } from './live/scale-out';

export const GRAPHQL_PATH = '/graphql';
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/** `schema/` at the repository root, from `src/` (tsx, jest) or `dist/src/` (a build). */
function schemaDirectory(): string {
  const candidates = [resolve(__dirname, '..', 'schema'), resolve(__dirname, '..', '..', 'schema')];
  const found = candidates.find((directory) => existsSync(join(directory, 'base.graphql')));
  if (!found) throw new Error(`The schema files were not found (looked in ${candidates.join(', ')}).`);
  return found;
}

/** The hand-written SDL (`schema/*.graphql`, the same files codegen reads), in file-name order. */
export function loadTypeDefs(): string {
  const directory = schemaDirectory();
  return readdirSync(directory)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => readFileSync(join(directory, name), 'utf8'))
    .join('\n');
}

export function buildGatewaySchema(): GraphQLSchema {
  return buildSubgraphSchema([{ typeDefs: parse(loadTypeDefs()), resolvers }]);
}

export interface GatewayDeps {
  contextFactory: ContextFactory;
  logger: Logger;
  maxBodyBytes?: number;
  /** Operation limits (QUERY_TOO_COMPLEX); the defaults when absent. */
  limits?: OperationLimits;
  /** Apollo's cache (persisted queries), shared by replicas through Redis; in memory when absent. */
  apolloCache?: KeyValueCache<string>;
  /** Prometheus metrics (`/metrics`); a new registry when not given. */
  metrics?: GatewayMetrics;
  /** `/readyz`; without it the gateway reports not ready. */
  readiness?: ReadinessProbe;
  /** Serve `/metrics` from `Gateway.metricsApp` (its own listener, `METRICS_PORT`) instead of the GraphQL app. */
  separateMetrics?: boolean;
  /** The browser playground and the credentials its header editors ask for; null or absent: no browser page. */
  playground?: { credentials: PlaygroundCredentials } | null;
  /** `CORS_ORIGINS` (parsed): the origins whose pages may call; none when absent. */
  corsOrigins?: readonly string[];
  /** Subscriptions over WebSocket: poll interval, caps (the defaults when absent). */
  live?: LiveOptions;
  /** With `REDIS_URL`: live data across replicas (Redis fan-out and leases); this process alone when absent. */
  liveScaleOut?: Pick<LiveScaleOut, 'fanout' | 'ownership' | 'graphSubscriptions'>;
}

export interface Gateway {
  app: Express;
  /** The app serving `/metrics` on its own listener; null when `app` serves it. */
  metricsApp: Express | null;
  apollo: ApolloServer<Context>;
  metrics: GatewayMetrics;
  /** Subscriptions (`graphql-ws`): attach it to the HTTP server that serves `app`. */
  live: LiveServer;
  /** Graph change-notification subscriptions and the notifications received (`/graph/notifications`). */
  notifications: GraphSubscriptions;
  stop(): Promise<void>;
}

function apolloLogger(logger: Logger) {
  const text = (message: unknown) => (message instanceof Error ? message.message : String(message));
  return {
    debug: (message?: unknown) => logger.debug(text(message)),
    info: (message?: unknown) => logger.info(text(message)),
    warn: (message?: unknown) => logger.warn(text(message)),
    error: (message?: unknown) => logger.error(text(message)),
  };
}

/** Body-parser failures (bad JSON, too large) as GraphQL-shaped JSON, never express's HTML page. */
function httpErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const status =
      typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number'
        ? error.status
        : 500;
    const message =
      status === 413
        ? 'The request body is too large.'
        : status >= 400 && status < 500
          ? 'The request body is not valid JSON.'
          : 'Internal server error.';
    if (status >= 500) {
      logger.error('HTTP request failed', { message: error instanceof Error ? error.message : String(error) });
    }
    const code = status >= 500 ? ErrorCode.INTERNAL_SERVER_ERROR : 'BAD_REQUEST';
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  };
}

const notConfigured: ReadinessProbe = async () => ({ ready: false, reason: 'No readiness probe is configured.' });

export async function createGateway(deps: GatewayDeps): Promise<Gateway> {
  const limits = deps.limits ?? DEFAULT_OPERATION_LIMITS;
  const metrics = deps.metrics ?? createMetrics();
  // Resolvers of object fields count what they produce (GATEWAY_MAX_RESULT_NODES).
  const schema = countResultNodes(buildGatewaySchema(), limits.maxResultNodes);
  const formatError = createFormatError(deps.logger);
  const apollo = new ApolloServer<Context>({
    // Queries run compiled once an operation is seen again (see execution/compiled-execution.ts).
    gateway: compiledExecution(schema, metrics.executionObserver),
    // http/csrf.ts decides instead, before Apollo: it lets the GET queries of urql's and
    // graphql-request's defaults through (see there why that is safe).
    csrfPrevention: false,
    includeStacktraceInErrorResponses: false,
    formatError,
    logger: apolloLogger(deps.logger),
    plugins: [
      // No field carries a cache hint, so cache control would only add a hook to every field's
      // resolution.
      ApolloServerPluginCacheControlDisabled(),
      // Federation's inline tracing records traces only when a router asks for them (ftv1).
      // Installed explicitly, so Apollo does not announce it in the start-up output.
      ApolloServerPluginInlineTrace(),
      // Analyses the operation once: page sizes and limits before any Graph call, then hands the
      // analysis to the context for `$select` lists and prefetch.
      operationLimitsPlugin(limits),
      subscriptionsOverWebSocketPlugin(),
      graphStatsPlugin(),
      // After every plugin that adds to the response, before the log that reports its codes.
      resultGuardPlugin(limits),
      // Browsers get the playground's own routes (below), never Apollo's page.
      ApolloServerPluginLandingPageDisabled(),
      operationLogPlugin(deps.logger, metrics),
    ],
    // The response guard serialized the response already to measure it: sent as is.
    stringifyResult,
    ...(deps.apolloCache ? { cache: deps.apolloCache } : {}),
    // main.ts closes the HTTP server, Apollo and the embedded emulator together on SIGINT/SIGTERM.
    stopOnTerminationSignals: false,
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  // Express would hash every response body for an ETag; GraphQL answers are per caller and
  // mostly POSTs, which no cache revalidates, so the hash (of up to megabytes) is work for nothing.
  app.set('etag', false);
  app.use(healthRoutes(deps.readiness ?? notConfigured));
  let metricsApp: Express | null = null;
  if (deps.separateMetrics) {
    metricsApp = express();
    metricsApp.disable('x-powered-by');
    metricsApp.use(metricsRoute(metrics));
  } else {
    app.use(metricsRoute(metrics));
  }
  const cors = corsPolicy(deps.corsOrigins ?? []);
  // CORS first: express answers OPTIONS itself for any route it knows (the playground's GET
  // /graphql), which would swallow the preflight.
  app.use(GRAPHQL_PATH, corsHeaders(cors));
  if (deps.playground) app.use(playgroundRoutes({ graphqlPath: GRAPHQL_PATH, ...deps.playground }));
  app.use(possibleTypesRoute(cors));
  const settings = liveSettingsOf(deps.live, deps.logger);
  const notifications = createGraphSubscriptions({
    notificationUrl: settings.notificationUrl,
    logger: deps.logger,
    shared: deps.liveScaleOut?.graphSubscriptions ?? null,
  });
  // Graph calls these without credentials: they check each notification's subscription and secret instead.
  app.use(notificationRoutes(notifications, deps.logger));
  app.use(
    GRAPHQL_PATH,
    csrfPrevention(cors),
    express.json({ limit: deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES }),
    queryTextLimits(limits),
    expressMiddleware(apollo, { context: withRefusalLog(deps.contextFactory, deps.logger) }),
  );
  app.use(httpErrorHandler(deps.logger));

  const live = createLiveServer({
    ...settings.server,
    path: GRAPHQL_PATH,
    schema,
    contextFactory: deps.contextFactory,
    formatError,
    limits,
    logger: deps.logger,
    hub: createLiveHub({
      fanout: deps.liveScaleOut?.fanout ?? createLocalFanout(),
      graceMs: settings.topicGraceMs,
      ...(deps.liveScaleOut ? { ownership: deps.liveScaleOut.ownership } : {}),
    }),
    settings: { ...settings.session, notifications },
    allowsOrigin: cors.allows,
  });
  registerLiveMetrics(metrics.registry, live);
  registerNotificationMetrics(metrics.registry, notifications);

  return {
    app,
    metricsApp,
    apollo,
    metrics,
    live: {
      ...live,
      attach(server) {
        // A `loopback` notification URL is the address this server listens on.
        notifications.servedBy(server);
        live.attach(server);
      },
    },
    notifications,
    stop: async () => {
      await live.close();
      await apollo.stop();
    },
  };
}
