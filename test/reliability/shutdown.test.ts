/**
 * SIGTERM during load: `npm start`'s process (a child running src/main.ts, app mode against an
 * emulator in this process that answers slowly) stops accepting, finishes the operations in
 * flight with their data, and exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createEmulator } from '@msgraph-graphql/emulator';
import { listen, type ListeningEmulator } from '@msgraph-graphql/emulator/listen';
import { emulatorSettings } from '../kit';

const API_KEY = 'shutdown-test-key-0123456789abcd';
const ROOT = join(__dirname, '..', '..');

function gatewayUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/[^\s'"]+\/graphql/.exec(output);
      if (match) resolve(match[0]);
    });
    child.once('exit', (code) => reject(new Error(`the gateway exited with ${code} before it was ready: ${output}`)));
  });
}

it('finishes in-flight operations on SIGTERM and exits 0', async () => {
  const emulator = createEmulator({ seed: 3, users: 20 });
  const listening: ListeningEmulator = await listen(emulator, { host: '127.0.0.1', port: 0 });
  const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      LOG_LEVEL: 'warn',
      ...emulatorSettings(emulator, listening.url),
      GRAPH_AUTH_MODE: 'app',
      GATEWAY_API_KEYS: API_KEY,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const url = (await gatewayUrl(child)).replace('localhost', '127.0.0.1');
    const post = () =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
        body: JSON.stringify({ query: '{ users(first: 3) { nodes { id manager { id } } } }' }),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as { data?: unknown; errors?: unknown } }));

    const warm = await post();
    expect(warm.body.errors).toBeUndefined();
    emulator.setFaults({ latencyMs: 500 });
    emulator.resetStats();
    const inFlight = Array.from({ length: 4 }, post);
    for (let i = 0; i < 500 && emulator.stats().httpRequests < 1; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(emulator.stats().httpRequests).toBeGreaterThan(0);
    child.kill('SIGTERM');

    const answers = await Promise.all(inFlight);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data).toEqual(warm.body.data);
    }
    expect(await exited).toBe(0);
    await expect(post()).rejects.toThrow();
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    emulator.setFaults({ latencyMs: 0 });
    await listening.close();
  }
}, 60_000);
