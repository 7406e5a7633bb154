/**
 * The unmodified MSAL confidential client against a listening emulator. MSAL refuses
 * plain-http authorities, so the authority is `https://127.0.0.1:<port>/<tenant>/`, trusted
 * through `knownAuthorities`, with `authorityMetadata` whose endpoints are the emulator's
 * http URLs (graph-api.md §10): MSAL's only request is then the POST to the token endpoint.
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import { createEmulator, type Emulator } from '../src/index';
import { listen, type ListeningEmulator } from '../src/listen';

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('@azure/msal-node against the emulator', () => {
  let emu: Emulator;
  let server: ListeningEmulator;
  let cca: ConfidentialClientApplication;

  beforeAll(async () => {
    emu = createEmulator({ seed: 3, users: 8 });
    server = await listen(emu, { host: '127.0.0.1', port: 0 });
    const info = (await (await fetch(`${server.url}/_emulator/info`)).json()) as {
      tenantId: string;
      clientId: string;
      clientSecret: string;
    };
    const metadata = await (await fetch(`${server.url}/${info.tenantId}/v2.0/.well-known/openid-configuration`)).text();
    cca = new ConfidentialClientApplication({
      auth: {
        clientId: info.clientId,
        clientSecret: info.clientSecret,
        authority: `https://127.0.0.1:${server.port}/${info.tenantId}/`,
        knownAuthorities: [`127.0.0.1:${server.port}`],
        authorityMetadata: metadata,
      },
    });
  });

  afterAll(async () => {
    await server.close();
  });

  it('gets an app-only Graph token with client credentials', async () => {
    const result = await cca.acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
      skipCache: true,
    });
    expect(result).not.toBeNull();
    const claims = claimsOf(result?.accessToken ?? '');
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      idtyp: 'app',
      tid: emu.tenant.tenantId,
      appid: emu.info.clientId,
      ver: '1.0',
    });
    expect(claims.roles).toEqual(emu.info.grantedApplicationPermissions);
    expect(result?.tokenType).toBe('Bearer');

    const users = await fetch(`${server.url}/v1.0/me`, { headers: { Authorization: `Bearer ${result?.accessToken}` } });
    expect(users.status).toBe(400);
    expect(emu.stats().tokenRequests).toBe(1);
  });

  it('exchanges an emulator user token for a delegated Graph token on behalf of that user', async () => {
    const user = [...emu.tenant.users.values()][2];
    if (!user) throw new Error('the tenant needs three users');
    const minted = await fetch(`${server.url}/_emulator/token`, {
      method: 'POST',
      body: JSON.stringify({ userId: user.id }),
    });
    const { access_token: assertion } = (await minted.json()) as { access_token: string };

    const result = await cca.acquireTokenOnBehalfOf({
      oboAssertion: assertion,
      scopes: ['https://graph.microsoft.com/.default'],
      skipCache: true,
    });
    const claims = claimsOf(result?.accessToken ?? '');
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      idtyp: 'user',
      oid: user.id,
      upn: user.userPrincipalName,
      tid: emu.tenant.tenantId,
    });
    expect(String(claims.scp).split(' ')).toEqual([...emu.info.consentedDelegatedPermissions].sort());

    const me = await fetch(`${server.url}/v1.0/me?$select=id`, {
      headers: { Authorization: `Bearer ${result?.accessToken}` },
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { id: string }).id).toBe(user.id);
  });

  it('asks for explicit scopes on behalf of a user and gets just those', async () => {
    const assertion = emu.mintUserToken(emu.info.defaultUserId);
    const result = await cca.acquireTokenOnBehalfOf({
      oboAssertion: assertion,
      scopes: ['https://graph.microsoft.com/User.Read'],
      skipCache: true,
    });
    expect(claimsOf(result?.accessToken ?? '').scp).toBe('User.Read');
  });

  it('surfaces an invalid assertion as an MSAL server error carrying the AADSTS code', async () => {
    const expired = emu.mintUserToken(emu.info.defaultUserId, { expiresInSeconds: -3600 });
    await expect(
      cca.acquireTokenOnBehalfOf({
        oboAssertion: expired,
        scopes: ['https://graph.microsoft.com/.default'],
        skipCache: true,
      }),
    ).rejects.toMatchObject({
      errorCode: 'invalid_grant',
      errorMessage: expect.stringContaining('AADSTS500133'),
    });
  });
});
