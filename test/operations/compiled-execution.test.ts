/**
 * Queries run compiled from their second use (execution/compiled-execution.ts): the compiled run
 * answers exactly what graphql-js answered, data, errors and Graph requests alike, and graphql-js
 * still runs what the compiled form would answer differently.
 */
import { sample, useGateway } from '../kit';

const gw = useGateway({ users: 40, serve: true });

async function executions(): Promise<{ compiled: number; graphqlJs: number }> {
  const text = await gw.prepared.gateway.metrics.text();
  return {
    compiled: sample(text, 'graphql_executions_total{engine="compiled"}'),
    graphqlJs: sample(text, 'graphql_executions_total{engine="graphql-js"}'),
  };
}

/** Runs `query` and says how it was executed and which Graph requests it sent. */
async function run(query: string, variables?: Record<string, unknown>) {
  const before = await executions();
  gw.resetTraffic();
  const result = await gw.execute(query, { variables });
  const after = await executions();
  const engine =
    after.compiled === before.compiled + 1 && after.graphqlJs === before.graphqlJs
      ? 'compiled'
      : after.graphqlJs === before.graphqlJs + 1 && after.compiled === before.compiled
        ? 'graphql-js'
        : 'unknown';
  const { graphStats: _stats, ...extensions } = result.extensions ?? {};
  return { engine, data: result.data, errors: result.errors, extensions, graphLines: gw.graphLines() };
}

const NESTED = `query Nested($first: Int!) {
  users(first: $first) {
    totalCount
    nodes {
      id displayName
      manager { id displayName }
      memberOf(first: 5) { nodes { ... on Group { id displayName visibility } } pageInfo { hasNextPage endCursor } }
    }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
  me { displayName plannerTasks(first: 3) { nodes { id title plan { title } } } }
}`;

describe('compiled execution', () => {
  it('runs a query with graphql-js first and compiled from its second use, with the same data and Graph requests', async () => {
    const first = await run(NESTED, { first: 7 });
    const second = await run(NESTED, { first: 7 });
    const third = await run(NESTED, { first: 3 });

    expect([first.engine, second.engine, third.engine]).toEqual(['graphql-js', 'compiled', 'compiled']);
    expect(first.errors).toBeUndefined();
    expect((first.data as { users: { nodes: unknown[] } }).users.nodes).toHaveLength(7);
    expect(second).toEqual({ ...first, engine: 'compiled' });
    expect((third.data as { users: { nodes: unknown[] } }).users.nodes).toHaveLength(3);
  });

  it("answers Graph's errors from a compiled query exactly as graphql-js does: message, path, locations, code", async () => {
    const me = gw.emulator.info.defaultUserId;
    const outsiderGroup = [...gw.emulator.tenant.plans.values()].find(
      (plan) =>
        !(gw.emulator.tenant.membersOf.get(plan.groupId) ?? []).includes(me) &&
        !(gw.emulator.tenant.ownersOf.get(plan.groupId) ?? []).includes(me),
    )!.groupId;
    const query = 'query Plans($id: ID!) { group(id: $id) { displayName plannerPlans { title } } }';

    const first = await run(query, { id: outsiderGroup });
    const second = await run(query, { id: outsiderGroup });

    expect(first.engine).toBe('graphql-js');
    expect(second.engine).toBe('compiled');
    expect(second.data).toEqual({ group: null });
    const withoutRequestIds = (errors: typeof first.errors) =>
      errors?.map((error) => ({
        ...error,
        extensions: { ...error.extensions, graph: { ...(error.extensions?.graph as object), requestId: 'x' } },
      }));
    expect(withoutRequestIds(second.errors)).toEqual([
      {
        message: 'You do not have the required permissions to access this item.',
        locations: [{ line: 1, column: 54 }],
        path: ['group', 'plannerPlans'],
        extensions: { code: 'FORBIDDEN', graph: { status: 403, code: '', requestId: 'x' } },
      },
    ]);
    expect(withoutRequestIds(second.errors)).toEqual(withoutRequestIds(first.errors));
  });

  it('resolves federation references compiled as graphql-js does, a missing one as null', async () => {
    const [user, group] = [[...gw.emulator.tenant.users.keys()][3], [...gw.emulator.tenant.groups.keys()][2]];
    const query = `query Refs($r: [_Any!]!) {
      _entities(representations: $r) { __typename ... on User { id displayName } ... on Group { id displayName } }
    }`;
    const r = [
      { __typename: 'User', id: user },
      { __typename: 'Group', id: group },
      { __typename: 'User', id: '00000000-0000-0000-0000-000000000000' },
    ];

    const first = await run(query, { r });
    const second = await run(query, { r });

    expect([first.engine, second.engine]).toEqual(['graphql-js', 'compiled']);
    expect(second).toEqual({ ...first, engine: 'compiled' });
    expect(second.data).toEqual({
      _entities: [
        { __typename: 'User', id: user, displayName: expect.any(String) },
        { __typename: 'Group', id: group, displayName: expect.any(String) },
        null,
      ],
    });
  });

  it('refuses variables graphql-js refuses with BAD_USER_INPUT also once the query is compiled', async () => {
    const query = 'query Page($first: Int!) { users(first: $first) { nodes { id } } }';
    await run(query, { first: 2 });
    expect((await run(query, { first: 2 })).engine).toBe('compiled');

    const refused = await run(query, { first: 'two' });

    expect(refused.engine).toBe('graphql-js');
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(refused.graphLines).toEqual([]);
  });

  it('runs a query that leaves out a declared variable with graphql-js, which keeps it absent', async () => {
    const query = 'query Maybe($after: String) { users(first: 2, after: $after) { nodes { id } } }';
    const runs = [];
    for (const variables of [undefined, undefined, { after: null }, { after: null }])
      runs.push(await run(query, variables));

    // Only uses with every variable count towards compiling.
    expect(runs.map((one) => one.engine)).toEqual(['graphql-js', 'graphql-js', 'graphql-js', 'compiled']);
    for (const later of runs.slice(1)) expect(later.data).toEqual(runs[0].data);
  });

  it('always runs mutations with graphql-js', async () => {
    const task = (
      await gw.execute<{ me: { plannerTasks: { nodes: Array<{ id: string; etag: string }> } } }>(
        '{ me { plannerTasks(first: 1) { nodes { id etag } } } }',
      )
    ).data!.me.plannerTasks.nodes[0];
    const mutation = `mutation Rename($id: ID!, $etag: String!, $title: String!) {
      updatePlannerTask(input: { id: $id, etag: $etag, title: $title }) { task { id etag title } }
    }`;

    const first = await run(mutation, { id: task.id, etag: task.etag, title: 'First rename' });
    const etag = (first.data as { updatePlannerTask: { task: { etag: string } } }).updatePlannerTask.task.etag;
    const second = await run(mutation, { id: task.id, etag, title: 'Second rename' });

    expect([first.engine, second.engine]).toEqual(['graphql-js', 'graphql-js']);
    expect(second.data).toEqual({
      updatePlannerTask: { task: { id: task.id, etag: expect.any(String), title: 'Second rename' } },
    });
  });

  it("runs a router's request for an inline trace with graphql-js, which records it", async () => {
    const query = '{ me { id displayName } }';
    await gw.post(query);
    await gw.post(query);
    const before = await executions();

    const traced = await gw.post(query, { headers: { 'apollo-federation-include-trace': 'ftv1' } });

    expect(traced.status).toBe(200);
    expect(typeof traced.body.extensions?.ftv1).toBe('string');
    expect(await executions()).toEqual({ ...before, graphqlJs: before.graphqlJs + 1 });
  });
});
