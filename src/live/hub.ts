/**
 * Topics of live data: one per watched resource and identity scope (`plan:<id>|<scope>`). The
 * first subscriber of a topic opens its change source, every later one shares it, and the source
 * stops a short grace after the last one leaves (a client that reconnects at once finds it still
 * running, with its state). Messages go through the fan-out, so a source and its subscribers need
 * not live in the same process once the fan-out crosses processes.
 */
import type { ChangeSource, LiveEnd } from './change-source';
import type { Fanout, TopicMessage } from './fanout';
import type { TopicOwnership } from './lease';

export const DEFAULT_TOPIC_GRACE_MS = 5_000;

export interface TopicSubscriber<TEvent, TReader> {
  /** How the topic's source may reach Graph with this subscriber's identity. */
  reader: TReader;
  deliver(events: readonly TEvent[]): void;
  /** No more events: the source ended with `reason`, or the hub is closing (null). */
  end(reason: LiveEnd | null): void;
}

export interface LiveHubStats {
  /** Topics with a running source (including those in their grace period). */
  topics: number;
  subscribers: number;
}

export interface LiveHub {
  /** Subscribes to `topic`, opening its source with `open` when none runs; returns the way out. */
  join<TEvent, TReader>(
    topic: string,
    open: () => ChangeSource<TEvent, TReader>,
    subscriber: TopicSubscriber<TEvent, TReader>,
  ): () => void;
  stats(): LiveHubStats;
  /** Ends every subscriber (with no error) and stops every source. */
  close(): void;
}

interface Topic {
  source: ChangeSource<unknown, unknown>;
  /** In joining order; the source reads with the newest first. */
  subscribers: Array<TopicSubscriber<unknown, unknown>>;
  grace: NodeJS.Timeout | null;
}

export function createLiveHub({
  fanout,
  graceMs = DEFAULT_TOPIC_GRACE_MS,
  ownership,
}: {
  fanout: Fanout;
  graceMs?: number;
  /** Across replicas: runs a topic's source only where its lease is held (`lease.ts`); absent, always here. */
  ownership?: TopicOwnership;
}): LiveHub {
  const topics = new Map<string, Topic>();
  let closed = false;

  function stopTopic(key: string, topic: Topic): void {
    if (topics.get(key) !== topic) return;
    if (topic.grace) clearTimeout(topic.grace);
    topics.delete(key);
    topic.source.stop();
  }

  function startTopic(key: string, topic: Topic): void {
    topics.set(key, topic);
    topic.source.start(
      {
        publish: (events) => {
          if (topics.get(key) === topic) fanout.publish(key, { kind: 'events', events });
        },
        end: (reason) => {
          if (topics.get(key) !== topic) return;
          stopTopic(key, topic);
          fanout.publish(key, { kind: 'end', reason });
        },
      },
      () => topic.subscribers.map((subscriber) => subscriber.reader).reverse(),
    );
  }

  return {
    join<TEvent, TReader>(
      key: string,
      open: () => ChangeSource<TEvent, TReader>,
      subscriber: TopicSubscriber<TEvent, TReader>,
    ) {
      if (closed) {
        subscriber.end(null);
        return () => undefined;
      }
      const untyped = subscriber as TopicSubscriber<unknown, unknown>;
      let topic = topics.get(key);
      // Listening before the source starts: a source that answers at once is not missed.
      let left = false;
      const unlisten = fanout.listen<TEvent>(key, (message: TopicMessage<TEvent>) => {
        if (message.kind === 'events') subscriber.deliver(message.events);
        else leave(message.reason);
      });
      if (topic) {
        if (topic.grace) clearTimeout(topic.grace);
        topic.grace = null;
        topic.subscribers.push(untyped);
      } else {
        const source = ownership ? ownership(key, open) : open();
        topic = { source: source as ChangeSource<unknown, unknown>, subscribers: [untyped], grace: null };
        // Started once the subscriber is in: a source reads with the subscribers' identities at once.
        startTopic(key, topic);
      }
      const joined = topic;

      function leave(reason: LiveEnd | null | 'unsubscribed'): void {
        if (left) return;
        left = true;
        unlisten();
        const index = joined.subscribers.indexOf(untyped);
        if (index >= 0) joined.subscribers.splice(index, 1);
        if (reason !== 'unsubscribed') subscriber.end(reason);
        if (joined.subscribers.length === 0 && topics.get(key) === joined && !joined.grace) {
          joined.grace = setTimeout(() => stopTopic(key, joined), graceMs);
          joined.grace.unref();
        }
      }
      return () => leave('unsubscribed');
    },

    stats() {
      let subscribers = 0;
      for (const topic of topics.values()) subscribers += topic.subscribers.length;
      return { topics: topics.size, subscribers };
    },

    close() {
      closed = true;
      for (const [key, topic] of [...topics]) {
        const subscribers = [...topic.subscribers];
        topic.subscribers.length = 0;
        stopTopic(key, topic);
        for (const subscriber of subscribers) subscriber.end(null);
      }
    },
  };
}
