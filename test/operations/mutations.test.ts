/**
 * Planner and To Do mutations change the emulator's tenant as Graph would (read back through its
 * REST API); stale etags are refused with CONFLICT and nothing is lost; invalid input is refused
 * before any Graph call; Graph's 403 and 404 arrive as FORBIDDEN and NOT_FOUND.
 */
import { type GraphCollection, type RestPlannerTask, type RestTodoTask, startTestGateway, useGateway } from '../kit';

interface Payload<T> {
  task: T;
}
interface TaskView {
  id: string;
  etag: string;
  title: string;
  percentComplete: number;
  status: string;
  dueDateTime: string | null;
  completedDateTime: string | null;
  appliedCategories: string[];
  assignees: { id: string }[];
  plan: { id: string };
}

const TASK_FIELDS =
  'id etag title percentComplete status dueDateTime completedDateTime appliedCategories assignees { id } plan { id }';
const UPDATE = `mutation($input: UpdatePlannerTaskInput!) { updatePlannerTask(input: $input) { task { ${TASK_FIELDS} } } }`;

describe('Planner mutations', () => {
  const gw = useGateway({ users: 40 });
  let me: string;
  /** A task of a plan the signed-in user belongs to, fresh from REST. */
  let someTask: () => Promise<RestPlannerTask>;
  beforeAll(() => {
    me = gw.emulator.info.defaultUserId;
    let next = 0;
    someTask = async () => {
      const tasks = (await gw.rest<GraphCollection<RestPlannerTask>>(`/users/${me}/planner/tasks`)).value;
      next += 1;
      return tasks[next % tasks.length];
    };
  });

  it('creates a task with assignees and labels, stored as Graph would, with one POST', async () => {
    const { planId } = await someTask();
    const colleague = [...gw.emulator.tenant.users.keys()].find((id) => id !== me)!;
    gw.emulator.resetStats();

    const result = await gw.execute<{ createPlannerTask: Payload<TaskView> }>(
      `mutation($input: CreatePlannerTaskInput!) { createPlannerTask(input: $input) { task { ${TASK_FIELDS} } } }`,
      {
        variables: {
          input: {
            planId,
            title: 'Book the venue',
            percentComplete: 40,
            dueDateTime: '2026-03-01T17:00:00+01:00',
            assigneeIds: [me, colleague],
            appliedCategories: ['category3'],
          },
        },
      },
    );

    expect(result.errors).toBeUndefined();
    const task = result.data!.createPlannerTask.task;
    const stored = await gw.rest<RestPlannerTask>(`/planner/tasks/${task.id}`);
    expect(task).toEqual({
      id: stored.id,
      etag: stored['@odata.etag'],
      title: 'Book the venue',
      percentComplete: 40,
      status: 'IN_PROGRESS',
      dueDateTime: '2026-03-01T16:00:00Z',
      completedDateTime: null,
      appliedCategories: ['category3'],
      assignees: [{ id: me }, { id: colleague }],
      plan: { id: planId },
    });
    expect(Object.keys(stored.assignments)).toEqual([me, colleague]);
    expect(stored.appliedCategories).toEqual({ category3: true });
    expect(gw.emulator.stats().byPath['POST /planner/tasks']).toBe(1);
  });

  it('updates with the etag the caller read: If-Match, the new representation back, the change stored', async () => {
    const before = await someTask();
    const newcomer = [...gw.emulator.tenant.users.keys()].find((id) => !(id in before.assignments))!;
    const leaving = Object.keys(before.assignments)[0];

    const result = await gw.execute<{ updatePlannerTask: Payload<TaskView> }>(UPDATE, {
      variables: {
        input: {
          id: before.id,
          etag: before['@odata.etag'],
          title: 'Finished',
          percentComplete: 100,
          assignUserIds: [newcomer],
          unassignUserIds: [leaving],
        },
      },
    });

    expect(result.errors).toBeUndefined();
    const stored = await gw.rest<RestPlannerTask>(`/planner/tasks/${before.id}`);
    const task = result.data!.updatePlannerTask.task;
    expect(task).toMatchObject({
      id: before.id,
      etag: stored['@odata.etag'],
      title: 'Finished',
      percentComplete: 100,
      status: 'COMPLETED',
    });
    expect(task.completedDateTime).toBe(stored.completedDateTime);
    expect(stored.completedDateTime).not.toBeNull();
    expect(task.etag > before['@odata.etag']).toBe(true);
    expect(task.assignees.map((user) => user.id).sort()).toEqual(Object.keys(stored.assignments).sort());
    expect(Object.keys(stored.assignments)).toContain(newcomer);
    expect(Object.keys(stored.assignments)).not.toContain(leaving);
  });

  it('refuses a concurrent update made with the old etag with CONFLICT and the current etag, losing nothing', async () => {
    const read = await someTask();
    const first = await gw.execute<{ updatePlannerTask: Payload<TaskView> }>(UPDATE, {
      variables: { input: { id: read.id, etag: read['@odata.etag'], title: 'First writer wins' } },
    });
    expect(first.errors).toBeUndefined();

    const second = await gw.execute(UPDATE, {
      variables: { input: { id: read.id, etag: read['@odata.etag'], title: 'Second writer', percentComplete: 50 } },
    });

    const stored = await gw.rest<RestPlannerTask>(`/planner/tasks/${read.id}`);
    expect(second.data).toEqual({ updatePlannerTask: null });
    expect(second.errors).toEqual([
      {
        message:
          'The attempted changes conflicted with already accepted changes. Read the latest state and resolve differences.',
        locations: [{ line: 1, column: 45 }],
        path: ['updatePlannerTask'],
        extensions: {
          code: 'CONFLICT',
          graph: { status: 412, code: '', requestId: expect.any(String) },
          currentEtag: stored['@odata.etag'],
        },
      },
    ]);
    expect(stored.title).toBe('First writer wins');
    expect(stored.percentComplete).toBe(read.percentComplete);
    expect(stored['@odata.etag']).toBe(first.data!.updatePlannerTask.task.etag);

    const retried = await gw.execute<{ updatePlannerTask: Payload<TaskView> }>(UPDATE, {
      variables: { input: { id: read.id, etag: stored['@odata.etag'], percentComplete: 50 } },
    });
    expect(retried.data!.updatePlannerTask.task).toMatchObject({ title: 'First writer wins', percentComplete: 50 });
  });

  it.each([
    [
      { percentComplete: 150 },
      'percentComplete',
      'percentComplete must be a whole number from 0 to 100 (100 means completed); got 150.',
    ],
    [{ priority: -1 }, 'priority', 'priority must be a whole number from 0 to 10 (0 is the most urgent); got -1.'],
    [{ title: '' }, 'title', 'title must be 1 to 255 characters long (got 0).'],
    [
      { applyCategories: ['red'] },
      'applyCategories',
      "applyCategories takes the plan's labels category1 to category25; 'red' is not one of them.",
    ],
    [
      { assignUserIds: ['ada@contoso.com'] },
      'assignUserIds',
      "assignUserIds takes users' object ids (GUIDs), as Planner keys assignments by them; 'ada@contoso.com' is not one.",
    ],
    [
      { startDateTime: '2026-02-02T00:00:00Z', dueDateTime: '2026-02-01T00:00:00Z' },
      'startDateTime',
      'startDateTime (2026-02-02T00:00:00Z) must not be later than dueDateTime (2026-02-01T00:00:00Z).',
    ],
    [{}, 'input', 'updatePlannerTask needs at least one change besides id and etag.'],
  ])('refuses %j with BAD_USER_INPUT naming %s, before any Graph call', async (change, argument, message) => {
    const task = await someTask();
    gw.emulator.resetStats();

    const result = await gw.execute(UPDATE, {
      variables: { input: { id: task.id, etag: task['@odata.etag'], ...change } },
    });

    expect(result.errors).toEqual([
      expect.objectContaining({ message, extensions: { code: 'BAD_USER_INPUT', argument } }),
    ]);
    expect(gw.emulator.stats().httpRequests).toBe(0);
  });

  it('refuses a task for a plan that does not exist with BAD_USER_INPUT', async () => {
    const result = await gw.execute(
      'mutation { createPlannerTask(input: { planId: "AAAAAAAAAAAAAAAAAAAAAAAAAAAA", title: "x" }) { task { id } } }',
    );

    expect(result.errors).toEqual([
      expect.objectContaining({
        message: "There is no plan with id 'AAAAAAAAAAAAAAAAAAAAAAAAAAAA' (Planner answered 404).",
        extensions: { code: 'BAD_USER_INPUT', argument: 'planId' },
      }),
    ]);
  });

  it('deletes with the etag, after which Graph answers 404 and a second delete is NOT_FOUND', async () => {
    const task = await someTask();
    const mutation = 'mutation($input: DeletePlannerTaskInput!) { deletePlannerTask(input: $input) { id } }';

    const deleted = await gw.execute(mutation, { variables: { input: { id: task.id, etag: task['@odata.etag'] } } });
    const again = await gw.execute(mutation, { variables: { input: { id: task.id, etag: task['@odata.etag'] } } });
    const updateDeleted = await gw.execute(UPDATE, {
      variables: { input: { id: task.id, etag: task['@odata.etag'], title: 'x' } },
    });

    expect(deleted).toMatchObject({ data: { deletePlannerTask: { id: task.id } } });
    await expect(gw.rest(`/planner/tasks/${task.id}`)).rejects.toThrow(/ answered 404: /);
    for (const refused of [again, updateDeleted]) {
      expect(refused.errors).toEqual([
        expect.objectContaining({
          message: 'The requested item is not found.',
          extensions: { code: 'NOT_FOUND', graph: { status: 404, code: '', requestId: expect.any(String) } },
        }),
      ]);
    }
  });
});

describe('Outlook (To Do) mutations for the signed-in user', () => {
  const gw = useGateway({ users: 40 });
  let me: string;
  let listId: string;
  beforeAll(async () => {
    me = gw.emulator.info.defaultUserId;
    listId = (await gw.rest<GraphCollection<{ id: string }>>(`/users/${me}/todo/lists`)).value[0].id;
  });

  const FIELDS = 'id title status importance body { content contentType } dueDateTime completedDateTime list { id }';

  it('creates, completes and deletes a task through /me/todo, each change visible through REST', async () => {
    gw.emulator.requestLog.clear();
    const created = await gw.execute<{ createOutlookTask: Payload<{ id: string }> }>(
      `mutation($input: CreateOutlookTaskInput!) { createOutlookTask(input: $input) { task { ${FIELDS} } } }`,
      {
        variables: {
          input: {
            listId,
            title: 'Renew passport',
            body: 'Photo first',
            importance: 'HIGH',
            dueDateTime: '2026-05-04T11:30:00+02:00',
          },
        },
      },
    );
    expect(created.errors).toBeUndefined();
    const id = created.data!.createOutlookTask.task.id;
    const stored = await gw.rest<RestTodoTask>(`/users/${me}/todo/lists/${listId}/tasks/${id}`);
    expect(created.data!.createOutlookTask.task).toEqual({
      id,
      title: 'Renew passport',
      status: 'NOT_STARTED',
      importance: 'HIGH',
      body: { content: 'Photo first', contentType: 'TEXT' },
      dueDateTime: '2026-05-04T09:30:00.000Z',
      completedDateTime: null,
      list: { id: listId },
    });
    expect(stored).toMatchObject({
      title: 'Renew passport',
      importance: 'high',
      dueDateTime: { dateTime: '2026-05-04T09:30:00.0000000', timeZone: 'UTC' },
    });
    expect(gw.emulator.requestLog.lines().filter((line) => line.startsWith('POST /v1.0/me/todo'))).toHaveLength(1);

    const completed = await gw.execute<{
      updateOutlookTask: Payload<{ status: string; completedDateTime: string | null }>;
    }>(`mutation($input: UpdateOutlookTaskInput!) { updateOutlookTask(input: $input) { task { ${FIELDS} } } }`, {
      variables: { input: { listId, id, status: 'COMPLETED', dueDateTime: null } },
    });
    expect(completed.errors).toBeUndefined();
    const afterUpdate = await gw.rest<RestTodoTask>(`/users/${me}/todo/lists/${listId}/tasks/${id}`);
    expect(afterUpdate.status).toBe('completed');
    expect(afterUpdate.dueDateTime).toBeUndefined();
    expect(completed.data!.updateOutlookTask.task).toMatchObject({
      status: 'COMPLETED',
      dueDateTime: null,
      completedDateTime: new Date(`${afterUpdate.completedDateTime!.dateTime}Z`).toISOString(),
    });

    const mutation = 'mutation($input: DeleteOutlookTaskInput!) { deleteOutlookTask(input: $input) { id } }';
    const deleted = await gw.execute(mutation, { variables: { input: { listId, id } } });
    const again = await gw.execute(mutation, { variables: { input: { listId, id } } });
    expect(deleted).toMatchObject({ data: { deleteOutlookTask: { id } } });
    await expect(gw.rest(`/users/${me}/todo/lists/${listId}/tasks/${id}`)).rejects.toThrow(/ answered 404: /);
    expect(again.errors).toEqual([
      expect.objectContaining({
        extensions: { code: 'NOT_FOUND', graph: { status: 404, code: 'itemNotFound', requestId: expect.any(String) } },
      }),
    ]);
  });

  it('refuses an update with nothing to change, and an empty title, before any Graph call', async () => {
    gw.emulator.resetStats();
    const mutation = 'mutation($input: UpdateOutlookTaskInput!) { updateOutlookTask(input: $input) { task { id } } }';

    const nothing = await gw.execute(mutation, { variables: { input: { listId, id: 'AAMkAD' } } });
    const emptyTitle = await gw.execute(mutation, { variables: { input: { listId, id: 'AAMkAD', title: ' ' } } });

    expect(nothing.errors?.[0]).toMatchObject({
      message: 'updateOutlookTask needs at least one change besides userId, listId and id.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(emptyTitle.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'title' } });
    expect(gw.emulator.stats().httpRequests).toBe(0);
  });
});

describe('mutations without the permission or the signed-in user they need', () => {
  it('answers writes with a read-only Graph token (passthrough) with FORBIDDEN and Graph’s 403', async () => {
    const gw = await startTestGateway({ users: 20, external: { GRAPH_AUTH_MODE: 'passthrough' } });
    try {
      const me = gw.emulator.info.defaultUserId;
      const token = gw.emulator.mintUserToken(me, { audience: 'graph', scopes: ['User.Read', 'Tasks.Read'] });
      const [task] = (await gw.rest<GraphCollection<RestPlannerTask>>(`/users/${me}/planner/tasks`)).value;
      const [list] = (await gw.rest<GraphCollection<{ id: string }>>(`/users/${me}/todo/lists`)).value;

      const result = await gw.execute(
        `mutation($task: UpdatePlannerTaskInput!, $todo: CreateOutlookTaskInput!) {
          updatePlannerTask(input: $task) { task { id } }
          createOutlookTask(input: $todo) { task { id } }
        }`,
        {
          variables: {
            task: { id: task.id, etag: task['@odata.etag'], title: 'x' },
            todo: { listId: list.id, title: 'x' },
          },
          headers: { authorization: `Bearer ${token}` },
        },
      );

      expect(result.data).toEqual({ updatePlannerTask: null, createOutlookTask: null });
      expect(result.errors?.map((error) => [error.path, error.extensions])).toEqual([
        [
          ['updatePlannerTask'],
          {
            code: 'FORBIDDEN',
            graph: { status: 403, code: 'Authorization_RequestDenied', requestId: expect.any(String) },
          },
        ],
        [
          ['createOutlookTask'],
          {
            code: 'FORBIDDEN',
            graph: { status: 403, code: 'Authorization_RequestDenied', requestId: expect.any(String) },
          },
        ],
      ]);
      expect((await gw.rest<RestPlannerTask>(`/planner/tasks/${task.id}`)).title).toBe(task.title);
    } finally {
      await gw.close();
    }
  });

  it('asks app-mode callers to name the user whose To Do changes, and writes /users/{id}/todo when they do', async () => {
    const API_KEY = 'mutation-tests-key-0123456789abcdef';
    const gw = await startTestGateway({ users: 20, external: { GRAPH_AUTH_MODE: 'app', GATEWAY_API_KEYS: API_KEY } });
    try {
      const userId = [...gw.emulator.tenant.users.keys()][4];
      const [list] = (await gw.rest<GraphCollection<{ id: string }>>(`/users/${userId}/todo/lists`)).value;
      const mutation =
        'mutation($input: CreateOutlookTaskInput!) { createOutlookTask(input: $input) { task { id title } } }';
      gw.emulator.resetStats();

      const unnamed = await gw.execute(mutation, {
        variables: { input: { listId: list.id, title: 'x' } },
        headers: { 'x-api-key': API_KEY },
      });
      expect(unnamed.errors).toEqual([
        expect.objectContaining({
          message:
            'createOutlookTask needs to know whose To Do to change, but this gateway calls Microsoft Graph with an app-only token (GRAPH_AUTH_MODE=app), which has no signed-in user. Pass input.userId.',
          extensions: { code: 'BAD_USER_INPUT', argument: 'userId' },
        }),
      ]);
      expect(gw.emulator.stats().httpRequests).toBe(0);

      const named = await gw.execute<{ createOutlookTask: Payload<{ id: string; title: string }> }>(mutation, {
        variables: { input: { userId, listId: list.id, title: 'Filed by the app' } },
        headers: { 'x-api-key': API_KEY },
      });
      expect(named.errors).toBeUndefined();
      const stored = await gw.rest<RestTodoTask>(
        `/users/${userId}/todo/lists/${list.id}/tasks/${named.data!.createOutlookTask.task.id}`,
      );
      expect(stored.title).toBe('Filed by the app');
      expect(gw.emulator.stats().byPath[`POST /users/${userId}/todo/lists/${list.id}/tasks`]).toBe(1);
    } finally {
      await gw.close();
    }
  });
});
