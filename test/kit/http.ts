/** GraphQL over real HTTP on loopback: one `post` and one answer type for every suite. */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GraphQLRequest {
  query?: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  extensions?: Record<string, unknown>;
}

export interface GraphQLErrorAnswer {
  message: string;
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  extensions?: Record<string, unknown>;
}

/** A GraphQL response body as the gateway (or any GraphQL server under test) answers it. */
export interface GraphQLAnswer<TData = Record<string, unknown>> {
  data?: TData | null;
  errors?: GraphQLErrorAnswer[];
  extensions?: { graphStats?: Record<string, number>; [key: string]: unknown };
}

export interface HttpAnswer<TData = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: GraphQLAnswer<TData>;
}

export interface PostInit {
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** POSTs a GraphQL operation (a query text or a whole request body) to `url` as JSON. */
export async function post<TData = Record<string, unknown>>(
  url: string,
  request: string | GraphQLRequest,
  init: PostInit = {},
): Promise<HttpAnswer<TData>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: JSON.stringify(typeof request === 'string' ? { query: request } : request),
    ...(init.signal ? { signal: init.signal } : {}),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLAnswer<TData> };
}

export interface ServedApp {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Cuts open connections and stops listening. */
  close(): Promise<void>;
}

/** Serves a request handler (the gateway's express app) over real HTTP on 127.0.0.1:0; `prepare` sees the server first (WebSocket upgrades). */
export async function serveOnLoopback(app: RequestListener, prepare?: (server: Server) => void): Promise<ServedApp> {
  const server = createServer(app);
  prepare?.(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A TCP port that was free on 127.0.0.1 a moment ago (for programs that must be told a port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}
