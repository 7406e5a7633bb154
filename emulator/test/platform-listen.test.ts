import { connect } from 'node:net';
import { createTestEmulator, type Emulator } from '../src/testing';
import { listen, type ListeningEmulator } from '../src/listen';
import { echoRoutes } from './fixtures/echo-routes';

/** Sends raw bytes and resolves with everything the server answers before closing. */
function rawExchange(port: number, payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(payload));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('listen()', () => {
  let emu: Emulator;
  let server: ListeningEmulator;
  let token: string;

  beforeAll(async () => {
    emu = createTestEmulator({ users: 5, routes: echoRoutes });
    server = await listen(emu, { host: '127.0.0.1', port: 0, maxBodyBytes: 1024 });
    token = emu.mintAppToken();
  });

  afterAll(async () => {
    await server.close();
  });

  it('listens on an ephemeral port and reports its URL', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('serves Graph with the scheme, host and port of the request as origin', async () => {
    const res = await fetch(`${server.url}/v1.0/users/abc`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { origin: string }).origin).toBe(server.url);
    const viaLocalhost = await fetch(`http://localhost:${server.port}/v1.0/users/abc`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(((await viaLocalhost.json()) as { origin: string }).origin).toBe(`http://localhost:${server.port}`);
  });

  it('logs the request target exactly as it came off the socket', async () => {
    emu.requestLog.clear();
    // WHATWG URL parsing would turn these quotes into %27; the log keeps them as sent.
    const rawLine = `GET /v1.0/users?$filter=displayName%20eq%20'O''Neil'`;
    const sent = await rawExchange(
      server.port,
      `${rawLine} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`,
    );
    expect(sent.startsWith('HTTP/1.1 200')).toBe(true);
    expect(emu.requestLog.lines()).toEqual([rawLine]);
  });

  it('answers 413 with a clear message for a body over the limit, and keeps serving', async () => {
    const res = await fetch(`${server.url}/v1.0/$batch`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ requests: [], padding: 'x'.repeat(5000) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: { code: 'RequestEntityTooLarge', message: "The request body exceeds the emulator's limit of 1024 bytes." },
    });
    expect((await fetch(`${server.url}/_emulator/info`)).status).toBe(200);
  });

  it('answers a malformed HTTP request with 400 and keeps serving', async () => {
    const answer = await rawExchange(server.port, 'THIS IS NOT HTTP\r\n\r\n');
    expect(answer.startsWith('HTTP/1.1 400')).toBe(true);
    expect((await fetch(`${server.url}/_emulator/info`)).status).toBe(200);
  });

  it('ignores a forged Host header that is not a host name', async () => {
    const answer = await rawExchange(
      server.port,
      `GET /v1.0/users/abc HTTP/1.1\r\nHost: evil.example/path?x=\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`,
    );
    expect(answer.startsWith('HTTP/1.1 200')).toBe(true);
    expect(answer).toContain(`"origin":"http://127.0.0.1:${server.port}"`);
  });

  it('closes without leaving connections open', async () => {
    const other = await listen(createTestEmulator({ users: 5, routes: echoRoutes }), { port: 0 });
    const keepAlive = await fetch(`${other.url}/_emulator/info`);
    expect(keepAlive.status).toBe(200);
    await keepAlive.text();
    await other.close();
    await expect(fetch(`${other.url}/_emulator/info`)).rejects.toThrow();
  });
});
