/**
 * Callers are authorized, not only authenticated (DESIGN §7, graph-api.md Part 2 §6): a user
 * token needs one of GATEWAY_REQUIRED_SCOPES in `scp`, an app-only token one of
 * GATEWAY_REQUIRED_ROLES in `roles` (and, when GATEWAY_ALLOWED_CLIENT_IDS is set, a listed client
 * id). Over real HTTP, against an emulator listening on its own port.
 */
import { startTestGateway, useGateway, type TestGateway } from '../kit';

const API_KEY = 'authorization-test-key-0123456789';
const ALLOWED_APP = '0b7e3c52-1f4a-4c6d-9e8f-a1b2c3d4e5f6';
const OTHER_APP = '9d8c7b6a-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const USERS_QUERY = { query: '{ users(first: 1) { nodes { id } } }' };

const MISSING_SCOPE =
  'The bearer token does not grant access to this API: a user token needs one of the scopes access_as_user in its scp claim.';
const MISSING_ROLE =
  'The bearer token does not grant access to this API: an app-only token needs one of the app roles Gateway.Access in its roles claim.';

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

function usersOf(gw: TestGateway) {
  const [alice, bob] = [...gw.emulator.tenant.users.values()];
  return { alice, bob };
}

describe('app mode (GRAPH_AUTH_MODE=app) with GATEWAY_ALLOWED_CLIENT_IDS set', () => {
  const gw = useGateway({
    users: 20,
    external: { GRAPH_AUTH_MODE: 'app', GATEWAY_API_KEYS: API_KEY, GATEWAY_ALLOWED_CLIENT_IDS: ALLOWED_APP },
    serve: true,
  });
  beforeEach(() => gw.emulator.resetStats());

  it("refuses user A's token without any scope with 403 FORBIDDEN before it can write into user B's To Do list", async () => {
    const { alice, bob } = usersOf(gw);
    const lists = await gw.rest<{ value: Array<{ id: string }> }>(`/users/${bob.id}/todo/lists`);
    gw.emulator.resetStats();
    const token = gw.emulator.mintUserToken(alice.id, { scopes: [] });

    const response = await gw.post(
      {
        query: 'mutation($input: CreateOutlookTaskInput!) { createOutlookTask(input: $input) { task { id } } }',
        variables: { input: { userId: bob.id, listId: lists.value[0].id, title: 'planted by alice' } },
      },
      { headers: bearer(token) },
    );

    expect(response.status).toBe(403);
    expect(response.body).toEqual({ errors: [{ message: MISSING_SCOPE, extensions: { code: 'FORBIDDEN' } }] });
    expect(gw.emulator.stats().httpRequests).toBe(0);
    expect(gw.emulator.stats().tokenRequests).toBe(0);
  });

  it('refuses a user token with an unrelated scope with 403 FORBIDDEN naming the required scopes', async () => {
    const token = gw.emulator.mintUserToken(usersOf(gw).alice.id, { scopes: ['User.Read', 'Files.Read'] });

    const response = await gw.post(USERS_QUERY, { headers: bearer(token) });

    expect(response.status).toBe(403);
    expect(response.body).toEqual({ errors: [{ message: MISSING_SCOPE, extensions: { code: 'FORBIDDEN' } }] });
    expect(response.body.errors?.[0].message).not.toContain(token.split('.')[1]);
    expect(gw.emulator.stats().httpRequests).toBe(0);
  });

  it('refuses an app-only token without roles with 403 FORBIDDEN naming the required roles', async () => {
    const token = gw.emulator.mintAppToken({ audience: 'api', appId: ALLOWED_APP, roles: [] });

    const response = await gw.post(USERS_QUERY, { headers: bearer(token) });

    expect(response.status).toBe(403);
    expect(response.body).toEqual({ errors: [{ message: MISSING_ROLE, extensions: { code: 'FORBIDDEN' } }] });
    expect(gw.emulator.stats().httpRequests).toBe(0);
  });

  it('refuses an app-only token with the role from a client that is not allowed with 403 FORBIDDEN', async () => {
    const token = gw.emulator.mintAppToken({ audience: 'api', appId: OTHER_APP, roles: ['Gateway.Access'] });

    const response = await gw.post(USERS_QUERY, { headers: bearer(token) });

    expect(response.status).toBe(403);
    expect(response.body).toEqual({
      errors: [
        {
          message: `The bearer token does not grant access to this API: the client application ${OTHER_APP} is not in GATEWAY_ALLOWED_CLIENT_IDS.`,
          extensions: { code: 'FORBIDDEN' },
        },
      ],
    });
    expect(gw.emulator.stats().httpRequests).toBe(0);
  });

  it('serves an app-only token with the role from an allowed client, a user token with the scope, and an API key', async () => {
    const appToken = gw.emulator.mintAppToken({ audience: 'api', appId: ALLOWED_APP, roles: ['Gateway.Access'] });
    const userToken = gw.emulator.mintUserToken(usersOf(gw).alice.id);

    for (const headers of [bearer(appToken), bearer(userToken), { 'x-api-key': API_KEY }]) {
      const response = await gw.post(USERS_QUERY, { headers: headers });
      expect(response.status).toBe(200);
      expect(response.body.errors).toBeUndefined();
    }
    expect(gw.emulator.stats().httpRequests).toBe(3);
  });
});

describe('app mode without GATEWAY_ALLOWED_CLIENT_IDS', () => {
  const gw = useGateway({ users: 20, external: { GRAPH_AUTH_MODE: 'app' }, serve: true });

  it('serves an app-only token with the role from any client', async () => {
    gw.emulator.resetStats();
    const token = gw.emulator.mintAppToken({ audience: 'api', appId: OTHER_APP, roles: ['Gateway.Access'] });

    const response = await gw.post(USERS_QUERY, { headers: bearer(token) });

    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(gw.emulator.stats().httpRequests).toBe(1);
  });

  it('refuses an app-only token carrying only Graph permissions as roles with 403 FORBIDDEN', async () => {
    gw.emulator.resetStats();
    const token = gw.emulator.mintAppToken({ audience: 'api', appId: OTHER_APP, roles: ['User.Read.All'] });

    const response = await gw.post(USERS_QUERY, { headers: bearer(token) });

    expect(response.status).toBe(403);
    expect(response.body).toEqual({ errors: [{ message: MISSING_ROLE, extensions: { code: 'FORBIDDEN' } }] });
    expect(gw.emulator.stats().httpRequests).toBe(0);
  });
});

describe('on-behalf-of mode', () => {
  const gw = useGateway({ users: 20, external: { GRAPH_AUTH_MODE: 'on-behalf-of' }, serve: true });
  beforeEach(() => gw.emulator.resetStats());

  it('refuses an app-only token with 403 FORBIDDEN before any token exchange', async () => {
    const token = gw.emulator.mintAppToken({ audience: 'api', roles: ['Gateway.Access'] });

    const response = await gw.post({ query: '{ me { id } }' }, { headers: bearer(token) });

    expect(response.status).toBe(403);
    expect(response.body).toEqual({
      errors: [
        {
          message:
            'The bearer token does not grant access to this API: GRAPH_AUTH_MODE=on-behalf-of acts for a signed-in user, so it needs a user token; this is an app-only token.',
          extensions: { code: 'FORBIDDEN' },
        },
      ],
    });
    expect(gw.emulator.stats().tokenRequests).toBe(0);
    expect(gw.emulator.stats().httpRequests).toBe(0);
  });

  it('refuses a user token without the required scope with 403 FORBIDDEN before any token exchange', async () => {
    const token = gw.emulator.mintUserToken(usersOf(gw).alice.id, { scopes: ['User.Read'] });

    const response = await gw.post({ query: '{ me { id } }' }, { headers: bearer(token) });

    expect(response.status).toBe(403);
    expect(response.body).toEqual({ errors: [{ message: MISSING_SCOPE, extensions: { code: 'FORBIDDEN' } }] });
    expect(gw.emulator.stats().tokenRequests).toBe(0);
    expect(gw.emulator.stats().httpRequests).toBe(0);
  });

  it('honours GATEWAY_REQUIRED_SCOPES: a user token with one of the configured scopes is served', async () => {
    const custom = await startTestGateway({
      users: 20,
      external: { GRAPH_AUTH_MODE: 'on-behalf-of', GATEWAY_REQUIRED_SCOPES: 'tasks_as_user,access_as_user' },
      serve: true,
    });
    try {
      const user = usersOf(custom).bob;
      const served = await custom.post(
        { query: '{ me { id } }' },
        { headers: bearer(custom.emulator.mintUserToken(user.id, { scopes: ['tasks_as_user'] })) },
      );
      expect(served.status).toBe(200);
      expect(served.body).toEqual({ data: { me: { id: user.id } } });
    } finally {
      await custom.close();
    }
  });
});

describe('embedded emulator with a bearer token', () => {
  const gw = useGateway({ users: 20, serve: true });

  it('refuses a user token without the required scope with 403 FORBIDDEN', async () => {
    gw.emulator.resetStats();
    const token = gw.emulator.mintUserToken(gw.emulator.info.defaultUserId, { scopes: ['User.Read'] });

    const response = await gw.post({ query: '{ me { id } }' }, { headers: bearer(token) });

    expect(response.status).toBe(403);
    expect(response.body.errors).toEqual([{ message: MISSING_SCOPE, extensions: { code: 'FORBIDDEN' } }]);
    expect(gw.emulator.stats().tokenRequests).toBe(0);
  });
});
