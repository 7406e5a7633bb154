/**
 * The read-and-compare half every live source shares: read the watched resource with any
 * subscriber's identity, report what differs from the previous read (the first read is the
 * baseline and reports nothing), and keep going on a schedule. Planner is only polled; To Do and
 * the directory poll when Graph cannot notify the gateway, and otherwise resync (`missed`, a
 * reauthorization pause, a recreated subscription) through the same comparison.
 *
 * A read Graph refuses for good ends the watch; a transient failure keeps the baseline and tries
 * again after an interval, so no change is lost, only seen later.
 */
import type { GraphClient } from '../graph/client';
import type { Logger } from '../logger';
import type { ChangeSink, LiveEnd } from './change-source';
import type { EntityChange } from './etag-changes';
import { messageOf, withAnyReader, type GraphReader } from './graph-readers';

export interface BaselineWatchOptions<TState> {
  /** The resource's state now; `previous` (the baseline, undefined at first) lets a read ask only for what changed since. */
  read(graph: GraphClient, previous: TState | undefined): Promise<TState>;
  /** The changes from `previous` to `current`. */
  changes(previous: TState, current: TState): EntityChange[];
  /** The end of the watch for a read Graph refuses for good; null for a transient failure. */
  endFor(error: unknown): LiveEnd | null;
  intervalMs: number;
  logger: Logger;
  /** Logged (with `context`) for a transient failure. */
  failureMessage: string;
  context: Record<string, unknown>;
}

export interface BaselineWatch<TState> {
  /** Reads now, then every interval until the watch ends. */
  poll(): void;
  /** Reads now; a failed resync is tried again after an interval: its changes are known to nobody else. */
  resync(): void;
  /** Moves the baseline along with a change learned otherwise (a notification); undefined: not read yet. */
  moveBaseline(move: (baseline: TState | undefined) => TState | undefined): void;
  stop(): void;
}

export function createBaselineWatch<TState>(
  options: BaselineWatchOptions<TState>,
  sink: ChangeSink<EntityChange>,
  readers: () => readonly GraphReader[],
): BaselineWatch<TState> {
  let baseline: TState | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  // Once polled, always polled: the one pending timer runs a poll even when a failed resync set it
  // (a source falls back to polling while its resync waits to be tried again).
  let polling = false;
  // Reads one after another: a resync never races the poll or another resync.
  let reading: Promise<unknown> = Promise.resolve();

  const compare = (): Promise<'read' | 'failed' | 'ended'> => {
    const run = reading.then(async (): Promise<'read' | 'failed' | 'ended'> => {
      try {
        const current = await withAnyReader(readers(), (graph) => options.read(graph, baseline));
        if (stopped) return 'ended';
        if (baseline !== undefined) {
          const changes = options.changes(baseline, current);
          if (changes.length > 0) sink.publish(changes);
        }
        baseline = current;
        return 'read';
      } catch (error) {
        if (stopped) return 'ended';
        const end = options.endFor(error);
        if (end) {
          sink.end(end);
          return 'ended';
        }
        options.logger.warn(options.failureMessage, { ...options.context, message: messageOf(error) });
        return 'failed';
      }
    });
    reading = run;
    return run;
  };

  const later = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void (polling ? poll() : resync());
    }, options.intervalMs);
    timer.unref();
  };

  const poll = async () => {
    polling = true;
    if ((await compare()) !== 'ended') later();
  };

  const resync = async () => {
    if ((await compare()) === 'failed') later();
  };

  return {
    poll: () => void poll(),
    resync: () => void resync(),
    moveBaseline(move) {
      baseline = move(baseline);
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
