/**
 * The shared Graph subscription records and the forwarding channel of two replicas' Redis
 * connections (`openLiveScaleOut`, as the gateway opens them) against a real redis-server: what
 * is recorded, what is forwarded, and what happens while Redis is away or after it restarted empty.
 */
import { createHash } from 'node:crypto';
import { createClient } from 'redis';
import { openLiveScaleOut, type LiveScaleOut } from '../../src/live/scale-out';
import { createLogger } from '../../src/logger';
import { waitFor } from '../kit';
import { startRedisServer, type RedisServer } from './redis-server';

const SUBSCRIPTION_ID = '2f1e8d6c-0000-4000-8000-000000000001';
const SECRET = 'a-secret-clientState-of-43-characters-000000';
const KEY = `live:graph-subscription:${SUBSCRIPTION_ID}`;

interface Item {
  subscriptionId: string;
  clientState?: string | null;
  changeType?: string;
  lifecycleEvent?: string;
  resourceData?: { id: string };
}

const change = (clientState: string): Item => ({
  subscriptionId: SUBSCRIPTION_ID.toUpperCase(),
  clientState,
  changeType: 'updated',
  resourceData: { id: 'user-1' },
});
const isLifecycle = (item: Item) => Boolean(item.lifecycleEvent);

let redis: RedisServer;
let a: LiveScaleOut;
let b: LiveScaleOut;
const forwardedToA: unknown[][] = [];

async function record(): Promise<{ value: string | null; expiresAt: number }> {
  const client = createClient({ url: redis.url });
  await client.connect();
  try {
    return { value: await client.get(KEY), expiresAt: await client.pExpireTime(KEY) };
  } finally {
    await client.close();
  }
}

beforeAll(async () => {
  redis = await startRedisServer();
}, 30_000);

beforeEach(async () => {
  const logger = createLogger('silent');
  a = await openLiveScaleOut(redis.url, logger, { leaseTtlMs: 15_000 });
  b = await openLiveScaleOut(redis.url, logger, { leaseTtlMs: 15_000 });
  forwardedToA.length = 0;
  a.graphSubscriptions.onForwarded((items) => forwardedToA.push([...items]));
});

afterEach(async () => {
  await Promise.all([a.close(), b.close()]);
});

afterAll(async () => {
  await redis?.stop();
});

describe('Graph subscriptions shared between replicas through Redis', () => {
  it('records the holder and the secret’s hash until the expiry, and forwards a matching item to the holder without its secret', async () => {
    const expiresAt = Date.now() + 60_000;
    await a.graphSubscriptions.hold(SUBSCRIPTION_ID, Buffer.from(SECRET), expiresAt);
    const { value, expiresAt: recordedExpiry } = await record();
    expect(value).not.toContain(SECRET);
    expect(JSON.parse(value ?? 'null')).toEqual({
      replica: expect.any(String),
      clientStateSha256: createHash('sha256').update(SECRET).digest('base64url'),
    });
    expect(recordedExpiry).toBe(expiresAt);

    const outcome = await b.graphSubscriptions.forward(
      [change(SECRET), change('wrong'), { ...change(SECRET), subscriptionId: 'unknown' }],
      isLifecycle,
    );
    expect(outcome).toEqual({ accepted: 1, lifecycleEvents: 0, dropped: 2 });
    await waitFor(() => forwardedToA.length === 1, { what: 'the item on A' });
    const { clientState: _secret, ...withoutSecret } = change(SECRET);
    expect(forwardedToA).toEqual([[withoutSecret]]);

    // The holder itself finds only its own record: a subscription it no longer holds.
    expect(await a.graphSubscriptions.forward([change(SECRET)], isLifecycle)).toEqual({
      accepted: 0,
      lifecycleEvents: 0,
      dropped: 1,
    });
  });

  it('forgets a released subscription and drops what is forwarded for it', async () => {
    await a.graphSubscriptions.hold(SUBSCRIPTION_ID, Buffer.from(SECRET), Date.now() + 60_000);
    a.graphSubscriptions.release(SUBSCRIPTION_ID);
    await a.graphSubscriptions.settle();
    expect((await record()).value).toBeNull();
    expect(await b.graphSubscriptions.forward([change(SECRET)], isLifecycle)).toEqual({
      accepted: 0,
      lifecycleEvents: 0,
      dropped: 1,
    });
    expect(forwardedToA).toEqual([]);
  });

  it('drops what it cannot check while Redis is down, and writes its records again once Redis restarted empty', async () => {
    const expiresAt = Date.now() + 60_000;
    await a.graphSubscriptions.hold(SUBSCRIPTION_ID, Buffer.from(SECRET), expiresAt);
    await redis.stop();
    expect(await b.graphSubscriptions.forward([change(SECRET), change(SECRET)], isLifecycle)).toEqual({
      accepted: 0,
      lifecycleEvents: 0,
      dropped: 2,
    });

    await redis.start();
    await waitFor(async () => (await record()).value !== null, {
      what: 'the record written again',
      timeoutMs: 20_000,
      intervalMs: 100,
    });
    expect((await record()).expiresAt).toBe(expiresAt);
    // B's lookup and A's channel are back: the item reaches A again.
    await waitFor(async () => (await b.graphSubscriptions.forward([change(SECRET)], isLifecycle)).accepted === 1, {
      what: 'a forward accepted',
      timeoutMs: 20_000,
      intervalMs: 100,
    });
    await waitFor(() => forwardedToA.length >= 1, { what: 'the item on A' });
  }, 60_000);
});
