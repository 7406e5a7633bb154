/**
 * `prepareGateway` as `npm start` runs it (embedded emulator, info-level JSON logs captured in
 * memory), served over HTTP on 127.0.0.1:0.
 */
import { prepareGateway, type PreparedGateway } from '../../src/bootstrap';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { serveOnLoopback } from '../kit';

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
  const served = await serveOnLoopback(prepared.gateway.app);
  const { origin } = served;
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
      await served.close();
      await prepared.close();
    },
  };
}

/** The value of one Prometheus sample line, e.g. `graphql_operations_total{type="query",name="Me"}`; 0 when absent. */
export function sample(metricsText: string, series: string): number {
  const line = metricsText.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}
