import { createReadinessProbe } from '../../src/observability/readiness';
import { asNpmStart, useGateway } from '../kit';

describe('/healthz and /readyz', () => {
  const gw = useGateway(asNpmStart());

  it('answers /healthz 200 while the process serves HTTP', async () => {
    const response = await fetch(`${gw.origin}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz 200 when an app token is obtained and Graph answers with it', async () => {
    const emulator = gw.prepared.embedded?.emulator;
    emulator?.resetStats();
    const response = await fetch(`${gw.origin}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
    expect(emulator?.stats().byPath['GET /users']).toBe(1);
    // a second probe within a few seconds is answered from the cached verdict
    expect((await fetch(`${gw.origin}/readyz`)).status).toBe(200);
    expect(emulator?.stats().byPath['GET /users']).toBe(1);
  });
});

describe('the readiness probe', () => {
  const okGraph = () => Promise.resolve(new Response('{"value":[]}', { status: 200 }));

  it('is not ready, with the reason, when no Graph token can be obtained', async () => {
    const probe = createReadinessProbe({
      graphUrl: 'http://127.0.0.1:1',
      getToken: () => Promise.reject(new Error('AADSTS7000215: Invalid client secret provided.')),
      fetch: okGraph,
    });
    expect(await probe()).toEqual({
      ready: false,
      reason: 'No Graph token could be obtained: AADSTS7000215: Invalid client secret provided.',
    });
  });

  it('is not ready when Graph cannot be reached or answers 401 or 5xx', async () => {
    const unreachable = createReadinessProbe({ graphUrl: 'http://127.0.0.1:1', getToken: async () => 't' });
    const refused = createReadinessProbe({
      graphUrl: 'http://graph.test',
      getToken: async () => 't',
      fetch: async () => new Response('', { status: 401 }),
    });
    const down = createReadinessProbe({
      graphUrl: 'http://graph.test',
      getToken: async () => 't',
      fetch: async () => new Response('', { status: 503 }),
    });

    const verdict = await unreachable();
    expect(verdict.ready).toBe(false);
    expect(verdict.reason).toMatch(/^Microsoft Graph could not be reached: /);
    expect(await refused()).toEqual({ ready: false, reason: 'Microsoft Graph answered 401.' });
    expect(await down()).toEqual({ ready: false, reason: 'Microsoft Graph answered 503.' });
  });

  it('sends the app token to GET /v1.0/users?$top=1&$select=id and counts 403 as ready (Graph accepted the token)', async () => {
    const seen: Request[] = [];
    const probe = createReadinessProbe({
      graphUrl: 'http://graph.test/',
      getToken: async () => 'app-token',
      fetch: async (request) => {
        seen.push(request);
        return new Response('{}', { status: 403 });
      },
    });
    expect(await probe()).toEqual({ ready: true });
    expect(seen.map((request) => request.url)).toEqual(['http://graph.test/v1.0/users?$top=1&$select=id']);
    expect(seen[0].headers.get('authorization')).toBe('Bearer app-token');
  });

  it('reuses its verdict for a few seconds, then asks Graph again', async () => {
    let clock = 1_000;
    let calls = 0;
    const probe = createReadinessProbe({
      graphUrl: 'http://graph.test',
      getToken: null,
      cacheMs: 5_000,
      now: () => clock,
      fetch: async () => {
        calls += 1;
        return new Response('', { status: 401 });
      },
    });
    expect(await probe()).toEqual({ ready: true });
    clock += 4_999;
    await probe();
    expect(calls).toBe(1);
    clock += 1;
    await probe();
    expect(calls).toBe(2);
  });
});
