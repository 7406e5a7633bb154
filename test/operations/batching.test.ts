/**
 * What an operation costs in Graph requests, counted by the emulator (reset before each
 * operation) and reported in `extensions.graphStats`.
 */
import { graphStats, useGateway } from '../kit';

const gw = useGateway({ users: 60 });

function graphStatsOf(result: { extensions?: Record<string, unknown> }) {
  return result.extensions?.graphStats;
}

describe('Graph requests per operation', () => {
  it('reads 50 users and their groups with 1 list request and ceil(50/20) = 3 batches, in 2 waves', async () => {
    gw.emulator.resetStats();
    const result = await gw.execute<{ users: { nodes: { memberOf: { nodes: { displayName: string }[] } }[] } }>(
      '{ users(first: 50) { nodes { memberOf { nodes { displayName } } } } }',
    );

    expect(result.errors).toBeUndefined();
    expect(result.data?.users.nodes).toHaveLength(50);
    const stats = gw.emulator.stats();
    expect({
      httpRequests: stats.httpRequests,
      batchRequests: stats.batchRequests,
      subRequests: stats.subRequests,
    }).toEqual({
      httpRequests: 4,
      batchRequests: 3,
      subRequests: 50,
    });
    expect(stats.byPath['GET /users']).toBe(1);
    expect(graphStatsOf(result)).toEqual(graphStats({ httpRequests: 4, batchRequests: 3, subRequests: 50, waves: 2 }));
  });

  it('sends only $select=id for users { nodes { id } }', async () => {
    gw.emulator.resetStats();
    gw.emulator.requestLog.clear();
    const result = await gw.execute('{ users { nodes { id } } }');

    expect(result.errors).toBeUndefined();
    const stats = gw.emulator.stats();
    expect({ httpRequests: stats.httpRequests, byPath: stats.byPath }).toEqual({
      httpRequests: 1,
      byPath: { 'GET /users': 1 },
    });
    expect(gw.emulator.requestLog.lines().filter((line) => line.includes('/v1.0/'))).toEqual([
      'GET /v1.0/users?$select=id&$top=100',
    ]);
  });

  it('fetches the same user once however often the operation reaches it', async () => {
    const someone = [...gw.emulator.tenant.users.values()][7];
    gw.emulator.resetStats();
    const result = await gw.execute(
      `query($id: ID!, $representations: [_Any!]!) {
        a: user(id: $id) { displayName }
        b: user(id: $id) { displayName mail }
        _entities(representations: $representations) { ... on User { id displayName } }
      }`,
      {
        variables: {
          id: someone.id,
          representations: [
            { __typename: 'User', id: someone.id },
            { __typename: 'User', id: someone.id },
          ],
        },
      },
    );

    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      a: { displayName: someone.displayName },
      b: { displayName: someone.displayName, mail: someone.mail ?? null },
      _entities: [
        { id: someone.id, displayName: someone.displayName },
        { id: someone.id, displayName: someone.displayName },
      ],
    });
    expect(gw.emulator.stats().byPath).toEqual({ [`GET /users/${someone.id}`]: 1 });
    expect(graphStatsOf(result)).toEqual(graphStats({ httpRequests: 1, batchRequests: 0, subRequests: 0, waves: 1 }));
  });

  it('reads a group with its members in one wave (the id is known before the group is read), then each member user’s manager, sending each distinct read once', async () => {
    const group = [...gw.emulator.tenant.groups.values()].find(
      (candidate) => (gw.emulator.tenant.membersOf.get(candidate.id) ?? []).length >= 3,
    );
    if (!group) throw new Error('the tenant has no group with 3 members');
    const memberIds = gw.emulator.tenant.membersOf.get(group.id) ?? [];
    const userMembers = memberIds.filter((id) => gw.emulator.tenant.directoryObjects.get(id)?.kind === 'user');

    gw.emulator.resetStats();
    const result = await gw.execute(
      'query($id: ID!) { group(id: $id) { displayName members(first: 100) { nodes { id ... on User { manager { id } } } } } }',
      { variables: { id: group.id } },
    );

    expect(result.errors).toBeUndefined();
    const stats = gw.emulator.stats();
    const managerReads = Object.entries(stats.byPath).filter(([path]) => path.endsWith('/manager'));
    expect(managerReads.map(([, count]) => count)).toEqual(userMembers.map(() => 1));
    expect(graphStatsOf(result)).toMatchObject({
      waves: 2,
      retries: 0,
      subRequests: stats.subRequests,
      httpRequests: stats.httpRequests,
    });
  });
});
