import { createEmulator } from '../src/index';
import {
  createTestEmulator,
  emulatorRequest,
  graphBatch,
  graphGet,
  type BatchStepRequest,
  type Emulator,
} from '../src/testing';
import { echoRoutes } from './fixtures/echo-routes';

const twentySteps: BatchStepRequest[] = Array.from({ length: 20 }, (_, i) => ({
  id: `s${i + 1}`,
  method: 'GET',
  url: `/users/u${i + 1}`,
}));

async function throttledIds(emu: Emulator): Promise<string[]> {
  const res = await graphBatch(emu, twentySteps);
  expect(res.status).toBe(200);
  return res.body.responses
    .filter((r) => r.status === 429)
    .map((r) => r.id)
    .sort();
}

describe('injected faults', () => {
  it("answers every Graph call 429 TooManyRequests with Retry-After and Graph's throttling body at throttleRate 1", async () => {
    const emu = createTestEmulator({ users: 5, routes: echoRoutes, throttleRate: 1, retryAfterSeconds: 3 });
    const res = await graphGet(emu, '/v1.0/users', { headers: { 'client-request-id': 'c-1' } });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(res.body.error).toEqual({
      code: 'TooManyRequests',
      message: 'Please retry again later.',
      innerError: {
        code: '429',
        message: 'Please retry after',
        status: '429',
        date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/),
        'request-id': res.headers.get('request-id'),
        'client-request-id': 'c-1',
      },
    });
  });

  it('answers every Graph call 503 serviceNotAvailable with Retry-After at errorRate 1', async () => {
    const emu = createTestEmulator({ users: 5, routes: echoRoutes, errorRate: 1, retryAfterSeconds: 2 });
    const res = await graphGet(emu, '/v1.0/users/abc');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.body.error.code).toBe('serviceNotAvailable');
  });

  it('throttles single steps of a batch while the batch itself answers 200', async () => {
    const emu = createTestEmulator({ users: 5, routes: echoRoutes, throttleRate: 0.5, retryAfterSeconds: 4 });
    const res = await graphBatch(emu, twentySteps);
    expect(res.status).toBe(200);
    const throttled = res.body.responses.filter((r) => r.status === 429);
    const served = res.body.responses.filter((r) => r.status === 200);
    expect(throttled.length).toBeGreaterThan(0);
    expect(served.length).toBeGreaterThan(0);
    expect(throttled.length + served.length).toBe(20);
    for (const step of throttled) {
      expect(step.headers['Retry-After']).toBe('4');
      expect(step.body.error.code).toBe('TooManyRequests');
    }
    expect(emu.stats().subRequests).toBe(20);
  });

  it('fails the same calls for the same seed, and other calls for another seed', async () => {
    const options = { users: 5, routes: echoRoutes, throttleRate: 0.5 };
    const first = await throttledIds(createTestEmulator({ ...options, seed: 11 }));
    const again = await throttledIds(createTestEmulator({ ...options, seed: 11 }));
    const other = await throttledIds(createTestEmulator({ ...options, seed: 12 }));
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('never applies to the control endpoints or the identity platform', async () => {
    const emu = createTestEmulator({ users: 5, routes: echoRoutes, throttleRate: 1 });
    expect((await emulatorRequest(emu, 'GET', '/_emulator/info')).status).toBe(200);
    expect(
      (await emulatorRequest(emu, 'GET', `/${emu.tenant.tenantId}/v2.0/.well-known/openid-configuration`)).status,
    ).toBe(200);
    const token = await emulatorRequest(emu, 'POST', `/${emu.tenant.tenantId}/oauth2/v2.0/token`, {
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: emu.info.clientId,
        client_secret: emu.info.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(token.status).toBe(200);
  });

  describe('latency', () => {
    afterEach(() => {
      jest.useRealTimers();
    });

    async function settledAfter<T>(promise: Promise<T>, advanceMs: number): Promise<boolean> {
      let settled = false;
      void promise.then(() => {
        settled = true;
      });
      jest.advanceTimersByTime(advanceMs);
      // Let the handler's promise chain run without moving the fake clock.
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
      return settled;
    }

    it('delays a Graph request once by latencyMs', async () => {
      const emu = createTestEmulator({ users: 5, routes: echoRoutes, latencyMs: 5000 });
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      const request = graphGet(emu, '/v1.0/users');
      expect(await settledAfter(request, 4999)).toBe(false);
      expect(await settledAfter(request, 1)).toBe(true);
      expect((await request).status).toBe(200);
    });

    it('makes a 20-step batch pay the latency once, as one round trip', async () => {
      const emu = createTestEmulator({ users: 5, routes: echoRoutes, latencyMs: 5000 });
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      const batch = graphBatch(emu, twentySteps);
      expect(await settledAfter(batch, 4999)).toBe(false);
      expect(await settledAfter(batch, 1)).toBe(true);
      expect((await batch).body.responses).toHaveLength(20);
    });

    it('does not delay the control endpoints', async () => {
      const emu = createTestEmulator({ users: 5, routes: echoRoutes, latencyMs: 5000 });
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      expect(await settledAfter(emulatorRequest(emu, 'GET', '/_emulator/stats'), 0)).toBe(true);
    });
  });

  describe('at run time', () => {
    it('POST /_emulator/faults changes faults and answers the current ones', async () => {
      const emu = createTestEmulator({ users: 5, routes: echoRoutes });
      const on = await emulatorRequest(emu, 'POST', '/_emulator/faults', {
        body: JSON.stringify({ throttleRate: 1, retryAfterSeconds: 7 }),
      });
      expect(on.status).toBe(200);
      expect(on.body).toEqual({ latencyMs: 0, throttleRate: 1, retryAfterSeconds: 7, errorRate: 0 });
      const throttled = await graphGet(emu, '/v1.0/users');
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('retry-after')).toBe('7');

      await emulatorRequest(emu, 'POST', '/_emulator/faults', { body: JSON.stringify({ throttleRate: 0 }) });
      expect((await graphGet(emu, '/v1.0/users')).status).toBe(200);
      expect((await emulatorRequest(emu, 'GET', '/_emulator/faults')).body).toEqual({
        latencyMs: 0,
        throttleRate: 0,
        retryAfterSeconds: 7,
        errorRate: 0,
      });
    });

    it('refuses bad values with 400 listing every problem, changing nothing', async () => {
      const emu = createTestEmulator({ users: 5, routes: echoRoutes });
      const res = await emulatorRequest(emu, 'POST', '/_emulator/faults', {
        body: JSON.stringify({ throttleRate: 2, latencyMs: -1, errorRate: 0.5, jitter: 3 }),
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BadRequest');
      expect(res.body.error.message).toBe(
        "Invalid faults: throttleRate must be a number from 0 to 1 (got 2); latencyMs must be an integer from 0 to 60000 (got -1); unknown fault 'jitter' (known: latencyMs, throttleRate, retryAfterSeconds, errorRate).",
      );
      expect(emu.faults()).toEqual({ latencyMs: 0, throttleRate: 0, retryAfterSeconds: 1, errorRate: 0 });
      const notObject = await emulatorRequest(emu, 'POST', '/_emulator/faults', { body: '[1]' });
      expect(notObject.status).toBe(400);
      expect(notObject.body.error.message).toBe('Invalid faults: faults must be a JSON object.');
    });

    it('setFaults throws on a bad value and createEmulator refuses bad options', () => {
      const emu = createTestEmulator({ users: 5, routes: echoRoutes });
      expect(() => emu.setFaults({ errorRate: Number.NaN })).toThrow(
        'Invalid faults: errorRate must be a number from 0 to 1 (got NaN).',
      );
      expect(() => createEmulator({ users: 0, throttleRate: -0.1 })).toThrow(
        'Invalid emulator options: users must be an integer from 5 to 100000 (got 0); throttleRate must be a number from 0 to 1 (got -0.1).',
      );
    });
  });
});
