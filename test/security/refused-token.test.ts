/**
 * Once Graph refuses an operation's token (401), the operation sends Graph nothing more: the
 * reads not yet sent fail at once with the same UNAUTHENTICATED error. Over real HTTP in
 * passthrough mode, with a Graph token of the right shape whose signature Graph refuses.
 */
import { randomUUID } from 'node:crypto';
import { post, startTestGateway, type TestGateway } from '../kit';

const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id displayName } } }';

let gw: TestGateway;
let url: string;

beforeAll(async () => {
  // One request in flight at a time: the count of requests Graph sees is then exact.
  gw = await startTestGateway({ users: 20, external: { GRAPH_AUTH_MODE: 'passthrough', GRAPH_MAX_CONCURRENCY: '1' } });
  url = await gw.listen();
});

afterAll(async () => {
  await gw.close();
});

/** A Graph token the emulator minted, with its signature's last character changed. */
function refusedToken(): string {
  const user = [...gw.emulator.tenant.users.values()][0];
  const token = gw.emulator.mintUserToken(user.id, { audience: 'graph' });
  return token.slice(0, -2) + (token.at(-2) === 'A' ? 'B' : 'A') + token.at(-1);
}

describe('a token Graph refuses', () => {
  it('costs one Graph request for 400 representations, and every one fails with UNAUTHENTICATED', async () => {
    const representations = Array.from({ length: 400 }, () => ({ __typename: 'User', id: randomUUID() }));
    gw.emulator.resetStats();

    const response = await post(
      url,
      { query: ENTITIES, variables: { r: representations } },
      { headers: { authorization: `Bearer ${refusedToken()}` } },
    );

    const codes = new Set(response.body.errors?.map((error) => error.extensions?.code));
    expect(codes).toEqual(new Set(['UNAUTHENTICATED']));
    expect(response.body.errors?.length).toBeGreaterThan(1);
    expect(gw.emulator.stats().httpRequests).toBe(1);
  });
});
