/**
 * A load balancer in front of the replicas' notification endpoints, as far as Graph sees it: a
 * loopback HTTP server that passes every request on to the one replica it is pointed at (so a
 * test decides which replica Graph's deliveries land on) and answers with that replica's answer.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface NotificationProxy {
  /** `http://127.0.0.1:<port>`: the replicas' `GRAPH_NOTIFICATION_URL`. */
  origin: string;
  /** The origin requests go to from now on. */
  pointAt(origin: string): void;
  /** `POST /graph/...` lines passed on (validation handshakes as `POST /graph/...?validationToken`). */
  lines: string[];
  close(): Promise<void>;
}

export async function startNotificationProxy(): Promise<NotificationProxy> {
  let target: string | null = null;
  const lines: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://proxy');
      lines.push(
        `${request.method} ${url.pathname}${url.searchParams.has('validationToken') ? '?validationToken' : ''}`,
      );
      if (target === null) {
        response.writeHead(502).end();
        return;
      }
      fetch(`${target}${request.url}`, {
        method: request.method ?? 'POST',
        headers: { 'content-type': request.headers['content-type'] ?? 'application/octet-stream' },
        body: Buffer.concat(chunks),
      })
        .then(async (answer) => {
          const body = Buffer.from(await answer.arrayBuffer());
          response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
          response.end(body);
        })
        .catch(() => response.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    pointAt(origin) {
      target = origin;
    },
    lines,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
