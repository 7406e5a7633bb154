/**
 * Passthrough forwards the caller's Graph token, but only one that could be a Graph token: a JWT
 * with a numeric, unexpired, sane `exp` and Graph's audience. Anything else is refused with 401
 * before a single Graph call (Graph would answer every one of them 401). Over real HTTP against an
 * emulator listening on its own port.
 */
import { useGateway, type TestGateway } from '../kit';

const ENTITIES =
  'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { id displayName } } }';

function forged(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.${Buffer.from('not-a-signature').toString('base64url')}`;
}

describe('passthrough mode bearer check', () => {
  const gw = useGateway({ users: 40, external: { GRAPH_AUTH_MODE: 'passthrough' }, serve: true });
  let representations: Array<{ __typename: 'User'; id: string }>;
  beforeAll(() => {
    representations = [...gw.emulator.tenant.users.keys()].map((id) => ({ __typename: 'User' as const, id }));
  });
  beforeEach(() => gw.emulator.resetStats());

  it.each([
    ['a bearer that is not a JWT', () => 'abc', 'it is not a JWT'],
    [
      'a JWT whose claims are not JSON',
      () => `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.bm90LWpzb24.c2ln`,
      'it is not a JWT',
    ],
    [
      'an expired Graph token',
      (g: TestGateway) =>
        g.emulator.mintUserToken(g.emulator.info.defaultUserId, { audience: 'graph', expiresInSeconds: -3600 }),
      'it has expired',
    ],
    [
      'a token for this API rather than Graph',
      (g: TestGateway) => g.emulator.mintUserToken(g.emulator.info.defaultUserId),
      'it was issued for another audience, not Microsoft Graph',
    ],
    [
      'a token without exp',
      () => forged({ aud: 'https://graph.microsoft.com' }),
      'its exp claim is missing, not a number of seconds or out of range',
    ],
    [
      'a token with an exp of 1e308',
      () => forged({ aud: 'https://graph.microsoft.com', exp: 1e308 }),
      'its exp claim is missing, not a number of seconds or out of range',
    ],
    [
      'a token with an exp 30 hours ahead',
      () => forged({ aud: 'https://graph.microsoft.com', exp: Math.floor(Date.now() / 1000) + 30 * 3600 }),
      'its exp claim lies more than 28 hours ahead',
    ],
  ])('refuses %s with 401 UNAUTHENTICATED and sends no Graph request', async (_case, tokenFor, reason) => {
    const response = await gw.post(
      { query: ENTITIES, variables: { representations } },
      { headers: { authorization: `Bearer ${tokenFor(gw)}` } },
    );

    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      errors: [
        {
          message: `The bearer token was refused: The access token is not valid: ${reason}.`,
          extensions: { code: 'UNAUTHENTICATED' },
        },
      ],
    });
    expect(gw.emulator.stats().httpRequests).toBe(0);
    expect(gw.emulator.stats().batchRequests).toBe(0);
  });

  it("forwards a Graph token whose audience is Graph's app id", async () => {
    const user = gw.emulator.info.defaultUserId;
    const token = gw.emulator.mintUserToken(user, { audience: 'graph', aud: '00000003-0000-0000-c000-000000000000' });

    const response = await gw.post({ query: '{ me { id } }' }, { headers: { authorization: `Bearer ${token}` } });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { me: { id: user } } });
    expect(gw.emulator.stats().httpRequests).toBe(1);
  });
});
