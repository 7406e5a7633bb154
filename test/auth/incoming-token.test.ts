import crypto from 'node:crypto';
import { AuthConfigurationError, GraphAuthError } from '../../src/auth/errors';
import { createIncomingTokenValidator, type IncomingTokenSettings } from '../../src/auth/incoming-token';
import { createEmulator, type Emulator } from '@msgraph-graphql/emulator';
import { listen, type ListeningEmulator } from '@msgraph-graphql/emulator/listen';

let emulator: Emulator;
let server: ListeningEmulator;

beforeAll(async () => {
  emulator = createEmulator({ seed: 11, users: 8 });
  server = await listen(emulator, { host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await server.close();
});

function validator(overrides: Partial<IncomingTokenSettings> = {}) {
  return createIncomingTokenValidator({
    tenantId: emulator.info.tenantId,
    clientId: emulator.info.clientId,
    authorityHost: server.url,
    ...overrides,
  });
}

async function reason(promise: Promise<unknown>): Promise<string> {
  const failure = await promise.then(
    () => new Error('expected the token to be refused'),
    (error: unknown) => error,
  );
  if (!(failure instanceof GraphAuthError)) throw failure;
  return failure.reason;
}

describe('incoming token validation', () => {
  it('accepts a user token the emulator minted for this API and names the user and app', async () => {
    const token = emulator.mintUserToken(emulator.info.defaultUserId);

    const result = await validator().validate(token);

    expect(result.userId).toBe(emulator.info.defaultUserId);
    expect(result.appId).toBe(emulator.info.clientId);
    expect(result.claims).toMatchObject({ aud: emulator.info.apiAudience, tid: emulator.info.tenantId, idtyp: 'user' });
  });

  it('accepts a token whose audience is the bare client id', async () => {
    const token = emulator.mintUserToken(emulator.info.defaultUserId, { aud: emulator.info.clientId });

    await expect(validator().validate(token)).resolves.toMatchObject({ userId: emulator.info.defaultUserId });
  });

  it('accepts an app-only token for this API without a userId', async () => {
    const token = emulator.mintAppToken({ aud: emulator.info.apiAudience });

    const result = await validator().validate(token);

    expect(result.userId).toBeUndefined();
    expect(result.appId).toBe(emulator.info.clientId);
  });

  it('refuses a token issued for another audience (a Graph token)', async () => {
    const token = emulator.mintUserToken(emulator.info.defaultUserId, { audience: 'graph' });

    await expect(reason(validator().validate(token))).resolves.toBe('invalid_audience');
  });

  it('refuses an expired token', async () => {
    const token = emulator.mintUserToken(emulator.info.defaultUserId, { expiresInSeconds: -600 });

    await expect(reason(validator().validate(token))).resolves.toBe('expired');
  });

  it('refuses a token once the clock passes exp plus the skew', async () => {
    const token = emulator.mintUserToken(emulator.info.defaultUserId);
    const later = validator({ now: () => Date.now() + 2 * 3600 * 1000 });

    await expect(reason(later.validate(token))).resolves.toBe('expired');
  });

  it('refuses a token that is not valid yet', async () => {
    const token = emulator.mintUserToken(emulator.info.defaultUserId);
    const earlier = validator({ now: () => Date.now() - 3600 * 1000 });

    await expect(reason(earlier.validate(token))).resolves.toBe('not_yet_valid');
  });

  it('checks a token’s signature once, yet refuses the same token again once it has expired', async () => {
    let clock = Date.now();
    const checked = validator({ now: () => clock });
    const token = emulator.mintUserToken(emulator.info.defaultUserId);
    const verify = jest.spyOn(crypto, 'verify');
    try {
      await checked.validate(token);
      await checked.validate(token);
      await checked.validate(token);
      expect(verify).toHaveBeenCalledTimes(1);

      clock += 2 * 3600 * 1000;
      await expect(reason(checked.validate(token))).resolves.toBe('expired');
    } finally {
      verify.mockRestore();
    }
  });

  it('refuses a tampered copy of a token whose signature was already checked', async () => {
    const checked = validator();
    const token = emulator.mintUserToken(emulator.info.defaultUserId);
    await checked.validate(token);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const tampered = Buffer.from(JSON.stringify({ ...claims, oid: 'someone-else' })).toString('base64url');

    await expect(reason(checked.validate(`${header}.${tampered}.${signature}`))).resolves.toBe('invalid_signature');
  });

  it('refuses a token whose signature does not match its content', async () => {
    const [header, payload, signature] = emulator.mintUserToken(emulator.info.defaultUserId).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const otherUser = [...emulator.tenant.users.keys()].find((id) => id !== emulator.info.defaultUserId);
    const tampered = Buffer.from(JSON.stringify({ ...claims, oid: otherUser })).toString('base64url');

    await expect(reason(validator().validate(`${header}.${tampered}.${signature}`))).resolves.toBe('invalid_signature');
  });

  it("refuses a token signed by another emulator's key", async () => {
    const stranger = createEmulator({ seed: 11, users: 8 });
    const token = stranger.mintUserToken(stranger.info.defaultUserId);

    const refusal = await reason(validator().validate(token));

    expect(['unknown_key', 'invalid_signature']).toContain(refusal);
  });

  it('refuses a token issued for another tenant', async () => {
    const other = createEmulator({ seed: 12, users: 8 });
    const otherServer = await listen(other, { host: '127.0.0.1', port: 0 });
    try {
      const token = emulator.mintUserToken(emulator.info.defaultUserId);
      const forOtherTenant = validator({
        tenantId: other.info.tenantId,
        clientId: emulator.info.clientId,
        authorityHost: otherServer.url,
      });

      const refusal = await reason(forOtherTenant.validate(token));

      expect(['unknown_key', 'invalid_signature', 'invalid_issuer']).toContain(refusal);
    } finally {
      await otherServer.close();
    }
  });

  it.each([
    ['not a JWT', 'malformed'],
    ['a.b', 'malformed'],
    [
      `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.`,
      'unsupported_algorithm',
    ],
    [
      `${Buffer.from('{"alg":"HS256","kid":"x"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.c2ln`,
      'unsupported_algorithm',
    ],
    [
      `${Buffer.from('{"alg":"RS256","kid":"nope"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.c2ln`,
      'unknown_key',
    ],
  ])('refuses %j as %s', async (token, expected) => {
    await expect(reason(validator().validate(token))).resolves.toBe(expected);
  });

  it('does not echo the token in its error message', async () => {
    const token = emulator.mintUserToken(emulator.info.defaultUserId, { audience: 'graph' });

    const failure = await validator()
      .validate(token)
      .catch((error: unknown) => error);

    expect((failure as Error).message).not.toContain(token.split('.')[1]);
  });

  it('refuses a plain-http authority that is not on a loopback address', () => {
    expect(() => validator({ authorityHost: 'http://login.example.com' })).toThrow(AuthConfigurationError);
  });

  it('refuses every token, failing closed, when the authority cannot be reached', async () => {
    const unreachable = validator({ fetch: async () => Promise.reject(new TypeError('fetch failed')) });

    await expect(reason(unreachable.validate(emulator.mintUserToken(emulator.info.defaultUserId)))).resolves.toBe(
      'validation_unavailable',
    );
  });
});

/** An authority of its own (key, OpenID configuration, JWKS) whose tokens may carry any claims. */
function fakeAuthority() {
  const tenantId = '11111111-2222-4333-8444-555555555555';
  const clientId = '66666666-7777-4888-9999-aaaaaaaaaaaa';
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig' };
  const origin = 'https://login.example.test';
  const fetchFn = async (request: Request): Promise<Response> => {
    if (request.url.endsWith('/openid-configuration')) {
      return Response.json({
        issuer: `${origin}/${tenantId}/v2.0`,
        jwks_uri: `${origin}/${tenantId}/discovery/v2.0/keys`,
        token_endpoint: `${origin}/${tenantId}/oauth2/v2.0/token`,
        authorization_endpoint: `${origin}/${tenantId}/oauth2/v2.0/authorize`,
      });
    }
    return Response.json({ keys: [jwk] });
  };
  const sign = (claims: Record<string, unknown>) => {
    const now = Math.floor(Date.now() / 1000);
    const body = {
      aud: `api://${clientId}`,
      iss: `https://sts.windows.net/${tenantId}/`,
      tid: tenantId,
      oid: 'u',
      sub: 's',
      scp: 'access_as_user',
      iat: now,
      nbf: now,
      exp: now + 3600,
      ...claims,
    };
    const input = `${Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'test-key' })).toString('base64url')}.${Buffer.from(JSON.stringify(body)).toString('base64url')}`;
    return `${input}.${crypto.sign('RSA-SHA256', Buffer.from(input), privateKey).toString('base64url')}`;
  };
  const validate = (token: string) =>
    createIncomingTokenValidator({ tenantId, clientId, authorityHost: origin, fetch: fetchFn }).validate(token);
  return { sign, validate };
}

describe('incoming token lifetime claims', () => {
  const authority = fakeAuthority();
  const now = () => Math.floor(Date.now() / 1000);

  it('accepts a well-formed token of a fake authority', async () => {
    await expect(authority.validate(authority.sign({}))).resolves.toMatchObject({ userId: 'u' });
  });

  it.each([
    ['a non-numeric nbf', () => ({ nbf: 'soon' }), 'invalid_lifetime'],
    ['an exp of 1e308', () => ({ exp: 1e308 }), 'invalid_lifetime'],
    ['an exp more than 24 hours ahead', () => ({ exp: now() + 25 * 3600 }), 'invalid_lifetime'],
    ['an exp that is not a number', () => ({ exp: String(now() + 3600) }), 'invalid_lifetime'],
    ['a non-numeric iat', () => ({ iat: 'yesterday' }), 'invalid_lifetime'],
    ['an iat in the future beyond the clock skew', () => ({ iat: now() + 600 }), 'not_yet_valid'],
  ])('refuses a token with %s', async (_case, claims, expected) => {
    await expect(reason(authority.validate(authority.sign(claims())))).resolves.toBe(expected);
  });

  it('accepts an iat within the clock skew and a token without nbf or iat', async () => {
    await expect(authority.validate(authority.sign({ iat: now() + 30 }))).resolves.toMatchObject({ userId: 'u' });
    await expect(authority.validate(authority.sign({ iat: undefined, nbf: undefined }))).resolves.toMatchObject({
      userId: 'u',
    });
  });
});
