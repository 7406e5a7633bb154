import { createAdaptiveLimit, createConcurrencyLimits } from '../../src/graph/concurrency';
import { createLimiter, fixedGate } from '../../src/graph/limiter';
import { loadSignalsOf } from '../../src/graph/load-signals';
import { retryAfterSeconds } from '../../src/graph/response';
import { waitFor } from '../kit';

/** A clock the test moves. */
function manualClock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('the adaptive concurrency limit', () => {
  it('starts at its ceiling, so a whole wave goes out at once', () => {
    const limit = createAdaptiveLimit({ ceiling: 32 });

    expect(limit.capacity()).toBe(32);
    expect(limit.holdMs()).toBe(0);
  });

  it('halves on pushback, once for the answers to requests sent before the cut, and again for later ones', () => {
    const clock = manualClock();
    const limit = createAdaptiveLimit({ ceiling: 32, now: clock.now });
    const sentBefore = clock.now();
    clock.advance(5);

    limit.pushback(sentBefore, undefined);
    limit.pushback(sentBefore, undefined);
    expect(limit.capacity()).toBe(16);

    clock.advance(5);
    limit.pushback(clock.now(), undefined);
    expect(limit.capacity()).toBe(8);
  });

  it('never goes below one request in flight', () => {
    const clock = manualClock();
    const limit = createAdaptiveLimit({ ceiling: 4, now: clock.now });
    for (let cut = 0; cut < 5; cut += 1) {
      clock.advance(1);
      limit.pushback(clock.now(), undefined);
    }

    expect(limit.capacity()).toBe(1);
  });

  it('grows back by one per recovery step after a quiet period, up to the ceiling', () => {
    const clock = manualClock();
    const limit = createAdaptiveLimit({ ceiling: 8, quietMs: 1_000, recoveryStepMs: 100, now: clock.now });
    limit.pushback(clock.now(), undefined);
    expect(limit.capacity()).toBe(4);

    clock.advance(999);
    expect(limit.capacity()).toBe(4);
    clock.advance(1);
    expect(limit.capacity()).toBe(5);
    clock.advance(250);
    expect(limit.capacity()).toBe(7);
    clock.advance(10_000);
    expect(limit.capacity()).toBe(8);
  });

  it('starts the quiet period again at every pushback, and cuts from where recovery had got to', () => {
    const clock = manualClock();
    const limit = createAdaptiveLimit({ ceiling: 16, quietMs: 1_000, recoveryStepMs: 100, now: clock.now });
    limit.pushback(clock.now(), undefined);
    clock.advance(1_300);
    expect(limit.capacity()).toBe(12);

    limit.pushback(clock.now(), undefined);
    expect(limit.capacity()).toBe(6);
    clock.advance(500);
    expect(limit.capacity()).toBe(6);
  });

  it("holds new requests for Graph's Retry-After, at most maxHoldMs", () => {
    const clock = manualClock();
    const limit = createAdaptiveLimit({ ceiling: 8, maxHoldMs: 5_000, now: clock.now });

    limit.pushback(clock.now(), 2_000);
    expect(limit.holdMs()).toBe(2_000);
    clock.advance(1_500);
    expect(limit.holdMs()).toBe(500);

    limit.pushback(clock.now(), 60_000);
    expect(limit.holdMs()).toBe(5_000);
    clock.advance(5_000);
    expect(limit.holdMs()).toBe(0);
  });

  it('keeps one limit per tenant and app, shared by everyone who asks for that scope', () => {
    const limits = createConcurrencyLimits({ ceiling: 32 });
    const contoso = limits.of('tenant-a/app-1');

    contoso.pushback(contoso.now(), undefined);

    expect(limits.of('tenant-a/app-1')).toBe(contoso);
    expect(limits.of('tenant-a/app-1').capacity()).toBe(16);
    expect(limits.of('tenant-b/app-1').capacity()).toBe(32);
  });
});

/** A task the test finishes: `started` once the limiter let it run. */
function pendingTask() {
  let finish!: () => void;
  const task = { started: false, done: new Promise<void>((resolve) => (finish = resolve)), finish: () => finish() };
  return {
    task,
    run: async () => {
      task.started = true;
      await task.done;
    },
  };
}

describe('the limiter of one operation', () => {
  it('runs at most the gate’s capacity at once, the others in arrival order as slots free up', async () => {
    let capacity = 2;
    const limiter = createLimiter({ capacity: () => capacity, holdMs: () => 0 });
    const tasks = Array.from({ length: 4 }, pendingTask);
    const runs = tasks.map(({ run }) => limiter.run(run));

    await waitFor(() => tasks[1].task.started);
    expect(tasks.map(({ task }) => task.started)).toEqual([true, true, false, false]);

    capacity = 3;
    tasks[0].task.finish();
    await waitFor(() => tasks[3].task.started);
    expect(tasks.map(({ task }) => task.started)).toEqual([true, true, true, true]);
    for (const { task } of tasks) task.finish();
    await Promise.all(runs);
  });

  it('starts nothing while the gate holds, and everything once the hold is over', async () => {
    let holdUntil = Date.now() + 30;
    const limiter = createLimiter({ capacity: () => 8, holdMs: () => Math.max(0, holdUntil - Date.now()) });
    const tasks = Array.from({ length: 3 }, pendingTask);

    const runs = tasks.map(({ run }) => limiter.run(run));
    expect(tasks.some(({ task }) => task.started)).toBe(false);

    await waitFor(() => tasks.every(({ task }) => task.started));
    expect(Date.now()).toBeGreaterThanOrEqual(holdUntil);
    holdUntil = 0;
    for (const { task } of tasks) task.finish();
    await Promise.all(runs);
  });

  it('fails the tasks still waiting when the operation aborts, and runs none of them', async () => {
    const controller = new AbortController();
    const limiter = createLimiter(fixedGate(1), controller.signal);
    const first = pendingTask();
    const second = pendingTask();
    const running = limiter.run(first.run);
    const waiting = limiter.run(second.run);

    controller.abort();

    await expect(waiting).rejects.toMatchObject({ name: 'GraphApiError', kind: 'aborted' });
    expect(second.task.started).toBe(false);
    first.task.finish();
    await running;
  });
});

describe("what an answer says about Graph's load", () => {
  const answer = (status: number, headers: Record<string, string>, body?: unknown) => ({ status, headers, body });

  it('reads the resource units and Retry-After of a whole answer', () => {
    expect(loadSignalsOf(answer(200, { 'x-ms-resource-unit': '2' }), false)).toEqual({
      resourceUnits: 2,
      pushedBack: false,
    });
    expect(loadSignalsOf(answer(429, { 'retry-after': '3' }), false)).toEqual({
      resourceUnits: 0,
      pushedBack: true,
      retryAfterMs: 3_000,
    });
  });

  it('sums the steps of a $batch (not its envelope) and takes the longest Retry-After among them', () => {
    const batch = answer(
      200,
      { 'x-ms-resource-unit': '9' },
      {
        responses: [
          { id: '1', status: 200, headers: { 'x-ms-resource-unit': '1' } },
          { id: '2', status: 429, headers: { 'X-MS-Resource-Unit': '3', 'Retry-After': '2' } },
          { id: '3', status: 503, headers: { 'retry-after': '30,120' } },
          { id: '4', status: 404 },
        ],
      },
    );

    expect(loadSignalsOf(batch, true)).toEqual({ resourceUnits: 4, pushedBack: true, retryAfterMs: 30_000 });
  });

  it('takes the first of two Retry-After values, and still reads the HTTP-date form', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterSeconds({ 'retry-after': '31,120' })).toBe(31);
    expect(retryAfterSeconds({ 'retry-after': '2.128' })).toBe(2.128);
    expect(retryAfterSeconds({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, now)).toBe(5);
  });
});
