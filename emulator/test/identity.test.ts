import { createPublicKey, createVerify } from 'node:crypto';
import { createTestEmulator, emulatorRequest, graphGet, apiToken, userToken, type Emulator } from '../src/testing';

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

function form(fields: Record<string, string>): { body: string; headers: Record<string, string> } {
  return {
    body: new URLSearchParams(fields).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  };
}

describe('Graph token validation', () => {
  let emu: Emulator;
  beforeAll(() => {
    emu = createTestEmulator({ users: 5 });
  });

  async function rejection(
    token: string | null,
  ): Promise<{ status: number; code: string; message: string; wwwAuthenticate: string | null }> {
    const res = await graphGet(emu, '/v1.0/users', token === null ? { token: 'none' } : { token });
    return {
      status: res.status,
      code: res.body.error.code,
      message: res.body.error.message,
      wwwAuthenticate: res.headers.get('www-authenticate'),
    };
  }

  it('answers 401 "Access token is empty." without an Authorization header', async () => {
    expect(await rejection(null)).toMatchObject({
      status: 401,
      code: 'InvalidAuthenticationToken',
      message: 'Access token is empty.',
    });
  });

  it('answers 401 with a CompactToken parsing error for a token that is not a JWT', async () => {
    for (const token of ['not-a-token', 'a.b', 'eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln']) {
      expect(await rejection(token)).toMatchObject({
        status: 401,
        code: 'InvalidAuthenticationToken',
        message: 'CompactToken parsing failed with error code: 80049217',
      });
    }
  });

  it('answers 401 "Access token validation failure." for a token signed with another key', async () => {
    const other = createTestEmulator({ users: 5 });
    expect(other.tenant.tenantId).toBe(emu.tenant.tenantId);
    expect(await rejection(other.mintAppToken())).toMatchObject({
      status: 401,
      code: 'InvalidAuthenticationToken',
      message: 'Access token validation failure.',
    });
  });

  it('answers 401 "Access token validation failure." for a token whose claims were altered', async () => {
    const [header, , signature] = emu.mintAppToken().split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...claimsOf(emu.mintAppToken()), roles: ['Directory.ReadWrite.All'] }),
    ).toString('base64url');
    expect(await rejection(`${header}.${forged}.${signature}`)).toMatchObject({
      status: 401,
      message: 'Access token validation failure.',
    });
  });

  it('answers 401 "Invalid audience." for a token issued for another resource', async () => {
    expect(await rejection(apiToken(emu))).toMatchObject({
      status: 401,
      code: 'InvalidAuthenticationToken',
      message: 'Access token validation failure. Invalid audience.',
    });
    expect(await rejection(emu.mintAppToken({ aud: 'https://management.azure.com' }))).toMatchObject({
      status: 401,
      message: 'Access token validation failure. Invalid audience.',
    });
  });

  it('answers 401 "the token is expired" beyond the five-minute clock skew', async () => {
    expect(await rejection(emu.mintAppToken({ expiresInSeconds: -301 }))).toMatchObject({
      status: 401,
      code: 'InvalidAuthenticationToken',
      message: 'Lifetime validation failed, the token is expired.',
    });
  });

  it('sends a WWW-Authenticate challenge with 401 answers', async () => {
    expect((await rejection(null)).wwwAuthenticate).toMatch(
      /^Bearer realm="", authorization_uri=".*", client_id="00000003-0000-0000-c000-000000000000"$/,
    );
  });

  it("accepts Graph's app id as the audience too", async () => {
    const res = await graphGet(emu, '/v1.0/me', {
      token: emu.mintUserToken(emu.info.defaultUserId, {
        aud: '00000003-0000-0000-c000-000000000000',
        audience: 'graph',
      }),
    });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(emu.info.defaultUserId);
  });
});

describe('identity platform', () => {
  let emu: Emulator;
  let tokenPath: string;
  beforeAll(() => {
    emu = createTestEmulator({ users: 5 });
    tokenPath = `/${emu.tenant.tenantId}/oauth2/v2.0/token`;
  });

  function clientCredentials(extra: Record<string, string> = {}): { body: string; headers: Record<string, string> } {
    return form({
      grant_type: 'client_credentials',
      client_id: emu.info.clientId,
      client_secret: emu.info.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
      ...extra,
    });
  }

  it('serves the v2.0 OpenID configuration with URLs on the request origin, for the tenant id or domain', async () => {
    for (const tenant of [emu.tenant.tenantId, emu.tenant.domain]) {
      const res = await emulatorRequest(emu, 'GET', `/${tenant}/v2.0/.well-known/openid-configuration`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        issuer: `http://emulator.test/${emu.tenant.tenantId}/v2.0`,
        token_endpoint: `http://emulator.test/${emu.tenant.tenantId}/oauth2/v2.0/token`,
        jwks_uri: `http://emulator.test/${emu.tenant.tenantId}/discovery/v2.0/keys`,
        authorization_endpoint: `http://emulator.test/${emu.tenant.tenantId}/oauth2/v2.0/authorize`,
      });
    }
  });

  it('serves the v1 OpenID configuration whose issuer is the one in Graph tokens', async () => {
    const res = await emulatorRequest(emu, 'GET', `/${emu.tenant.tenantId}/.well-known/openid-configuration`);
    expect(res.body.issuer).toBe(`https://sts.windows.net/${emu.tenant.tenantId}/`);
    expect(claimsOf(emu.mintAppToken()).iss).toBe(res.body.issuer);
  });

  it('publishes a JWKS whose key verifies the tokens it issues', async () => {
    const res = await emulatorRequest(emu, 'GET', `/${emu.tenant.tenantId}/discovery/v2.0/keys`);
    expect(res.status).toBe(200);
    expect(res.body.keys).toHaveLength(1);
    const jwk = res.body.keys[0];
    expect(jwk).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256' });
    const token = emu.mintAppToken();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({
      alg: 'RS256',
      typ: 'JWT',
      kid: jwk.kid,
    });
    const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' });
    expect(
      createVerify('RSA-SHA256').update(`${header}.${payload}`).verify(key, Buffer.from(signature, 'base64url')),
    ).toBe(true);
  });

  it("answers MSAL's instance discovery with the emulator's own host", async () => {
    const authorize = encodeURIComponent(`https://emulator.test/${emu.tenant.tenantId}/oauth2/v2.0/authorize`);
    const res = await emulatorRequest(
      emu,
      'GET',
      `/common/discovery/instance?api-version=1.1&authorization_endpoint=${authorize}`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      tenant_discovery_endpoint: `http://emulator.test/${emu.tenant.tenantId}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: 'emulator.test', preferred_cache: 'emulator.test', aliases: ['emulator.test'] }],
    });
  });

  it('issues an app-only v1 Graph token with the granted roles for client credentials', async () => {
    const res = await emulatorRequest(
      emu,
      'POST',
      tokenPath,
      clientCredentials({ 'x-client-SKU': 'msal.js.node', client_info: '1' }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
    const claims = claimsOf(res.body.access_token);
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      iss: `https://sts.windows.net/${emu.tenant.tenantId}/`,
      tid: emu.tenant.tenantId,
      appid: emu.info.clientId,
      idtyp: 'app',
      ver: '1.0',
      roles: emu.info.grantedApplicationPermissions,
    });
    expect(claims).not.toHaveProperty('scp');
    expect(claims.oid).toBe(claims.sub);
    expect(claims.exp).toBe((claims.iat as number) + 3599);
    expect(claims.roles).toContain('Tasks.ReadWrite.All');
    expect(claims.roles).toContain('User.Read.All');
    expect(emu.stats().tokenRequests).toBe(1);
  });

  it('accepts the client secret through HTTP Basic authentication', async () => {
    const basic = Buffer.from(`${emu.info.clientId}:${encodeURIComponent(emu.info.clientSecret)}`).toString('base64');
    const { body, headers } = form({ grant_type: 'client_credentials', scope: 'https://graph.microsoft.com/.default' });
    const res = await emulatorRequest(emu, 'POST', tokenPath, {
      body,
      headers: { ...headers, Authorization: `Basic ${basic}` },
    });
    expect(res.status).toBe(200);
  });

  it('refuses a wrong client secret with invalid_client and AADSTS7000215', async () => {
    const res = await emulatorRequest(emu, 'POST', tokenPath, clientCredentials({ client_secret: 'wrong' }));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(res.body.error_description).toMatch(/^AADSTS7000215: Invalid client secret provided\./);
    expect(Object.keys(res.body).sort()).toEqual([
      'correlation_id',
      'error',
      'error_codes',
      'error_description',
      'error_uri',
      'timestamp',
      'trace_id',
    ]);
    expect(res.body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/);
  });

  it('echoes the client-request-id as the correlation id of an OAuth error', async () => {
    const { body, headers } = clientCredentials({ client_secret: 'wrong' });
    const res = await emulatorRequest(emu, 'POST', tokenPath, {
      body,
      headers: { ...headers, 'client-request-id': 'corr-1' },
    });
    expect(res.body.correlation_id).toBe('corr-1');
  });

  it('refuses an unknown client id, a missing credential, a bad scope and an unknown grant', async () => {
    const unknownClient = await emulatorRequest(
      emu,
      'POST',
      tokenPath,
      clientCredentials({ client_id: '11111111-1111-1111-1111-111111111111' }),
    );
    expect(unknownClient.body).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
    const noSecret = await emulatorRequest(
      emu,
      'POST',
      tokenPath,
      form({
        grant_type: 'client_credentials',
        client_id: emu.info.clientId,
        scope: 'https://graph.microsoft.com/.default',
      }),
    );
    expect(noSecret.body).toMatchObject({ error: 'invalid_client', error_codes: [7000218] });
    const notDefault = await emulatorRequest(
      emu,
      'POST',
      tokenPath,
      clientCredentials({ scope: 'https://graph.microsoft.com/User.Read.All' }),
    );
    expect(notDefault.body).toMatchObject({ error: 'invalid_scope', error_codes: [1002012] });
    const otherResource = await emulatorRequest(
      emu,
      'POST',
      tokenPath,
      clientCredentials({ scope: 'https://vault.azure.net/.default' }),
    );
    expect(otherResource.body).toMatchObject({ error: 'invalid_resource', error_codes: [500011] });
    const grant = await emulatorRequest(emu, 'POST', tokenPath, clientCredentials({ grant_type: 'password' }));
    expect(grant.body).toMatchObject({ error: 'unsupported_grant_type' });
    const missing = await emulatorRequest(emu, 'POST', tokenPath, form({ client_id: emu.info.clientId }));
    expect(missing.body).toMatchObject({ error: 'invalid_request', error_codes: [900144] });
  });

  it('refuses an unknown tenant with invalid_tenant', async () => {
    const res = await emulatorRequest(emu, 'POST', '/fabrikam.onmicrosoft.com/oauth2/v2.0/token', clientCredentials());
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
  });

  describe('on-behalf-of', () => {
    function obo(
      assertion: string,
      scope = 'https://graph.microsoft.com/.default openid profile offline_access',
    ): { body: string; headers: Record<string, string> } {
      return form({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        client_id: emu.info.clientId,
        client_secret: emu.info.clientSecret,
        assertion,
        scope,
        requested_token_use: 'on_behalf_of',
        client_info: '1',
      });
    }

    it('exchanges a user token for this API for a delegated Graph token with every consented scope', async () => {
      const second = [...emu.tenant.users.values()][1];
      if (!second) throw new Error('the tenant needs two users');
      const res = await emulatorRequest(emu, 'POST', tokenPath, obo(apiToken(emu, second.id)));
      expect(res.status).toBe(200);
      const claims = claimsOf(res.body.access_token);
      expect(claims).toMatchObject({
        aud: 'https://graph.microsoft.com',
        oid: second.id,
        tid: emu.tenant.tenantId,
        idtyp: 'user',
        upn: second.userPrincipalName,
        name: second.displayName,
        appid: emu.info.clientId,
        scp: [...emu.info.consentedDelegatedPermissions].sort().join(' '),
        ver: '1.0',
      });
      expect(claims).not.toHaveProperty('roles');
      expect(res.body.scope.split(' ')).toContain('https://graph.microsoft.com/User.Read');
      const me = await graphGet(emu, '/v1.0/me', { token: res.body.access_token });
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(second.id);
    });

    it('gives exactly the explicit scopes asked for', async () => {
      const res = await emulatorRequest(
        emu,
        'POST',
        tokenPath,
        obo(
          apiToken(emu),
          'https://graph.microsoft.com/User.Read https://graph.microsoft.com/Group.Read.All offline_access',
        ),
      );
      expect(res.status).toBe(200);
      expect(claimsOf(res.body.access_token).scp).toBe('Group.Read.All User.Read');
      expect(res.body.scope).toBe('https://graph.microsoft.com/Group.Read.All https://graph.microsoft.com/User.Read');
    });

    it('echoes the .default it was asked for after the granted permissions, so MSAL finds the token in its cache', async () => {
      const res = await emulatorRequest(emu, 'POST', tokenPath, obo(apiToken(emu)));
      expect(res.status).toBe(200);
      expect(res.body.scope).toBe(
        [...[...emu.info.consentedDelegatedPermissions].sort(), '.default']
          .map((p) => `https://graph.microsoft.com/${p}`)
          .join(' '),
      );
      expect(claimsOf(res.body.access_token).scp).toBe([...emu.info.consentedDelegatedPermissions].sort().join(' '));
    });

    it('accepts an assertion whose audience is the bare client id', async () => {
      const assertion = emu.mintUserToken(emu.info.defaultUserId, { aud: emu.info.clientId });
      expect((await emulatorRequest(emu, 'POST', tokenPath, obo(assertion))).status).toBe(200);
    });

    it('refuses scopes nobody consented to with AADSTS65001', async () => {
      const res = await emulatorRequest(
        emu,
        'POST',
        tokenPath,
        obo(apiToken(emu), 'https://graph.microsoft.com/Mail.Send'),
      );
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'invalid_grant', error_codes: [65001] });
    });

    it('refuses assertions that are not valid user tokens for this API', async () => {
      const cases: Array<[string, number]> = [
        ['garbage', 50027],
        [userToken(emu), 50013], // a Graph token: wrong audience
        [emu.mintUserToken(emu.info.defaultUserId, { expiresInSeconds: -3600 }), 500133],
        [createTestEmulator({ users: 5 }).mintUserToken(emu.info.defaultUserId), 50013], // another key
        [emu.mintAppToken({ audience: 'api' }), 50013], // app-only
      ];
      for (const [assertion, code] of cases) {
        const res = await emulatorRequest(emu, 'POST', tokenPath, obo(assertion));
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ error: 'invalid_grant', error_codes: [code] });
      }
    });

    it('requires requested_token_use=on_behalf_of', async () => {
      const { body, headers } = obo(apiToken(emu));
      const res = await emulatorRequest(emu, 'POST', tokenPath, {
        body: body.replace('requested_token_use=on_behalf_of', ''),
        headers,
      });
      expect(res.body).toMatchObject({ error: 'invalid_request', error_codes: [900144] });
    });
  });
});
