/**
 * Bad arguments get BAD_USER_INPUT before Graph is called, and values that reach OData are
 * escaped, never interpreted.
 */
import { post, startTestGateway, type TestGateway } from '../kit';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ users: 20 });
});
beforeEach(() => {
  gw.emulator.resetStats();
  gw.emulator.requestLog.clear();
});
afterAll(async () => {
  await gw.close();
});

function graphRequestLines(): string[] {
  return gw.emulator.requestLog.lines().filter((line) => line.includes('/v1.0/'));
}

describe('page sizes', () => {
  it.each([
    [
      'users(first: 0)',
      '{ users(first: 0) { nodes { id } } }',
      'first must be between 1 and 999 (got 0 on Query.users).',
    ],
    [
      'users(first: 1000)',
      '{ users(first: 1000) { nodes { id } } }',
      'first must be between 1 and 999 (got 1000 on Query.users).',
    ],
    [
      'a nested memberOf(first: 1000)',
      '{ users(first: 5) { nodes { memberOf(first: 1000) { nodes { id } } } } }',
      'first must be between 1 and 999 (got 1000 on User.memberOf).',
    ],
    [
      'first in a fragment on a group',
      '{ group(id: "x") { ...M } } fragment M on Group { members(first: -1) { nodes { id } } }',
      'first must be between 1 and 999 (got -1 on Group.members).',
    ],
  ])('refuses %s with BAD_USER_INPUT and no Graph call', async (_case, query, message) => {
    const result = await gw.execute(query);
    expect(result.errors).toEqual([{ message, extensions: { code: 'BAD_USER_INPUT', argument: 'first' } }]);
    expect(result.data).toBeUndefined();
    expect(gw.emulator.stats().httpRequests).toBe(0);
  });

  it('checks first given through a variable', async () => {
    const result = await gw.execute('query($n: Int) { groups(first: $n) { nodes { id } } }', {
      variables: { n: 1000 },
    });
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(gw.emulator.stats().httpRequests).toBe(0);
  });

  it('answers first: 1000 over HTTP with status 400', async () => {
    const response = await post(await gw.listen(), { query: '{ users(first: 1000) { nodes { id } } }' });
    expect(response.status).toBe(400);
    expect(response.body.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('cursors', () => {
  it('refuses an after value that is not a cursor of this API without calling Graph', async () => {
    const result = await gw.execute('{ users(after: "not-a-cursor!") { nodes { id } } }');
    expect(result.errors).toEqual([
      {
        message: 'after is not a cursor this API issued for this list and caller (not a cursor).',
        locations: [{ line: 1, column: 3 }],
        path: ['users'],
        extensions: { code: 'BAD_USER_INPUT', argument: 'after' },
      },
    ]);
    expect(gw.emulator.stats().httpRequests).toBe(0);
  });

  it('refuses a forged cursor that points at another host without calling it or Graph', async () => {
    const inner = Buffer.from(JSON.stringify({ l: 'https://attacker.example/v1.0/users?$skiptoken=x' })).toString(
      'base64url',
    );
    const forged = Buffer.from(JSON.stringify([inner, 0])).toString('base64url');
    const result = await gw.execute('query($after: String) { users(after: $after) { nodes { id } } }', {
      variables: { after: forged },
    });
    expect(result.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['users'], 'BAD_USER_INPUT'],
    ]);
    expect(gw.emulator.stats().httpRequests).toBe(0);
  });
});

describe('values that reach OData', () => {
  it('escapes quotes in a filter value so it stays one literal', async () => {
    const result = await gw.execute(
      `{ users(filter: { displayName: { eq: "x' or true or displayName eq 'y" } }) { nodes { id } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ users: { nodes: [] } });
    expect(graphRequestLines()).toHaveLength(1);
    const url = graphRequestLines()[0];
    expect(decodeURIComponent(url)).toContain("$filter=displayName eq 'x'' or true or displayName eq ''y'");
  });

  it('refuses an id with a line break or a path segment with BAD_USER_INPUT', async () => {
    const result = await gw.execute('query($a: ID!, $b: ID!) { a: user(id: $a) { id } b: user(id: $b) { id } }', {
      variables: { a: 'x\r\nHost: evil', b: '../groups' },
    });
    expect(result.data).toEqual({ a: null, b: null });
    expect(result.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['a'], 'BAD_USER_INPUT'],
      [['b'], 'BAD_USER_INPUT'],
    ]);
    expect(gw.emulator.stats().httpRequests).toBe(0);
  });
});
