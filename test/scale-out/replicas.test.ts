/**
 * Two replicas of the gateway without REDIS_URL (two separately prepared gateways, sharing
 * nothing in memory): each keeps its own caches and still works. The Redis-shared case runs as
 * two real processes in `processes.test.ts`.
 */
import { createHash } from 'node:crypto';
import { createEmulator, type Emulator } from '@msgraph-graphql/emulator';
import { listen, type ListeningEmulator } from '@msgraph-graphql/emulator/listen';
import { prepareGateway, type PreparedGateway } from '../../src/bootstrap';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { emulatorSettings, serveOnLoopback, type ServedApp } from '../kit';

const API_KEY = 'scale-out-test-key-0123456789ab';
const QUERY = '{ users(first: 3) { nodes { id displayName } } }';
const HASH = createHash('sha256').update(QUERY).digest('hex');

interface Replica {
  url: string;
  prepared: PreparedGateway;
  served: ServedApp;
}

async function startReplica(
  emulatorUrl: string,
  emulator: Emulator,
  env: Record<string, string> = {},
): Promise<Replica> {
  const config = loadConfig({
    ...emulatorSettings(emulator, emulatorUrl),
    GRAPH_AUTH_MODE: 'app',
    GATEWAY_API_KEYS: API_KEY,
    ...env,
  });
  const prepared = await prepareGateway(config, { logger: createLogger('silent') });
  const served = await serveOnLoopback(prepared.gateway.app);
  return { url: `${served.origin}/graphql`, prepared, served };
}

async function stopReplica(replica: Replica): Promise<void> {
  await replica.served.close();
  await replica.prepared.close();
}

async function send(replica: Replica, body: unknown) {
  const response = await fetch(replica.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      data?: unknown;
      errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
    },
  };
}

const hashOnly = { extensions: { persistedQuery: { version: 1, sha256Hash: HASH } } };
const register = { query: QUERY, ...hashOnly };

let emulator: Emulator;
let listening: ListeningEmulator;
beforeAll(async () => {
  emulator = createEmulator({ seed: 5, users: 20 });
  listening = await listen(emulator, { host: '127.0.0.1', port: 0 });
});
afterAll(() => listening.close());

describe('two replicas without REDIS_URL', () => {
  it('keep working in memory: B knows nothing of A’s persisted query and gets its own token', async () => {
    const a = await startReplica(listening.url, emulator);
    const b = await startReplica(listening.url, emulator);
    try {
      emulator.resetStats();
      expect((await send(a, register)).body.errors).toBeUndefined();
      const missed = await send(b, hashOnly);
      expect(missed.body.errors?.map((error) => error.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      const full = await send(b, register);
      expect(full.body.errors).toBeUndefined();
      expect((await send(b, hashOnly)).body.errors).toBeUndefined();
      expect(emulator.stats().tokenRequests).toBe(2);
    } finally {
      await stopReplica(a);
      await stopReplica(b);
    }
  });
});

describe('cursors across replicas', () => {
  const PAGE_1 = { query: '{ users(first: 2) { pageInfo { endCursor } } }' };
  const page2 = (after: unknown) => ({
    query: 'query($after: String) { users(first: 2, after: $after) { nodes { id } } }',
    variables: { after },
  });
  const secret = (letter: string) => ({ GATEWAY_CURSOR_SECRET: letter.repeat(40) });

  it('are continued by a replica with the same GATEWAY_CURSOR_SECRET and refused by one with another', async () => {
    const a = await startReplica(listening.url, emulator, secret('a'));
    const b = await startReplica(listening.url, emulator, secret('a'));
    const c = await startReplica(listening.url, emulator, secret('c'));
    try {
      const issued = (await send(a, PAGE_1)).body.data as { users: { pageInfo: { endCursor: string } } };
      const after = issued.users.pageInfo.endCursor;
      emulator.resetStats();

      const continued = await send(b, page2(after));
      const refused = await send(c, page2(after));

      expect(continued.body).toEqual({
        data: { users: { nodes: [...emulator.tenant.users.keys()].slice(2, 4).map((id) => ({ id })) } },
      });
      expect(refused.body.errors?.map((error) => error.extensions)).toEqual([
        { code: 'BAD_USER_INPUT', argument: 'after' },
      ]);
      expect(emulator.stats().httpRequests).toBe(1);
    } finally {
      await stopReplica(a);
      await stopReplica(b);
      await stopReplica(c);
    }
  });
});
