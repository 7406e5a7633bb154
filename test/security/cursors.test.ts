/**
 * Cursors over real HTTP, against a separately listening emulator: a cursor is sealed and bound
 * to the collection, the parent, the caller and the list's filter, so a forged, tampered or
 * borrowed one is refused with BAD_USER_INPUT before any Graph call; only Graph's position is
 * taken from a cursor, so page 2 selects what page 2 asks for.
 */
import { post, startTestGateway, type TestGateway, useGateway } from '../kit';

const KEY_A = 'cursor-test-key-a-0123456789abcdef';
const KEY_B = 'cursor-test-key-b-0123456789abcdef';
const asA = { 'x-api-key': KEY_A };
const asB = { 'x-api-key': KEY_B };

type Connection = {
  nodes: Array<Record<string, unknown>>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};

let gw: TestGateway;
let url: string;

beforeAll(async () => {
  gw = await startTestGateway({
    users: 30,
    external: { GRAPH_AUTH_MODE: 'app', GATEWAY_API_KEYS: `${KEY_A},${KEY_B}` },
  });
  url = await gw.listen();
});

afterAll(async () => {
  await gw.close();
});

async function endCursorOf(query: string, field: string, headers = asA): Promise<string> {
  const response = await post(url, { query }, { headers: headers });
  expect(response.body.errors).toBeUndefined();
  const connection = (response.body.data as Record<string, Connection>)[field];
  expect(connection.pageInfo.endCursor).toEqual(expect.any(String));
  return connection.pageInfo.endCursor as string;
}

/** Runs `query` with `after`, expecting BAD_USER_INPUT on `after` and not one Graph call. */
async function expectRefusedBeforeGraph(query: string, after: string, headers = asA): Promise<void> {
  gw.emulator.resetStats();
  const response = await post(url, { query, variables: { after } }, { headers: headers });
  expect(response.body.errors?.map((error) => error.extensions)).toEqual([
    { code: 'BAD_USER_INPUT', argument: 'after' },
  ]);
  expect(response.body.errors?.[0]?.message).toMatch(/^after is not a cursor /);
  expect(gw.emulator.stats().httpRequests).toBe(0);
}

const USERS_AFTER = 'query($after: String) { users(first: 3, after: $after) { nodes { id } } }';

describe('a cursor is followed only as the API issued it', () => {
  it('refuses a hand-made cursor that would send its own $filter on a property outside the schema, without calling Graph', async () => {
    // The old format: base64url JSON of a Graph link, wrapped once more with an edge offset.
    const link = `${gw.emulatorUrl}/v1.0/users?$select=id&$filter=startswith(mobilePhone,'+1')&$expand=manager&$top=5`;
    const inner = Buffer.from(JSON.stringify({ l: link })).toString('base64url');
    const forged = Buffer.from(JSON.stringify([inner, 0])).toString('base64url');

    await expectRefusedBeforeGraph(USERS_AFTER, forged);
  });

  it('refuses a cursor with one character changed, without calling Graph', async () => {
    const cursor = await endCursorOf('{ users(first: 2) { pageInfo { endCursor } } }', 'users');
    const index = Math.floor(cursor.length / 2);
    const tampered = cursor.slice(0, index) + (cursor[index] === 'A' ? 'B' : 'A') + cursor.slice(index + 1);

    await expectRefusedBeforeGraph(USERS_AFTER, tampered);
  });

  it("refuses another user's memberOf cursor on a user's memberOf, without calling Graph", async () => {
    const groupsOf = new Map<string, number>();
    for (const members of gw.emulator.tenant.membersOf.values()) {
      for (const member of members)
        if (gw.emulator.tenant.users.has(member)) groupsOf.set(member, (groupsOf.get(member) ?? 0) + 1);
    }
    const [owner, other] = [...groupsOf].filter(([, count]) => count > 1).map(([userId]) => userId);
    const memberOf = (id: string) =>
      `query($after: String) { user(id: "${id}") { memberOf(first: 1, after: $after) { nodes { id } pageInfo { endCursor } } } }`;
    const first = await post(url, { query: memberOf(owner) }, { headers: asA });
    const ownersCursor = (first.body.data as { user: { memberOf: Connection } }).user.memberOf.pageInfo
      .endCursor as string;
    expect(ownersCursor).toEqual(expect.any(String));

    gw.emulator.resetStats();
    const response = await post(url, { query: memberOf(other), variables: { after: ownersCursor } }, { headers: asA });

    expect(response.body.errors?.map((error) => [error.path, error.extensions])).toEqual([
      [['user', 'memberOf'], { code: 'BAD_USER_INPUT', argument: 'after' }],
    ]);
    expect(Object.keys(gw.emulator.stats().byPath).filter((path) => path.includes('memberOf'))).toEqual([]);
  });

  it('refuses a cursor of another collection, without calling Graph', async () => {
    const cursor = await endCursorOf('{ users(first: 1) { pageInfo { endCursor } } }', 'users');

    await expectRefusedBeforeGraph(
      'query($after: String) { groups(first: 1, after: $after) { nodes { id } } }',
      cursor,
    );
  });

  it("refuses another caller's cursor, without calling Graph", async () => {
    const cursor = await endCursorOf('{ users(first: 2) { pageInfo { endCursor } } }', 'users', asA);

    await expectRefusedBeforeGraph(USERS_AFTER, cursor, asB);
  });

  it('refuses a cursor of a filtered list on the list without that filter, without calling Graph', async () => {
    const department = [...gw.emulator.tenant.users.values()][0].department as string;
    const cursor = await endCursorOf(
      `{ users(first: 1, filter: { department: { eq: "${department}" } }) { pageInfo { endCursor } } }`,
      'users',
    );

    await expectRefusedBeforeGraph(USERS_AFTER, cursor);
  });
});

describe('page 2 is read as page 2 asks', () => {
  it('selects on page 2 the fields page 2 asks for, not those of the page the cursor came from', async () => {
    const cursor = await endCursorOf('{ users(first: 2) { nodes { id } pageInfo { endCursor } } }', 'users');
    const expected = await gw.rest<{ value: Array<{ id: string; displayName: string; mail: string | null }> }>(
      '/users?$select=id,displayName,mail&$top=4',
    );

    const response = await post(
      url,
      {
        query: 'query($after: String) { users(first: 2, after: $after) { nodes { id displayName mail } } }',
        variables: { after: cursor },
      },
      { headers: asA },
    );

    expect(response.body.errors).toBeUndefined();
    expect((response.body.data as { users: Connection }).users.nodes).toEqual(
      expected.value.slice(2, 4).map(({ id, displayName, mail }) => ({ id, displayName, mail })),
    );
    expect(expected.value.slice(2, 4).every((user) => user.displayName !== null)).toBe(true);
  });

  it('continues from an edge cursor in the middle of a Graph page with the fields and page size asked now', async () => {
    const first = await post(url, { query: '{ users(first: 5) { edges { cursor } } }' }, { headers: asA });
    const edgeCursor = (first.body.data as { users: { edges: Array<{ cursor: string }> } }).users.edges[1].cursor;
    const expected = await gw.rest<{ value: Array<{ id: string; jobTitle: string | null }> }>(
      '/users?$select=id,jobTitle&$top=10',
    );

    const response = await post(
      url,
      {
        query: 'query($after: String) { users(first: 6, after: $after) { nodes { id jobTitle } } }',
        variables: { after: edgeCursor },
      },
      { headers: asA },
    );

    expect(response.body.errors).toBeUndefined();
    expect((response.body.data as { users: Connection }).users.nodes).toEqual(expected.value.slice(2, 8));
  });
});

describe('a cursor from another user under me', () => {
  const embedded = useGateway({ users: 30 });

  it("refuses on me { memberOf } a cursor of another user's memberOf, without reading memberOf", async () => {
    const me = embedded.emulator.info.defaultUserId;
    const counts = new Map<string, number>();
    for (const members of embedded.emulator.tenant.membersOf.values())
      for (const member of members) counts.set(member, (counts.get(member) ?? 0) + 1);
    const other = [...counts].find(([id, count]) => id !== me && count > 1)![0];
    const issued = await embedded.execute<{ user: { memberOf: Connection } }>(
      `{ user(id: "${other}") { memberOf(first: 1) { pageInfo { endCursor } } } }`,
    );
    const after = issued.data!.user.memberOf.pageInfo.endCursor;
    expect(after).toEqual(expect.any(String));
    embedded.emulator.resetStats();

    const result = await embedded.execute(
      'query($after: String) { me { id memberOf(first: 5, after: $after) { nodes { id } } } }',
      { variables: { after } },
    );

    expect(result.errors?.map((error) => [error.path, error.extensions])).toEqual([
      [['me', 'memberOf'], { code: 'BAD_USER_INPUT', argument: 'after' }],
    ]);
    expect(Object.keys(embedded.emulator.stats().byPath).filter((path) => path.includes('memberOf'))).toEqual([]);
  });
});
