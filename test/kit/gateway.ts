/**
 * The gateway as production wires it (real config → `prepareGateway` → context factory), against
 * an emulator listening on 127.0.0.1:0 (MSAL and the Graph client talk HTTP to it).
 *
 *   const gw = await startTestGateway({ users: 60 });           // embedded emulator, OBO as its default user
 *   const gw = await startTestGateway({ external: { GRAPH_AUTH_MODE: 'app' } });  // emulator as an external Graph
 *   const result = await gw.execute('{ me { displayName } }');   // executeOperation + the real context factory
 *   gw.emulator.resetStats(); gw.emulator.stats().byPath;
 *   const url = await gw.listen();                               // real HTTP on 127.0.0.1:0
 *   await gw.close();
 */
import { createServer, type IncomingHttpHeaders, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FormattedExecutionResult } from 'graphql';
import { createEmulator, type Emulator, type EmulatorOptions } from '@msgraph-graphql/emulator';
import { listen, type ListeningEmulator } from '@msgraph-graphql/emulator/listen';
import { prepareGateway, type PrepareOptions, type PreparedGateway } from '../../src/bootstrap';
import { loadConfig, type Env } from '../../src/config';
import type { FetchLike } from '../../src/graph/create-graph-client';
import type { RetryOptions } from '../../src/graph/retry';
import { createLogger } from '../../src/logger';

export interface TestGatewayOptions {
  users?: number;
  seed?: number;
  /** Run against a separately started emulator with these extra settings (e.g. `GRAPH_AUTH_MODE`). */
  external?: Env;
  /** Extra settings for embedded mode. */
  env?: Env;
  graphRetry?: RetryOptions;
  /** Wraps the gateway's HTTP calls to Graph (e.g. to change emulator faults between waves). */
  graphFetch?: FetchLike;
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
  /** Runs one operation through `executeOperation` with a context from the real factory. */
  execute<TData = Record<string, unknown>>(query: string, options?: ExecuteOptions): Promise<FormattedExecutionResult<TData>>;
  /** Reads Graph's REST API directly, with an app-only token (for comparisons; counted in the emulator's stats). */
  rest<T>(pathAndQuery: string): Promise<T>;
  /** Serves the gateway on 127.0.0.1:0 and returns its `/graphql` URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

const quietLogger = createLogger('silent');

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

export interface ServedApp {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Cuts open connections and stops listening. */
  close(): Promise<void>;
}

/** Serves a request handler (the gateway's express app) over real HTTP on 127.0.0.1:0. */
export async function serveOnLoopback(app: RequestListener): Promise<ServedApp> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function graphOptions(options: TestGatewayOptions): PrepareOptions {
  return {
    ...(options.graphRetry ? { graphRetry: options.graphRetry } : {}),
    ...(options.graphFetch ? { graphFetch: options.graphFetch } : {}),
  };
}

async function withExternalEmulator(options: TestGatewayOptions, env: Env) {
  const emulator = createEmulator({ seed: options.seed ?? 7, users: options.users ?? 40 });
  const listening = await listen(emulator, { host: '127.0.0.1', port: 0 });
  const config = loadConfig({ ...emulatorSettings(emulator, listening.url), LOG_LEVEL: 'silent', ...env });
  try {
    const prepared = await prepareGateway(config, { logger: quietLogger, ...graphOptions(options) });
    return { emulator, listening, prepared };
  } catch (error) {
    await listening.close();
    throw error;
  }
}

async function withEmbeddedEmulator(options: TestGatewayOptions) {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...options.env });
  const emulatorOptions: EmulatorOptions = { seed: options.seed ?? 7, users: options.users ?? 40 };
  const prepared = await prepareGateway(config, {
    logger: quietLogger,
    emulator: emulatorOptions,
    ...graphOptions(options),
  });
  if (!prepared.embedded) throw new Error('expected the embedded emulator');
  const listening: ListeningEmulator | null = null;
  return { emulator: prepared.embedded.emulator, listening, prepared };
}

export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const { emulator, listening, prepared } = options.external
    ? await withExternalEmulator(options, options.external)
    : await withEmbeddedEmulator(options);
  const emulatorUrl = listening?.url ?? prepared.embedded?.url ?? '';
  const served: ServedApp[] = [];

  return {
    emulator,
    emulatorUrl,
    prepared,
    async execute<TData>(query: string, { variables, headers = {} }: ExecuteOptions = {}) {
      const contextValue = await prepared.contextFactory({ req: { headers } });
      const response = await prepared.gateway.apollo.executeOperation<TData>({ query, variables }, { contextValue });
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      return response.body.singleResult;
    },
    async rest<T>(pathAndQuery: string) {
      const response = await fetch(`${emulatorUrl}/v1.0${pathAndQuery}`, {
        headers: { authorization: `Bearer ${emulator.mintAppToken()}`, consistencylevel: 'eventual' },
      });
      if (!response.ok) throw new Error(`GET ${pathAndQuery} answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as T;
    },
    async listen() {
      const app = await serveOnLoopback(prepared.gateway.app);
      served.push(app);
      return `${app.origin}/graphql`;
    },
    async close() {
      for (const app of served) await app.close();
      await prepared.close();
      await listening?.close();
    },
  };
}

/** POSTs a GraphQL operation over HTTP. */
export async function postGraphQL(
  url: string,
  body: { query: string; variables?: Record<string, unknown> },
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: FormattedExecutionResult & Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as FormattedExecutionResult & Record<string, unknown> };
}
