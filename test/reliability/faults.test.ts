/**
 * Graph misbehaving, with the real gateway against a listening emulator: throttling storms and
 * 503 bursts are retried into the same data; a Graph that does not answer times out into
 * UPSTREAM_UNAVAILABLE; an emulator that goes away and comes back is survived; a client that
 * disconnects stops the Graph calls its operation still had to make.
 */
import { startAppModeGateway, TEST_API_KEY, waitFor, type TestGateway } from '../kit';

const NESTED = '{ users(first: 30) { nodes { id displayName manager { id } memberOf(first: 5) { nodes { id } } } } }';

describe('throttling and outages that retries absorb', () => {
  let gw: TestGateway;
  let faultFree: unknown;
  beforeAll(async () => {
    gw = await startAppModeGateway({
      graphRetry: { maxRetries: 8, maxTotalMs: 20_000, backoffBaseMs: 20, maxBackoffMs: 100 },
    });
    const clean = await gw.post(NESTED);
    expect(clean.body.errors).toBeUndefined();
    faultFree = clean.body.data;
  });
  afterAll(() => gw.close());
  afterEach(() => gw.emulator.setFaults({ throttleRate: 0, errorRate: 0 }));

  it('answers a throttling storm (30% 429 with Retry-After) with the fault-free data', async () => {
    gw.emulator.setFaults({ throttleRate: 0.3, retryAfterSeconds: 0.05 });
    gw.emulator.resetStats();
    const stormy = await gw.post(NESTED);
    expect(stormy.status).toBe(200);
    expect(stormy.body.errors).toBeUndefined();
    expect(stormy.body.data).toEqual(faultFree);
    const stats = stormy.body.extensions?.graphStats as { retries: number; httpRequests: number };
    expect(stats.retries).toBeGreaterThan(0);
    // Bounded: at most maxRetries re-sends per step, so never more than 9 times the fault-free steps.
    expect(stats.httpRequests).toBeLessThan(9 * 30);
  });

  it('answers bursts of 503 with the fault-free data', async () => {
    gw.emulator.setFaults({ errorRate: 0.25, retryAfterSeconds: 0.05 });
    const answers = await Promise.all([gw.post(NESTED), gw.post(NESTED), gw.post(NESTED)]);
    for (const answer of answers) {
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data).toEqual(faultFree);
    }
    expect(answers.some((answer) => (answer.body.extensions?.graphStats as { retries: number }).retries > 0)).toBe(
      true,
    );
  });

  it('gives up after the retry budget and says THROTTLED when Graph never stops throttling', async () => {
    gw.emulator.setFaults({ throttleRate: 1, retryAfterSeconds: 0.01 });
    const answer = await gw.post('{ users(first: 3) { nodes { id } } }');
    expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual(['THROTTLED']);
    const stats = answer.body.extensions?.graphStats as { retries: number };
    expect(stats.retries).toBe(8);
  });
});

describe('a Graph that does not answer in time', () => {
  it('times each call out and reports UPSTREAM_UNAVAILABLE on the affected fields', async () => {
    const gw = await startAppModeGateway({ graphTimeoutMs: 300, graphRetry: { maxRetries: 1, backoffBaseMs: 10 } });
    try {
      const warm = await gw.post('{ users(first: 1) { nodes { id } } groups(first: 1) { nodes { id } } }');
      const data = warm.body.data as {
        users: { nodes: Array<{ id: string }> };
        groups: { nodes: Array<{ id: string }> };
      };
      gw.emulator.setFaults({ latencyMs: 1500 });
      const answer = await gw.post(
        `{ user(id: "${data.users.nodes[0]?.id}") { id } group(id: "${data.groups.nodes[0]?.id}") { id } }`,
      );
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual({ user: null, group: null });
      expect(answer.body.errors?.map((error) => [error.path, error.extensions?.code, error.message])).toEqual(
        expect.arrayContaining([
          [['user'], 'UPSTREAM_UNAVAILABLE', 'Microsoft Graph did not answer within 300 ms.'],
          [['group'], 'UPSTREAM_UNAVAILABLE', 'Microsoft Graph did not answer within 300 ms.'],
        ]),
      );
      expect(answer.body.errors).toHaveLength(2);
    } finally {
      // The emulator's delayed answers end before anything is closed: its delays are equal timers,
      // which fire in the order they were set, so an answer to a request sent after the gateway's
      // calls comes after all of theirs.
      await gw.rest('/users?$top=1&$select=id');
      gw.emulator.setFaults({ latencyMs: 0 });
      await gw.close();
    }
  });
});

describe('an emulator stopped mid-load and started again', () => {
  it('answers errors meanwhile, never crashes, and recovers by itself', async () => {
    const gw = await startAppModeGateway({ graphTimeoutMs: 2000, graphRetry: { maxRetries: 1, backoffBaseMs: 10 } });
    try {
      const query = '{ users(first: 5) { nodes { id manager { id } } } }';
      const before = await gw.post(query);
      expect(before.body.errors).toBeUndefined();

      const inFlight = Array.from({ length: 8 }, () => gw.post(query));
      await gw.stopEmulator();
      const during = await Promise.all([...inFlight, gw.post(query), gw.post(query)]);
      for (const answer of during) expect(answer.status).toBe(200);
      const codes = new Set(
        during.flatMap((answer) => (answer.body.errors ?? []).map((error) => error.extensions?.code)),
      );
      expect([...codes]).toEqual(['UPSTREAM_UNAVAILABLE']);
      const afterStop = await gw.post(query);
      expect(afterStop.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(afterStop.body.errors?.[0]?.message).toMatch(/Graph|reach|unavailable|connect/i);

      await gw.startEmulator();
      const after = await gw.post(query);
      expect(after.body.errors).toBeUndefined();
      expect(after.body.data).toEqual(before.body.data);
    } finally {
      await gw.close();
    }
  });
});

describe('a client that disconnects', () => {
  it('stops the Graph calls its operation had not made yet', async () => {
    const gw = await startAppModeGateway({ graphTimeoutMs: 10_000, logLevel: 'info' });
    try {
      await gw.post('{ users(first: 1) { nodes { id } } }');
      gw.emulator.setFaults({ latencyMs: 400 });
      gw.emulator.resetStats();
      const client = new AbortController();
      const headers = { 'x-api-key': TEST_API_KEY, 'x-request-id': 'disconnecting-client' };
      const pending = gw.post(NESTED, { signal: client.signal, headers }).catch((error: unknown) => error);
      // The first wave (users) has reached Graph; the second (manager, memberOf) waits on it.
      await waitFor(() => gw.emulator.stats().httpRequests >= 1, { what: 'the first Graph call' });
      client.abort();
      expect(await pending).toMatchObject({ name: 'AbortError' });
      // The operation has ended (its log line is written once it has no more Graph calls to make).
      await waitFor(
        () =>
          gw
            .logEntries()
            .some((entry) => entry.msg === 'graphql operation' && entry.requestId === 'disconnecting-client'),
        {
          what: "the disconnected operation's log line",
        },
      );
      expect(gw.emulator.stats().httpRequests).toBe(1);
      expect(gw.emulator.stats().byPath).toEqual({ 'GET /users': 1 });
    } finally {
      gw.emulator.setFaults({ latencyMs: 0 });
      await gw.close();
    }
  });
});
