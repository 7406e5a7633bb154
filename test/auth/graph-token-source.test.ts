import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { createGraphTokenSource, graphScope, type GraphTokenSettings } from '../../src/auth/graph-token-source';
import { AuthConfigurationError, GraphAuthError } from '../../src/auth/errors';
import { createEmulator, type Emulator } from '@msgraph-graphql/emulator';
import { listen, type ListeningEmulator } from '@msgraph-graphql/emulator/listen';

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

let emulator: Emulator;
let server: ListeningEmulator;

beforeAll(async () => {
  emulator = createEmulator({ seed: 7, users: 12 });
  server = await listen(emulator, { host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await server.close();
});

function settings(mode: GraphTokenSettings['mode'], overrides: Partial<GraphTokenSettings> = {}): GraphTokenSettings {
  return {
    mode,
    tenantId: emulator.info.tenantId,
    clientId: emulator.info.clientId,
    clientSecret: emulator.info.clientSecret,
    authorityHost: server.url,
    graphUrl: server.url,
    ...overrides,
  };
}

function secondUserId(): string {
  const ids = [...emulator.tenant.users.keys()];
  return ids.find((id) => id !== emulator.info.defaultUserId)!;
}

describe('app mode (client credentials)', () => {
  it('gets an app-only Graph token from a plain-http loopback emulator through MSAL', async () => {
    const source = await createGraphTokenSource(settings('app'));
    const token = await source.forRequest(null)();
    const claims = claimsOf(token);
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      iss: `https://sts.windows.net/${emulator.info.tenantId}/`,
      tid: emulator.info.tenantId,
      appid: emulator.info.clientId,
      idtyp: 'app',
    });
    expect(claims.roles).toEqual(expect.arrayContaining(['User.Read.All', 'Group.Read.All']));
    expect(claims.scp).toBeUndefined();
  });

  it('asks the identity platform once and serves later requests from MSAL cache', async () => {
    const source = await createGraphTokenSource(settings('app'));
    emulator.resetStats();
    const first = await source.forRequest(null)();
    const second = await source.forRequest('ignored-in-app-mode')();
    expect(second).toBe(first);
    expect(emulator.stats().tokenRequests).toBe(1);
  });

  it('fails with GraphAuthError carrying the AADSTS code, not the secret, when the secret is wrong', async () => {
    const source = await createGraphTokenSource(settings('app', { clientSecret: 'not-the-secret' }));
    const failure = await source
      .forRequest(null)()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GraphAuthError);
    expect((failure as GraphAuthError).reason).toBe('invalid_client');
    expect((failure as GraphAuthError).aadstsCode).toMatch(/^AADSTS\d+$/);
    expect((failure as GraphAuthError).message).not.toContain('not-the-secret');
  });

  it('authenticates with a client certificate (PEM holding key and certificate) instead of a secret', async () => {
    const keys = forge.pki.rsa.generateKeyPair(2048);
    const certificate = forge.pki.createCertificate();
    certificate.publicKey = keys.publicKey;
    certificate.serialNumber = '01';
    certificate.validity.notBefore = new Date(Date.now() - 60_000);
    certificate.validity.notAfter = new Date(Date.now() + 3_600_000);
    const subject = [{ name: 'commonName', value: 'msgraph-graphql test' }];
    certificate.setSubject(subject);
    certificate.setIssuer(subject);
    certificate.sign(keys.privateKey, forge.md.sha256.create());
    const directory = await mkdtemp(join(tmpdir(), 'graph-cert-'));
    const path = join(directory, 'app.pem');
    await writeFile(path, forge.pki.privateKeyToPem(keys.privateKey) + forge.pki.certificateToPem(certificate));
    try {
      const source = await createGraphTokenSource(
        settings('app', { clientSecret: undefined, clientCertificatePath: path }),
      );
      const token = await source.forRequest(null)();
      expect(claimsOf(token)).toMatchObject({ idtyp: 'app', appid: emulator.info.clientId });
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('refuses to start without a credential', async () => {
    await expect(createGraphTokenSource(settings('app', { clientSecret: undefined }))).rejects.toThrow(
      AuthConfigurationError,
    );
  });
});

describe('on-behalf-of mode', () => {
  it('exchanges a user token for this API for a delegated Graph token of the same user', async () => {
    const source = await createGraphTokenSource(settings('on-behalf-of'));
    const assertion = emulator.mintUserToken(emulator.info.defaultUserId);
    const claims = claimsOf(await source.forRequest(assertion)());
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      oid: emulator.info.defaultUserId,
      idtyp: 'user',
    });
    expect(typeof claims.scp).toBe('string');
  });

  it("gives two users' assertions two different Graph tokens, each for its own user", async () => {
    const source = await createGraphTokenSource(settings('on-behalf-of'));
    const other = secondUserId();
    const [first, second] = await Promise.all([
      source.forRequest(emulator.mintUserToken(emulator.info.defaultUserId))(),
      source.forRequest(emulator.mintUserToken(other))(),
    ]);
    expect(first).not.toBe(second);
    expect(claimsOf(first).oid).toBe(emulator.info.defaultUserId);
    expect(claimsOf(second).oid).toBe(other);
  });

  it('exchanges one assertion once, also for concurrent requests, and serves later requests from the cache', async () => {
    const source = await createGraphTokenSource(settings('on-behalf-of'));
    const assertion = emulator.mintUserToken(emulator.info.defaultUserId);
    emulator.resetStats();
    const [first, second] = await Promise.all([source.forRequest(assertion)(), source.forRequest(assertion)()]);
    const third = await source.forRequest(assertion)();
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(emulator.stats().tokenRequests).toBe(1);
  });

  it('exchanges each distinct assertion separately', async () => {
    const source = await createGraphTokenSource(settings('on-behalf-of'));
    emulator.resetStats();
    await source.forRequest(emulator.mintUserToken(emulator.info.defaultUserId))();
    await source.forRequest(emulator.mintUserToken(secondUserId()))();
    expect(emulator.stats().tokenRequests).toBe(2);
  });

  it('fails with GraphAuthError invalid_grant, without echoing the assertion, for an invalid assertion', async () => {
    const source = await createGraphTokenSource(settings('on-behalf-of'));
    const assertion = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const failure = await source
      .forRequest(assertion)()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GraphAuthError);
    expect((failure as GraphAuthError).reason).toBe('invalid_grant');
    expect((failure as GraphAuthError).message).not.toContain(assertion);
  });

  it('refuses an assertion issued for Graph instead of this API', async () => {
    const source = await createGraphTokenSource(settings('on-behalf-of'));
    const graphToken = emulator.mintUserToken(emulator.info.defaultUserId, { audience: 'graph' });
    await expect(source.forRequest(graphToken)()).rejects.toMatchObject({
      name: 'GraphAuthError',
      reason: 'invalid_grant',
    });
  });

  it('fails with GraphAuthError missing_token when the request has no bearer', async () => {
    const source = await createGraphTokenSource(settings('on-behalf-of'));
    await expect(source.forRequest(null)()).rejects.toMatchObject({ name: 'GraphAuthError', reason: 'missing_token' });
  });
});

describe('passthrough mode', () => {
  it('forwards the incoming bearer as the Graph token', async () => {
    const source = await createGraphTokenSource(settings('passthrough', { clientSecret: undefined }));
    await expect(source.forRequest('graph-token')()).resolves.toBe('graph-token');
  });

  it('fails with GraphAuthError when there is no incoming bearer', async () => {
    const source = await createGraphTokenSource(settings('passthrough'));
    await expect(source.forRequest(null)()).rejects.toMatchObject({ name: 'GraphAuthError', reason: 'missing_token' });
  });
});

describe('authority and scope', () => {
  it('refuses a plain-http authority that is not on a loopback address', async () => {
    await expect(
      createGraphTokenSource(settings('app', { authorityHost: 'http://login.example.com' })),
    ).rejects.toThrow(/plain http.*loopback/);
  });

  it('asks for the Microsoft Graph resource, also when Graph is a local emulator', () => {
    expect(graphScope('https://graph.microsoft.com')).toBe('https://graph.microsoft.com/.default');
    expect(graphScope('http://127.0.0.1:4001')).toBe('https://graph.microsoft.com/.default');
    expect(graphScope('https://graph.microsoft.us')).toBe('https://graph.microsoft.us/.default');
  });
});
