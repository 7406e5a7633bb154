/**
 * Serves an emulator's fetch handler on a socket (node:http or node:https). The adapter reads
 * bodies up to a limit (a bigger one gets 413 after it has been drained), keeps the request
 * target exactly as received for the request log, and answers anything unparseable with a 400
 * instead of failing.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Emulator } from './index';

export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface ListenOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** PEM certificate and key: serve TLS. */
  https?: { cert: string; key: string };
  maxBodyBytes?: number;
}

export interface ListeningEmulator {
  /** `http://127.0.0.1:<port>` (or `https://...`), without a trailing slash. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const SKIPPED_HEADERS = new Set([
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'upgrade',
  'expect',
]);
const HOST_HEADER = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

type BodyRead = { ok: true; body: Buffer } | { ok: false };

/** Reads the body; past `limit` it keeps draining (so the client can read the 413) but stores nothing. */
function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        // A client that keeps sending far past the limit is cut off rather than drained forever.
        if (size > limit * 16) req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? { ok: false } : { ok: true, body: Buffer.concat(chunks) }));
    req.on('error', () => resolve({ ok: false }));
    req.on('close', () => resolve(tooLarge ? { ok: false } : { ok: true, body: Buffer.concat(chunks) }));
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    ...extra,
  });
  res.end(payload);
}

function originOf(req: IncomingMessage, scheme: 'http' | 'https'): string {
  const host = req.headers.host;
  if (host && HOST_HEADER.test(host)) return `${scheme}://${host}`;
  const address = req.socket.localAddress ?? '127.0.0.1';
  const hostPart = address.includes(':') ? `[${address}]` : address;
  return `${scheme}://${hostPart}:${req.socket.localPort ?? 0}`;
}

function toRequest(req: IncomingMessage, origin: string, body: Buffer): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || SKIPPED_HEADERS.has(name)) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const hasBody = method !== 'GET' && method !== 'HEAD' && body.length > 0;
  return new Request(`${origin}${req.url ?? '/'}`, { method, headers, body: hasBody ? body : undefined });
}

async function sendResponse(res: ServerResponse, response: Response): Promise<void> {
  const payload = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (res.destroyed) return;
  res.writeHead(response.status, { ...headers, 'Content-Length': payload.length });
  res.end(payload);
}

export function listen(emulator: Emulator, options: ListenOptions = {}): Promise<ListeningEmulator> {
  const scheme = options.https ? 'https' : 'http';
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const read = await readBody(req, limit);
      if (!read.ok) {
        sendJson(
          res,
          413,
          {
            error: {
              code: 'RequestEntityTooLarge',
              message: `The request body exceeds the emulator's limit of ${limit} bytes.`,
            },
          },
          { Connection: 'close' },
        );
        return;
      }
      let request: Request;
      try {
        request = toRequest(req, originOf(req, scheme), read.body);
      } catch {
        sendJson(res, 400, {
          error: { code: 'BadRequest', message: 'The request line or headers could not be parsed.' },
        });
        return;
      }
      await sendResponse(res, await emulator.handle(request, req.url ?? '/'));
    } catch (error) {
      console.error('graph emulator: request failed:', error);
      sendJson(res, 500, {
        error: { code: 'InternalServerError', message: 'An internal error occurred in the emulator.' },
      });
    }
  }

  const handler = (req: IncomingMessage, res: ServerResponse): void => void onRequest(req, res);
  const server: Server = options.https
    ? createHttpsServer({ cert: options.https.cert, key: options.https.key }, handler)
    : createHttpServer(handler);
  server.on('clientError', (_error: Error, socket: Socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        url: `${scheme}://${host}:${address.port}`,
        port: address.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
