/**
 * Leases in Redis, so that a topic's source (a poller, a Graph subscription) runs on one replica
 * at a time. A replica holds `live:lease:<topic>` while its source runs: taken with
 * `SET NX PX ttl`, renewed every ttl/3 by a compare-and-set script, released by a
 * compare-and-delete one. The others try again every ttl/4 and take over within about one ttl
 * when the owner stops renewing (it died, or lost Redis for longer than the ttl). The owner's
 * events reach every replica through the Redis fan-out; each replica reads the entities with its
 * own subscribers' identities.
 *
 * While Redis cannot be reached nothing changes hands: an owner keeps its source running (its
 * own subscribers keep their events), a waiting replica keeps waiting. A Redis that comes back
 * empty has lost the lease: the owner's renewal writes it again, or a waiting replica takes it
 * first and the owner stops at its next renewal (at most ttl/3 with two sources running).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import { outageLog } from './outage-log';
import type { ChangeSink, ChangeSource } from './change-source';

export const DEFAULT_LEASE_TTL_MS = 15_000;
const MIN_LEASE_TTL_MS = 1_000;

/**
 * 15 s, or two poll intervals when polling is faster (at least 1 s): a hand-over then costs about
 * as many missed polls whatever the interval, and renewals stay fewer than polls.
 */
export function leaseTtlFor(pollIntervalMs: number): number {
  return Math.min(DEFAULT_LEASE_TTL_MS, Math.max(MIN_LEASE_TTL_MS, 2 * pollIntervalMs));
}
const LEASE_PREFIX = 'live:lease:';

/** The three commands of a lease; `owner` is the holder's own value, never another's. */
export interface LeaseStore {
  /** Takes the lease when nobody holds it; true when taken. */
  acquire(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Extends the lease while `owner` holds it (takes it again when it vanished with a Redis restart); false: lost. */
  renew(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if `owner` still holds it. */
  release(key: string, owner: string): Promise<void>;
}

const RENEW = `
local current = redis.call('get', KEYS[1])
if current == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
if not current then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;

const RELEASE = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;

/** The node-redis commands a lease needs. */
export interface LeaseCommands {
  set(
    key: string,
    value: string,
    options: { condition: 'NX'; expiration: { type: 'PX'; value: number } },
  ): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

export function redisLeaseStore(client: LeaseCommands): LeaseStore {
  return {
    acquire: async (key, owner, ttlMs) =>
      (await client.set(key, owner, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } })) === 'OK',
    renew: async (key, owner, ttlMs) =>
      (await client.eval(RENEW, { keys: [key], arguments: [owner, String(ttlMs)] })) === 1,
    async release(key, owner) {
      await client.eval(RELEASE, { keys: [key], arguments: [owner] });
    },
  };
}

/** Wraps a topic's source so that it runs only while this replica holds the topic's lease. */
export type TopicOwnership = <TEvent, TReader>(
  topic: string,
  open: () => ChangeSource<TEvent, TReader>,
) => ChangeSource<TEvent, TReader>;

export interface LeasedOwnership {
  ownership: TopicOwnership;
  /** Topics whose lease this replica holds now. */
  owned(): string[];
  /** Waits for the releases under way (sources stopped by the hub's close). */
  settle(): Promise<void>;
}

export function leasedOwnership({
  store,
  ttlMs = DEFAULT_LEASE_TTL_MS,
  logger,
}: {
  store: LeaseStore;
  ttlMs?: number;
  logger: Logger;
}): LeasedOwnership {
  const owned = new Set<string>();
  const releases = new Set<Promise<void>>();
  const { failed, answered } = outageLog(logger, 'Live data leases', 'leases stay as they are until it answers again');

  function ownership<TEvent, TReader>(
    topic: string,
    open: () => ChangeSource<TEvent, TReader>,
  ): ChangeSource<TEvent, TReader> {
    const key = `${LEASE_PREFIX}${topic}`;
    // Unique per start: a replica that stops and starts a topic again never renews an old lease.
    const owner = randomUUID();
    let inner: ChangeSource<TEvent, TReader> | null = null;
    let held = false;
    let stopped = false;
    let timer: NodeJS.Timeout | null = null;

    const halt = () => {
      inner?.stop();
      inner = null;
      owned.delete(topic);
    };
    const release = () => {
      const releasing: Promise<void> = store
        .release(key, owner)
        .catch(() => undefined)
        .finally(() => releases.delete(releasing));
      releases.add(releasing);
    };

    return {
      start(sink: ChangeSink<TEvent>, readers: () => readonly TReader[]) {
        const tick = async () => {
          timer = null;
          try {
            if (held) {
              held = await store.renew(key, owner, ttlMs);
              if (!held && !stopped) {
                halt();
                logger.info('Live data: another replica took over a topic', { topic });
              }
            } else {
              held = await store.acquire(key, owner, ttlMs);
              if (held && !stopped) {
                inner = open();
                inner.start(sink, readers);
                owned.add(topic);
              }
            }
            answered();
          } catch (error) {
            failed(error);
          }
          if (stopped) {
            // Stopped while Redis answered: a lease taken meanwhile is given back at once.
            if (held) release();
            return;
          }
          timer = setTimeout(() => void tick(), held ? ttlMs / 3 : ttlMs / 4);
          timer.unref();
        };
        void tick();
      },
      stop() {
        if (stopped) return;
        stopped = true;
        if (timer) clearTimeout(timer);
        halt();
        if (held) release();
      },
    };
  }

  return {
    ownership,
    owned: () => [...owned],
    settle: async () => {
      await Promise.all([...releases]);
    },
  };
}
