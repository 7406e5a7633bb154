/**
 * A gateway in app mode (API key) against an emulator listening on 127.0.0.1, with the Graph
 * client's timeout and retries set by the test, served over real HTTP. The emulator can be
 * stopped and started again on the same port.
 */
import { createEmulator, type Emulator } from '@msgraph-graphql/emulator';
import { listen, type ListeningEmulator } from '@msgraph-graphql/emulator/listen';
import { prepareGateway, type PreparedGateway } from '../../src/bootstrap';
import { loadConfig, type Env } from '../../src/config';
import type { RetryOptions } from '../../src/graph/retry';
import { createLogger, type Logger } from '../../src/logger';
import { emulatorSettings, serveOnLoopback } from '../kit/gateway';

export const API_KEY = 'reliability-test-key-0123456789';

export interface FaultGateway {
  emulator: Emulator;
  url: string;
  prepared: PreparedGateway;
  stopEmulator(): Promise<void>;
  startEmulator(): Promise<void>;
  post(query: string, init?: { signal?: AbortSignal; headers?: Record<string, string> }): Promise<{ status: number; body: { data?: unknown; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>; extensions?: Record<string, unknown> } }>;
  close(): Promise<void>;
}

export async function startFaultGateway(options: { graphTimeoutMs?: number; graphRetry?: RetryOptions; env?: Env; logger?: Logger; users?: number } = {}): Promise<FaultGateway> {
  const emulator = createEmulator({ seed: 11, users: options.users ?? 40 });
  let listening: ListeningEmulator | null = await listen(emulator, { host: '127.0.0.1', port: 0 });
  const port = listening.port;
  const config = loadConfig({
    ...emulatorSettings(emulator, listening.url),
    GRAPH_AUTH_MODE: 'app',
    GATEWAY_API_KEYS: API_KEY,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const prepared = await prepareGateway(config, {
    logger: options.logger ?? createLogger('silent'),
    ...(options.graphTimeoutMs !== undefined ? { graphTimeoutMs: options.graphTimeoutMs } : {}),
    ...(options.graphRetry ? { graphRetry: options.graphRetry } : {}),
  });
  const served = await serveOnLoopback(prepared.gateway.app);
  const url = `${served.origin}/graphql`;

  return {
    emulator,
    url,
    prepared,
    async stopEmulator() {
      await listening?.close();
      listening = null;
    },
    async startEmulator() {
      listening = await listen(emulator, { host: '127.0.0.1', port });
    },
    async post(query, init = {}) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-graph-stats': '1', ...(init.headers ?? { 'x-api-key': API_KEY }) },
        body: JSON.stringify({ query }),
        ...(init.signal ? { signal: init.signal } : {}),
      });
      return { status: response.status, body: (await response.json()) as Awaited<ReturnType<FaultGateway['post']>>['body'] };
    },
    async close() {
      await served.close();
      await prepared.close();
      await listening?.close();
    },
  };
}
