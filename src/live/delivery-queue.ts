/**
 * A subscriber's deliveries waiting to be executed and sent, as an async iterator. Bounded: a
 * subscriber whose deliveries pile up (its events take longer to resolve than they take to
 * arrive) is ended with an error rather than holding an ever-growing backlog in memory.
 */
import type { LiveEnd } from './change-source';

export const DEFAULT_MAX_PENDING_DELIVERIES = 100;

export interface DeliveryQueue<TEvent> extends AsyncIterableIterator<readonly TEvent[]> {
  /** Queues a delivery; when the queue is full, ends it with a "fell behind" error instead. */
  push(events: readonly TEvent[]): void;
  /** Ends the iteration after what is queued: cleanly (null), or by throwing a `LiveEndError`. */
  end(reason: LiveEnd | null): void;
  /** Leaves at once, also while a `next()` waits (which then resolves as done). */
  return(): Promise<IteratorReturnResult<undefined>>;
  throw(error: unknown): Promise<never>;
}

/** How a live subscription ended with an error; the subscription layer turns it into a GraphQL error. */
export class LiveEndError extends Error {
  override readonly name = 'LiveEndError';
  readonly code: string;
  constructor(reason: LiveEnd) {
    super(reason.message);
    this.code = reason.code;
  }
}

export const FELL_BEHIND_CODE = 'SUBSCRIBER_TOO_SLOW';

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * Written by hand rather than as an async generator: a generator's `return()` waits for the
 * pending `next()` (the next change, perhaps minutes away), while a subscriber who leaves must
 * release its place at once. `onClose` runs once, however the iteration ends.
 */
export function createDeliveryQueue<TEvent>(
  onClose: () => void,
  maxPending: number = DEFAULT_MAX_PENDING_DELIVERIES,
): DeliveryQueue<TEvent> {
  const pending: Array<readonly TEvent[]> = [];
  let ending: { reason: LiveEnd | null } | null = null;
  let finished = false;
  let waiting: { resolve: (result: IteratorResult<readonly TEvent[]>) => void; reject: (error: Error) => void } | null =
    null;

  const finish = () => {
    if (finished) return;
    finished = true;
    pending.length = 0;
    onClose();
  };

  /** Answers a waiting `next()` from the queue's state, if it can be answered. */
  const settle = () => {
    if (!waiting) return;
    const { resolve, reject } = waiting;
    const next = pending.shift();
    if (next) {
      waiting = null;
      resolve({ done: false, value: next });
    } else if (ending || finished) {
      waiting = null;
      const reason = ending?.reason ?? null;
      finish();
      if (reason) reject(new LiveEndError(reason));
      else resolve(DONE);
    }
  };

  const queue: DeliveryQueue<TEvent> = {
    push(events) {
      if (ending || finished || events.length === 0) return;
      if (pending.length >= maxPending) {
        pending.length = 0;
        ending = {
          reason: {
            code: FELL_BEHIND_CODE,
            message: `The subscription fell behind (more than ${maxPending} deliveries waiting) and was ended; subscribe again.`,
          },
        };
      } else {
        pending.push(events);
      }
      settle();
    },
    end(reason) {
      ending ??= { reason };
      settle();
    },
    next() {
      if (finished) return Promise.resolve(DONE);
      return new Promise((resolve, reject) => {
        // One reader at a time, as `for await` reads.
        waiting = { resolve, reject };
        settle();
      });
    },
    return() {
      finish();
      const wanted = waiting;
      waiting = null;
      wanted?.resolve(DONE);
      return Promise.resolve(DONE);
    },
    throw(error: unknown) {
      void queue.return();
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    },
    [Symbol.asyncIterator]() {
      return queue;
    },
  };
  return queue;
}
