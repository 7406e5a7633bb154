/**
 * Delta tokens over real HTTP: sealed like cursors, so one caller's token is refused for another
 * (even on the same To Do list), and Graph's next and delta links are followed only when they name
 * the Graph host and the feed's path (only their token is kept).
 */
import { post, startTestGateway, type TestGateway, useGateway } from '../kit';

const KEY_A = 'delta-test-key-a-0123456789abcdef';
const KEY_B = 'delta-test-key-b-0123456789abcdef';

interface TaskDeltaAnswer {
  user: { outlookTaskLists: Array<{ tasksDelta: { nextToken: string; hasMore: boolean } }> };
}

const TASKS_DELTA = `query($userId: ID!, $listId: ID, $token: String) {
  user(id: $userId) { outlookTaskLists(id: $listId) { tasksDelta(token: $token) { nextToken hasMore } } }
}`;

describe("another caller's To Do delta token", () => {
  let gw: TestGateway;
  let url: string;

  beforeAll(async () => {
    gw = await startTestGateway({
      users: 20,
      external: { GRAPH_AUTH_MODE: 'app', GATEWAY_API_KEYS: `${KEY_A},${KEY_B}` },
    });
    url = await gw.listen();
  });
  afterAll(() => gw.close());

  it('is refused on the same list of the same user, before reading the delta', async () => {
    const userId = gw.emulator.info.defaultUserId;
    const lists = (await gw.rest<{ value: Array<{ id: string }> }>(`/users/${userId}/todo/lists`)).value;
    const listId = lists[0]!.id;
    const issued = await post<TaskDeltaAnswer>(
      url,
      { query: TASKS_DELTA, variables: { userId, listId, token: 'latest' } },
      { headers: { 'x-api-key': KEY_A } },
    );
    expect(issued.body.errors).toBeUndefined();
    const token = issued.body.data!.user.outlookTaskLists[0]!.tasksDelta.nextToken;

    const own = await post<TaskDeltaAnswer>(
      url,
      { query: TASKS_DELTA, variables: { userId, listId, token } },
      { headers: { 'x-api-key': KEY_A } },
    );
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data!.user.outlookTaskLists[0]!.tasksDelta.hasMore).toBe(false);

    gw.resetTraffic();
    const borrowed = await post(
      url,
      { query: TASKS_DELTA, variables: { userId, listId, token } },
      { headers: { 'x-api-key': KEY_B } },
    );

    expect(borrowed.body.errors?.map((error) => error.extensions)).toEqual([
      { code: 'BAD_USER_INPUT', argument: 'token' },
    ]);
    expect(gw.graphLines().filter((line) => line.includes('/delta'))).toEqual([]);
  });
});

describe("another user's To Do delta token, on behalf of two users", () => {
  let gw: TestGateway;
  let url: string;

  beforeAll(async () => {
    gw = await startTestGateway({ users: 20, external: { GRAPH_AUTH_MODE: 'on-behalf-of' } });
    url = await gw.listen();
  });
  afterAll(() => gw.close());

  it("is refused on the user's own list", async () => {
    const [alice, bob] = [...gw.emulator.tenant.users.keys()] as [string, string];
    const asUser = (id: string) => ({ authorization: `Bearer ${gw.emulator.mintUserToken(id)}` });
    const query = `query($token: String) {
      me { outlookTaskLists { wellknownListName tasksDelta(token: $token) { nextToken } } }
    }`;
    type Answer = {
      me: { outlookTaskLists: Array<{ wellknownListName: string; tasksDelta: { nextToken: string } }> };
    };
    const issued = await post<Answer>(url, { query, variables: { token: 'latest' } }, { headers: asUser(alice) });
    expect(issued.body.errors).toBeUndefined();
    const alicesToken = issued.body.data!.me.outlookTaskLists.find((list) => list.wellknownListName === 'DEFAULT_LIST')!
      .tasksDelta.nextToken;

    const refused = await post(url, { query, variables: { token: alicesToken } }, { headers: asUser(bob) });

    expect(refused.body.errors?.length).toBeGreaterThan(0);
    expect(new Set(refused.body.errors?.map((error) => JSON.stringify(error.extensions)))).toEqual(
      new Set([JSON.stringify({ code: 'BAD_USER_INPUT', argument: 'token' })]),
    );
    expect(refused.body.data).toEqual({ me: null });
  });
});

describe('links Graph answers a delta call with', () => {
  /** Answers `/users/delta` as if Graph's nextLink pointed at another host. */
  const elsewhere: { host: string | null } = { host: null };
  const gw = useGateway({
    users: 150,
    graphFetch: async (request) => {
      const response = await fetch(request);
      if (elsewhere.host === null || !new URL(request.url).pathname.endsWith('/users/delta')) return response;
      const body = (await response.json()) as Record<string, unknown>;
      const link = new URL(String(body['@odata.nextLink']));
      body['@odata.nextLink'] = `https://${elsewhere.host}${link.pathname}${link.search}`;
      return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
    },
  });

  afterEach(() => {
    elsewhere.host = null;
  });

  it('are refused when they name another host: no token is handed out for them', async () => {
    elsewhere.host = 'graph.attacker.example';

    const result = await gw.execute('{ usersDelta { nextToken hasMore } }');

    expect(result.data).toBeNull();
    expect(result.errors?.map((error) => [error.message, error.extensions?.code])).toEqual([
      ['Microsoft Graph answered /users/delta with a $skiptoken link to another host or path.', 'GRAPH_ERROR'],
    ]);
  });

  it('are followed by their token only, on the path the gateway builds', async () => {
    const first = await gw.execute<{ usersDelta: { nextToken: string; hasMore: boolean } }>(
      '{ usersDelta { nextToken hasMore } }',
    );
    expect(first.data!.usersDelta.hasMore).toBe(true);
    gw.resetTraffic();

    await gw.execute('query($token: String) { usersDelta(token: $token) { hasMore } }', {
      variables: { token: first.data!.usersDelta.nextToken },
    });

    expect(gw.graphLines()).toEqual([expect.stringMatching(/^GET \/v1\.0\/users\/delta\?\$skiptoken=[^&]+$/)]);
  });
});
