/**
 * Live data across two replicas sharing one redis-server and one emulator, over real HTTP and
 * WebSocket: a Planner change made through one replica's mutation reaches subscribers on both,
 * each once; only the replica holding the plan's lease polls Graph; closing it hands the lease to
 * the other and events keep flowing; a Redis outage is ridden out.
 */
import { createEmulator, type Emulator } from '@msgraph-graphql/emulator';
import { listen, type ListeningEmulator } from '@msgraph-graphql/emulator/listen';
import {
  graphRest,
  liveClient,
  startTestGateway,
  waitFor,
  type GraphCollection,
  type LiveClient,
  type LiveSubscriptionRun,
  type RestPlannerTask,
  type TestGateway,
} from '../kit';
import { liveChannelSubscribers, liveLeases, startRedisServer, type RedisServer } from './redis-server';

const API_KEY = 'scale-out-live-key-0123456789abc';
const POLL_MS = 100;
const LEASE_TTL_MS = 600;

interface Change {
  changeType: string;
  taskId: string;
  task: { id: string; title: string } | null;
}
type Run = LiveSubscriptionRun<{ plannerTaskChanged: Change }>;

const SUBSCRIPTION = `subscription($planId: ID!) {
  plannerTaskChanged(planId: $planId) { changeType taskId task { id title } }
}`;

let emulator: Emulator;
let listening: ListeningEmulator;
let redis: RedisServer;
let planId: string;
const replicas: TestGateway[] = [];
const clients: LiveClient[] = [];

function startReplica(): Promise<TestGateway> {
  return startTestGateway({
    external: { GRAPH_AUTH_MODE: 'app', GATEWAY_API_KEYS: API_KEY, REDIS_URL: redis.url },
    against: { emulator, url: listening.url },
    serve: true,
    credentials: { 'x-api-key': API_KEY },
    live: { pollIntervalMs: POLL_MS, topicGraceMs: 50, leaseTtlMs: LEASE_TTL_MS },
  });
}

/** The emulator's request lines that polled the plan's tasks (from either replica: they share the emulator). */
function polls(): string[] {
  return emulator.requestLog.lines().filter((line) => line.includes(`/planner/plans/${planId}/tasks?`));
}

function subscribe(replica: TestGateway): Run {
  const client = liveClient(replica.url, { 'x-api-key': API_KEY });
  clients.push(client);
  return client.subscribe<{ plannerTaskChanged: Change }>(SUBSCRIPTION, { planId });
}

/** Which replicas run the plan's poller. */
function owners(): number[] {
  return replicas.flatMap((replica, index) => (replica.prepared.liveScaleOut?.owned().length ? [index] : []));
}

async function createTask(replica: TestGateway, title: string): Promise<string> {
  const answer = await replica.post<{ createPlannerTask: { task: { id: string } } }>({
    query: 'mutation($input: CreatePlannerTaskInput!) { createPlannerTask(input: $input) { task { id } } }',
    variables: { input: { planId, title } },
  });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data!.createPlannerTask.task.id;
}

/** Subscribers on A then on B, once both replicas listen on Redis and A polls. */
async function subscribedOnBoth(a: TestGateway, b: TestGateway): Promise<[Run, Run]> {
  emulator.requestLog.clear();
  const onA = subscribe(a);
  await waitFor(() => owners().join() === '0' && polls().length >= 1, { what: "A's lease and baseline read" });
  const onB = subscribe(b);
  await waitFor(() => b.prepared.gateway.live.stats().subscriptions === 1, { what: 'the subscription on B' });
  await waitFor(async () => (await liveChannelSubscribers(redis.url)) === 2, {
    what: 'both replicas on the plan’s channel',
  });
  return [onA, onB];
}

const created = (id: string, title: string) => ({
  data: { plannerTaskChanged: { changeType: 'CREATED', taskId: id, task: { id, title } } },
});

beforeAll(async () => {
  emulator = createEmulator({ seed: 11, users: 20 });
  listening = await listen(emulator, { host: '127.0.0.1', port: 0 });
  redis = await startRedisServer();
  const tasks = await graphRest<GraphCollection<RestPlannerTask>>(
    emulator,
    listening.url,
    `/users/${emulator.info.defaultUserId}/planner/tasks`,
  );
  planId = tasks.value[0].planId;
}, 30_000);

beforeEach(async () => {
  replicas.push(await startReplica(), await startReplica());
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
  await Promise.all(replicas.splice(0).map((replica) => replica.close()));
});

afterAll(async () => {
  await redis?.stop();
  await listening?.close();
});

describe('live data across two replicas sharing one redis-server', () => {
  it('delivers a change made through A’s mutation to a subscriber on A and one on B, each exactly once', async () => {
    const [a, b] = replicas;
    const [onA, onB] = await subscribedOnBoth(a, b);

    const id = await createTask(a, 'Seen everywhere');
    await waitFor(() => onA.results.length >= 1 && onB.results.length >= 1, { what: 'the CREATED event on both' });
    // Five more polls: a second delivery (a second poller, an echo through Redis) would have come by then.
    const seen = polls().length;
    await waitFor(() => polls().length >= seen + 5, { what: 'five more polls' });

    expect(onA.results).toEqual([created(id, 'Seen everywhere')]);
    expect(onB.results).toEqual([created(id, 'Seen everywhere')]);
    expect(owners()).toEqual([0]);
  });

  it('polls the plan from one replica only: one read per interval, not two', async () => {
    const [a, b] = replicas;
    await subscribedOnBoth(a, b);

    emulator.requestLog.clear();
    const started = Date.now();
    await waitFor(() => polls().length >= 10, { what: 'ten polls' });
    const elapsed = Date.now() - started;

    // One poller reads at most once per interval (a loaded machine only makes it slower); two would read twice.
    expect(polls().length).toBeLessThanOrEqual(Math.floor(elapsed / POLL_MS) + 1);
    expect(owners()).toEqual([0]);
  });

  it('hands the plan to B when A, its poller, closes, and B’s subscriber keeps getting changes', async () => {
    const [a, b] = replicas;
    const [, onB] = await subscribedOnBoth(a, b);
    expect(owners()).toEqual([0]);

    await a.close();
    await waitFor(() => b.prepared.liveScaleOut?.owned().length === 1, { what: 'B taking the lease over' });
    const baseline = polls().length;
    await waitFor(() => polls().length > baseline, { what: 'B’s baseline read' });

    const id = await createTask(b, 'After the hand-over');
    await waitFor(() => onB.results.length >= 1, { what: 'the CREATED event on B' });
    expect(onB.results).toEqual([created(id, 'After the hand-over')]);
  });

  it('keeps serving the owner’s subscribers while Redis is down, and both replicas once it is back', async () => {
    const [a, b] = replicas;
    const [onA, onB] = await subscribedOnBoth(a, b);

    await redis.stop();
    const during = await createTask(a, 'While Redis is down');
    await waitFor(() => onA.results.length >= 1, { what: 'the CREATED event on A', timeoutMs: 15_000 });
    expect(onA.results).toEqual([created(during, 'While Redis is down')]);
    // B hears nothing from A meanwhile (documented); it is still connected.
    expect(onB.results).toEqual([]);
    expect(onB.completed || onB.errors !== null).toBe(false);

    await redis.start();
    // Both replicas back on the channel, and the lease written again by its holder.
    await waitFor(async () => (await liveChannelSubscribers(redis.url)) === 2, {
      what: 'both replicas on the plan’s channel again',
      timeoutMs: 20_000,
      intervalMs: 100,
    });
    // The restarted Redis holds no lease: A's renewal writes it again, or B, retrying, takes it
    // first (then A runs on until its next renewal finds B's lease, at most ttl/3). B may have
    // written its lease and not yet started its poller when one holder is first seen, so the
    // holder is checked again after a whole lease period of polls (two replicas polling count
    // double, hence two periods' worth); from then on nothing changes hands, and the holder's
    // baseline read comes before the next change.
    const oneHolder = async () => owners().length === 1 && (await liveLeases(redis.url)) === 1;
    await waitFor(oneHolder, { what: 'one lease holder after the restart' });
    const settling = polls().length;
    await waitFor(() => polls().length >= settling + (2 * LEASE_TTL_MS) / POLL_MS, { what: 'a lease period of polls' });
    await waitFor(oneHolder, { what: 'one lease holder a lease period later' });
    const baseline = polls().length;
    await waitFor(() => polls().length >= baseline + 2, { what: 'the holder’s baseline read' });
    expect(owners()).toHaveLength(1);

    const id = await createTask(a, 'After the restart');
    await waitFor(() => onA.results.length >= 2 && onB.results.length >= 1, {
      what: 'the CREATED event on both',
      timeoutMs: 15_000,
    });
    expect(onA.results).toEqual([created(during, 'While Redis is down'), created(id, 'After the restart')]);
    expect(onB.results).toEqual([created(id, 'After the restart')]);
  }, 60_000);
});
