import { GraphApiError } from '../../src/graph/errors';
import type { GraphAnswer } from '../../src/graph/response';
import { createWaveQueue, type Read, type WaveRead, type WaveSender } from '../../src/graph/wave-queue';

const read = (url: string): Read => ({ url, headers: {} });
const ok = (body: unknown): GraphAnswer => ({ status: 200, headers: {}, body });

/** A sender that records each wave and lets the test wait for the next one. */
function recordingSender() {
  const waves: WaveRead[][] = [];
  let waiting: Array<() => void> = [];
  const send: WaveSender = (wave) => {
    waves.push([...wave]);
    for (const wake of waiting) wake();
    waiting = [];
  };
  const waveCount = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => (waves.length >= count ? resolve() : waiting.push(check));
      check();
    });
  return { send, waves, waveCount, urls: () => waves.map((wave) => wave.map((entry) => entry.read.url)) };
}

describe('the wave queue', () => {
  it('hands the reads enqueued in one tick to the sender as one wave, in the order they came', async () => {
    const sender = recordingSender();
    const queue = createWaveQueue({ send: sender.send });

    queue.enqueue(read('/users/a'));
    queue.enqueue(read('/users/b'));
    queue.enqueue(read('/users/c'));
    await sender.waveCount(1);

    expect(sender.urls()).toEqual([['/users/a', '/users/b', '/users/c']]);
  });

  it('joins a read enqueued after awaiting settled promises to the same wave, and a read after the flush to the next', async () => {
    const sender = recordingSender();
    const queue = createWaveQueue({ send: sender.send });

    queue.enqueue(read('/users/a'));
    await Promise.resolve();
    await Promise.resolve();
    queue.enqueue(read('/users/b'));
    await sender.waveCount(1);
    queue.enqueue(read('/users/c'));
    await sender.waveCount(2);

    expect(sender.urls()).toEqual([['/users/a', '/users/b'], ['/users/c']]);
  });

  it('settles each read with its own outcome, whenever the sender settles it', async () => {
    const sender = recordingSender();
    const queue = createWaveQueue({ send: sender.send });
    const first = queue.enqueue(read('/users/a'));
    const second = queue.enqueue(read('/users/b'));
    await sender.waveCount(1);
    const failure = new Error('step failed');

    const [a, b] = sender.waves[0];
    b.settle({ error: failure });
    a.settle({ answer: ok({ id: 'a' }) });

    await expect(first.answer).resolves.toEqual(ok({ id: 'a' }));
    await expect(second.answer).rejects.toBe(failure);
  });

  it('replaces a read while it waits, and refuses once its wave went out', async () => {
    const sender = recordingSender();
    const queue = createWaveQueue({ send: sender.send });
    const queued = queue.enqueue(read('/users?$top=5'));

    expect(queue.waiting(queued)).toBe(true);
    expect(queue.replace(queued, read('/users?$count=true&$top=5'))).toBe(true);
    expect(queued.read.url).toBe('/users?$count=true&$top=5');
    await sender.waveCount(1);

    expect(queue.waiting(queued)).toBe(false);
    expect(queue.replace(queued, read('/users?$top=6'))).toBe(false);
    expect(queued.read.url).toBe('/users?$count=true&$top=5');
    expect(sender.urls()).toEqual([['/users?$count=true&$top=5']]);
  });

  it('answers reads enqueued after the signal aborted with an aborted GraphApiError, sending nothing', async () => {
    const sender = recordingSender();
    const controller = new AbortController();
    const scheduled: Array<() => void> = [];
    const queue = createWaveQueue({
      send: sender.send,
      signal: controller.signal,
      schedule: (flush) => scheduled.push(flush),
    });
    controller.abort();

    const queued = queue.enqueue(read('/users/a'));

    await expect(queued.answer).rejects.toBeInstanceOf(GraphApiError);
    await expect(queued.answer).rejects.toMatchObject({ kind: 'aborted' });
    expect(queue.waiting(queued)).toBe(false);
    expect(scheduled).toHaveLength(0);
    expect(sender.waves).toHaveLength(0);
  });

  it('schedules one flush per wave', () => {
    const sender = recordingSender();
    const scheduled: Array<() => void> = [];
    const queue = createWaveQueue({ send: sender.send, schedule: (flush) => scheduled.push(flush) });

    queue.enqueue(read('/users/a'));
    queue.enqueue(read('/users/b'));
    expect(scheduled).toHaveLength(1);
    scheduled[0]();
    queue.enqueue(read('/users/c'));

    expect(scheduled).toHaveLength(2);
    expect(sender.urls()).toEqual([['/users/a', '/users/b']]);
  });
});
