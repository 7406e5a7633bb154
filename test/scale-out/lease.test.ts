/**
 * The leases of live data against a real redis-server: a topic's source runs on one holder at a
 * time; a second one takes over when the first gives the lease back, and within about one ttl
 * when the first stops answering without giving it back (a process that died).
 */
import { createClient } from 'redis';
import type { ChangeSource } from '../../src/live/change-source';
import { leasedOwnership, redisLeaseStore, type LeaseStore } from '../../src/live/lease';
import { createLogger } from '../../src/logger';
import { waitFor } from '../kit';
import { startRedisServer, type RedisServer } from './redis-server';

const TTL_MS = 400;
const logger = createLogger('error');

/** A source that only records whether it runs. */
function probe() {
  const state = { starts: 0, running: false };
  const open = (): ChangeSource<never, never> => ({
    start: () => {
      state.starts += 1;
      state.running = true;
    },
    stop: () => {
      state.running = false;
    },
  });
  return { state, open };
}

/** A store that stops answering once `die()` is called: the holder neither renews nor releases. */
function mortal(store: LeaseStore) {
  let dead = false;
  const never = new Promise<never>(() => undefined);
  const wrap =
    <TArgs extends unknown[], TResult>(call: (...args: TArgs) => Promise<TResult>) =>
    (...args: TArgs) =>
      dead ? never : call(...args);
  return {
    store: { acquire: wrap(store.acquire), renew: wrap(store.renew), release: wrap(store.release) },
    die: () => {
      dead = true;
    },
  };
}

describe('leases of live data in Redis', () => {
  let redis: RedisServer;
  let client: ReturnType<typeof createClient>;
  let store: LeaseStore;

  beforeAll(async () => {
    redis = await startRedisServer();
    client = createClient({ url: redis.url });
    await client.connect();
    store = redisLeaseStore(client);
  });
  afterAll(async () => {
    await client.close();
    await redis.stop();
  });

  it('run a topic’s source on one holder only, and on the other once the first gives the lease back', async () => {
    const first = leasedOwnership({ store, ttlMs: TTL_MS, logger });
    let refusals = 0;
    const counting: LeaseStore = {
      ...store,
      acquire: async (...args) => {
        const taken = await store.acquire(...args);
        if (!taken) refusals += 1;
        return taken;
      },
    };
    const second = leasedOwnership({ store: counting, ttlMs: TTL_MS, logger });
    const one = probe();
    const two = probe();
    const a = first.ownership('plan:1|app', one.open);
    a.start({ publish: () => undefined, end: () => undefined }, () => []);
    await waitFor(() => one.state.running, { what: 'the first holder’s source' });
    const b = second.ownership('plan:1|app', two.open);
    b.start({ publish: () => undefined, end: () => undefined }, () => []);

    // Tries spanning more than two ttls: the first kept renewing, the second kept waiting.
    await waitFor(() => refusals >= 10, { what: 'ten refused tries', timeoutMs: 20 * TTL_MS });
    expect({ first: first.owned(), second: second.owned(), secondStarts: two.state.starts }).toEqual({
      first: ['plan:1|app'],
      second: [],
      secondStarts: 0,
    });

    a.stop();
    await first.settle();
    expect(await client.exists('live:lease:plan:1|app')).toBe(0);
    await waitFor(() => two.state.running, { what: 'the second holder’s source', timeoutMs: TTL_MS });
    expect({ first: one.state, second: second.owned() }).toEqual({
      first: { starts: 1, running: false },
      second: ['plan:1|app'],
    });
    b.stop();
    await second.settle();
  });

  it('pass to another holder within about one ttl when the holder stops renewing without giving it back', async () => {
    const dying = mortal(store);
    const first = leasedOwnership({ store: dying.store, ttlMs: TTL_MS, logger });
    const second = leasedOwnership({ store, ttlMs: TTL_MS, logger });
    const two = probe();
    const a = first.ownership('plan:2|app', probe().open);
    a.start({ publish: () => undefined, end: () => undefined }, () => []);
    await waitFor(() => first.owned().length === 1, { what: 'the first holder’s lease' });
    const b = second.ownership('plan:2|app', two.open);
    b.start({ publish: () => undefined, end: () => undefined }, () => []);

    dying.die();
    const died = Date.now();
    await waitFor(() => two.state.running, { what: 'the take-over', timeoutMs: 4 * TTL_MS });
    // The lease expires at most one ttl after the last renewal; a waiter looks every ttl/4.
    expect(Date.now() - died).toBeLessThan(TTL_MS + TTL_MS / 4 + 200);
    expect(await client.get('live:lease:plan:2|app')).not.toBeNull();
    b.stop();
    await second.settle();
    expect(await client.exists('live:lease:plan:2|app')).toBe(0);
  });

  it('stay with their holder across a Redis restart that lost them', async () => {
    const holder = leasedOwnership({ store, ttlMs: TTL_MS, logger });
    const one = probe();
    const source = holder.ownership('plan:3|app', one.open);
    source.start({ publish: () => undefined, end: () => undefined }, () => []);
    await waitFor(() => one.state.running, { what: 'the holder’s source' });
    await client.del('live:lease:plan:3|app');
    await waitFor(async () => (await client.exists('live:lease:plan:3|app')) === 1, { what: 'the renewal' });
    expect(one.state).toEqual({ starts: 1, running: true });
    source.stop();
    await holder.settle();
  });
});
