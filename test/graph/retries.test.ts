import { GraphApiError } from '../../src/graph/errors';
import { createRetryPolicy } from '../../src/graph/retry';
import { createTestEmulator, type Emulator } from '@msgraph-graphql/emulator/testing';
import { waitFor } from '../kit';
import { clientFor, received, resetTraffic, traffic, USER_SELECT, userIds } from '../kit/graph-client';

let emulator: Emulator;

beforeEach(() => {
  emulator = createTestEmulator({ users: 50, seed: 3 });
  resetTraffic(emulator);
});

/** How often each id was asked for (GETs and batch steps alike). */
function sendsPerId(ids: readonly string[]): Map<string, number> {
  const sends = new Map<string, number>(ids.map((id) => [id, 0]));
  for (const line of received(emulator)) {
    const id = /\/users\/([0-9a-f-]{36})\/manager\?/.exec(line)?.[1];
    if (id && sends.has(id)) sends.set(id, sends.get(id)! + 1);
  }
  return sends;
}

describe('retrying throttled and unavailable reads', () => {
  it('re-sends only the throttled steps and delivers every manager', async () => {
    emulator.setFaults({ throttleRate: 0.25, retryAfterSeconds: 0.01 });
    const client = clientFor(emulator, { retry: { maxRetries: 8 } });
    const ids = userIds(emulator).slice(0, 40);

    const managers = await Promise.all(ids.map((id) => client.getManager(id, USER_SELECT)));

    expect(managers.map((manager) => manager?.id ?? null)).toEqual(
      ids.map((id) => emulator.tenant.managerOf.get(id) ?? null),
    );
    const { retries } = client.stats();
    expect(retries).toBeGreaterThan(0);
    const extraSends = [...sendsPerId(ids).values()].reduce((sum, sends) => sum + sends - 1, 0);
    // Every re-send is one retried read: steps answered 200 the first time were never sent again.
    expect(extraSends).toBe(retries);
    const { httpRequests, batchRequests, subRequests } = traffic(emulator);
    expect(subRequests + (httpRequests - batchRequests)).toBe(ids.length + retries);
  });

  it('delivers every read when whole $batch requests and single steps fail with 429 and 503', async () => {
    emulator.setFaults({ throttleRate: 0.2, errorRate: 0.2, retryAfterSeconds: 0 });
    const client = clientFor(emulator, { retry: { maxRetries: 12 } });
    const ids = userIds(emulator).slice(0, 45);

    const users = await Promise.all(ids.map((id) => client.getUser(id, USER_SELECT)));

    expect(users.map((user) => user?.id)).toEqual(ids);
    expect(client.stats().retries).toBeGreaterThan(0);
    expect(client.stats().waves).toBe(1);
  });

  it('rejects with status 429 TooManyRequests after maxRetries re-sends when Graph keeps throttling', async () => {
    emulator.setFaults({ throttleRate: 1, retryAfterSeconds: 0.01 });
    const client = clientFor(emulator, { retry: { maxRetries: 2 } });
    const [id] = userIds(emulator);

    const failure = await client.getUser(id, USER_SELECT).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(GraphApiError);
    expect(failure).toMatchObject({
      status: 429,
      code: 'TooManyRequests',
      kind: 'http',
      retryAfterSeconds: 0.01,
      attempts: 3,
    });
    expect(traffic(emulator).httpRequests).toBe(3);
    expect(client.stats()).toMatchObject({ httpRequests: 3, retries: 2, waves: 1 });
  });

  it('rejects every read of a wave with 429 when each $batch attempt is throttled as a whole', async () => {
    emulator.setFaults({ throttleRate: 1, retryAfterSeconds: 0 });
    const client = clientFor(emulator, { retry: { maxRetries: 1 } });
    const ids = userIds(emulator).slice(0, 3);

    const outcomes = await Promise.allSettled(ids.map((id) => client.getManager(id, USER_SELECT)));

    expect(
      outcomes.map((outcome) => outcome.status === 'rejected' && (outcome.reason as GraphApiError).status),
    ).toEqual([429, 429, 429]);
    // Graph charges throttled requests too: 1 resource unit per step and attempt.
    expect(client.stats()).toEqual({
      httpRequests: 2,
      batchRequests: 2,
      subRequests: 6,
      retries: 3,
      waves: 1,
      roundTrips: 2,
      resourceUnits: 6,
    });
  });

  it('rejects with status 503 serviceNotAvailable when Graph stays unavailable', async () => {
    emulator.setFaults({ errorRate: 1, retryAfterSeconds: 0 });
    const client = clientFor(emulator, { retry: { maxRetries: 1 } });

    await expect(client.getUser(userIds(emulator)[0], USER_SELECT)).rejects.toMatchObject({
      name: 'GraphApiError',
      status: 503,
      code: 'serviceNotAvailable',
      attempts: 2,
    });
  });

  it('does not start a retry whose Retry-After would end past maxTotalMs', async () => {
    emulator.setFaults({ throttleRate: 1, retryAfterSeconds: 30 });
    const client = clientFor(emulator, { retry: { maxRetries: 5, maxTotalMs: 1000 } });

    await expect(client.getUser(userIds(emulator)[0], USER_SELECT)).rejects.toMatchObject({ status: 429, attempts: 1 });
    expect(client.stats().retries).toBe(0);
  });

  it('re-sends a read after a network failure', async () => {
    let failures = 1;
    const client = clientFor(emulator, {
      retry: { backoffBaseMs: 1 },
      fetch: async (request) => {
        if (failures-- > 0) throw new TypeError('fetch failed');
        return emulator.fetch(request);
      },
    });
    const ids = userIds(emulator).slice(0, 2);

    const managers = await Promise.all(ids.map((id) => client.getManager(id, USER_SELECT)));

    expect(managers.map((manager) => manager?.id ?? null)).toEqual(
      ids.map((id) => emulator.tenant.managerOf.get(id) ?? null),
    );
    // The failed exchange and its retry: two round trips, and Graph charged only the one it answered.
    expect(client.stats()).toEqual({
      httpRequests: 2,
      batchRequests: 2,
      subRequests: 4,
      retries: 2,
      waves: 1,
      roundTrips: 2,
      resourceUnits: 2,
    });
  });

  it('rejects with an UPSTREAM-style network error when Graph cannot be reached at all', async () => {
    const client = clientFor(emulator, {
      retry: { maxRetries: 1, backoffBaseMs: 1 },
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });

    await expect(client.getUser(userIds(emulator)[0], USER_SELECT)).rejects.toMatchObject({
      name: 'GraphApiError',
      kind: 'network',
      status: 503,
    });
  });
});

describe('timeouts and aborts', () => {
  afterEach(() => emulator.setFaults({ latencyMs: 0 }));

  it('rejects with a timeout GraphApiError (status 504) when Graph answers later than timeoutMs', async () => {
    emulator.setFaults({ latencyMs: 300 });
    const client = clientFor(emulator, { timeoutMs: 20 });

    const failure = await client.getUser(userIds(emulator)[0], USER_SELECT).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(GraphApiError);
    expect(failure).toMatchObject({ kind: 'timeout', status: 504, code: 'timeout' });
    expect(client.stats().retries).toBe(0);
  });

  it('rejects pending reads with an aborted GraphApiError when the signal aborts', async () => {
    emulator.setFaults({ latencyMs: 300 });
    const controller = new AbortController();
    const client = clientFor(emulator, {
      signal: controller.signal,
      fetch: (request) => {
        const answer = emulator.fetch(request);
        controller.abort();
        return answer;
      },
    });

    await expect(client.getUser(userIds(emulator)[0], USER_SELECT)).rejects.toMatchObject({
      name: 'GraphApiError',
      kind: 'aborted',
    });
    await expect(client.getUser(userIds(emulator)[1], USER_SELECT)).rejects.toMatchObject({ kind: 'aborted' });
    expect(traffic(emulator).httpRequests).toBe(1);
  });

  it('refuses every call once the signal aborted, cached reads and writes alike, and still answers stats', async () => {
    const controller = new AbortController();
    const client = clientFor(emulator, { signal: controller.signal });
    const [id] = userIds(emulator);
    await client.getUser(id, USER_SELECT);
    controller.abort();

    await expect(client.getUser(id, USER_SELECT)).rejects.toMatchObject({ name: 'GraphApiError', kind: 'aborted' });
    await expect(client.getUser('not a valid id/', USER_SELECT)).rejects.toMatchObject({ kind: 'aborted' });
    await expect(client.listUsers({ select: USER_SELECT, page: { first: 5 } })).rejects.toMatchObject({
      kind: 'aborted',
    });
    await expect(client.deletePlannerTask('task', 'W/"etag"')).rejects.toMatchObject({ kind: 'aborted' });
    expect(client.stats()).toEqual({
      httpRequests: 1,
      batchRequests: 0,
      subRequests: 0,
      retries: 0,
      waves: 1,
      roundTrips: 1,
      resourceUnits: 1,
    });
    expect(traffic(emulator).httpRequests).toBe(1);
  });

  it('stops waiting for a Retry-After when the signal aborts', async () => {
    emulator.setFaults({ throttleRate: 1, retryAfterSeconds: 60 });
    const controller = new AbortController();
    const statuses: Array<number | 'error'> = [];
    const client = clientFor(emulator, {
      signal: controller.signal,
      retry: { maxTotalMs: 120_000 },
      observer: (exchange) => statuses.push(exchange.status),
    });

    const read = client.getUser(userIds(emulator)[0], USER_SELECT);
    // The 429 was received: the client now waits its 60 s Retry-After (the abort must end that wait).
    await waitFor(() => statuses.includes(429), { intervalMs: 0, timeoutMs: 5_000, what: 'the throttled answer' });
    controller.abort();

    await expect(read).rejects.toMatchObject({ kind: 'aborted' });
    expect(client.stats().retries).toBe(0);
  });
});

describe('retry policy', () => {
  const answer = (status: number, headers: Record<string, string> = {}) => ({
    answer: { status, headers, body: undefined },
  });

  it("waits Graph's Retry-After, read as decimal seconds", () => {
    const policy = createRetryPolicy();
    expect(policy.delayBeforeRetry(answer(429, { 'retry-after': '2.128' }), 1, 0)).toBe(2128);
    expect(policy.delayBeforeRetry(answer(503, { 'retry-after': '10' }), 1, 0)).toBe(10_000);
  });

  it('backs off exponentially when Graph sends no Retry-After', () => {
    const policy = createRetryPolicy({ backoffBaseMs: 100, maxRetries: 5 });
    expect([1, 2, 3, 4].map((attempts) => policy.delayBeforeRetry(answer(504), attempts, 0))).toEqual([
      100, 200, 400, 800,
    ]);
  });

  it('gives up after maxRetries re-sends, past maxTotalMs, and on statuses that are not 429/503/504', () => {
    const policy = createRetryPolicy({ maxRetries: 2, maxTotalMs: 5000 });
    expect(policy.delayBeforeRetry(answer(429, { 'retry-after': '1' }), 3, 0)).toBeNull();
    expect(policy.delayBeforeRetry(answer(429, { 'retry-after': '1' }), 1, 4500)).toBeNull();
    expect(policy.delayBeforeRetry(answer(500), 1, 0)).toBeNull();
    expect(policy.delayBeforeRetry(answer(404), 1, 0)).toBeNull();
    expect(policy.delayBeforeRetry(answer(200), 1, 0)).toBeNull();
  });
});
