import {
  createTestEmulator,
  emulatorRequest,
  graphGet,
  graphRequest,
  userToken,
  appToken,
  TEST_ORIGIN,
  type Emulator,
} from '../src/testing';
import { GRAPH_JSON_CONTENT_TYPE } from '../src/http/headers';
import { echoRoutes } from './fixtures/echo-routes';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Graph dispatcher', () => {
  let emu: Emulator;
  beforeAll(() => {
    emu = createTestEmulator({ users: 5, routes: echoRoutes });
  });

  describe('paths', () => {
    it("normalises OData key syntax users('x@y.com') to a path segment", async () => {
      const res = await graphGet(emu, "/v1.0/users('adele.vance@contoso.com')?$select=id,displayName");
      expect(res.status).toBe(200);
      expect(res.body.path).toBe('/users/adele.vance@contoso.com');
      expect(res.body.params).toEqual({ id: 'adele.vance@contoso.com' });
      expect(res.body.query).toEqual({ $select: 'id,displayName' });
    });

    it('unescapes doubled quotes inside a key and percent-decodes each segment', async () => {
      const res = await graphGet(emu, "/v1.0/users('o''neil%40contoso.com')");
      expect(res.body.params).toEqual({ id: "o'neil@contoso.com" });
      const encodedSlash = await graphGet(emu, '/v1.0/users/a%2Fb');
      expect(encodedSlash.body.params).toEqual({ id: 'a/b' });
    });

    it('answers 400 for a path segment with broken percent-encoding', async () => {
      const res = await graphGet(emu, '/v1.0/users/%E0%A4%A');
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'BadRequest',
        message: "Invalid percent-encoding in the URL segment '%E0%A4%A'.",
      });
    });

    it('serves /beta with the same routes and tells the handler the version', async () => {
      const res = await graphGet(emu, '/beta/users/abc');
      expect(res.status).toBe(200);
      expect(res.body.version).toBe('beta');
    });

    it('matches literal segments case-insensitively and prefers them to parameters', async () => {
      const delta = await graphGet(emu, '/v1.0/Users/Delta');
      expect(delta.body.delta).toBe(true);
      const count = await graphGet(emu, '/v1.0/users/$count');
      expect(count.status).toBe(200);
      expect(count.headers.get('content-type')).toBe('text/plain');
      expect(count.body).toBe('30');
    });

    it('answers 400 BadRequest naming the first unknown segment', async () => {
      const res = await graphGet(emu, '/v1.0/users/abc/calendarz/events');
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BadRequest');
      expect(res.body.error.message).toBe("Resource not found for the segment 'calendarz'.");
    });

    it('answers 405 Request_BadRequest for a known path with a method it does not serve', async () => {
      const res = await graphRequest(emu, 'DELETE', '/v1.0/users/abc');
      expect(res.status).toBe(405);
      expect(res.body.error).toMatchObject({
        code: 'Request_BadRequest',
        message: 'Specified HTTP method is not allowed for the request target.',
      });
    });

    it('answers 400 for a body that is not valid JSON', async () => {
      const res = await graphRequest(emu, 'PATCH', '/v1.0/users/abc', {
        body: '{"displayName": ',
        headers: { 'Content-Type': 'application/json' },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BadRequest');
      expect(res.body.error.message).toBe(
        'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
      );
    });

    it('hands a JSON body to the handler parsed', async () => {
      const res = await graphRequest(emu, 'PATCH', '/v1.0/users/abc', { body: { jobTitle: 'Engineer' } });
      expect(res.status).toBe(200);
      expect(res.body.body).toEqual({ jobTitle: 'Engineer' });
    });

    it('answers an unknown version root with 404 outside Graph', async () => {
      const res = await graphGet(emu, '/v2.0/users');
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NotFound');
    });

    it('answers 500 generalException when a handler throws, and keeps serving', async () => {
      const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      const res = await graphGet(emu, '/v1.0/boom');
      expect(res.status).toBe(500);
      expect(res.body.error.code).toBe('generalException');
      expect(spy).toHaveBeenCalledTimes(1);
      spy.mockRestore();
      expect((await graphGet(emu, '/v1.0/users')).status).toBe(200);
    });

    it('passes the request origin to handlers so returned URLs use it', async () => {
      const res = await graphGet(emu, '/v1.0/users/abc', { origin: 'https://127.0.0.1:4443' });
      expect(res.body.origin).toBe('https://127.0.0.1:4443');
    });
  });

  describe('/me', () => {
    it('rewrites /me and /me/... to the signed-in user for delegated tokens', async () => {
      const me = await graphGet(emu, '/v1.0/me', { token: 'user' });
      expect(me.status).toBe(200);
      expect(me.body.path).toBe(`/users/${emu.info.defaultUserId}`);
      expect(me.body.caller).toMatchObject({ kind: 'delegated', userId: emu.info.defaultUserId });
      const manager = await graphGet(emu, '/v1.0/ME/manager', { token: 'user' });
      expect(manager.status).toBe(404);
      expect(manager.body.error.message).toBe(
        "Resource 'manager' does not exist or one of its queried reference-property objects are not present.",
      );
    });

    it('refuses /me for app-only tokens with 400 BadRequest', async () => {
      const res = await graphGet(emu, '/v1.0/me', { token: 'app' });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'BadRequest',
        message: '/me request is only valid with delegated authentication flow.',
      });
      const nested = await graphGet(emu, '/v1.0/me/manager', { token: 'app' });
      expect(nested.status).toBe(400);
    });

    it('answers 401 before anything else when /me comes without a token', async () => {
      const res = await graphGet(emu, '/v1.0/me', { token: 'none' });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('InvalidAuthenticationToken');
    });
  });

  describe('permissions', () => {
    it('answers 403 Authorization_RequestDenied when the app token lacks every accepted role', async () => {
      const res = await graphGet(emu, '/v1.0/users', { token: appToken(emu, ['Tasks.ReadWrite.All']) });
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({
        code: 'Authorization_RequestDenied',
        message: 'Insufficient privileges to complete the operation.',
      });
    });

    it('answers 403 when a delegated token lacks every accepted scope, and 200 with any one of them', async () => {
      const denied = await graphGet(emu, '/v1.0/users', {
        token: userToken(emu, emu.info.defaultUserId, ['User.Read']),
      });
      expect(denied.status).toBe(403);
      const allowed = await graphGet(emu, '/v1.0/users', {
        token: userToken(emu, emu.info.defaultUserId, ['User.ReadBasic.All']),
      });
      expect(allowed.status).toBe(200);
      expect(allowed.body.echo.caller.permissions).toEqual(['User.ReadBasic.All']);
    });

    it('serves anonymous routes without a token', async () => {
      const res = await graphGet(emu, '/v1.0/$metadata', { token: 'none' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/xml');
      expect(res.text).toBe('<edmx:Edmx Version="4.0"/>');
    });

    it('checks the token before reporting an unknown segment', async () => {
      const res = await graphGet(emu, '/v1.0/nothing-here', { token: 'none' });
      expect(res.status).toBe(401);
    });
  });

  describe('headers', () => {
    it("puts Graph's headers on every reply", async () => {
      const res = await graphGet(emu, '/v1.0/users');
      expect(res.headers.get('request-id')).toMatch(GUID);
      expect(res.headers.get('client-request-id')).toBe(res.headers.get('request-id'));
      expect(res.headers.get('odata-version')).toBe('4.0');
      expect(res.headers.get('content-type')).toBe(GRAPH_JSON_CONTENT_TYPE);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
      expect(JSON.parse(res.headers.get('x-ms-ags-diagnostic') ?? '{}')).toHaveProperty('ServerInfo');
      expect(Number.isNaN(Date.parse(res.headers.get('date') ?? ''))).toBe(false);
    });

    it('echoes client-request-id and issues a fresh request-id per call', async () => {
      const first = await graphGet(emu, '/v1.0/users', { headers: { 'client-request-id': 'my-correlation-id' } });
      const second = await graphGet(emu, '/v1.0/users', { headers: { 'client-request-id': 'my-correlation-id' } });
      expect(first.headers.get('client-request-id')).toBe('my-correlation-id');
      expect(first.headers.get('request-id')).not.toBe(second.headers.get('request-id'));
    });

    it('marks Planner replies private and keeps handler headers such as ETag', async () => {
      const res = await graphGet(emu, '/v1.0/planner/tasks/abc', { token: 'user' });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('private');
      expect(res.headers.get('etag')).toBe('W/"JzEtVGFzayAgQEBAQEBAQEBAQEBAQEBARCc="');
    });

    it('answers 204 with no body and no content type', async () => {
      const res = await graphRequest(emu, 'DELETE', '/v1.0/planner/tasks/abc', { token: 'user' });
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect(res.headers.get('content-type')).toBeNull();
      expect(res.headers.get('request-id')).toMatch(GUID);
    });
  });

  describe('error bodies', () => {
    it('carry innerError with a zone-less date and the call ids', async () => {
      const res = await graphGet(emu, '/v1.0/nowhere', { headers: { 'client-request-id': 'abc-123' } });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body)).toEqual(['error']);
      expect(Object.keys(res.body.error)).toEqual(['code', 'message', 'innerError']);
      const inner = res.body.error.innerError;
      expect(inner.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
      expect(inner['request-id']).toBe(res.headers.get('request-id'));
      expect(inner['client-request-id']).toBe('abc-123');
    });
  });

  describe('request log', () => {
    it('records request targets exactly as received, newest last', async () => {
      const log = createTestEmulator({ users: 5, routes: echoRoutes });
      await graphGet(log, "/v1.0/users?$filter=startswith(displayName,'a')");
      await emulatorRequest(log, 'GET', '/_emulator/info');
      expect(log.requestLog.lines()).toEqual([
        'GET /v1.0/users?$filter=startswith(displayName,%27a%27)',
        'GET /_emulator/info',
      ]);
      expect(log.requestLog.entries()[0]).toEqual({
        kind: 'http',
        method: 'GET',
        url: '/v1.0/users?$filter=startswith(displayName,%27a%27)',
      });
    });

    it('keeps only the newest 2000 entries', async () => {
      const log = createTestEmulator({ users: 5, routes: echoRoutes });
      for (let i = 0; i < 2005; i++) log.requestLog.add({ kind: 'http', method: 'GET', url: `/v1.0/users/${i}` });
      const entries = log.requestLog.entries();
      expect(entries).toHaveLength(2000);
      expect(entries[0]?.url).toBe('/v1.0/users/5');
      expect(entries[1999]?.url).toBe('/v1.0/users/2004');
    });
  });
});

describe('control endpoints', () => {
  let emu: Emulator;
  beforeEach(() => {
    emu = createTestEmulator({ users: 5, routes: echoRoutes });
  });

  it('GET /_emulator/info describes the tenant and app with URLs from the request origin', async () => {
    const res = await emulatorRequest(emu, 'GET', '/_emulator/info');
    expect(res.status).toBe(200);
    const first = [...emu.tenant.users.values()][0];
    expect(res.body).toMatchObject({
      tenantId: emu.tenant.tenantId,
      clientId: emu.info.clientId,
      clientSecret: emu.info.clientSecret,
      defaultUserId: first?.id,
      defaultUserPrincipalName: first?.userPrincipalName,
      apiAudience: `api://${emu.info.clientId}`,
      authority: `${TEST_ORIGIN}/${emu.tenant.tenantId}`,
      graphUrl: TEST_ORIGIN,
      tokenEndpoint: `${TEST_ORIGIN}/${emu.tenant.tenantId}/oauth2/v2.0/token`,
    });
  });

  it('POST /_emulator/token mints a user token for this API, by default for the default user', async () => {
    const res = await emulatorRequest(emu, 'POST', '/_emulator/token', { body: '{}' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    const claims = JSON.parse(Buffer.from(res.body.access_token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({
      aud: emu.info.apiAudience,
      oid: emu.info.defaultUserId,
      scp: 'access_as_user',
      idtyp: 'user',
      ver: '1.0',
    });
  });

  it('POST /_emulator/token takes a user (id or UPN), scopes, audience and lifetime', async () => {
    const second = [...emu.tenant.users.values()][1];
    if (!second) throw new Error('the tenant needs two users');
    const body = JSON.stringify({
      userId: second.userPrincipalName.toUpperCase(),
      scopes: ['User.Read'],
      audience: 'graph',
      expiresInSeconds: 600,
    });
    const res = await emulatorRequest(emu, 'POST', '/_emulator/token', { body });
    expect(res.status).toBe(200);
    expect(res.body.expires_in).toBe(600);
    const claims = JSON.parse(Buffer.from(res.body.access_token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      oid: second.id,
      scp: 'User.Read',
      upn: second.userPrincipalName,
    });
    expect(claims.exp - claims.iat).toBe(600);
    const me = await graphGet(emu, '/v1.0/me', { token: res.body.access_token });
    expect(me.body.path).toBe(`/users/${second.id}`);
  });

  it('POST /_emulator/token with kind app mints an app-only token for this API, as Entra ID issues one to that client', async () => {
    const appId = '6f1c2a7e-93b4-4d0e-8a51-2c3d4e5f6a7b';
    const res = await emulatorRequest(emu, 'POST', '/_emulator/token', {
      body: JSON.stringify({ kind: 'app', appId, roles: ['Gateway.Access', 'Reports.Read'] }),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    const claims = JSON.parse(Buffer.from(res.body.access_token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({
      aud: emu.info.apiAudience,
      appid: appId,
      idtyp: 'app',
      roles: ['Gateway.Access', 'Reports.Read'],
      ver: '1.0',
    });
    expect(claims).not.toHaveProperty('scp');
    expect(claims.oid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(claims.sub).toBe(claims.oid);
  });

  it('POST /_emulator/token with kind app defaults to the gateway app with the API role, and omits roles when given none', async () => {
    const byDefault = await emulatorRequest(emu, 'POST', '/_emulator/token', { body: '{"kind":"app"}' });
    const claims = JSON.parse(Buffer.from(byDefault.body.access_token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({
      aud: emu.info.apiAudience,
      appid: emu.info.clientId,
      roles: ['Gateway.Access'],
      idtyp: 'app',
    });
    const roleless = await emulatorRequest(emu, 'POST', '/_emulator/token', { body: '{"kind":"app","roles":[]}' });
    expect(
      JSON.parse(Buffer.from(roleless.body.access_token.split('.')[1], 'base64url').toString()),
    ).not.toHaveProperty('roles');
    const bad = await emulatorRequest(emu, 'POST', '/_emulator/token', {
      body: '{"kind":"app","appId":"not-a-guid","userId":"x"}',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^Invalid token request: /);
    expect(bad.body.error.message).toContain('appId');
    expect(bad.body.error.message).toContain('userId');
  });

  it('gives user tokens a pairwise sub that differs from oid', async () => {
    const res = await emulatorRequest(emu, 'POST', '/_emulator/token', { body: '{"kind":"user"}' });
    const claims = JSON.parse(Buffer.from(res.body.access_token.split('.')[1], 'base64url').toString());
    expect(claims.oid).toBe(emu.info.defaultUserId);
    expect(claims.sub).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('POST /_emulator/token refuses unknown users and bad fields with clear messages', async () => {
    const unknown = await emulatorRequest(emu, 'POST', '/_emulator/token', { body: '{"userId":"nobody@contoso.com"}' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe("No user 'nobody@contoso.com' in the emulated tenant.");
    const bad = await emulatorRequest(emu, 'POST', '/_emulator/token', { body: '{"audience":"other","colour":1}' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^Invalid token request: /);
    expect(bad.body.error.message).toContain('audience');
    expect(bad.body.error.message).toContain('colour');
    const notJson = await emulatorRequest(emu, 'POST', '/_emulator/token', { body: '{' });
    expect(notJson.status).toBe(400);
  });

  it('GET /_emulator/stats counts Graph requests by path; POST /_emulator/reset zeroes them', async () => {
    await graphGet(emu, '/v1.0/users');
    await graphGet(emu, '/v1.0/users');
    await graphGet(emu, "/beta/users('a@b.c')");
    await emulatorRequest(emu, 'GET', '/_emulator/info');
    const stats = await emulatorRequest(emu, 'GET', '/_emulator/stats');
    expect(stats.body).toEqual({
      httpRequests: 3,
      batchRequests: 0,
      subRequests: 0,
      tokenRequests: 0,
      byPath: { 'GET /users': 2, 'GET /users/a@b.c': 1 },
    });
    const reset = await emulatorRequest(emu, 'POST', '/_emulator/reset');
    expect(reset.status).toBe(200);
    expect(emu.stats()).toEqual({ httpRequests: 0, batchRequests: 0, subRequests: 0, tokenRequests: 0, byPath: {} });
  });

  it('answers 404 with the list of endpoints for an unknown control path', async () => {
    const res = await emulatorRequest(emu, 'GET', '/_emulator/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('GET /_emulator/info');
  });
});

describe('emulator.fetch as a stand-in for the global fetch', () => {
  it('takes a URL string with init, and logs the string target as written', async () => {
    const emu = createTestEmulator({ users: 5, routes: echoRoutes });
    const url = `${TEST_ORIGIN}/v1.0/users?$filter=displayName eq 'O''Neil'`;
    const res = await emu.fetch(url, { headers: { Authorization: `Bearer ${emu.mintAppToken()}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { echo: { query: Record<string, string> } };
    expect(body.echo.query).toEqual({ $filter: "displayName eq 'O''Neil'" });
    expect(emu.requestLog.lines()).toEqual(["GET /v1.0/users?$filter=displayName eq 'O''Neil'"]);
  });

  it('answers 400 instead of throwing for a URL it cannot parse', async () => {
    const emu = createTestEmulator({ users: 5, routes: echoRoutes });
    const res = await emu.fetch('not a url');
    expect(res.status).toBe(400);
  });
});
