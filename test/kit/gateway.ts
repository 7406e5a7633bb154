/**
 * The gateway as production wires it (real config → `prepareGateway` → context factory), in this
 * process: with its embedded emulator, or against an emulator listening on 127.0.0.1 (started
 * here, or one the test passes in), optionally served over real HTTP on 127.0.0.1:0.
 *
 *   const gw = await startTestGateway({ users: 60 });                              // embedded emulator, OBO as its default user
 *   const gw = await startTestGateway({ external: { GRAPH_AUTH_MODE: 'app' } });   // emulator listening as an external Graph
 *   const gw = await startTestGateway({ external: {}, against: { emulator, url } }); // ... one the test started (replicas)
 *   const result = await gw.execute('{ me { displayName } }');   // executeOperation + the real context factory
 *   const url = await gw.listen();                                // or `serve: true`: real HTTP, then `gw.url`, `gw.post(...)`
 *   const answer = await gw.post('{ me { id } }', { headers }); // { status, headers, body: GraphQLAnswer }
 *   await gw.rest('/users?$top=3');                               // Graph's REST answer, with an app token
 *   gw.resetTraffic(); ...; gw.graphLines();                      // Graph request lines since, without token requests
 *   gw.emulator.stats().byPath;
 *   await gw.close();
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { FormattedExecutionResult } from 'graphql';
import { createEmulator, type Emulator, type EmulatorOptions } from '@msgraph-graphql/emulator';
import { listen, type ListeningEmulator } from '@msgraph-graphql/emulator/listen';
import { prepareGateway, type PrepareOptions, type PreparedGateway } from '../../src/bootstrap';
import { loadConfig, type Env } from '../../src/config';
import type { FetchLike } from '../../src/graph/create-graph-client';
import type { RetryOptions } from '../../src/graph/retry';
import type { LiveOptions } from '../../src/live/options';
import { createLogger, type LogLevel } from '../../src/logger';
import { post, serveOnLoopback, type GraphQLRequest, type HttpAnswer, type PostInit, type ServedApp } from './http';

export interface TestGatewayOptions {
  users?: number;
  seed?: number;
  /** Run against an emulator listening on 127.0.0.1 (not embedded), with these extra settings (e.g. `GRAPH_AUTH_MODE`). */
  external?: Env;
  /** With `external`: the listening emulator to use instead of starting one (the test closes it). */
  against?: { emulator: Emulator; url: string };
  /** Extra settings for embedded mode. */
  env?: Env;
  graphRetry?: RetryOptions;
  /** How the gateway's shared concurrency limit backs off and recovers (shorter periods for tests). */
  graphConcurrency?: PrepareOptions['graphConcurrency'];
  graphTimeoutMs?: number;
  /** Wraps the gateway's HTTP calls to Graph (e.g. to change emulator faults between waves). */
  graphFetch?: FetchLike;
  /** Log level of the gateway (its `LOG_LEVEL` and logger); the lines are kept in `gw.log`. Default: silent. */
  logLevel?: LogLevel;
  /** Serve over HTTP on 127.0.0.1:0 at once (`gw.url`, `gw.origin`). */
  serve?: boolean;
  /** Headers every `gw.post` sends. */
  headers?: Record<string, string>;
  /** Headers `gw.post` sends when the call names no headers of its own (e.g. the suite's API key). */
  credentials?: Record<string, string>;
  /** Subscription caps and timings (e.g. a short poll interval). */
  live?: LiveOptions;
  /** The emulator's `--max-subscription-minutes` (short Graph subscription lifetimes, for renewal tests). */
  maxSubscriptionMinutes?: number;
}

export interface ExecuteOptions {
  variables?: Record<string, unknown>;
  headers?: IncomingHttpHeaders;
}

export interface TestGateway {
  emulator: Emulator;
  /** `http://127.0.0.1:<port>` of the emulator. */
  emulatorUrl: string;
  prepared: PreparedGateway;
  /** Every log line the gateway wrote (with `logLevel`), live. */
  log: string[];
  /** `log`, parsed. */
  logEntries(): Record<string, unknown>[];
  /** Runs one operation through `executeOperation` with a context from the real factory. */
  execute<TData = Record<string, unknown>>(
    query: string,
    options?: ExecuteOptions,
  ): Promise<FormattedExecutionResult<TData>>;
  /** Reads Graph's REST API directly, with an app-only token (for comparisons; counted in the emulator's stats). */
  rest<T>(pathAndQuery: string): Promise<T>;
  /** The Graph request lines (batch steps included) since the last `resetTraffic()`, without the token endpoint's. */
  graphLines(): string[];
  /** Zeroes the emulator's stats and clears its request log. */
  resetTraffic(): void;
  /** Serves the gateway on 127.0.0.1:0 (once) and returns its `/graphql` URL. */
  listen(): Promise<string>;
  /** `http://127.0.0.1:<port>` of the served gateway (after `listen()` or `serve: true`). */
  readonly origin: string;
  /** `${origin}/graphql` */
  readonly url: string;
  /** POSTs an operation to the served gateway, with the suite's headers (see `headers`, `credentials`). */
  post<TData = Record<string, unknown>>(request: string | GraphQLRequest, init?: PostInit): Promise<HttpAnswer<TData>>;
  /** Stops the listening emulator started with `external` (Graph goes away)... */
  stopEmulator(): Promise<void>;
  /** ...and starts it again on the same port. */
  startEmulator(): Promise<void>;
  close(): Promise<void>;
}

/** The settings that point a gateway at an emulator listening on `url`: its app registration, identity platform and Graph. */
export function emulatorSettings(emulator: Emulator, url: string): Env {
  const { info } = emulator;
  return {
    AZURE_TENANT_ID: info.tenantId,
    AZURE_CLIENT_ID: info.clientId,
    AZURE_CLIENT_SECRET: info.clientSecret,
    AZURE_AUTHORITY_HOST: url,
    GRAPH_API_URL: url,
  };
}

/** GETs `/v1.0<pathAndQuery>` from an emulator listening on `url`, with an app-only token: the REST oracle of a test. */
export async function graphRest<T>(emulator: Emulator, url: string, pathAndQuery: string): Promise<T> {
  const response = await fetch(`${url}/v1.0${pathAndQuery}`, {
    headers: { authorization: `Bearer ${emulator.mintAppToken()}`, consistencylevel: 'eventual' },
  });
  if (!response.ok) throw new Error(`GET ${pathAndQuery} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

function prepareOptions(options: TestGatewayOptions, log: string[]): PrepareOptions {
  return {
    logger: createLogger(options.logLevel ?? 'silent', (line) => log.push(line)),
    ...(options.graphRetry ? { graphRetry: options.graphRetry } : {}),
    ...(options.graphConcurrency ? { graphConcurrency: options.graphConcurrency } : {}),
    ...(options.graphTimeoutMs !== undefined ? { graphTimeoutMs: options.graphTimeoutMs } : {}),
    ...(options.graphFetch ? { graphFetch: options.graphFetch } : {}),
    ...(options.live ? { live: options.live } : {}),
  };
}

async function withExternalEmulator(options: TestGatewayOptions, env: Env, log: string[]) {
  const emulator = options.against?.emulator ?? createEmulator({ seed: options.seed ?? 7, users: options.users ?? 40 });
  const listening: ListeningEmulator | null = options.against
    ? null
    : await listen(emulator, { host: '127.0.0.1', port: 0 });
  const url = options.against?.url ?? listening?.url ?? '';
  const config = loadConfig({ ...emulatorSettings(emulator, url), LOG_LEVEL: options.logLevel ?? 'silent', ...env });
  try {
    const prepared = await prepareGateway(config, prepareOptions(options, log));
    return { emulator, url, listening, prepared };
  } catch (error) {
    await listening?.close();
    throw error;
  }
}

async function withEmbeddedEmulator(options: TestGatewayOptions, log: string[]) {
  const config = loadConfig({ LOG_LEVEL: options.logLevel ?? 'silent', ...options.env });
  const emulatorOptions: EmulatorOptions = {
    seed: options.seed ?? 7,
    users: options.users ?? 40,
    ...(options.maxSubscriptionMinutes !== undefined ? { maxSubscriptionMinutes: options.maxSubscriptionMinutes } : {}),
  };
  const prepared = await prepareGateway(config, { ...prepareOptions(options, log), emulator: emulatorOptions });
  if (!prepared.embedded) throw new Error('expected the embedded emulator');
  const listening: ListeningEmulator | null = null;
  return { emulator: prepared.embedded.emulator, url: prepared.embedded.url, listening, prepared };
}

export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const log: string[] = [];
  const started = options.external
    ? await withExternalEmulator(options, options.external, log)
    : await withEmbeddedEmulator(options, log);
  const { emulator, prepared, url: emulatorUrl } = started;
  let listening = started.listening;
  const emulatorPort = listening?.port;
  let served: ServedApp | null = null;
  const servedOrigin = () => {
    if (!served) throw new Error('the gateway is not served: call listen() or start it with serve: true');
    return served.origin;
  };

  const gw: TestGateway = {
    emulator,
    emulatorUrl,
    prepared,
    log,
    logEntries: () => log.map((line) => JSON.parse(line) as Record<string, unknown>),
    async execute<TData>(query: string, { variables, headers = {} }: ExecuteOptions = {}) {
      const contextValue = await prepared.contextFactory({ req: { headers } });
      const response = await prepared.gateway.apollo.executeOperation<TData>({ query, variables }, { contextValue });
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      return response.body.singleResult;
    },
    rest: (pathAndQuery) => graphRest(emulator, emulatorUrl, pathAndQuery),
    graphLines: () => emulator.requestLog.lines().filter((line) => !line.includes('/oauth2/')),
    resetTraffic() {
      emulator.resetStats();
      emulator.requestLog.clear();
    },
    async listen() {
      served ??= await serveOnLoopback(prepared.gateway.app, (server) => prepared.gateway.live.attach(server));
      return `${served.origin}/graphql`;
    },
    get origin() {
      return servedOrigin();
    },
    get url() {
      return `${servedOrigin()}/graphql`;
    },
    post(request, init = {}) {
      const headers = { ...options.headers, ...(init.headers ?? options.credentials) };
      return post(`${servedOrigin()}/graphql`, request, { ...init, headers });
    },
    async stopEmulator() {
      if (emulatorPort === undefined) throw new Error('only an emulator started with `external` can be stopped');
      await listening?.close();
      listening = null;
    },
    async startEmulator() {
      if (emulatorPort === undefined) throw new Error('only an emulator started with `external` can be started again');
      listening = await listen(emulator, { host: '127.0.0.1', port: emulatorPort });
    },
    async close() {
      // Subscriptions first: their sockets would hold the HTTP server open.
      await prepared.gateway.live.close();
      await served?.close();
      await prepared.close();
      await listening?.close();
    },
  };
  if (options.serve) await gw.listen();
  return gw;
}

/** The API key of `startAppModeGateway`. */
export const TEST_API_KEY = 'reliability-test-key-0123456789';

/**
 * App mode (`GATEWAY_API_KEYS=TEST_API_KEY`) against an emulator listening on 127.0.0.1, served on
 * loopback: `gw.post` asks for graphStats and sends the API key unless the call names its own headers.
 * `external` adds or overrides settings (e.g. `GRAPH_AUTH_MODE: 'on-behalf-of'`).
 */
export function startAppModeGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  return startTestGateway({
    seed: 11,
    serve: true,
    headers: { 'x-graph-stats': '1' },
    credentials: { 'x-api-key': TEST_API_KEY },
    ...options,
    external: { GRAPH_AUTH_MODE: 'app', GATEWAY_API_KEYS: TEST_API_KEY, ...options.external },
  });
}

/**
 * A gateway for the enclosing `describe` (or file): started in `beforeAll`, closed in `afterAll`.
 * The returned object stands for it from the first test on.
 *
 *   const gw = useGateway({ users: 20, serve: true });
 *   it('...', async () => { const answer = await gw.post('{ me { id } }'); ... });
 */
export function useGateway(
  options: TestGatewayOptions | (() => TestGatewayOptions) = {},
  start: (options: TestGatewayOptions) => Promise<TestGateway> = startTestGateway,
): TestGateway {
  let started: TestGateway | null = null;
  beforeAll(async () => {
    started = await start(typeof options === 'function' ? options() : options);
  });
  afterAll(async () => {
    await started?.close();
    started = null;
  });
  return new Proxy({} as TestGateway, {
    get(_target, property) {
      if (!started) throw new Error(`the suite's gateway is used outside its tests (reading ${String(property)})`);
      const value: unknown = Reflect.get(started, property);
      return typeof value === 'function' ? value.bind(started) : value;
    },
  });
}

/** The gateway as `npm start` runs it with no settings: embedded emulator (seed 3), info-level JSON logs, served on loopback. */
export function asNpmStart(users = 20): TestGatewayOptions {
  return { users, seed: 3, logLevel: 'info', serve: true };
}
