/**
 * SIGTERM during load: `npm start`'s process (a child running src/main.ts, app mode against an
 * emulator in this process that answers slowly) stops accepting, finishes the operations in
 * flight with their data, and exits 0.
 */
import { createEmulator } from '@msgraph-graphql/emulator';
import { listen, type ListeningEmulator } from '@msgraph-graphql/emulator/listen';
import { emulatorSettings, exitCode, gatewayEnv, gatewayUrl, post, spawnGateway, waitFor } from '../kit';

const API_KEY = 'shutdown-test-key-0123456789abcd';

it('finishes in-flight operations on SIGTERM and exits 0', async () => {
  const emulator = createEmulator({ seed: 3, users: 20 });
  const listening: ListeningEmulator = await listen(emulator, { host: '127.0.0.1', port: 0 });
  const child = spawnGateway({
    env: gatewayEnv({
      ...emulatorSettings(emulator, listening.url),
      GRAPH_AUTH_MODE: 'app',
      GATEWAY_API_KEYS: API_KEY,
    }),
  });
  const exited = exitCode(child);
  try {
    const url = (await gatewayUrl(child)).replace('localhost', '127.0.0.1');
    const send = () =>
      post(url, '{ users(first: 3) { nodes { id manager { id } } } }', { headers: { 'x-api-key': API_KEY } });

    const warm = await send();
    expect(warm.body.errors).toBeUndefined();
    emulator.setFaults({ latencyMs: 500 });
    emulator.resetStats();
    const inFlight = Array.from({ length: 4 }, send);
    await waitFor(() => emulator.stats().httpRequests >= 1, { timeoutMs: 5_000, what: 'the first Graph call' });
    expect(emulator.stats().httpRequests).toBeGreaterThan(0);
    child.kill('SIGTERM');

    const answers = await Promise.all(inFlight);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data).toEqual(warm.body.data);
    }
    expect(await exited).toBe(0);
    await expect(send()).rejects.toThrow();
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    emulator.setFaults({ latencyMs: 0 });
    await listening.close();
  }
}, 60_000);
