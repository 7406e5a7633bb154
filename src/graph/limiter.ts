/**
 * One operation's requests in flight: at most the gate's capacity run at once, none starts while
 * the gate holds (a `Retry-After`), and the others wait in arrival order. A waiting task of an
 * aborted operation fails at once with an aborted error.
 */
import type { ConcurrencyGate } from './concurrency';
import { abortedError } from './errors';

export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
}

interface Waiter {
  start(): void;
  fail(error: unknown): void;
}

export function createLimiter(gate: Pick<ConcurrencyGate, 'capacity' | 'holdMs'>, signal?: AbortSignal): Limiter {
  let active = 0;
  const waiting: Waiter[] = [];
  let wakeUp: NodeJS.Timeout | undefined;

  const pump = (): void => {
    if (wakeUp !== undefined || waiting.length === 0) return;
    const hold = gate.holdMs();
    if (hold > 0) {
      wakeUp = setTimeout(() => {
        wakeUp = undefined;
        pump();
      }, hold);
      wakeUp.unref();
      return;
    }
    while (waiting.length > 0 && active < gate.capacity()) {
      active += 1;
      waiting.shift()!.start();
    }
  };

  signal?.addEventListener(
    'abort',
    () => {
      clearTimeout(wakeUp);
      for (const waiter of waiting.splice(0)) waiter.fail(abortedError());
    },
    { once: true },
  );

  const acquire = (): Promise<void> => {
    if (signal?.aborted) return Promise.reject(abortedError());
    if (waiting.length === 0 && wakeUp === undefined && active < gate.capacity() && gate.holdMs() === 0) {
      active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      waiting.push({ start: resolve, fail: reject });
      pump();
    });
  };
  const release = (): void => {
    active -= 1;
    pump();
  };

  return {
    async run(task) {
      await acquire();
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}

/** A fixed limit: `max` in flight, never held. */
export function fixedGate(max: number): Pick<ConcurrencyGate, 'capacity' | 'holdMs'> {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxConcurrency must be a positive integer, got ${max}.`);
  return { capacity: () => max, holdMs: () => 0 };
}
