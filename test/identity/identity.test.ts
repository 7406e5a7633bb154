/**
 * Identity isolation and secrecy: in on-behalf-of mode two users querying at the same time each
 * see only their own data; app mode refuses bad bearers and unknown API keys; no token, secret,
 * assertion or API key ever reaches the log or an error.
 */
import { createEmulator } from '@msgraph-graphql/emulator';
import { startAppModeGateway, TEST_API_KEY as API_KEY, type TestGateway } from '../kit';

function firstUserId(gw: TestGateway): string {
  return gw.emulator.info.defaultUserId;
}

const ME_AND_LISTS = '{ me { id userPrincipalName outlookTaskLists { id displayName } } }';

describe('on-behalf-of with two users at once', () => {
  let gw: TestGateway;
  let logLines: string[];
  beforeAll(async () => {
    gw = await startAppModeGateway({
      external: { GRAPH_AUTH_MODE: 'on-behalf-of', GATEWAY_API_KEYS: '' },
      logLevel: 'debug',
    });
    logLines = gw.log;
  });
  afterAll(() => gw.close());

  function usersWithLists(): Array<{ id: string; userPrincipalName: string }> {
    return [...gw.emulator.tenant.users.values()]
      .slice(0, 12)
      .map((user) => ({ id: user.id, userPrincipalName: user.userPrincipalName }));
  }

  it('never shows one user the other’s profile or To Do lists, over many interleaved requests', async () => {
    const [alice, bob] = usersWithLists();
    const tokens = { alice: gw.emulator.mintUserToken(alice.id), bob: gw.emulator.mintUserToken(bob.id) };
    const expectedLists = {
      alice: (await gw.post(ME_AND_LISTS, { headers: { authorization: `Bearer ${tokens.alice}` } })).body.data,
      bob: (await gw.post(ME_AND_LISTS, { headers: { authorization: `Bearer ${tokens.bob}` } })).body.data,
    };
    expect(expectedLists.alice).not.toEqual(expectedLists.bob);
    expect((expectedLists.alice as { me: { id: string } }).me.id).toBe(alice.id);
    expect((expectedLists.bob as { me: { id: string } }).me.id).toBe(bob.id);

    const rounds = Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0 ? (['alice', 'bob'] as const) : (['bob', 'alice'] as const),
    );
    const answers = await Promise.all(
      rounds.flat().map(async (who) => ({
        who,
        body: (await gw.post(ME_AND_LISTS, { headers: { authorization: `Bearer ${tokens[who]}` } })).body,
      })),
    );
    for (const { who, body } of answers) {
      expect(body.errors).toBeUndefined();
      expect(body.data).toEqual(expectedLists[who]);
    }
  });

  it('keys delegated tokens per identity: one token exchange per user, however many requests', async () => {
    const [, , carol, dave] = usersWithLists();
    gw.emulator.resetStats();
    const tokens = [gw.emulator.mintUserToken(carol.id), gw.emulator.mintUserToken(dave.id)];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        gw.post('{ me { id } }', { headers: { authorization: `Bearer ${tokens[i % 2]}` } }),
      ),
    );
    expect(gw.emulator.stats().tokenRequests).toBe(2);
  });

  it('writes no token, assertion or secret to the log', async () => {
    const [, , , , erin] = usersWithLists();
    const token = gw.emulator.mintUserToken(erin.id);
    await gw.post('{ me { id } }', { headers: { authorization: `Bearer ${token}` } });
    const expired = gw.emulator.mintUserToken(erin.id, { expiresInSeconds: -60 });
    const refused = await gw.post('{ me { id } }', { headers: { authorization: `Bearer ${expired}` } });
    expect(refused.status).toBe(401);
    const log = logLines.join('\n');
    expect(logLines.length).toBeGreaterThan(0);
    for (const secret of [token, expired, gw.emulator.info.clientSecret, token.split('.')[2], expired.split('.')[1]]) {
      expect(log).not.toContain(secret);
      expect(JSON.stringify(refused.body)).not.toContain(secret);
    }
    // No JWT of any kind (header.payload.signature, base64url of '{"').
    expect(log).not.toMatch(/eyJ[A-Za-z0-9_-]+\.eyJ/);
  });
});

describe('app mode caller authentication', () => {
  let gw: TestGateway;
  let logLines: string[];
  const stderr: string[] = [];
  let restore: () => void;
  beforeAll(async () => {
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    restore = () => {
      process.stderr.write = write;
    };
    gw = await startAppModeGateway({ logLevel: 'debug' });
    logLines = gw.log;
  });
  afterAll(async () => {
    restore();
    await gw.close();
  });

  const query = '{ users(first: 1) { nodes { id } } }';
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('serves a valid API key and a valid bearer for this API', async () => {
    expect((await gw.post(query)).body.errors).toBeUndefined();
    expect(
      (await gw.post(query, { headers: bearer(gw.emulator.mintUserToken(firstUserId(gw))) })).body.errors,
    ).toBeUndefined();
  });

  it.each([
    [
      'an expired bearer',
      (g: TestGateway) => bearer(g.emulator.mintUserToken(firstUserId(g), { expiresInSeconds: -60 })),
      /expired/,
    ],
    [
      'a bearer for another audience',
      (g: TestGateway) => bearer(g.emulator.mintUserToken(firstUserId(g), { aud: 'api://someone-else' })),
      /audience/,
    ],
    [
      'a bearer with a forged signature',
      (g: TestGateway) => {
        const [header, payload, signature] = g.emulator.mintUserToken(firstUserId(g)).split('.');
        return bearer(`${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`);
      },
      /signature|not valid/,
    ],
    [
      'a bearer from another tenant (other issuer and keys)',
      () => {
        const other = createEmulator({ seed: 99, users: 12 });
        return bearer(other.mintUserToken(other.info.defaultUserId));
      },
      /not valid|issuer|signing key|signature/,
    ],
    ['an unknown API key', () => ({ 'x-api-key': 'not-the-key-but-long-enough' }), /does not hold a known API key/],
    ['no credential at all', () => ({}), /Send `Authorization: Bearer <access token>`/],
  ])('refuses %s with 401 UNAUTHENTICATED', async (_name, headersFor, message) => {
    const answer = await gw.post(query, { headers: headersFor(gw) });
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(answer.body.errors?.[0]?.message).toMatch(message);
  });

  it('writes neither the API key, the client secret nor any token to the log or stderr', () => {
    const everything = [...logLines, ...stderr].join('\n');
    expect(everything).not.toContain(API_KEY);
    expect(everything).not.toContain('not-the-key-but-long-enough');
    expect(everything).not.toContain(gw.emulator.info.clientSecret);
    expect(everything).not.toMatch(/eyJ[A-Za-z0-9_-]+\.eyJ/);
  });
});
