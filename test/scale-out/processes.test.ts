/**
 * Scale-out as it is deployed: two gateway processes (`tsx src/main.ts`, as `npm start` runs
 * it) with the same REDIS_URL, against one emulator and one real `redis-server`. A persisted
 * query registered on one process is served by the other from its hash alone, the second
 * process takes the app-only Graph token the first obtained from the shared MSAL cache, and a
 * cursor one process issued is continued by the other (they seal with one key kept in Redis).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createEmulator, type Emulator } from '@msgraph-graphql/emulator';
import { listen, type ListeningEmulator } from '@msgraph-graphql/emulator/listen';
import { emulatorSettings } from '../kit';
import { redisServerInstalled, startRedisServer, type RedisServer } from './redis-server';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const API_KEY = 'scale-out-process-key-0123456789';
const QUERY = '{ users(first: 2) { nodes { id displayName } } }';
const HASH = createHash('sha256').update(QUERY).digest('hex');
const hashOnly = { extensions: { persistedQuery: { version: 1, sha256Hash: HASH } } };

interface GatewayProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
}

/** The parent's environment without gateway settings, plus the replica's own. */
function replicaEnv(emulator: Emulator, emulatorUrl: string, redisUrl: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(AZURE_|GRAPH_|GATEWAY_|REDIS_URL$|PORT$|LOG_LEVEL$)/.test(name)) env[name] = value;
  }
  return {
    ...env,
    PORT: '0',
    LOG_LEVEL: 'warn',
    ...emulatorSettings(emulator, emulatorUrl),
    GRAPH_AUTH_MODE: 'app',
    GATEWAY_API_KEYS: API_KEY,
    REDIS_URL: redisUrl,
  };
}

function startGatewayProcess(env: NodeJS.ProcessEnv): Promise<GatewayProcess> {
  const child = spawn(TSX, ['src/main.ts'], { cwd: ROOT, env });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no start-up line within 45 s:\n${output}`)), 45_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /GraphQL API ready at (http:\/\/\S+\/graphql)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code} before start-up:\n${output}`));
    });
  });
}

function stopGatewayProcess(gateway: GatewayProcess | undefined): Promise<void> {
  if (!gateway || gateway.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    gateway.child.once('exit', () => resolve());
    gateway.child.kill('SIGTERM');
  });
}

async function send(gateway: GatewayProcess, body: unknown) {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
    body: JSON.stringify(body),
  });
  return (await response.json()) as { data?: unknown; errors?: Array<{ extensions?: Record<string, unknown> }> };
}

const installed = redisServerInstalled();
if (!installed) {
  // eslint-disable-next-line no-console
  console.warn('Skipping the Redis scale-out process test: redis-server is not installed (.ci/run installs the Debian package).');
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
    await Promise.all([stopGatewayProcess(a), stopGatewayProcess(b)]);
    await redis?.stop();
    await listening?.close();
  });

  it('serves on process B a persisted query registered on process A, with the Graph token A obtained', async () => {
    emulator.resetStats();
    const registered = await send(a!, { query: QUERY, ...hashOnly });
    expect(registered.errors).toBeUndefined();
    expect(emulator.stats().tokenRequests).toBe(1);

    // Apollo stores the registration without awaiting the write: ask B a bounded number of times.
    let served = await send(b!, hashOnly);
    for (let attempt = 0; attempt < 50 && served.errors?.[0]?.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND'; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      served = await send(b!, hashOnly);
    }
    expect(served.errors).toBeUndefined();
    expect(served.data).toEqual(registered.data);
    expect(emulator.stats().tokenRequests).toBe(1);
  });

  it('continues on process B a list from the cursor process A issued, without GATEWAY_CURSOR_SECRET', async () => {
    const first = (await send(a!, { query: '{ users(first: 2) { nodes { id } pageInfo { endCursor } } }' })) as {
      data?: { users: { nodes: Array<{ id: string }>; pageInfo: { endCursor: string } } };
    };
    const expected = [...emulator.tenant.users.keys()].slice(2, 5);

    const next = await send(b!, {
      query: 'query($after: String) { users(first: 3, after: $after) { nodes { id } } }',
      variables: { after: first.data?.users.pageInfo.endCursor },
    });

    expect(next.errors).toBeUndefined();
    expect(next.data).toEqual({ users: { nodes: expected.map((id) => ({ id })) } });
  });
});
