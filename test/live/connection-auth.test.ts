/**
 * Who may open a graphql-ws connection, and whose events they get: the credentials of HTTP sent
 * in `connection_init` (a user token in on-behalf-of mode, an API key in app mode), refusals
 * closing with 4401/4403; two users in on-behalf-of mode, the second of whom may not read the
 * first one's plan, are kept apart.
 */
import WebSocket from 'ws';
import {
  liveClient,
  startAppModeGateway,
  TEST_API_KEY,
  useGateway,
  waitFor,
  type LiveClient,
  type TestGateway,
} from '../kit';

const POLL_MS = 100;
const SUBSCRIPTION = `subscription($planId: ID!) {
  plannerTaskChanged(planId: $planId) { changeType taskId task { title } }
}`;

/** A plan, a user who is a member of its group, and a user who is neither member nor owner. */
function planWithInsiderAndOutsider(gw: TestGateway): { planId: string; insider: string; outsider: string } {
  const { tenant } = gw.emulator;
  for (const plan of tenant.plans.values()) {
    const members = tenant.membersOf.get(plan.groupId) ?? [];
    const owners = tenant.ownersOf.get(plan.groupId) ?? [];
    const insider = members.find((id) => tenant.users.has(id));
    const outsider = [...tenant.users.keys()].find((id) => !members.includes(id) && !owners.includes(id));
    if (insider && outsider) return { planId: plan.id, insider, outsider };
  }
  throw new Error('no plan with a member and an outsider');
}

async function createTaskThroughRest(gw: TestGateway, planId: string, title: string): Promise<string> {
  const response = await fetch(`${gw.emulatorUrl}/v1.0/planner/tasks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gw.emulator.mintAppToken()}`, 'content-type': 'application/json' },
    body: JSON.stringify({ planId, title }),
  });
  if (response.status !== 201) throw new Error(`POST /planner/tasks answered ${response.status}`);
  return ((await response.json()) as { id: string }).id;
}

/** The polls of a plan's task list in the emulator's log. */
function pollCount(gw: TestGateway, planId: string): number {
  return gw.graphLines().filter((line) => line.includes(`/planner/plans/${planId}/tasks?`)).length;
}

describe('graphql-ws connections in on-behalf-of mode', () => {
  const gw = useGateway(
    () => ({
      serve: true,
      seed: 11,
      external: { GRAPH_AUTH_MODE: 'on-behalf-of', GATEWAY_API_KEYS: '' },
      live: { pollIntervalMs: POLL_MS, topicGraceMs: 50 },
    }),
    startAppModeGateway,
  );
  const clients: LiveClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
  });
  function connect(params: Record<string, string>): LiveClient {
    const client = liveClient(gw.url, params);
    clients.push(client);
    return client;
  }

  it('closes a connection without credentials with 4401', async () => {
    const client = connect({});
    await waitFor(() => client.closes.length > 0, { what: 'the close' });
    expect(client.closes).toEqual([
      { code: 4401, reason: 'Send `Authorization: Bearer <access token>` with a user token issued for this API.' },
    ]);
  });

  it('closes a connection whose bearer is no valid token with 4401, and one without the required scope with 4403', async () => {
    const forged = connect({ authorization: 'Bearer not.a.token' });
    const { insider } = planWithInsiderAndOutsider(gw);
    const unscoped = connect({
      authorization: `Bearer ${gw.emulator.mintUserToken(insider, { scopes: ['User.Read'] })}`,
    });
    await waitFor(() => forged.closes.length > 0 && unscoped.closes.length > 0, { what: 'both closes' });
    expect(forged.closes.map(({ code }) => code)).toEqual([4401]);
    expect(forged.closes[0].reason).toMatch(/^The bearer token was refused/);
    expect(unscoped.closes.map(({ code }) => code)).toEqual([4403]);
    expect(unscoped.closes[0].reason).toMatch(/^The bearer token does not grant access to this API/);
  });

  it("gives a member the plan's changes and refuses an outsider with FORBIDDEN, who never sees them", async () => {
    const { planId, insider, outsider } = planWithInsiderAndOutsider(gw);
    const alice = connect({ authorization: `Bearer ${gw.emulator.mintUserToken(insider)}` });
    const bob = connect({ authorization: `Bearer ${gw.emulator.mintUserToken(outsider)}` });
    await Promise.all([alice.connected, bob.connected]);
    gw.resetTraffic();

    const refused = bob.subscribe(SUBSCRIPTION, { planId });
    await waitFor(() => refused.completed, { what: "the outsider's refusal" });
    expect(refused.results).toEqual([
      {
        errors: [
          expect.objectContaining({
            path: ['plannerTaskChanged'],
            extensions: expect.objectContaining({ code: 'FORBIDDEN', graph: expect.objectContaining({ status: 403 }) }),
          }),
        ],
      },
    ]);

    const watched = alice.subscribe(SUBSCRIPTION, { planId });
    await waitFor(() => pollCount(gw, planId) >= 1, { what: "the plan's baseline read" });
    const taskId = await createTaskThroughRest(gw, planId, 'For members only');
    await waitFor(() => watched.results.length >= 1, { what: "the member's event" });
    expect(watched.results).toEqual([
      { data: { plannerTaskChanged: { changeType: 'CREATED', taskId, task: { title: 'For members only' } } } },
    ]);
    expect(refused.results).toHaveLength(1);
    expect(gw.prepared.gateway.live.stats().subscriptions).toBe(1);
  });
});

describe('graphql-ws connections in passthrough mode', () => {
  const gw = useGateway({
    users: 40,
    serve: true,
    external: { GRAPH_AUTH_MODE: 'passthrough' },
    live: { pollIntervalMs: POLL_MS, topicGraceMs: 50 },
  });
  const clients: LiveClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
  });

  it("refuses a forged token naming a member (UNAUTHENTICATED, Graph's answer to its own read) while the member is served", async () => {
    const { planId, insider } = planWithInsiderAndOutsider(gw);
    const genuine = gw.emulator.mintUserToken(insider, { audience: 'graph' });
    // The member's claims under a signature of nobody's: the gateway cannot tell, Graph can.
    const [header, claims] = genuine.split('.');
    const forged = `${header}.${claims}.${Buffer.from('not-a-signature').toString('base64url')}`;
    const member = liveClient(gw.url, { authorization: `Bearer ${genuine}` });
    const forger = liveClient(gw.url, { authorization: `Bearer ${forged}` });
    clients.push(member, forger);

    gw.resetTraffic();
    const watched = member.subscribe(SUBSCRIPTION, { planId });
    await waitFor(() => pollCount(gw, planId) >= 1, { what: "the plan's baseline read" });
    const refused = forger.subscribe(SUBSCRIPTION, { planId });
    await waitFor(() => refused.completed, { what: "the forger's refusal" });
    expect(refused.results).toEqual([
      {
        errors: [
          expect.objectContaining({
            extensions: expect.objectContaining({
              code: 'UNAUTHENTICATED',
              graph: expect.objectContaining({ status: 401 }),
            }),
          }),
        ],
      },
    ]);

    const taskId = await createTaskThroughRest(gw, planId, 'Seen by the member alone');
    await waitFor(() => watched.results.length >= 1, { what: "the member's event" });
    expect(watched.results).toEqual([
      { data: { plannerTaskChanged: { changeType: 'CREATED', taskId, task: { title: 'Seen by the member alone' } } } },
    ]);
    expect(refused.results).toHaveLength(1);
  });
});

describe('graphql-ws connections in app mode', () => {
  const gw = useGateway({ live: { pollIntervalMs: POLL_MS } }, startAppModeGateway);
  const clients: LiveClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
  });

  it('accepts the API key in x-api-key and refuses an unknown key or none with 4401', async () => {
    const accepted = liveClient(gw.url, { 'x-api-key': TEST_API_KEY });
    const unknown = liveClient(gw.url, { 'x-api-key': 'not-a-known-key-0123456789' });
    const none = liveClient(gw.url, {});
    clients.push(accepted, unknown, none);

    await accepted.connected;
    await waitFor(() => unknown.closes.length > 0 && none.closes.length > 0, { what: 'both refusals' });
    expect(unknown.closes).toEqual([{ code: 4401, reason: 'The x-api-key header does not hold a known API key.' }]);
    expect(none.closes.map(({ code }) => code)).toEqual([4401]);
    expect(accepted.closes).toEqual([]);
  });

  it("takes the upgrade request's x-api-key header when the payload has no credentials, as a router propagates it", async () => {
    const unknownKey = 'not-a-known-key-0123456789';
    expect(await initWith(gw, { 'x-api-key': TEST_API_KEY })).toEqual({ code: 1000, acknowledged: true });
    expect(await initWith(gw, { 'x-api-key': unknownKey })).toEqual({ code: 4401, acknowledged: false });
    // The payload's credentials come first, whatever the headers say.
    expect(await initWith(gw, { 'x-api-key': unknownKey }, { 'x-api-key': TEST_API_KEY })).toEqual({
      code: 1000,
      acknowledged: true,
    });
    expect(await initWith(gw, { 'x-api-key': TEST_API_KEY }, { 'x-api-key': unknownKey })).toEqual({
      code: 4401,
      acknowledged: false,
    });
  });
});

/**
 * Opens a raw graphql-ws connection with the upgrade request's `headers`, sends `connection_init`
 * with `payload`, and resolves with how it ended.
 */
function initWith(
  gw: { url: string },
  headers: Record<string, string>,
  payload: Record<string, string> = {},
): Promise<{ code: number; acknowledged: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(gw.url.replace('http', 'ws'), 'graphql-transport-ws', { headers });
    let acknowledged = false;
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload })));
    socket.on('message', (data) => {
      acknowledged ||= (JSON.parse(String(data)) as { type: string }).type === 'connection_ack';
      if (acknowledged) socket.close(1000);
    });
    socket.on('close', (code) => resolve({ code, acknowledged }));
    socket.on('error', reject);
  });
}

describe('graphql-ws connections without credentials in embedded mode', () => {
  const gw = useGateway({ users: 10, serve: true });

  it('acts as the default user for a loopback page and refuses a page of another site with 4403', async () => {
    expect(await initWith(gw, { origin: 'http://localhost:5173' })).toEqual({ code: 1000, acknowledged: true });
    expect(await initWith(gw, { origin: 'https://elsewhere.example' })).toEqual({ code: 4403, acknowledged: false });
  });
});

describe('graphql-ws connections without credentials in embedded mode with CORS_ORIGINS set', () => {
  const gw = useGateway({ users: 10, serve: true, env: { CORS_ORIGINS: 'https://intranet.contoso.example' } });

  it('lets the pages CORS_ORIGINS allows connect, as over HTTP, and no others (loopback pages included)', async () => {
    expect(await initWith(gw, { origin: 'https://intranet.contoso.example' })).toEqual({
      code: 1000,
      acknowledged: true,
    });
    expect(await initWith(gw, { origin: 'http://localhost:5173' })).toEqual({ code: 4403, acknowledged: false });
  });
});
