/**
 * Two replicas of the gateway without REDIS_URL (two separately prepared gateways, sharing
 * nothing in memory): each keeps its own caches and still works. The Redis-shared case runs as
 * two real processes in `processes.test.ts`.
 */
import { createHash } from 'node:crypto';
import { createEmulator, type Emulator } from '@msgraph-graphql/emulator';
import { listen, type ListeningEmulator } from '@msgraph-graphql/emulator/listen';
import { startTestGateway, type TestGateway } from '../kit';

const API_KEY = 'scale-out-test-key-0123456789ab';
const QUERY = '{ users(first: 3) { nodes { id displayName } } }';
const HASH = createHash('sha256').update(QUERY).digest('hex');

/** One replica: a gateway of its own, in app mode, served on loopback, against the shared emulator. */
function startReplica(env: Record<string, string> = {}): Promise<TestGateway> {
  return startTestGateway({
    external: { GRAPH_AUTH_MODE: 'app', GATEWAY_API_KEYS: API_KEY, ...env },
    against: { emulator, url: listening.url },
    serve: true,
    credentials: { 'x-api-key': API_KEY },
  });
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
    const a = await startReplica();
    const b = await startReplica();
    try {
      emulator.resetStats();
      expect((await a.post(register)).body.errors).toBeUndefined();
      const missed = await b.post(hashOnly);
      expect(missed.body.errors?.map((error) => error.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      const full = await b.post(register);
      expect(full.body.errors).toBeUndefined();
      expect((await b.post(hashOnly)).body.errors).toBeUndefined();
      expect(emulator.stats().tokenRequests).toBe(2);
    } finally {
      await a.close();
      await b.close();
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
    const a = await startReplica(secret('a'));
    const b = await startReplica(secret('a'));
    const c = await startReplica(secret('c'));
    try {
      const issued = (await a.post(PAGE_1)).body.data as { users: { pageInfo: { endCursor: string } } };
      const after = issued.users.pageInfo.endCursor;
      emulator.resetStats();

      const continued = await b.post(page2(after));
      const refused = await c.post(page2(after));

      expect(continued.body).toEqual({
        data: { users: { nodes: [...emulator.tenant.users.keys()].slice(2, 4).map((id) => ({ id })) } },
      });
      expect(refused.body.errors?.map((error) => error.extensions)).toEqual([
        { code: 'BAD_USER_INPUT', argument: 'after' },
      ]);
      expect(emulator.stats().httpRequests).toBe(1);
    } finally {
      await a.close();
      await b.close();
      await c.close();
    }
  });
});
