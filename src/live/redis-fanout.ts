/**
 * The fan-out across replicas: Redis pub/sub, one channel per topic (`live:topic:<topic>`), so a
 * replica only receives the topics its own subscribers watch. A message is delivered to this
 * replica's listeners at once and published for the others; each replica skips its own messages
 * when they come back from Redis, so every subscriber gets a change exactly once.
 *
 * Redis unavailable: publishing fails (logged once per outage) while this replica's subscribers
 * keep getting what this replica observes; the client reconnects with its own backoff, and
 * subscriptions are made again on reconnection.
 */
import type { Logger } from '../logger';
import { outageLog } from './outage-log';
import { createLocalFanout, type Fanout, type TopicMessage } from './fanout';

const CHANNEL_PREFIX = 'live:topic:';

/** What crosses Redis: the message and the replica that sent it. */
interface Envelope {
  from: string;
  message: TopicMessage<unknown>;
}

/** The node-redis commands the fan-out needs; `subscriber` is a connection of its own, as pub/sub requires. */
export interface FanoutConnections {
  publisher: { publish(channel: string, message: string): Promise<unknown> };
  subscriber: {
    subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
    unsubscribe(channel: string): Promise<unknown>;
    on(event: 'ready', listener: () => void): unknown;
  };
}

export function createRedisFanout({
  connections: { publisher, subscriber },
  replicaId,
  logger,
}: {
  connections: FanoutConnections;
  /** Unique per process: tells this replica's own messages apart. */
  replicaId: string;
  logger: Logger;
}): Fanout {
  const local = createLocalFanout();
  /** Topic → this replica's listeners of it. */
  const listening = new Map<string, number>();
  /** Channels asked for or confirmed (node-redis subscribes to confirmed ones again on reconnection). */
  const channels = new Map<string, 'pending' | 'subscribed'>();
  const { failed, answered } = outageLog(
    logger,
    'Live data fan-out',
    'only this replica’s subscribers get its changes',
  );

  function receive(topic: string, raw: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(raw) as Envelope;
    } catch {
      logger.warn('Live data fan-out: a message on Redis is not JSON; dropped', { topic });
      return;
    }
    if (envelope.from !== replicaId) local.publish(topic, envelope.message);
  }

  function unsubscribe(topic: string): void {
    channels.delete(topic);
    subscriber.unsubscribe(`${CHANNEL_PREFIX}${topic}`).catch(failed);
  }

  /** One subscription per channel: a second listener on it would deliver every message twice. */
  function subscribe(topic: string): void {
    if (channels.has(topic)) return;
    channels.set(topic, 'pending');
    subscriber
      .subscribe(`${CHANNEL_PREFIX}${topic}`, (raw) => receive(topic, raw))
      .then(
        () => {
          answered();
          channels.set(topic, 'subscribed');
          // Left while Redis answered: the channel is given up again.
          if (!listening.has(topic)) unsubscribe(topic);
        },
        (error: unknown) => {
          channels.delete(topic);
          failed(error);
        },
      );
  }

  // A subscribe that failed while Redis was away is not remembered by the client: made again here.
  subscriber.on('ready', () => {
    for (const topic of listening.keys()) subscribe(topic);
  });

  return {
    publish(topic, message) {
      local.publish(topic, message);
      const envelope: Envelope = { from: replicaId, message };
      publisher.publish(`${CHANNEL_PREFIX}${topic}`, JSON.stringify(envelope)).then(answered, failed);
    },
    listen(topic, listener) {
      const unlisten = local.listen(topic, listener);
      const count = listening.get(topic) ?? 0;
      listening.set(topic, count + 1);
      if (count === 0) subscribe(topic);
      let left = false;
      return () => {
        if (left) return;
        left = true;
        unlisten();
        const remaining = (listening.get(topic) ?? 1) - 1;
        if (remaining > 0) {
          listening.set(topic, remaining);
          return;
        }
        listening.delete(topic);
        if (channels.get(topic) === 'subscribed') unsubscribe(topic);
      };
    },
  };
}
