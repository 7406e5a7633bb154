/**
 * Scale-out as it is deployed: two gateway processes (`tsx src/main.ts`, as `npm start` runs
 * it) with the same REDIS_URL, against one emulator and one real `redis-server`. A persisted
 * query registered on one process is served by the other from its hash alone, the second
 * process takes the app-only Graph token the first obtained from the shared MSAL cache, and a
 * cursor one process issued is continued by the other (they seal with one key kept in Redis).
 */
import { type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createEmulator, type Emulator } from '@msgraph-graphql/emulator';
import { listen, type ListeningEmulator } from '@msgraph-graphql/emulator/listen';
import {
  emulatorSettings,
  gatewayEnv,
  graphRest,
  gatewayUrl,
  post,
  spawnGateway,
  stopProcess,
  waitFor,
  type GraphQLRequest,
} from '../kit';
import { redisServerInstalled, startRedisServer, type RedisServer } from './redis-server';

const API_KEY = 'scale-out-process-key-0123456789';
const QUERY = '{ users(first: 2) { nodes { id displayName } } }';
const HASH = createHash('sha256').update(QUERY).digest('hex');
const hashOnly = { extensions: { persistedQuery: { version: 1, sha256Hash: HASH } } };

interface GatewayProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
}

/** A replica's settings: the emulator as Graph, app mode with an API key, the shared Redis. */
function replicaEnv(emulator: Emulator, emulatorUrl: string, redisUrl: string): NodeJS.ProcessEnv {
  return gatewayEnv({
    ...emulatorSettings(emulator, emulatorUrl),
    GRAPH_AUTH_MODE: 'app',
    GATEWAY_API_KEYS: API_KEY,
    REDIS_URL: redisUrl,
  });
}

async function startGatewayProcess(env: NodeJS.ProcessEnv): Promise<GatewayProcess> {
  const child = spawnGateway({ env });
  return { child, url: await gatewayUrl(child) };
}

async function send(gateway: GatewayProcess, request: GraphQLRequest) {
  return (await post(gateway.url, request, { headers: { 'x-api-key': API_KEY } })).body;
}

const installed = redisServerInstalled();
if (!installed) {
  console.warn(
    'Skipping the Redis scale-out process test: redis-server is not installed (.ci/run installs the Debian package).',
  );
}

(installed ? describe : describe.skip)('two gateway processes sharing one redis-server', () => {
  let emulator: Emulator;
  let listening: ListeningEmulator;
  let redis: RedisServer;
  let a: GatewayProcess | undefined;
  let b: GatewayProcess | undefined;

  beforeAll(async () => {
    emulator = createEmulator({ seed: 9, users: 20 });
    listening = await listen(emulator, { host: '127.0.0.1', port: 0 });
    redis = await startRedisServer();
    const env = replicaEnv(emulator, listening.url, redis.url);
    [a, b] = await Promise.all([startGatewayProcess(env), startGatewayProcess(env)]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([stopProcess(a?.child), stopProcess(b?.child)]);
    await redis?.stop();
    await listening?.close();
  });

  it('serves on process B a persisted query registered on process A, with the Graph token A obtained', async () => {
    emulator.resetStats();
    const registered = await send(a!, { query: QUERY, ...hashOnly });
    expect(registered.errors).toBeUndefined();
    expect(emulator.stats().tokenRequests).toBe(1);

    // Apollo stores the registration without awaiting the write: ask B a bounded number of times.
    const served = await waitFor(
      async () => {
        const answer = await send(b!, hashOnly);
        return answer.errors?.[0]?.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND' ? null : answer;
      },
      { timeoutMs: 2_000, intervalMs: 20, what: 'process B to find the registered query' },
    );
    expect(served.errors).toBeUndefined();
    expect(served.data).toEqual(registered.data);
    expect(emulator.stats().tokenRequests).toBe(1);
  });

  it('continues on process B a list from the cursor process A issued, without GATEWAY_CURSOR_SECRET', async () => {
    const first = (await send(a!, { query: '{ users(first: 2) { nodes { id } pageInfo { endCursor } } }' })) as {
      data?: { users: { nodes: Array<{ id: string }>; pageInfo: { endCursor: string } } } | null;
    };
    // What Graph lists after the first two users, from its REST API.
    const listed = await graphRest<{ value: Array<{ id: string }> }>(
      emulator,
      listening.url,
      '/users?$select=id&$top=5',
    );
    const expected = listed.value.slice(2, 5).map((user) => user.id);

    const next = await send(b!, {
      query: 'query($after: String) { users(first: 3, after: $after) { nodes { id } } }',
      variables: { after: first.data?.users.pageInfo.endCursor },
    });

    expect(next.errors).toBeUndefined();
    expect(next.data).toEqual({ users: { nodes: expected.map((id) => ({ id })) } });
  });
});
