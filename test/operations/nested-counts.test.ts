/**
 * `totalCount` on the directory connections nested in users and groups: Graph's `@odata.count`,
 * asked for (`$count=true` + `ConsistencyLevel: eventual`) on the first page only when selected.
 */
import { type GraphCollection, graphStats, oneBatchedWave, useGateway } from '../kit';

const gw = useGateway({ users: 60 });

/** How many items Graph lists at `path` (every page of at most 999 items; these hold fewer). */
async function countAt(path: string): Promise<number> {
  const answer = await gw.rest<GraphCollection<{ id: string }>>(`${path}?$select=id&$count=true&$top=999`);
  expect(answer['@odata.nextLink']).toBeUndefined();
  return answer.value.length;
}

function groupWithMembersAndOwners(minimumMembers: number) {
  const { tenant } = gw.emulator;
  const found = [...tenant.membersOf.entries()].find(
    ([groupId, members]) => members.length >= minimumMembers && (tenant.ownersOf.get(groupId) ?? []).length > 0,
  );
  if (!found) throw new Error(`the tenant has no group with ${minimumMembers} members and an owner`);
  return found[0];
}

function managerWithReports(minimumReports: number) {
  const found = [...gw.emulator.tenant.directReportsOf.entries()].find(
    ([, reports]) => reports.length >= minimumReports,
  );
  if (!found) throw new Error(`the tenant has no manager with ${minimumReports} direct reports`);
  return found[0];
}

describe('totalCount on nested directory connections', () => {
  it("counts the signed-in user's groups on the first page read, in 1 HTTP request and 1 wave", async () => {
    const meId = gw.emulator.info.defaultUserId;
    const groups = await countAt(`/users/${meId}/memberOf/microsoft.graph.group`);
    expect(groups).toBeGreaterThan(1);
    gw.resetTraffic();

    const result = await gw.execute<{ me: { memberOf: { totalCount: number | null; nodes: { id: string }[] } } }>(
      '{ me { memberOf(first: 1) { totalCount nodes { id } } } }',
    );

    expect(result.errors).toBeUndefined();
    expect(result.data?.me.memberOf.totalCount).toBe(groups);
    expect(result.data?.me.memberOf.nodes).toHaveLength(1);
    expect(result.extensions?.graphStats).toEqual(oneBatchedWave(2));
    expect(gw.graphLines()).toEqual([
      'POST /v1.0/$batch',
      'GET /me?$select=id',
      'GET /me/memberOf/microsoft.graph.group?$select=id&$count=true&$top=1',
    ]);
  });

  it("counts a group's members and owners with the group, in 1 HTTP request and 1 wave", async () => {
    const groupId = groupWithMembersAndOwners(3);
    const members = await countAt(`/groups/${groupId}/members`);
    const owners = await countAt(`/groups/${groupId}/owners`);
    gw.resetTraffic();

    const result = await gw.execute<{ group: unknown }>(
      'query($id: ID!) { group(id: $id) { id members(first: 2) { totalCount } owners { totalCount nodes { id } } } }',
      { variables: { id: groupId } },
    );

    expect(result.errors).toBeUndefined();
    expect(result.data?.group).toEqual({
      id: groupId,
      members: { totalCount: members },
      owners: {
        totalCount: owners,
        nodes: (gw.emulator.tenant.ownersOf.get(groupId) ?? []).map(() => ({ id: expect.any(String) })),
      },
    });
    expect(result.extensions?.graphStats).toEqual(oneBatchedWave(3));
    expect(gw.graphLines()).toEqual([
      'POST /v1.0/$batch',
      `GET /groups/${groupId}?$select=id`,
      `GET /groups/${groupId}/members?$select=id&$count=true&$top=2`,
      `GET /groups/${groupId}/owners?$select=id&$count=true&$top=25`,
    ]);
  });

  it('counts direct reports and transitive groups of user(id:) in its wave', async () => {
    const managerId = managerWithReports(2);
    const reports = await countAt(`/users/${managerId}/directReports/microsoft.graph.user`);
    const transitive = await countAt(`/users/${managerId}/transitiveMemberOf/microsoft.graph.group`);
    gw.resetTraffic();

    const result = await gw.execute<{ user: unknown }>(
      'query($id: ID!) { user(id: $id) { directReports(first: 1) { totalCount } transitiveMemberOf { totalCount } } }',
      { variables: { id: managerId } },
    );

    expect(result.errors).toBeUndefined();
    expect(result.data?.user).toEqual({
      directReports: { totalCount: reports },
      transitiveMemberOf: { totalCount: transitive },
    });
    expect(result.extensions?.graphStats).toEqual(oneBatchedWave(3));
    expect(gw.graphLines()).toEqual([
      'POST /v1.0/$batch',
      `GET /users/${managerId}?$select=id`,
      `GET /users/${managerId}/directReports/microsoft.graph.user?$select=id&$count=true&$top=1`,
      `GET /users/${managerId}/transitiveMemberOf/microsoft.graph.group?$select=id&$count=true&$top=25`,
    ]);
  });

  it('counts the connections of listed users, one counted read per user and no more', async () => {
    const users = (await gw.rest<GraphCollection<{ id: string }>>('/users?$select=id&$top=3')).value;
    const expected = await Promise.all(
      users.map(async ({ id }) => ({
        id,
        memberOf: { totalCount: await countAt(`/users/${id}/memberOf/microsoft.graph.group`) },
      })),
    );
    gw.resetTraffic();

    const result = await gw.execute<{ users: unknown }>('{ users(first: 3) { nodes { id memberOf { totalCount } } } }');

    expect(result.errors).toBeUndefined();
    expect(result.data?.users).toEqual({ nodes: expected });
    expect(result.extensions?.graphStats).toEqual(
      graphStats({ httpRequests: 2, batchRequests: 1, subRequests: 3, waves: 2 }),
    );
    expect(gw.graphLines()).toEqual([
      'GET /v1.0/users?$select=id&$top=3',
      'POST /v1.0/$batch',
      ...users.map(({ id }) => `GET /users/${id}/memberOf/microsoft.graph.group?$select=id&$count=true&$top=25`),
    ]);
  });

  it('sends no $count for nested connections whose totalCount is not selected', async () => {
    const groupId = groupWithMembersAndOwners(1);
    gw.resetTraffic();

    const result = await gw.execute<{ me: { memberOf: { totalCount?: number }; directReports: unknown } }>(
      'query($id: ID!) { me { memberOf { nodes { id } } directReports { nodes { id } } } group(id: $id) { members { pageInfo { hasNextPage } } owners { edges { cursor } } } }',
      { variables: { id: groupId } },
    );

    expect(result.errors).toBeUndefined();
    expect(result.extensions?.graphStats).toEqual(oneBatchedWave(6));
    expect(gw.graphLines()).toEqual([
      'POST /v1.0/$batch',
      'GET /me?$select=id',
      'GET /me/memberOf/microsoft.graph.group?$select=id&$top=25',
      'GET /me/directReports/microsoft.graph.user?$select=id&$top=25',
      `GET /groups/${groupId}?$select=id`,
      `GET /groups/${groupId}/members?$select=id&$top=25`,
      `GET /groups/${groupId}/owners?$select=id&$top=25`,
    ]);
  });

  it('reads a relationship selected once with totalCount and once without as one counted read', async () => {
    const meId = gw.emulator.info.defaultUserId;
    const groups = (
      await gw.rest<GraphCollection<{ id: string }>>(`/users/${meId}/memberOf/microsoft.graph.group?$select=id&$top=2`)
    ).value;
    const total = await countAt(`/users/${meId}/memberOf/microsoft.graph.group`);
    gw.resetTraffic();

    const result = await gw.execute<{ me: unknown }>(
      '{ me { listed: memberOf(first: 2) { nodes { id } } counted: memberOf(first: 2) { totalCount } } }',
    );

    expect(result.errors).toBeUndefined();
    expect(result.data?.me).toEqual({
      listed: { nodes: groups.map(({ id }) => ({ id })) },
      counted: { totalCount: total },
    });
    expect(result.extensions?.graphStats).toEqual(oneBatchedWave(2));
    expect(gw.graphLines()).toEqual([
      'POST /v1.0/$batch',
      'GET /me?$select=id',
      'GET /me/memberOf/microsoft.graph.group?$select=id&$count=true&$top=2',
    ]);
  });

  it('counts through a fragment spread and sends no $count for a totalCount under @skip', async () => {
    const meId = gw.emulator.info.defaultUserId;
    const total = await countAt(`/users/${meId}/memberOf/microsoft.graph.group`);
    gw.resetTraffic();

    const result = await gw.execute<{ me: unknown }>(
      '{ me { memberOf(first: 1) { ...counted } transitiveMemberOf(first: 1) { nodes { id } totalCount @skip(if: true) } } } fragment counted on GroupConnection { totalCount }',
    );

    expect(result.errors).toBeUndefined();
    expect(result.data?.me).toEqual({
      memberOf: { totalCount: total },
      transitiveMemberOf: { nodes: [{ id: expect.any(String) }] },
    });
    expect(gw.graphLines()).toEqual([
      'POST /v1.0/$batch',
      'GET /me?$select=id',
      'GET /me/memberOf/microsoft.graph.group?$select=id&$count=true&$top=1',
      'GET /me/transitiveMemberOf/microsoft.graph.group?$select=id&$count=true&$top=1',
    ]);
  });

  it('offers no totalCount on Planner and To Do connections, which Graph cannot count', async () => {
    for (const query of [
      '{ me { plannerTasks { totalCount } } }',
      '{ me { outlookTaskLists { tasks { totalCount } } } }',
    ]) {
      const result = await gw.execute(query);
      expect(result.data).toBeUndefined();
      expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    }
  });
});
