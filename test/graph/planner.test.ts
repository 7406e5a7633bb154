import { SIGNED_IN_USER } from '../../src/graph/client';
import { GraphApiError, GraphInputError } from '../../src/graph/errors';
import { createTestEmulator, graphGet, userToken, type Emulator } from '@msgraph-graphql/emulator/testing';
import { clientFor, received, resetTraffic, traffic, USER_SELECT } from '../kit/graph-client';
import { assigneesOf, defaultUserPlan, outsiderOf, tasksAssignedTo, tasksOfPlan } from './planner-fixtures';

let emulator: Emulator;

beforeAll(() => {
  emulator = createTestEmulator({ users: 30 });
});

beforeEach(() => resetTraffic(emulator));

const TASK_SELECT = ['title', 'planId', 'assignments'] as const;
const PLAN_SELECT = ['title', 'container'] as const;

describe('reading Planner tasks', () => {
  it("reads a user's tasks with one GET on /users/{id}/planner/tasks and primes every task's by-id read", async () => {
    const client = clientFor(emulator);
    const userId = emulator.info.defaultUserId;
    const expected = tasksAssignedTo(emulator, userId);

    const page = await client.listUserPlannerTasks(userId, { select: TASK_SELECT, page: { first: 25 } });
    const byId = await Promise.all(page.items.map((task) => client.getPlannerTask(task.id, ['title'])));

    expect(page.items.map((task) => [task.id, task.title, task.planId, task['@odata.etag']])).toEqual(
      expected.map((task) => [task.id, task.title, task.planId, task.etag]),
    );
    expect(page.endCursor).toBeNull();
    expect(byId).toEqual(page.items);
    expect(received(emulator)).toEqual([
      `GET /v1.0/users/${userId}/planner/tasks?$select=id,title,planId,assignments&$top=25`,
    ]);
    // Planner is not the directory service: Graph names no resource units for it.
    expect(client.stats()).toEqual({
      httpRequests: 1,
      batchRequests: 0,
      subRequests: 0,
      retries: 0,
      waves: 1,
      roundTrips: 1,
      resourceUnits: 0,
    });
  });

  it('reads the plans and assignees of 13 tasks as one wave of distinct reads: 6 plans + 15 users in 1 id in (...) read = 7 steps in 1 $batch request', async () => {
    const client = clientFor(emulator);
    const userId = emulator.info.defaultUserId;
    const page = await client.listUserPlannerTasks(userId, { select: TASK_SELECT, page: { first: 25 } });
    resetTraffic(emulator);

    const [plans, assignees] = await Promise.all([
      Promise.all(page.items.map((task) => client.getPlannerPlan(task.planId!, PLAN_SELECT))),
      Promise.all(
        page.items.map((task) =>
          Promise.all(Object.keys(task.assignments ?? {}).map((id) => client.getUser(id, USER_SELECT))),
        ),
      ),
    ]);

    const expected = tasksAssignedTo(emulator, userId);
    expect(page.items).toHaveLength(13);
    expect(plans.map((plan) => plan?.title)).toEqual(
      expected.map((task) => emulator.tenant.plans.get(task.planId!)!.title),
    );
    expect(assignees.map((users) => users.map((user) => user?.displayName))).toEqual(
      expected.map((task) => assigneesOf(task).map((id) => emulator.tenant.users.get(id)!.displayName)),
    );
    expect(new Set(expected.map((task) => task.planId)).size).toBe(6);
    expect(new Set(expected.flatMap(assigneesOf)).size).toBe(15);
    expect(traffic(emulator)).toEqual({ httpRequests: 1, batchRequests: 1, subRequests: 7 });
    // Only the users' read is the directory's: 1 resource unit (`GET /users` 2, `$select` -1).
    expect(client.stats()).toEqual({
      httpRequests: 2,
      batchRequests: 1,
      subRequests: 7,
      retries: 0,
      waves: 2,
      roundTrips: 2,
      resourceUnits: 1,
    });
  });

  it('reads the plans of a group and the buckets of a plan, priming their by-id reads', async () => {
    const client = clientFor(emulator);
    const plan = defaultUserPlan(emulator);

    const plans = await client.listGroupPlannerPlans(plan.groupId, PLAN_SELECT);
    const buckets = await client.listPlannerBuckets(plan.id, ['name', 'planId']);
    const again = await Promise.all([
      client.getPlannerPlan(plan.id, ['title']),
      ...buckets.map((bucket) => client.getPlannerBucket(bucket.id, ['name'])),
    ]);

    const expectedPlans = [...emulator.tenant.plans.values()].filter((candidate) => candidate.groupId === plan.groupId);
    const expectedBuckets = [...emulator.tenant.buckets.values()].filter((bucket) => bucket.planId === plan.id);
    expect(plans.map((item) => [item.id, item.title, item.container?.containerId])).toEqual(
      expectedPlans.map((item) => [item.id, item.title, item.groupId]),
    );
    expect(buckets.map((bucket) => [bucket.id, bucket.name, bucket.planId])).toEqual(
      expectedBuckets.map((bucket) => [bucket.id, bucket.name, plan.id]),
    );
    expect(again.map((item) => item?.id)).toEqual([plan.id, ...expectedBuckets.map((bucket) => bucket.id)]);
    expect(received(emulator)).toEqual([
      `GET /v1.0/groups/${plan.groupId}/planner/plans?$select=id,title,container&$top=999`,
      `GET /v1.0/planner/plans/${plan.id}/buckets?$select=id,name,planId&$top=999`,
    ]);
  });

  it("pages a plan's tasks with first and after although Planner ignores $top", async () => {
    const plan = defaultUserPlan(emulator, 3);
    const expected = tasksOfPlan(emulator, plan.id).map((task) => task.id);

    const first = await clientFor(emulator).listPlannerPlanTasks(plan.id, { select: ['title'], page: { first: 2 } });
    const rest = await clientFor(emulator).listPlannerPlanTasks(plan.id, {
      select: ['title'],
      page: { first: 999, after: first.endCursor },
    });

    expect(first.items.map((task) => task.id)).toEqual(expected.slice(0, 2));
    expect(first.endCursor).not.toBeNull();
    expect(rest.items.map((task) => task.id)).toEqual(expected.slice(2));
    expect(rest.endCursor).toBeNull();
    expect(traffic(emulator)).toEqual({ httpRequests: 2, batchRequests: 0, subRequests: 0 });
  });

  it("reads a bucket's tasks and a task's details", async () => {
    const client = clientFor(emulator);
    const task = [...emulator.tenant.tasks.values()].find(
      (candidate) => candidate.bucketId && candidate.hasDescription,
    )!;
    const details = emulator.tenant.taskDetails.get(task.id)!;

    const [bucketTasks, read] = await Promise.all([
      client.listPlannerBucketTasks(task.bucketId!, { select: ['title', 'bucketId'], page: { first: 50 } }),
      client.getPlannerTaskDetails(task.id, ['description', 'checklist']),
    ]);

    const expectedIds = [...emulator.tenant.tasks.values()]
      .filter((candidate) => candidate.bucketId === task.bucketId)
      .map((candidate) => candidate.id);
    expect(bucketTasks.items.map((item) => item.id)).toEqual(expectedIds);
    expect(read).toEqual({
      '@odata.etag': details.etag,
      id: task.id,
      description: details.description,
      checklist: details.checklist,
    });
    expect(client.stats()).toEqual({
      httpRequests: 1,
      batchRequests: 1,
      subRequests: 2,
      retries: 0,
      waves: 1,
      roundTrips: 1,
      resourceUnits: 0,
    });
  });

  it('answers null for a plan, bucket, task and details Planner does not know (404)', async () => {
    const client = clientFor(emulator);
    const unknown = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAA';

    const answers = await Promise.all([
      client.getPlannerPlan(unknown, ['title']),
      client.getPlannerBucket(unknown, ['name']),
      client.getPlannerTask(unknown, ['title']),
      client.getPlannerTaskDetails(unknown, ['description']),
    ]);

    expect(answers).toEqual([null, null, null, null]);
    expect(traffic(emulator)).toEqual({ httpRequests: 1, batchRequests: 1, subRequests: 4 });
  });

  it("refuses a delegated caller outside the plan's group with Planner's 403", async () => {
    const plan = defaultUserPlan(emulator);
    const outsider = outsiderOf(emulator, plan);
    const token = userToken(emulator, outsider);
    const client = clientFor(emulator, { getToken: async () => token });

    const refused = await client.getPlannerPlan(plan.id, ['title']).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(GraphApiError);
    expect(refused).toMatchObject({
      status: 403,
      code: '',
      message: 'You do not have the required permissions to access this item.',
    });
  });

  it('puts a hostile id into one escaped path segment, and refuses one with a slash before any request', async () => {
    const client = clientFor(emulator);

    const escaped = await client.getPlannerTask("x?$select=y&b='1'#", ['title']);
    const refused = await client.getPlannerPlan('../users', ['title']).catch((error: unknown) => error);

    expect(escaped).toBeNull();
    expect(received(emulator)).toEqual(['GET /v1.0/planner/tasks/x%3F%24select%3Dy%26b%3D%271%27%23?$select=id,title']);
    expect(refused).toBeInstanceOf(GraphInputError);
    expect(refused).toMatchObject({ argument: 'id' });
  });
});

describe('whose tasks: /me or /users/{id}', () => {
  it('uses /me/planner/tasks for the signed-in user once /me has answered, with a delegated token', async () => {
    const token = userToken(emulator);
    const client = clientFor(emulator, { getToken: async () => token, identity: 'user' });
    const me = await client.getMe(['displayName']);

    const page = await client.listUserPlannerTasks(me.id, { select: ['title'], page: { first: 25 } });

    const rest = await graphGet(emulator, '/v1.0/me/planner/tasks?$select=title', { token });
    expect(page.items.map((task) => task.title)).toEqual(rest.body.value.map((task: { title: string }) => task.title));
    expect(received(emulator).slice(0, 2)).toEqual([
      'GET /v1.0/me?$select=id,displayName',
      'GET /v1.0/me/planner/tasks?$select=id,title&$top=25',
    ]);
  });

  it("uses /users/{id} for another user's tasks even with a delegated token, and passes Planner's 403 on", async () => {
    const token = userToken(emulator);
    const client = clientFor(emulator, { getToken: async () => token, identity: 'user' });
    await client.getMe(['displayName']);
    const other = [...emulator.tenant.users.keys()].find((id) => id !== emulator.info.defaultUserId)!;

    const refused = await client
      .listUserPlannerTasks(other, { select: ['title'], page: { first: 5 } })
      .catch((error: unknown) => error);

    expect(refused).toMatchObject({ status: 403, code: '' });
    expect(received(emulator)[1]).toBe(`GET /v1.0/users/${other}/planner/tasks?$select=id,title&$top=5`);
  });

  it('refuses the signed-in user on an app-only client before any request, saying a user must be named', async () => {
    const client = clientFor(emulator, { identity: 'app' });

    const refused = await client
      .listUserPlannerTasks(SIGNED_IN_USER, { select: ['title'], page: { first: 5 } })
      .catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(GraphInputError);
    expect(refused).toMatchObject({ argument: 'userId' });
    expect((refused as Error).message).toMatch(/app-only token/);
    expect(traffic(emulator).httpRequests).toBe(0);
  });
});
