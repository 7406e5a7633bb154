/**
 * Planner (and the brief's nested Planner + To Do query) through the real context factory, as
 * the embedded emulator's default user: the data equals what Graph's REST API holds, and the
 * Graph requests and waves are exact.
 */
import {
  type GraphCollection,
  graphStats,
  oneBatchedWave,
  type RestPlannerTask,
  type RestTodoTask,
  useGateway,
} from '../kit';

interface RestPlan {
  id: string;
  title: string;
  container: { containerId: string };
}
interface RestNamed {
  id: string;
  displayName: string;
}

const gw = useGateway({ users: 40 });
let me: string;
beforeAll(() => {
  me = gw.emulator.info.defaultUserId;
});

const distinct = <T>(values: readonly T[]) => [...new Set(values)];

/** To Do's UTC wall clock (`2024-05-01T08:00:00.0000000`, zone UTC) as the schema's DateTime. */
const utc = (value: RestTodoTask['dueDateTime']) => (value ? new Date(`${value.dateTime}Z`).toISOString() : null);

describe("the brief's nested query over Planner and To Do", () => {
  it('answers with the data the REST API holds, in 3 waves and 3 Graph HTTP requests', async () => {
    const tasks = (await gw.rest<GraphCollection<RestPlannerTask>>(`/users/${me}/planner/tasks`)).value;
    const planIds = distinct(tasks.map((task) => task.planId));
    const plans = new Map(
      await Promise.all(planIds.map(async (id) => [id, await gw.rest<RestPlan>(`/planner/plans/${id}`)] as const)),
    );
    const groupIds = distinct([...plans.values()].map((plan) => plan.container.containerId));
    const groups = new Map(
      await Promise.all(groupIds.map(async (id) => [id, await gw.rest<RestNamed>(`/groups/${id}`)] as const)),
    );
    const assigneeIds = distinct(tasks.flatMap((task) => Object.keys(task.assignments)));
    const users = new Map(
      await Promise.all(assigneeIds.map(async (id) => [id, await gw.rest<RestNamed>(`/users/${id}`)] as const)),
    );
    const lists = (await gw.rest<GraphCollection<RestNamed>>(`/users/${me}/todo/lists`)).value;
    const listTasks = await Promise.all(
      lists.map(
        async (list) =>
          (
            await gw.rest<GraphCollection<RestTodoTask>>(
              `/users/${me}/todo/lists/${list.id}/tasks?$filter=status eq 'notStarted'&$top=25`,
            )
          ).value,
      ),
    );
    gw.resetTraffic();

    const result = await gw.execute(`{
      me {
        plannerTasks { nodes { title plan { title group { displayName } } assignees { displayName } } }
        outlookTaskLists { displayName tasks(status: NOT_STARTED) { nodes { title dueDateTime } } }
      }
    }`);

    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      me: {
        plannerTasks: {
          nodes: tasks.map((task) => {
            const plan = plans.get(task.planId)!;
            return {
              title: task.title,
              plan: { title: plan.title, group: { displayName: groups.get(plan.container.containerId)!.displayName } },
              assignees: Object.keys(task.assignments).map((id) => ({ displayName: users.get(id)!.displayName })),
            };
          }),
        },
        outlookTaskLists: lists.map((list, index) => ({
          displayName: list.displayName,
          tasks: { nodes: listTasks[index].map((task) => ({ title: task.title, dueDateTime: utc(task.dueDateTime) })) },
        })),
      },
    });
    // Wave 1: /me, /me/planner/tasks and /me/todo/lists (no id needed). Wave 2: the plans, the
    // assignees (/me already answered for the signed-in user) in one `id in (...)` read and every
    // list's tasks. Wave 3: the two groups in one `id in (...)` read, a plain GET.
    const assigneeReads = Math.ceil(assigneeIds.filter((id) => id !== me).length / 15);
    const wave2 = planIds.length + assigneeReads + lists.length;
    expect(listTasks.flat().filter((task) => task.dueDateTime).length).toBeGreaterThan(0);
    expect({
      tasks: tasks.length,
      plans: planIds.length,
      assignees: assigneeIds.length,
      lists: lists.length,
      groups: groupIds.length,
    }).toEqual({
      tasks: 12,
      plans: 4,
      assignees: 10,
      lists: 3,
      groups: 2,
    });
    expect(result.extensions?.graphStats).toEqual(
      graphStats({ httpRequests: 3, batchRequests: 2, subRequests: 3 + wave2, waves: 3 }),
    );
    expect(gw.graphLines().slice(0, 4)).toEqual([
      'POST /v1.0/$batch',
      'GET /me?$select=id,displayName',
      'GET /me/planner/tasks?$select=id,title,planId,assignments&$top=25',
      'GET /me/todo/lists?$select=id,displayName&$top=999',
    ]);
  });
});

describe('Planner reads', () => {
  it('reads a task with its plan, bucket, creator, assignees and details in 2 waves: the task, then one $batch', async () => {
    const task = (await gw.rest<GraphCollection<RestPlannerTask>>(`/users/${me}/planner/tasks`)).value.find(
      (candidate) => candidate.bucketId !== null,
    )!;
    const details = await gw.rest<{
      description: string;
      '@odata.etag': string;
      checklist: Record<string, { title: string; isChecked: boolean; orderHint: string }>;
    }>(`/planner/tasks/${task.id}/details`);
    const full = await gw.rest<
      RestPlannerTask & { createdBy: { user: { id: string } }; priority: number; createdDateTime: string }
    >(`/planner/tasks/${task.id}`);
    const bucket = await gw.rest<{ name: string }>(`/planner/buckets/${task.bucketId}`);
    const plan = await gw.rest<RestPlan>(`/planner/plans/${task.planId}`);
    const creator = await gw.rest<RestNamed>(`/users/${full.createdBy.user.id}`);
    gw.resetTraffic();

    const result = await gw.execute(
      `query($id: ID!) {
        plannerTask(id: $id) {
          id etag title percentComplete status priority createdDateTime
          plan { id title } bucket { name } createdBy { displayName } assignees { id }
          details { etag description checklist { title isChecked } }
        }
      }`,
      { variables: { id: task.id } },
    );

    const checklist = Object.values(details.checklist).sort((a, b) => (a.orderHint < b.orderHint ? -1 : 1));
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      plannerTask: {
        id: task.id,
        etag: task['@odata.etag'],
        title: task.title,
        percentComplete: task.percentComplete,
        status: task.percentComplete === 100 ? 'COMPLETED' : task.percentComplete > 0 ? 'IN_PROGRESS' : 'NOT_STARTED',
        priority: full.priority,
        createdDateTime: full.createdDateTime,
        plan: { id: plan.id, title: plan.title },
        bucket: { name: bucket.name },
        createdBy: { displayName: creator.displayName },
        assignees: Object.keys(task.assignments).map((id) => ({ id })),
        details: {
          etag: details['@odata.etag'],
          description: details.description,
          checklist: checklist.map(({ title, isChecked }) => ({ title, isChecked })),
        },
      },
    });
    // Wave 1 holds the task and its details (its id is known before the task is read); wave 2 the
    // plan, the bucket and the distinct users (creator and assignees) in one `id in (...)` read.
    const people = distinct([full.createdBy.user.id, ...Object.keys(task.assignments)]).length;
    expect(people).toBeGreaterThan(1);
    expect(result.extensions?.graphStats).toEqual(
      graphStats({ httpRequests: 2, batchRequests: 2, subRequests: 2 + 2 + 1, waves: 2 }),
    );
    expect(gw.graphLines().slice(0, 2)).toEqual([
      'POST /v1.0/$batch',
      `GET /planner/tasks/${task.id}?$select=id,title,percentComplete,priority,createdDateTime,planId,bucketId,createdBy,assignments`,
    ]);
  });

  it("reads a group's 3 plans with their buckets and tasks in 3 waves, each task's bucket free from the bucket lists", async () => {
    const groupId = [...gw.emulator.tenant.plans.values()]
      .map((plan) => plan.groupId)
      .find(
        (id, _index, all) =>
          all.filter((other) => other === id).length === 3 && (gw.emulator.tenant.membersOf.get(id) ?? []).includes(me),
      )!;
    const plans = (await gw.rest<GraphCollection<RestPlan>>(`/groups/${groupId}/planner/plans`)).value;
    const buckets = await Promise.all(
      plans.map(
        async (plan) =>
          (await gw.rest<GraphCollection<{ id: string; name: string }>>(`/planner/plans/${plan.id}/buckets`)).value,
      ),
    );
    const tasks = await Promise.all(
      plans.map(
        async (plan) => (await gw.rest<GraphCollection<RestPlannerTask>>(`/planner/plans/${plan.id}/tasks`)).value,
      ),
    );
    gw.resetTraffic();

    const result = await gw.execute(
      `query($id: ID!) {
        group(id: $id) {
          plannerPlans { title buckets { name } tasks(first: 50) { nodes { title bucket { name } } } }
        }
      }`,
      { variables: { id: groupId } },
    );

    const bucketName = new Map(buckets.flat().map((bucket) => [bucket.id, bucket.name]));
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      group: {
        plannerPlans: plans.map((plan, index) => ({
          title: plan.title,
          buckets: buckets[index].map((bucket) => ({ name: bucket.name })),
          tasks: {
            nodes: tasks[index].map((task) => ({
              title: task.title,
              bucket: task.bucketId ? { name: bucketName.get(task.bucketId) } : null,
            })),
          },
        })),
      },
    });
    expect(tasks.flat().some((task) => task.bucketId !== null)).toBe(true);
    // Wave 1: the group. Wave 2: its plans. Wave 3: the 3 plans' buckets and tasks (6 steps).
    expect(result.extensions?.graphStats).toEqual(
      graphStats({ httpRequests: 3, batchRequests: 1, subRequests: 6, waves: 3 }),
    );
  });

  it("reads the assignees and creators of a plan's tasks in one wave of distinct user reads, not one request per task", async () => {
    const plans = [...gw.emulator.tenant.plans.values()].filter((plan) =>
      (gw.emulator.tenant.membersOf.get(plan.groupId) ?? []).includes(me),
    );
    const taskCount = (planId: string) =>
      [...gw.emulator.tenant.tasks.values()].filter((task) => task.planId === planId).length;
    const plan = plans.reduce((most, candidate) => (taskCount(candidate.id) > taskCount(most.id) ? candidate : most));
    const tasks = (
      await gw.rest<GraphCollection<RestPlannerTask & { createdBy: { user: { id: string } } }>>(
        `/planner/plans/${plan.id}/tasks`,
      )
    ).value;
    const people = distinct(tasks.flatMap((task) => [task.createdBy.user.id, ...Object.keys(task.assignments)]));
    const names = new Map(
      await Promise.all(
        people.map(async (id) => [id, (await gw.rest<RestNamed>(`/users/${id}`)).displayName] as const),
      ),
    );
    gw.resetTraffic();

    const result = await gw.execute(
      'query($id: ID!) { plannerPlan(id: $id) { tasks(first: 50) { nodes { createdBy { displayName } assignees { displayName } } } } }',
      {
        variables: { id: plan.id },
      },
    );

    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      plannerPlan: {
        tasks: {
          nodes: tasks.map((task) => ({
            createdBy: { displayName: names.get(task.createdBy.user.id) },
            assignees: Object.keys(task.assignments).map((id) => ({ displayName: names.get(id) })),
          })),
        },
      },
    });
    expect(tasks.length).toBeGreaterThanOrEqual(8);
    expect(tasks.reduce((sum, task) => sum + Object.keys(task.assignments).length + 1, 0)).toBeGreaterThan(
      people.length,
    );
    // Wave 1: the plan and its tasks (the plan's id is known before it is read). Wave 2: each
    // distinct person once, 15 to an `id in (...)` read.
    const personReads = Math.ceil(people.length / 15);
    expect(personReads).toBeGreaterThan(1);
    expect(result.extensions?.graphStats).toEqual(
      graphStats({ httpRequests: 2, batchRequests: 2, subRequests: 2 + personReads, waves: 2 }),
    );
  });

  it('pages plannerTasks with first and after, and resolves an unknown task to null', async () => {
    const all = (await gw.rest<GraphCollection<RestPlannerTask>>(`/users/${me}/planner/tasks`)).value.map(
      (task) => task.id,
    );
    const query = `query($after: String) {
      me { plannerTasks(first: 5, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }
      plannerTask(id: "AAAAAAAAAAAAAAAAAAAAAAAAAAAA") { id }
    }`;

    type Tasks = { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page += 1) {
      const result = await gw.execute<{ me: { plannerTasks: Tasks }; plannerTask: null }>(query, {
        variables: { after },
      });
      expect(result.errors).toBeUndefined();
      expect(result.data?.plannerTask).toBeNull();
      const connection: Tasks = result.data!.me.plannerTasks;
      seen.push(...connection.nodes.map((node) => node.id));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }

    expect(seen).toEqual(all);
  });

  it('resolves federation references to plans and tasks in one wave, unknown ids to null', async () => {
    const [task] = (await gw.rest<GraphCollection<RestPlannerTask>>(`/users/${me}/planner/tasks`)).value;
    const plan = await gw.rest<RestPlan>(`/planner/plans/${task.planId}`);
    gw.resetTraffic();

    const result = await gw.execute(
      `query($representations: [_Any!]!) {
        _entities(representations: $representations) {
          ... on PlannerTask { id title }
          ... on PlannerPlan { id title }
        }
      }`,
      {
        variables: {
          representations: [
            { __typename: 'PlannerTask', id: task.id },
            { __typename: 'PlannerPlan', id: plan.id },
            { __typename: 'PlannerTask', id: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
          ],
        },
      },
    );

    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      _entities: [{ id: task.id, title: task.title }, { id: plan.id, title: plan.title }, null],
    });
    expect(result.extensions?.graphStats).toEqual(oneBatchedWave(3));
  });
});

describe('Planner errors', () => {
  it("answers a group's plans the signed-in user may not see with FORBIDDEN and Graph's 403", async () => {
    const outsiderGroup = [...gw.emulator.tenant.plans.values()].find(
      (plan) =>
        !(gw.emulator.tenant.membersOf.get(plan.groupId) ?? []).includes(me) &&
        !(gw.emulator.tenant.ownersOf.get(plan.groupId) ?? []).includes(me),
    )!.groupId;

    const result = await gw.execute('query($id: ID!) { group(id: $id) { displayName plannerPlans { title } } }', {
      variables: { id: outsiderGroup },
    });

    expect(result.data).toEqual({ group: null });
    expect(result.errors).toEqual([
      {
        message: 'You do not have the required permissions to access this item.',
        locations: [{ line: 1, column: 48 }],
        path: ['group', 'plannerPlans'],
        extensions: { code: 'FORBIDDEN', graph: { status: 403, code: '', requestId: expect.any(String) } },
      },
    ]);
  });

  it('refuses first outside 1..999 with BAD_USER_INPUT before any Graph call', async () => {
    gw.resetTraffic();
    const result = await gw.execute('{ me { plannerTasks(first: 1000) { nodes { id } } } }');

    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(gw.emulator.stats().httpRequests).toBe(0);
  });
});

describe('Planner with the gateway’s app-only token', () => {
  const API_KEY = 'planner-tests-key-0123456789abcdef';
  const app = useGateway({ users: 20, external: { GRAPH_AUTH_MODE: 'app', GATEWAY_API_KEYS: API_KEY } });

  it("reads any user's Planner tasks through /users/{id}/planner/tasks", async () => {
    const userId = [...app.emulator.tenant.users.keys()].find((id) =>
      [...app.emulator.tenant.tasks.values()].some((task) => id in (task.assignments ?? {})),
    )!;
    const expected = (await app.rest<GraphCollection<RestPlannerTask>>(`/users/${userId}/planner/tasks`)).value;
    app.emulator.requestLog.clear();

    const result = await app.execute('query($id: ID!) { user(id: $id) { plannerTasks { nodes { id title } } } }', {
      variables: { id: userId },
      headers: { 'x-api-key': API_KEY },
    });

    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      user: { plannerTasks: { nodes: expected.map((task) => ({ id: task.id, title: task.title })) } },
    });
    expect(expected.length).toBeGreaterThan(0);
    // A step of the `$batch` that also reads the user (its tasks join the user's wave).
    expect(app.emulator.requestLog.lines().filter((line) => line.includes('planner'))).toEqual([
      `GET /users/${userId}/planner/tasks?$select=id,title&$top=25`,
    ]);
  });
});
