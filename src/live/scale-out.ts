/**
 * Live data across replicas when `REDIS_URL` is set: the Redis fan-out (every replica's
 * subscribers get every change), the leases (each topic's source runs on one replica) and the
 * shared Graph subscriptions (a notification Graph delivers to any replica reaches the one holding
 * its subscription). Two connections of their own: pub/sub takes a connection over, and the
 * caches' connection fails fast while Redis is away.
 */
import { randomUUID } from 'node:crypto';
import { redisConnection } from '../cache/redis-client';
import type { Logger } from '../logger';
import type { Fanout } from './fanout';
import { leasedOwnership, redisLeaseStore, type LeasedOwnership, type TopicOwnership } from './lease';
import { createRedisFanout } from './redis-fanout';
import { openSharedGraphSubscriptions, type SharedGraphSubscriptions } from './shared-graph-subscriptions';

export interface LiveScaleOut {
  fanout: Fanout;
  ownership: TopicOwnership;
  graphSubscriptions: SharedGraphSubscriptions;
  /** Topics whose source runs on this replica. */
  owned(): string[];
  /** After the hub closed: gives back the leases, then closes the connections. */
  close(): Promise<void>;
}

function liveRedisClient(url: string, logger: Logger, role: string) {
  return redisConnection(url, (message) => logger.warn(`Redis (live data ${role}): ${message}`));
}

/** Closes a connection: gracefully when it is up, at once while it is reconnecting. */
async function shut(client: ReturnType<typeof liveRedisClient>): Promise<void> {
  try {
    if (client.isReady) await client.close();
    else if (client.isOpen) client.destroy();
  } catch {
    // Already closed.
  }
}

export async function openLiveScaleOut(
  url: string,
  logger: Logger,
  options: { leaseTtlMs: number },
): Promise<LiveScaleOut> {
  const commands = liveRedisClient(url, logger, 'commands');
  const subscriber = liveRedisClient(url, logger, 'pub/sub');
  try {
    await Promise.all([commands.connect(), subscriber.connect()]);
  } catch (error) {
    await Promise.all([shut(commands), shut(subscriber)]);
    throw new Error(
      `Could not connect to Redis at REDIS_URL for live data: ${error instanceof Error ? error.message : String(error)}.`,
      { cause: error },
    );
  }
  const replicaId = randomUUID();
  let graphSubscriptions: SharedGraphSubscriptions;
  try {
    graphSubscriptions = await openSharedGraphSubscriptions({
      connections: { commands, subscriber },
      replicaId,
      logger,
    });
  } catch (error) {
    await Promise.all([shut(commands), shut(subscriber)]);
    throw new Error(
      `Could not subscribe to Redis at REDIS_URL for live data: ${error instanceof Error ? error.message : String(error)}.`,
      { cause: error },
    );
  }
  const leases: LeasedOwnership = leasedOwnership({
    store: redisLeaseStore(commands),
    logger,
    ttlMs: options.leaseTtlMs,
  });
  logger.info('Live data across replicas through Redis (pub/sub, leases and Graph subscriptions)');
  return {
    fanout: createRedisFanout({ connections: { publisher: commands, subscriber }, replicaId, logger }),
    ownership: leases.ownership,
    graphSubscriptions,
    owned: leases.owned,
    async close() {
      await Promise.all([leases.settle(), graphSubscriptions.settle()]);
      await Promise.all([shut(subscriber), shut(commands)]);
    },
  };
}
