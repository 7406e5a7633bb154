/**
 * Graph change notifications behind a load balancer: two replicas sharing one redis-server and one
 * emulator, with one `GRAPH_NOTIFICATION_URL`, a loopback proxy that passes every delivery to B.
 * The Graph subscription of a watched user is held by A (the topic's lease holder), so every
 * notification lands on the replica that does not hold it: B checks it against the shared record
 * in Redis and forwards it to A, which handles it as if Graph had delivered it there.
 */
import { createHash } from 'node:crypto';
import { createEmulator, type Emulator } from '@msgraph-graphql/emulator';
import { listen, type ListeningEmulator } from '@msgraph-graphql/emulator/listen';
import { createClient } from 'redis';
import {
  emulatorNotifications,
  graphWrite,
  liveClient,
  startTestGateway,
  waitFor,
  type EmulatorSubscription,
  type LiveClient,
  type LiveSubscriptionRun,
  type TestGateway,
} from '../kit';
import { startNotificationProxy, type NotificationProxy } from './notification-proxy';
import { liveChannelSubscribers, startRedisServer, type RedisServer } from './redis-server';

const API_KEY = 'scale-out-notifications-key-0123';

/** What delta tracks of the user (the baseline round and each resync): the properties the schema exposes. */
const USER_BASELINE_SELECT =
  'id,displayName,givenName,surname,mail,userPrincipalName,jobTitle,department,officeLocation,mobilePhone,businessPhones,accountEnabled';

interface UserChange {
  changeType: string;
  userId: string;
  user: { id: string; jobTitle: string | null } | null;
}
type Run = LiveSubscriptionRun<{ userChanged: UserChange }>;

const SUBSCRIPTION = `subscription($id: ID!) {
  userChanged(id: $id) { changeType userId user { id jobTitle } }
}`;

let emulator: Emulator;
let listening: ListeningEmulator;
let redis: RedisServer;
let proxy: NotificationProxy;
let userId: string;
let a: TestGateway;
let b: TestGateway;
const clients: LiveClient[] = [];
const graph = () => emulatorNotifications({ emulatorUrl: listening.url });

function startReplica(): Promise<TestGateway> {
  return startTestGateway({
    external: {
      GRAPH_AUTH_MODE: 'app',
      GATEWAY_API_KEYS: API_KEY,
      REDIS_URL: redis.url,
      GRAPH_NOTIFICATION_URL: proxy.origin,
    },
    against: { emulator, url: listening.url },
    serve: true,
    credentials: { 'x-api-key': API_KEY },
    // 0.2 minute: the emulator caps subscriptions at 12 s, so A renews one within a test.
    live: { topicGraceMs: 50, subscriptionMinutes: 0.2, pollIntervalMs: 60_000 },
  });
}

function subscribe(replica: TestGateway): Run {
  const client = liveClient(replica.url, { 'x-api-key': API_KEY });
  clients.push(client);
  return client.subscribe<{ userChanged: UserChange }>(SUBSCRIPTION, { id: userId });
}

/** The emulator's request lines, without token requests and test controls. */
function graphLines(): string[] {
  return emulator.requestLog.lines().filter((line) => !line.includes('/oauth2/') && !line.includes('/_emulator/'));
}

/** The initial delta round on the user (`$filter=id eq '…'`): a watch's baseline. */
const baselineReads = () =>
  graphLines().filter(
    (line) => line === `GET /v1.0/users/delta?$select=${USER_BASELINE_SELECT}&$filter=id%20eq%20%27${userId}%27`,
  );

/** The user's delta followed from the baseline's token: a resync. */
const RESYNC_READ = /^GET \/v1\.0\/users\/delta\?\$select=[^&]+&\$deltatoken=/;
const resyncReads = () => graphLines().filter((line) => RESYNC_READ.test(line));

const stats = (replica: TestGateway) => replica.prepared.gateway.notifications.stats();

async function redisCommand<T>(run: (client: ReturnType<typeof createClient>) => Promise<T>): Promise<T> {
  const client = createClient({ url: redis.url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.close();
  }
}

const recordKey = (subscriptionId: string) => `live:graph-subscription:${subscriptionId.toLowerCase()}`;

/** Subscribers on A then on B; A holds the Graph subscription, which the emulator lists. */
async function subscribedOnBoth(): Promise<{ onA: Run; onB: Run; held: EmulatorSubscription }> {
  emulator.requestLog.clear();
  const onA = subscribe(a);
  await waitFor(() => stats(a).subscriptions === 1 && baselineReads().length === 1, {
    what: "A's Graph subscription and baseline read",
  });
  const onB = subscribe(b);
  await waitFor(() => b.prepared.gateway.live.stats().watching === 1, { what: 'the subscriber on B watching' });
  await waitFor(async () => (await liveChannelSubscribers(redis.url)) === 2, {
    what: 'both replicas on the user’s channel',
  });
  const [held] = await graph().subscriptions();
  expect(stats(b).subscriptions).toBe(0);
  return { onA, onB, held };
}

async function setJobTitle(jobTitle: string): Promise<void> {
  const target = { emulatorUrl: listening.url, emulator };
  expect(await graphWrite(target, 'PATCH', `/users/${userId}`, ['User.ReadWrite.All'], { jobTitle })).toBe(204);
}

/** A change notification as Graph sends it, POSTed to B directly. */
async function notifyB(subscriptionId: string, clientState: string): Promise<void> {
  const response = await fetch(`${b.origin}/graph/notifications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      value: [
        {
          subscriptionId,
          clientState,
          changeType: 'updated',
          resource: `Users/${userId}`,
          subscriptionExpirationDateTime: new Date(Date.now() + 60_000).toISOString(),
          tenantId: emulator.info.tenantId,
          resourceData: { id: userId },
        },
      ],
    }),
  });
  expect(response.status).toBe(202);
}

const updated = (jobTitle: string) => ({
  data: { userChanged: { changeType: 'UPDATED', userId, user: { id: userId, jobTitle } } },
});

beforeAll(async () => {
  emulator = createEmulator({ seed: 17, users: 20, maxSubscriptionMinutes: 0.2 });
  listening = await listen(emulator, { host: '127.0.0.1', port: 0 });
  redis = await startRedisServer();
  proxy = await startNotificationProxy();
  userId = emulator.info.defaultUserId;
}, 30_000);

beforeEach(async () => {
  a = await startReplica();
  b = await startReplica();
  proxy.pointAt(b.origin);
  proxy.lines.length = 0;
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
  await Promise.all([a.close(), b.close()]);
  await waitFor(async () => (await graph().subscriptions()).length === 0, { what: 'the Graph subscription deleted' });
});

afterAll(async () => {
  await proxy?.close();
  await redis?.stop();
  await listening?.close();
});

describe('Graph notifications delivered to the replica that does not hold the subscription', () => {
  it('reaches a subscriber on A and one on B exactly once each, through A’s fresh read', async () => {
    const { onA, onB, held } = await subscribedOnBoth();
    // The record A wrote: its replica and the secret's hash (never the secret), expiring with the subscription.
    const [record, expiresAt] = await redisCommand((client) =>
      Promise.all([client.get(recordKey(held.id)), client.pExpireTime(recordKey(held.id))]),
    );
    expect(JSON.parse(record ?? 'null')).toEqual({
      replica: expect.any(String),
      clientStateSha256: createHash('sha256')
        .update(held.clientState ?? '')
        .digest('base64url'),
    });
    expect(record).not.toContain(held.clientState);
    expect(expiresAt).toBe(Date.parse(held.expirationDateTime));

    emulator.requestLog.clear();
    await setJobTitle('Seen through B');
    await waitFor(() => onA.results.length >= 1 && onB.results.length >= 1, { what: 'the UPDATED event on both' });
    await waitFor(() => stats(b).forwarded === 1 && stats(a).handledForOthers === 1, {
      what: 'the forwarding counted',
    });

    expect(onA.results).toEqual([updated('Seen through B')]);
    expect(onB.results).toEqual([updated('Seen through B')]);
    // Graph's handshakes with both URLs when A created the subscription, then the one delivery: all to B.
    expect(proxy.lines).toEqual([
      'POST /graph/notifications?validationToken',
      'POST /graph/lifecycle?validationToken',
      'POST /graph/notifications',
    ]);
    expect(stats(b)).toMatchObject({ subscriptions: 0, accepted: 1, forwarded: 1, dropped: 0, handledForOthers: 0 });
    expect(stats(a)).toMatchObject({ subscriptions: 1, accepted: 0, forwarded: 0, dropped: 0, handledForOthers: 1 });
    // The write, then each replica's read of the user for its own subscriber (a renewal may fall in).
    expect(graphLines().filter((line) => !line.startsWith('PATCH /v1.0/subscriptions/'))).toEqual([
      `PATCH /v1.0/users/${userId}`,
      `GET /v1.0/users/${userId}?$select=id,jobTitle`,
      `GET /v1.0/users/${userId}?$select=id,jobTitle`,
    ]);
  });

  it.each(['reauthorizationRequired', 'missed'])(
    'has A act on a %s lifecycle event delivered to B, and keeps delivering changes',
    async (lifecycleEvent) => {
      const { onA, onB, held } = await subscribedOnBoth();
      emulator.requestLog.clear();
      proxy.lines.length = 0;
      expect((await graph().lifecycle(held.id, lifecycleEvent)).status).toBe(202);
      await waitFor(() => stats(a).handledForOthers === 1, { what: 'the lifecycle event forwarded to A' });
      // A's resync read after the event (after the reauthorization for reauthorizationRequired).
      await waitFor(() => resyncReads().length === 1, { what: 'A’s resync through delta' });
      expect(graphLines().filter((line) => !line.startsWith('PATCH /v1.0/subscriptions/'))).toEqual([
        ...(lifecycleEvent === 'reauthorizationRequired' ? [`POST /v1.0/subscriptions/${held.id}/reauthorize`] : []),
        expect.stringMatching(RESYNC_READ),
      ]);
      expect(proxy.lines).toEqual(['POST /graph/lifecycle']);
      expect(stats(b)).toMatchObject({ accepted: 1, lifecycleEvents: 1, forwarded: 1, dropped: 0 });
      expect(stats(a)).toMatchObject({ accepted: 0, lifecycleEvents: 0, handledForOthers: 1 });

      await setJobTitle(`After ${lifecycleEvent}`);
      await waitFor(() => onA.results.length >= 1 && onB.results.length >= 1, { what: 'the UPDATED event on both' });
      await waitFor(() => stats(a).handledForOthers === 2, { what: 'the change forwarded to A' });
      expect(onA.results).toEqual([updated(`After ${lifecycleEvent}`)]);
      expect(onB.results).toEqual([updated(`After ${lifecycleEvent}`)]);
    },
  );

  it('drops and counts a notification POSTed to B with a wrong clientState or an unknown id, and delivers nothing for it', async () => {
    const { onA, onB, held } = await subscribedOnBoth();
    await notifyB(held.id, 'not-the-secret');
    await notifyB('00000000-0000-0000-0000-000000000000', held.clientState ?? '');
    await waitFor(() => stats(b).dropped === 2, { what: 'two drops on B' });
    expect(stats(b)).toMatchObject({ accepted: 0, forwarded: 0, dropped: 2 });
    expect(stats(a).handledForOthers).toBe(0);

    // The next real change is the first event either subscriber gets.
    await setJobTitle('After the forgeries');
    await waitFor(() => onA.results.length >= 1 && onB.results.length >= 1, { what: 'the UPDATED event on both' });
    expect(onA.results).toEqual([updated('After the forgeries')]);
    expect(onB.results).toEqual([updated('After the forgeries')]);
    expect(stats(a).handledForOthers).toBe(1);
  });

  it('drops as unknown a notification to B for the subscription once the last subscriber left and A deleted it', async () => {
    const { onA, onB, held } = await subscribedOnBoth();
    onA.unsubscribe();
    onB.unsubscribe();
    await waitFor(async () => (await graph().subscriptions()).length === 0, { what: 'the Graph subscription deleted' });
    expect(graphLines().filter((line) => line.startsWith('DELETE /v1.0/subscriptions/'))).toEqual([
      `DELETE /v1.0/subscriptions/${held.id}`,
    ]);
    await waitFor(async () => (await redisCommand((client) => client.exists(recordKey(held.id)))) === 0, {
      what: 'the shared record removed',
    });

    await notifyB(held.id, held.clientState ?? '');
    await waitFor(() => stats(b).dropped === 1, { what: 'the drop on B' });
    expect(stats(b)).toMatchObject({ accepted: 0, forwarded: 0, dropped: 1 });
    expect(stats(a).handledForOthers).toBe(0);
  });

  it('drops and counts a notification whose holder no longer listens (a replica that died)', async () => {
    await subscribedOnBoth();
    const secret = 'the-secret-of-a-replica-that-died';
    await redisCommand((client) =>
      client.set(
        recordKey('11111111-1111-1111-1111-111111111111'),
        JSON.stringify({
          replica: 'a-replica-that-died',
          clientStateSha256: createHash('sha256').update(secret).digest('base64url'),
        }),
        { expiration: { type: 'PX', value: 60_000 } },
      ),
    );
    await notifyB('11111111-1111-1111-1111-111111111111', secret);
    await waitFor(() => stats(b).dropped === 1, { what: 'the drop on B' });
    expect(stats(b)).toMatchObject({ accepted: 0, forwarded: 0, dropped: 1 });
  });

  it('extends the shared record when A renews the subscription', async () => {
    const { held } = await subscribedOnBoth();
    await waitFor(() => stats(a).renewals >= 1, { what: 'a renewal', timeoutMs: 15_000 });
    const [renewed] = await graph().subscriptions();
    expect(Date.parse(renewed.expirationDateTime)).toBeGreaterThan(Date.parse(held.expirationDateTime));
    await waitFor(
      async () =>
        (await redisCommand((client) => client.pExpireTime(recordKey(held.id)))) ===
        Date.parse(renewed.expirationDateTime),
      { what: 'the record’s expiry moved' },
    );
  }, 30_000);
});
