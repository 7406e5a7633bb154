/**
 * Who may call, over real HTTP to a listening gateway (DESIGN §3): the embedded emulator's
 * anonymous default user, OBO against an emulator configured as an external service, and app
 * mode with API keys.
 */
import { graphStats, useGateway } from '../kit';

const API_KEY = 'test-api-key-0123456789abcdef';

describe('embedded emulator', () => {
  const gw = useGateway({ users: 20, serve: true });

  it('acts as the default signed-in user for a request without Authorization', async () => {
    const response = await gw.post({ query: '{ me { id userPrincipalName } }' });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({
      me: { id: gw.emulator.info.defaultUserId, userPrincipalName: gw.emulator.info.defaultUserPrincipalName },
    });
  });

  it('acts as the user of an emulator-minted bearer token', async () => {
    const other = [...gw.emulator.tenant.users.values()][4];
    const token = gw.emulator.mintUserToken(other.id);
    const response = await gw.post({ query: '{ me { id } }' }, { headers: { authorization: `Bearer ${token}` } });
    expect(response.body.data).toEqual({ me: { id: other.id } });
  });

  it('always reports Graph statistics', async () => {
    const response = await gw.post({ query: '{ me { id } }' });
    expect(response.body.extensions).toEqual({
      graphStats: graphStats({ httpRequests: 1, batchRequests: 0, subRequests: 0, waves: 1 }),
    });
  });

  it('refuses an invalid bearer token with 401 UNAUTHENTICATED', async () => {
    const expired = gw.emulator.mintUserToken(gw.emulator.info.defaultUserId, { expiresInSeconds: -3600 });
    const response = await gw.post({ query: '{ me { id } }' }, { headers: { authorization: `Bearer ${expired}` } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.body.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(response.body.errors?.[0].message).toBe(
      'The bearer token was refused: The access token is not valid: it has expired.',
    );
  });

  it('serves Apollo Sandbox to browsers and blocks a GET sent by a page of another site (CSRF)', async () => {
    const page = await fetch(gw.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('apollo');

    const csrf = await fetch(`${gw.url}?query=${encodeURIComponent('{ me { id } }')}`, {
      headers: { origin: 'https://attacker.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(csrf.status).toBe(400);
    expect(await csrf.text()).toContain('CSRF');
  });

  it('answers a body that is not JSON with a 400 JSON error', async () => {
    const response = await fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }],
    });
  });
});

describe('on-behalf-of with the emulator as an external service', () => {
  const gw = useGateway({ users: 20, external: { GRAPH_AUTH_MODE: 'on-behalf-of' }, serve: true });

  it.each([
    [
      'no Authorization header',
      {},
      'Send `Authorization: Bearer <access token>` with a user token issued for this API.',
    ],
    [
      'a token that is not a JWT',
      { authorization: 'Bearer not-a-jwt' },
      'The bearer token was refused: The access token is not valid: it is not a JWT.',
    ],
    [
      'another authorization scheme',
      { authorization: 'Basic dXNlcjpwYXNz' },
      'The Authorization header must have the form `Bearer <access token>`.',
    ],
  ])(
    'answers %s with 401 UNAUTHENTICATED and calls no Graph endpoint',
    async (_case, headers: Record<string, string>, message) => {
      gw.emulator.resetStats();
      const response = await gw.post({ query: '{ me { id } }' }, { headers: headers });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
      expect(gw.emulator.stats().httpRequests).toBe(0);
    },
  );

  it('answers a token for another audience with 401 UNAUTHENTICATED', async () => {
    const token = gw.emulator.mintUserToken(gw.emulator.info.defaultUserId, { aud: 'api://someone-else' });
    const response = await gw.post({ query: '{ me { id } }' }, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(401);
    expect(response.body.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
  });

  it('exchanges a valid user token for that user’s Graph token', async () => {
    const user = [...gw.emulator.tenant.users.values()][2];
    const token = gw.emulator.mintUserToken(user.id);
    const response = await gw.post(
      { query: '{ me { id displayName } }' },
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { me: { id: user.id, displayName: user.displayName } } });
  });

  it('reports Graph statistics only when asked with x-graph-stats: 1', async () => {
    const token = gw.emulator.mintUserToken(gw.emulator.info.defaultUserId);
    const response = await gw.post(
      { query: '{ me { id } }' },
      { headers: { authorization: `Bearer ${token}`, 'x-graph-stats': '1' } },
    );
    expect(response.body.extensions).toEqual({
      graphStats: graphStats({ httpRequests: 1, batchRequests: 0, subRequests: 0, waves: 1 }),
    });
  });
});

describe('app mode', () => {
  const gw = useGateway({ users: 20, external: { GRAPH_AUTH_MODE: 'app', GATEWAY_API_KEYS: API_KEY }, serve: true });

  it('answers a request without credentials or with an unknown API key with 401 UNAUTHENTICATED', async () => {
    const missing = await gw.post({ query: '{ users(first: 1) { nodes { id } } }' });
    expect(missing.status).toBe(401);
    expect(missing.body.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });

    const wrong = await gw.post(
      { query: '{ users(first: 1) { nodes { id } } }' },
      { headers: { 'x-api-key': 'wrong-key-0123456789abcdef' } },
    );
    expect(wrong.status).toBe(401);
    expect(wrong.body.errors?.[0].message).toBe('The x-api-key header does not hold a known API key.');
  });

  it('reads Graph with the app’s own token for a caller with a valid API key or bearer token', async () => {
    const someone = [...gw.emulator.tenant.users.values()][3];
    const query = { query: 'query($id: ID!) { user(id: $id) { id displayName } }', variables: { id: someone.id } };
    const withKey = await gw.post(query, { headers: { 'x-api-key': API_KEY } });
    expect(withKey.body).toEqual({ data: { user: { id: someone.id, displayName: someone.displayName } } });

    const token = gw.emulator.mintUserToken(someone.id);
    const withToken = await gw.post(query, { headers: { authorization: `Bearer ${token}` } });
    expect(withToken.body).toEqual({ data: { user: { id: someone.id, displayName: someone.displayName } } });
  });

  it('answers me with a clear BAD_USER_INPUT error and no Graph call', async () => {
    gw.emulator.resetStats();
    const response = await gw.post(
      { query: '{ me { id } }' },
      { headers: { 'x-api-key': API_KEY, 'x-graph-stats': '1' } },
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: { me: null },
      errors: [
        {
          message:
            '`me` needs a signed-in user, but this gateway calls Microsoft Graph with an app-only token (GRAPH_AUTH_MODE=app), which has no signed-in user. Query `user(id:)` instead.',
          locations: [{ line: 1, column: 3 }],
          path: ['me'],
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ],
      extensions: { graphStats: graphStats({ httpRequests: 0, batchRequests: 0, subRequests: 0, waves: 0 }) },
    });
    expect(gw.emulator.stats().httpRequests).toBe(0);
  });
});

describe('passthrough mode', () => {
  const gw = useGateway({ users: 20, external: { GRAPH_AUTH_MODE: 'passthrough' }, serve: true });

  it('answers a request without a Graph token with 401 UNAUTHENTICATED', async () => {
    const response = await gw.post({ query: '{ me { id } }' });
    expect(response.status).toBe(401);
    expect(response.body.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
  });

  it("forwards the caller's Graph token, and Graph's 403 becomes FORBIDDEN with Graph's status, code and request id", async () => {
    const user = [...gw.emulator.tenant.users.values()][1];
    const token = gw.emulator.mintUserToken(user.id, { audience: 'graph', scopes: ['User.Read'] });
    const response = await gw.post(
      { query: '{ groups(first: 1) { nodes { id } } }' },
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(response.status).toBe(200);
    expect(response.body.data).toBeNull();
    expect(response.body.errors).toEqual([
      {
        message: 'Insufficient privileges to complete the operation.',
        locations: [{ line: 1, column: 3 }],
        path: ['groups'],
        extensions: {
          code: 'FORBIDDEN',
          graph: { status: 403, code: 'Authorization_RequestDenied', requestId: expect.any(String) },
        },
      },
    ]);

    const meOnly = await gw.post({ query: '{ me { id } }' }, { headers: { authorization: `Bearer ${token}` } });
    expect(meOnly.body).toEqual({ data: { me: { id: user.id } } });
  });
});
