/**
 * Relationships of an entity whose id is known before the entity is read (`user(id:)`, `me`,
 * references) join the entity's wave; an unused prefetch never shows on the response.
 */
import { graphStats, oneBatchedWave, useGateway } from '../kit';

const gw = useGateway({ users: 60 });

const UNKNOWN_USER = '00000000-0000-4000-8000-000000000000';

function someUserWithManagerAndGroups() {
  const { tenant } = gw.emulator;
  const user = [...tenant.users.values()].find(
    (candidate) => tenant.managerOf.has(candidate.id) && (tenant.memberships.get(candidate.id) ?? []).length > 0,
  );
  if (!user) throw new Error('the tenant has no user with a manager and groups');
  return user;
}

describe('relationships read in the wave of their entity', () => {
  it('reads user(id:) with its manager and groups in 1 HTTP request and 1 wave', async () => {
    const user = someUserWithManagerAndGroups();
    const managerId = gw.emulator.tenant.managerOf.get(user.id)!;
    const groups = (
      await gw.rest<{ value: { id: string; displayName: string }[] }>(
        `/users/${user.id}/memberOf/microsoft.graph.group?$select=id,displayName&$top=25`,
      )
    ).value;
    gw.resetTraffic();

    const result = await gw.execute<{ user: unknown }>(
      'query($id: ID!) { user(id: $id) { displayName manager { id } memberOf(first: 25) { nodes { id displayName } } } }',
      { variables: { id: user.id } },
    );

    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      user: {
        displayName: user.displayName,
        manager: { id: managerId },
        memberOf: { nodes: groups.map(({ id, displayName }) => ({ id, displayName })) },
      },
    });
    expect(result.extensions?.graphStats).toEqual(oneBatchedWave(3));
    expect(gw.graphLines()).toEqual([
      'POST /v1.0/$batch',
      `GET /users/${user.id}?$select=id,displayName`,
      `GET /users/${user.id}/manager?$select=id,displayName`,
      `GET /users/${user.id}/memberOf/microsoft.graph.group?$select=id,displayName&$top=25`,
    ]);
  });

  it('reads me with its groups, Planner tasks and To Do lists in one wave through /me/...', async () => {
    gw.resetTraffic();

    const result = await gw.execute<{
      me: {
        id: string;
        memberOf: { nodes: unknown[] };
        plannerTasks: { nodes: unknown[] };
        outlookTaskLists: unknown[];
      };
    }>('{ me { id memberOf { nodes { id } } plannerTasks(first: 5) { nodes { id } } outlookTaskLists { id } } }');

    expect(result.errors).toBeUndefined();
    const me = result.data!.me;
    expect(me.memberOf.nodes.length).toBeGreaterThan(0);
    expect(me.plannerTasks.nodes).toHaveLength(5);
    expect(me.outlookTaskLists.length).toBeGreaterThan(0);
    expect(result.extensions?.graphStats).toEqual(oneBatchedWave(4));
    expect(gw.graphLines()).toEqual([
      'POST /v1.0/$batch',
      'GET /me?$select=id',
      'GET /me/memberOf/microsoft.graph.group?$select=id&$top=25',
      'GET /me/planner/tasks?$select=id&$top=5',
      'GET /me/todo/lists?$select=id&$top=999',
    ]);
  });

  it('answers null for an unknown user(id:) with no error although its prefetched relationships failed', async () => {
    gw.resetTraffic();

    const result = await gw.execute(
      'query($id: ID!) { user(id: $id) { id manager { id } memberOf { nodes { id } } plannerTasks { nodes { id } } } }',
      { variables: { id: UNKNOWN_USER } },
    );

    expect(result).toMatchObject({ data: { user: null } });
    expect(result.errors).toBeUndefined();
    expect(result.extensions?.graphStats).toEqual(oneBatchedWave(4));
  });

  it('resolves 50 user references with their managers in one wave, an unknown one to null', async () => {
    const users = [...gw.emulator.tenant.users.values()].slice(0, 50);
    gw.resetTraffic();

    const result = await gw.execute<{ _entities: Array<{ id: string; manager: { id: string } | null } | null> }>(
      'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { id manager { id } } } }',
      {
        variables: {
          representations: [
            ...users.map(({ id }) => ({ __typename: 'User', id })),
            { __typename: 'User', id: UNKNOWN_USER },
          ],
        },
      },
    );

    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      ...users.map(({ id }) => {
        const managerId = gw.emulator.tenant.managerOf.get(id);
        return { id, manager: managerId ? { id: managerId } : null };
      }),
      null,
    ]);
    // 51 users in 4 `id in (...)` reads of at most 15, and 51 managers: 55 steps, 20 to a $batch.
    expect(result.extensions?.graphStats).toEqual(oneBatchedWave(55, 3));
  });

  it('does not prefetch for a user named by userPrincipalName, whose relationships are read by the id Graph answers', async () => {
    const user = someUserWithManagerAndGroups();
    gw.resetTraffic();

    const result = await gw.execute('query($id: ID!) { user(id: $id) { manager { id } } }', {
      variables: { id: user.userPrincipalName },
    });

    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ user: { manager: { id: gw.emulator.tenant.managerOf.get(user.id) } } });
    expect(result.extensions?.graphStats).toEqual(
      graphStats({ httpRequests: 2, batchRequests: 0, subRequests: 0, waves: 2 }),
    );
  });

  it('prefetches only fields that are included, and under each alias with its own arguments', async () => {
    const user = someUserWithManagerAndGroups();
    gw.resetTraffic();

    const result = await gw.execute(
      `query($id: ID!, $withManager: Boolean!) {
        user(id: $id) { manager @include(if: $withManager) { id } few: memberOf(first: 1) { nodes { id } } ...More }
      }
      fragment More on User { many: memberOf(first: 2) { nodes { id } } }`,
      { variables: { id: user.id, withManager: false } },
    );

    expect(result.errors).toBeUndefined();
    expect(result.extensions?.graphStats).toEqual(oneBatchedWave(3));
    expect(gw.graphLines().filter((line) => line.includes('/manager'))).toEqual([]);
  });
});

describe('plans of groups', () => {
  it('reads no plans for a group that is not a Microsoft 365 group', async () => {
    const { tenant } = gw.emulator;
    const security = [...tenant.groups.values()].find((group) => !(group.groupTypes ?? []).includes('Unified'));
    const unified = [...tenant.groups.values()].find((group) => (group.groupTypes ?? []).includes('Unified'));
    if (!security || !unified) throw new Error('the tenant lacks a security or a Microsoft 365 group');
    gw.resetTraffic();

    const result = await gw.execute<{ a: { plannerPlans: unknown[] }; b: { plannerPlans: unknown[] } }>(
      'query($a: ID!, $b: ID!) { a: group(id: $a) { plannerPlans { id } } b: group(id: $b) { plannerPlans { id } } }',
      { variables: { a: security.id, b: unified.id } },
    );

    expect(result.errors).toBeUndefined();
    expect(result.data?.a).toEqual({ plannerPlans: [] });
    expect(gw.graphLines().filter((line) => line.includes('/planner/plans'))).toEqual([
      `GET /v1.0/groups/${unified.id}/planner/plans?$select=id&$top=999`,
    ]);
    expect(gw.graphLines().map(decodeURIComponent)).toContain(
      `GET /v1.0/groups?$filter=id in ('${security.id}','${unified.id}')&$select=id,groupTypes`,
    );
  });
});
