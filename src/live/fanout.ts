/**
 * How a source's messages reach the subscribers of a topic. In one process a map of listeners;
 * the seam where a Redis pub/sub fan-out goes (every message is plain JSON for that reason), so
 * that a change observed by one replica reaches subscribers on all of them.
 */
import type { LiveEnd } from './change-source';

export type TopicMessage<TEvent> = { kind: 'events'; events: readonly TEvent[] } | { kind: 'end'; reason: LiveEnd };

export interface Fanout {
  publish<TEvent>(topic: string, message: TopicMessage<TEvent>): void;
  /** Listens to a topic until the returned function is called. */
  listen<TEvent>(topic: string, listener: (message: TopicMessage<TEvent>) => void): () => void;
}

export function createLocalFanout(): Fanout {
  const listeners = new Map<string, Set<(message: TopicMessage<unknown>) => void>>();
  return {
    publish(topic, message) {
      // A copy: a listener that leaves while the message is delivered does not skip another.
      for (const listener of [...(listeners.get(topic) ?? [])]) listener(message);
    },
    listen<TEvent>(topic: string, listener: (message: TopicMessage<TEvent>) => void) {
      const set = listeners.get(topic) ?? new Set();
      listeners.set(topic, set);
      const untyped = listener as (message: TopicMessage<unknown>) => void;
      set.add(untyped);
      return () => {
        set.delete(untyped);
        if (set.size === 0) listeners.delete(topic);
      };
    },
  };
}
