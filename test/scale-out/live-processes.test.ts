/**
 * Live data when the replica polling a plan (or holding a Graph subscription) dies: two gateway
 * processes (`tsx src/main.ts`) with one REDIS_URL and `GRAPH_POLL_INTERVAL_SECONDS=0.2` (a 1 s
 * lease), subscribers on both; the owner is killed with SIGKILL (no release, no goodbye), the
 * other takes the lease over when it expires and its subscriber gets the changes made afterwards.
 */
import { createEmulator, type Emulator } from '@msgraph-graphql/emulator';
import { listen, type ListeningEmulator } from '@msgraph-graphql/emulator/listen';
import {
  emulatorNotifications,
  emulatorSettings,
  exitCode,
  gatewayEnv,
  gatewayUrl,
  graphRest,
  graphWrite,
  liveClient,
  metricsText,
  post,
  sample,
  spawnGateway,
  stopProcess,
  waitFor,
  type GraphCollection,
  type LiveClient,
  type RestPlannerTask,
} from '../kit';
import { startNotificationProxy, type NotificationProxy } from './notification-proxy';
import { liveChannelSubscribers, startRedisServer, type RedisServer } from './redis-server';

const API_KEY = 'scale-out-live-process-key-01234';

interface Change {
  changeType: string;
  taskId: string;
  task: { id: string; title: string } | null;
}

const SUBSCRIPTION = `subscription($planId: ID!) {
  plannerTaskChanged(planId: $planId) { changeType taskId task { id title } }
}`;

describe('live data when the polling replica process dies', () => {
  let emulator: Emulator;
  let listening: ListeningEmulator;
  let redis: RedisServer;
  let planId: string;
  const children: Array<ReturnType<typeof spawnGateway>> = [];
  const clients: LiveClient[] = [];

  async function startProcess(env: NodeJS.ProcessEnv = {}): Promise<string> {
    const child = spawnGateway({
      env: gatewayEnv({
        ...emulatorSettings(emulator, listening.url),
        GRAPH_AUTH_MODE: 'app',
        GATEWAY_API_KEYS: API_KEY,
        REDIS_URL: redis.url,
        GRAPH_POLL_INTERVAL_SECONDS: '0.2',
        ...env,
      }),
    });
    children.push(child);
    return gatewayUrl(child);
  }

  function polls(): number {
    return emulator.requestLog.lines().filter((line) => line.includes(`/planner/plans/${planId}/tasks?`)).length;
  }

  function subscribe(url: string) {
    const client = liveClient(url, { 'x-api-key': API_KEY });
    clients.push(client);
    return client.subscribe<{ plannerTaskChanged: Change }>(SUBSCRIPTION, { planId });
  }

  async function killFirst(): Promise<void> {
    const [a] = children;
    const killed = exitCode(a);
    a.kill('SIGKILL');
    await killed;
  }

  beforeAll(async () => {
    emulator = createEmulator({ seed: 13, users: 20 });
    listening = await listen(emulator, { host: '127.0.0.1', port: 0 });
    redis = await startRedisServer();
    const tasks = await graphRest<GraphCollection<RestPlannerTask>>(
      emulator,
      listening.url,
      `/users/${emulator.info.defaultUserId}/planner/tasks`,
    );
    planId = tasks.value[0].planId;
  });

  afterEach(async () => {
    // The processes first: a client of a killed process may wait for its socket, and a process
    // left running would keep jest from exiting.
    await Promise.all(children.splice(0).map((child) => stopProcess(child)));
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
  });

  afterAll(async () => {
    // The processes first: a client of a killed process may wait for its socket, and a process
    // left running would keep jest from exiting.
    await Promise.all(children.map((child) => stopProcess(child)));
    await Promise.all(clients.map((client) => client.dispose()));
    await redis?.stop();
    await listening?.close();
  });

  it('hands the plan’s poller to the surviving process, whose subscriber keeps getting changes', async () => {
    const [urlA, urlB] = await Promise.all([startProcess(), startProcess()]);
    subscribe(urlA);
    await waitFor(() => polls() >= 1, { what: "A's baseline read" });
    const onB = subscribe(urlB);
    await waitFor(async () => (await liveChannelSubscribers(redis.url)) === 2, {
      what: 'both processes on the plan’s channel',
      timeoutMs: 15_000,
    });

    await killFirst();
    // B's own baseline read, once the lease A no longer renews has expired.
    emulator.requestLog.clear();
    await waitFor(() => polls() >= 2, { what: 'B polling the plan', timeoutMs: 10_000 });

    const created = await post<{ createPlannerTask: { task: { id: string } } }>(
      urlB,
      {
        query: 'mutation($input: CreatePlannerTaskInput!) { createPlannerTask(input: $input) { task { id } } }',
        variables: { input: { planId, title: 'After A died' } },
      },
      { headers: { 'x-api-key': API_KEY } },
    );
    const id = created.body.data!.createPlannerTask.task.id;
    await waitFor(() => onB.results.length >= 1, { what: 'the CREATED event on B', timeoutMs: 10_000 });
    expect(onB.results).toEqual([
      { data: { plannerTaskChanged: { changeType: 'CREATED', taskId: id, task: { id, title: 'After A died' } } } },
    ]);
  }, 90_000);

  it('behind a load balancer, drops the notifications of the dead holder’s Graph subscription and delivers the new holder’s once', async () => {
    const userId = emulator.info.defaultUserId;
    const proxy: NotificationProxy = await startNotificationProxy();
    try {
      // Every delivery lands on B, whichever process holds the subscription.
      const env = { GRAPH_NOTIFICATION_URL: proxy.origin };
      const [urlA, urlB] = await Promise.all([startProcess(env), startProcess(env)]);
      const originB = urlB.replace(/\/graphql$/, '');
      proxy.pointAt(originB);
      const baselineReads = () =>
        emulator.requestLog
          .lines()
          .filter(
            (line) => line.startsWith('GET /v1.0/users/delta?') && line.includes(`$filter=id%20eq%20%27${userId}%27`),
          ).length;
      const graphSubscriptions = async () =>
        (await emulatorNotifications({ emulatorUrl: listening.url }).subscriptions()).length;
      const subscribeToUser = (url: string) => {
        const client = liveClient(url, { 'x-api-key': API_KEY });
        clients.push(client);
        return client.subscribe<{ userChanged: { changeType: string; user: { jobTitle: string | null } | null } }>(
          'subscription($id: ID!) { userChanged(id: $id) { changeType user { jobTitle } } }',
          { id: userId },
        );
      };
      const setJobTitle = async (jobTitle: string) => {
        const target = { emulatorUrl: listening.url, emulator };
        expect(await graphWrite(target, 'PATCH', `/users/${userId}`, ['User.ReadWrite.All'], { jobTitle })).toBe(204);
      };

      emulator.requestLog.clear();
      subscribeToUser(urlA);
      await waitFor(() => baselineReads() === 1, {
        what: "A's Graph subscription and baseline read",
        timeoutMs: 15_000,
      });
      const runB = subscribeToUser(urlB);
      await waitFor(async () => (await liveChannelSubscribers(redis.url)) === 2, {
        what: 'both processes on the user’s channel',
        timeoutMs: 15_000,
      });
      expect(await graphSubscriptions()).toBe(1);
      await setJobTitle('Before A died');
      await waitFor(() => runB.results.length >= 1, { what: 'the UPDATED event on B', timeoutMs: 10_000 });

      await killFirst();
      // B takes the lease over once A's expires, holds its own Graph subscription and reads a baseline.
      await waitFor(async () => baselineReads() === 2 && (await graphSubscriptions()) === 2, {
        what: 'B’s Graph subscription and baseline read',
        timeoutMs: 10_000,
      });
      // Graph notifies both subscriptions (A's lives on until it expires): A's is dropped, B's delivered.
      await setJobTitle('After A died');
      const metrics = async () => {
        const text = await metricsText(originB);
        return {
          accepted: sample(text, 'graph_notifications_total{outcome="accepted"}'),
          dropped: sample(text, 'graph_notifications_total{outcome="dropped"}'),
          forwarded: sample(text, 'graph_notifications_forwarded_total{direction="out"}'),
        };
      };
      await waitFor(async () => (await metrics()).dropped === 1 && runB.results.length >= 2, {
        what: 'the dead holder’s notification dropped and the event on B',
        timeoutMs: 10_000,
      });
      expect(await metrics()).toEqual({ accepted: 2, dropped: 1, forwarded: 1 });
      expect(runB.results).toEqual([
        { data: { userChanged: { changeType: 'UPDATED', user: { jobTitle: 'Before A died' } } } },
        { data: { userChanged: { changeType: 'UPDATED', user: { jobTitle: 'After A died' } } } },
      ]);
    } finally {
      await proxy.close();
    }
  }, 90_000);
});
