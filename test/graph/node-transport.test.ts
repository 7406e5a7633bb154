import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { nodeTransport } from '../../src/graph/transport';
import { waitFor } from '../kit';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

async function startServer(
  answer: (seen: Seen, res: ServerResponse) => void,
): Promise<{ url: string; seen: Seen[]; connections: () => number; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  let connections = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(entry);
      answer(entry, res);
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('nodeTransport', () => {
  it('asks for compressed answers and decompresses a gzip body', async () => {
    const body = JSON.stringify({
      value: Array.from({ length: 50 }, (_, i) => ({ id: String(i), displayName: `User ${i}` })),
    });
    const server = await startServer((seen, res) => {
      const gzip = String(seen.headers['accept-encoding'] ?? '').includes('gzip');
      res.writeHead(200, { 'Content-Type': 'application/json', ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) });
      res.end(gzip ? gzipSync(body) : body);
    });
    try {
      const response = await nodeTransport(`${server.url}/v1.0/users`, {
        method: 'GET',
        headers: {},
        signal: new AbortController().signal,
      });
      expect(server.seen[0]?.headers['accept-encoding']).toBe('gzip, deflate, br');
      expect(response.headers['content-encoding']).toBe('gzip');
      expect(await response.text()).toBe(body);
    } finally {
      await server.close();
    }
  });

  it('sends the method, headers and body and answers the status, lower-cased headers and text', async () => {
    const server = await startServer((_seen, res) => {
      res.writeHead(201, { 'Content-Type': 'application/json', 'Request-Id': 'r-1' });
      res.end('{"id":"42","name":"Zoë"}');
    });
    try {
      const response = await nodeTransport(`${server.url}/v1.0/$batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
        body: '{"requests":["ü"]}',
        signal: new AbortController().signal,
      });
      expect(response.status).toBe(201);
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.headers['request-id']).toBe('r-1');
      expect(await response.text()).toBe('{"id":"42","name":"Zoë"}');
      expect(server.seen).toHaveLength(1);
      expect(server.seen[0].method).toBe('POST');
      expect(server.seen[0].url).toBe('/v1.0/$batch');
      expect(server.seen[0].headers.authorization).toBe('Bearer t');
      expect(server.seen[0].headers['content-length']).toBe(String(Buffer.byteLength('{"requests":["ü"]}')));
      expect(server.seen[0].body).toBe('{"requests":["ü"]}');
    } finally {
      await server.close();
    }
  });

  it('reuses one kept-alive connection for requests sent one after another', async () => {
    const server = await startServer((_seen, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{}');
    });
    try {
      for (let i = 0; i < 3; i++) {
        const response = await nodeTransport(`${server.url}/v1.0/users`, {
          method: 'GET',
          headers: {},
          signal: new AbortController().signal,
        });
        expect(await response.text()).toBe('{}');
      }
      expect(server.seen).toHaveLength(3);
      expect(server.connections()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('rejects when the signal aborts before the answer', async () => {
    const server = await startServer(() => {
      // never answers
    });
    try {
      const controller = new AbortController();
      const pending = nodeTransport(`${server.url}/v1.0/users`, {
        method: 'GET',
        headers: {},
        signal: controller.signal,
      });
      await waitFor(() => server.seen.length > 0, {
        timeoutMs: 2_000,
        intervalMs: 5,
        what: 'the request to reach the server',
      });
      expect(server.seen).toHaveLength(1);
      controller.abort(new Error('stop'));
      await expect(pending).rejects.toThrow();
    } finally {
      await server.close();
    }
  });

  it('rejects the body when the signal aborts after the status', async () => {
    const server = await startServer((_seen, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"value":['); // never ends
    });
    try {
      const controller = new AbortController();
      const response = await nodeTransport(`${server.url}/v1.0/users`, {
        method: 'GET',
        headers: {},
        signal: controller.signal,
      });
      expect(response.status).toBe(200);
      controller.abort(new Error('stop'));
      await expect(response.text()).rejects.toThrow();
    } finally {
      await server.close();
    }
  });

  it('takes its abort listener off the signal once the body is read', async () => {
    const server = await startServer((_seen, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{}');
    });
    try {
      const controller = new AbortController();
      let listeners = 0;
      const { signal } = controller;
      const add = signal.addEventListener.bind(signal);
      const remove = signal.removeEventListener.bind(signal);
      signal.addEventListener = (...args: Parameters<AbortSignal['addEventListener']>) => {
        listeners += 1;
        add(...args);
      };
      signal.removeEventListener = (...args: Parameters<AbortSignal['removeEventListener']>) => {
        listeners -= 1;
        remove(...args);
      };
      const response = await nodeTransport(`${server.url}/v1.0/users`, { method: 'GET', headers: {}, signal });
      expect(await response.text()).toBe('{}');
      expect(listeners).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('rejects when nothing listens at the address', async () => {
    const server = await startServer(() => undefined);
    const url = server.url;
    await server.close();
    await expect(
      nodeTransport(`${url}/v1.0/users`, { method: 'GET', headers: {}, signal: new AbortController().signal }),
    ).rejects.toThrow();
  });
});
