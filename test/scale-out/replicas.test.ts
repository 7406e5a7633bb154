/**
 * Two replicas of the gateway (two separately prepared gateways, each with its own MSAL client
 * and Apollo server, sharing nothing in memory) against one emulator and one real
 * `redis-server`: a persisted query registered on one is served by the other, and the second
 * replica reuses the app-only Graph token the first obtained. Without REDIS_URL each replica
 * keeps its own caches and still works.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmulator, type Emulator } from '../../src/emulator';
import { listen, type ListeningEmulator } from '../../src/emulator/listen';
import { prepareGateway, type PreparedGateway } from '../../src/bootstrap';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { redisServerInstalled, startRedisServer, type RedisServer } from './redis-server';

const API_KEY = 'scale-out-test-key-0123456789ab';
const QUERY = '{ users(first: 3) { nodes { id displayName } } }';
const HASH = createHash('sha256').update(QUERY).digest('hex');

interface Replica {
  url: string;
  prepared: PreparedGateway;
  server: Server;
}

async function startReplica(emulatorUrl: string, emulator: Emulator, redisUrl: string | undefined): Promise<Replica> {
  const { info } = emulator;
  const config = loadConfig({
    AZURE_TENANT_ID: info.tenantId,
    AZURE_CLIENT_ID: info.clientId,
    AZURE_CLIENT_SECRET: info.clientSecret,
    AZURE_AUTHORITY_HOST: emulatorUrl,
    GRAPH_API_URL: emulatorUrl,
    GRAPH_AUTH_MODE: 'app',
    GATEWAY_API_KEYS: API_KEY,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  });
  const prepared = await prepareGateway(config, { logger: createLogger('silent') });
  const server = createServer(prepared.gateway.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, prepared, server };
}

async function stopReplica(replica: Replica): Promise<void> {
  replica.server.closeAllConnections();
  await new Promise<void>((resolve) => replica.server.close(() => resolve()));
  await replica.prepared.close();
}

async function send(replica: Replica, body: unknown) {
  const response = await fetch(replica.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } };
}

const hashOnly = { extensions: { persistedQuery: { version: 1, sha256Hash: HASH } } };
const register = { query: QUERY, ...hashOnly };

/** Apollo stores a registered query without waiting for the store; ask B a bounded number of times. */
async function servedByHash(replica: Replica) {
  let answer = await send(replica, hashOnly);
  for (let attempt = 0; attempt < 50 && answer.body.errors?.[0]?.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND'; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    answer = await send(replica, hashOnly);
  }
  return answer;
}

let emulator: Emulator;
let listening: ListeningEmulator;
beforeAll(async () => {
  emulator = createEmulator({ seed: 5, users: 20 });
  listening = await listen(emulator, { host: '127.0.0.1', port: 0 });
});
afterAll(() => listening.close());

const installed = redisServerInstalled();
if (!installed) {
  // eslint-disable-next-line no-console
  console.warn('Skipping the Redis scale-out tests: redis-server is not installed (.ci/run installs the Debian package).');
}

(installed ? describe : describe.skip)('two replicas sharing one redis-server', () => {
  let redis: RedisServer;
  let a: Replica;
  let b: Replica;
  beforeAll(async () => {
    redis = await startRedisServer();
    a = await startReplica(listening.url, emulator, redis.url);
    b = await startReplica(listening.url, emulator, redis.url);
  });
  afterAll(async () => {
    await stopReplica(a);
    await stopReplica(b);
    await redis.stop();
  });

  it('serves on replica B a persisted query registered on replica A, and B reuses A’s Graph token', async () => {
    emulator.resetStats();
    const registered = await send(a, register);
    expect(registered.body.errors).toBeUndefined();
    expect(emulator.stats().tokenRequests).toBe(1);

    const served = await servedByHash(b);
    expect(served.status).toBe(200);
    expect(served.body.errors).toBeUndefined();
    expect(served.body.data).toEqual(registered.body.data);
    // B found the app-only token in the shared MSAL cache: no second token request.
    expect(emulator.stats().tokenRequests).toBe(1);
  });
});

describe('two replicas without REDIS_URL', () => {
  it('keep working in memory: B knows nothing of A’s persisted query and gets its own token', async () => {
    const a = await startReplica(listening.url, emulator, undefined);
    const b = await startReplica(listening.url, emulator, undefined);
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
