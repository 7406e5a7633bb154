/**
 * How a source that Graph can notify (To Do, users, groups) drives its baseline watch: through a
 * Graph change-notification subscription when Graph can reach the gateway, polled otherwise, and
 * polled from the moment the subscription cannot be had (Graph refuses it, or the URL fails its
 * validation). The subscription comes first and the baseline after it (its first resync), so no
 * change falls in between.
 */
import type { Logger } from '../logger';
import type { BaselineWatch } from './baseline-watch';
import type { GraphSubscriptions, ReceivedChange, WatchSpec } from './graph-subscriptions';
import { messageOf, type GraphReader } from './graph-readers';

export interface NotifiedWatchOptions<TState> {
  baseline: BaselineWatch<TState>;
  /** Null: always poll. */
  notifications: GraphSubscriptions | null;
  spec: WatchSpec;
  readers: () => readonly GraphReader[];
  /** Graph's notifications for the resource (the source moves its baseline and publishes). */
  changes(received: readonly ReceivedChange[]): void;
  logger: Logger;
  /** Logged, with `context`, when the source falls back to polling. */
  fallbackMessage: string;
  context: Record<string, unknown>;
}

/** Starts watching; `stop` ends the subscription and the baseline watch alike. */
export function startNotifiedWatch<TState>(options: NotifiedWatchOptions<TState>): { stop(): void } {
  const { baseline, notifications } = options;
  let stopped = false;
  let subscription: { stop(): void } | null = null;

  if (notifications?.available()) {
    subscription = notifications.watch(options.spec, options.readers, {
      changes: options.changes,
      resync: () => baseline.resync(),
      unavailable: (error) => {
        if (stopped) return;
        options.logger.warn(options.fallbackMessage, { ...options.context, message: messageOf(error) });
        subscription?.stop();
        subscription = null;
        baseline.poll();
      },
    });
  } else {
    baseline.poll();
  }

  return {
    stop() {
      stopped = true;
      baseline.stop();
      subscription?.stop();
      subscription = null;
    },
  };
}
