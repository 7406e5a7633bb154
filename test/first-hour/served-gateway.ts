/**
 * `prepareGateway` as `npm start` runs it (embedded emulator, info-level JSON logs captured in
 * memory), served over HTTP on 127.0.0.1:0.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { prepareGateway, type PreparedGateway } from '../../src/bootstrap';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';

export interface ServedGateway {
  prepared: PreparedGateway;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  graphqlUrl: string;
  /** Every log line written so far, parsed. */
  logLines(): Record<string, unknown>[];
  rawLog(): string;
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; json: GraphQLAnswer }>;
  close(): Promise<void>;
}

export interface GraphQLAnswer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: { graphStats?: Record<string, number> };
}

export async function serveGateway(users = 20): Promise<ServedGateway> {
  const lines: string[] = [];
  const logger = createLogger('info', (line) => lines.push(line));
  const prepared = await prepareGateway(loadConfig({ LOG_LEVEL: 'info' }), { logger, emulator: { users, seed: 3 } });
  const server = createServer(prepared.gateway.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const graphqlUrl = `${origin}/graphql`;
  return {
    prepared,
    origin,
    graphqlUrl,
    logLines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    rawLog: () => lines.join('\n'),
    async post(body, headers = {}) {
      const response = await fetch(graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      return { status: response.status, headers: response.headers, json: (await response.json()) as GraphQLAnswer };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await prepared.close();
    },
  };
}

/** The value of one Prometheus sample line, e.g. `graphql_operations_total{type="query",name="Me"}`; 0 when absent. */
export function sample(metricsText: string, series: string): number {
  const line = metricsText.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}
