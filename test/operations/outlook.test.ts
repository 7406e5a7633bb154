/**
 * Outlook tasks, backed by Microsoft To Do, through the real context factory: as the embedded
 * emulator's default user (delegated, `/me/todo/...`) and with the gateway's app-only token
 * (`/users/{id}/todo/...`).
 */
import {
  type GraphCollection,
  graphStats,
  type RestTodoTask,
  startTestGateway,
  type TestGateway,
  useGateway,
} from '../kit';

interface RestList {
  id: string;
  displayName: string;
  wellknownListName: string;
  isOwner: boolean;
  isShared: boolean;
}

const STATUS: Record<string, string> = {
  notStarted: 'NOT_STARTED',
  inProgress: 'IN_PROGRESS',
  completed: 'COMPLETED',
  waitingOnOthers: 'WAITING_ON_OTHERS',
  deferred: 'DEFERRED',
};
const WELLKNOWN: Record<string, string> = {
  none: 'NONE',
  defaultList: 'DEFAULT_LIST',
  flaggedEmails: 'FLAGGED_EMAILS',
};

const utc = (value: RestTodoTask['dueDateTime']) => (value ? new Date(`${value.dateTime}Z`).toISOString() : null);

describe('Outlook tasks for the signed-in user', () => {
  let gw: TestGateway;
  let me: string;
  beforeAll(async () => {
    gw = await startTestGateway({ users: 40 });
    me = gw.emulator.info.defaultUserId;
  });
  afterAll(async () => {
    await gw.close();
  });

  it('reads tasks across all lists with a status filter, each with its list free from the list read, in 2 waves', async () => {
    const lists = (await gw.rest<GraphCollection<RestList>>(`/users/${me}/todo/lists`)).value;
    const perList = await Promise.all(
      lists.map(
        async (list) =>
          (
            await gw.rest<GraphCollection<RestTodoTask>>(
              `/users/${me}/todo/lists/${list.id}/tasks?$filter=status eq 'notStarted'&$top=4`,
            )
          ).value,
      ),
    );
    gw.resetTraffic();

    const result = await gw.execute(
      '{ me { outlookTasks(status: NOT_STARTED, first: 4) { title status dueDateTime list { displayName } } } }',
    );

    const expected = perList
      .flatMap((tasks, index) =>
        tasks.map((task) => ({
          title: task.title,
          status: 'NOT_STARTED',
          dueDateTime: utc(task.dueDateTime),
          list: { displayName: lists[index].displayName },
        })),
      )
      .slice(0, 4);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ me: { outlookTasks: expected } });
    expect(expected).toHaveLength(4);
    // Wave 1: /me and /me/todo/lists (prefetched: no id needed). Wave 2: every list's tasks, filtered by To Do.
    expect(result.extensions?.graphStats).toEqual(
      graphStats({ httpRequests: 2, batchRequests: 2, subRequests: 2 + lists.length, waves: 2 }),
    );
    const steps = gw.emulator.requestLog.lines().filter((line) => line.startsWith('GET /me/todo/lists/'));
    expect(steps).toHaveLength(lists.length);
    for (const step of steps)
      expect(step).toMatch(
        /\/tasks\?\$select=id,title,status,dueDateTime&\$filter=status%20eq%20'notStarted'&\$top=4$/,
      );
  });

  it('pages a list with first and after, following To Do’s $skip links', async () => {
    const lists = (await gw.rest<GraphCollection<RestList>>(`/users/${me}/todo/lists`)).value;
    const counts = await Promise.all(
      lists.map(
        async (candidate) =>
          (await gw.rest<GraphCollection<RestTodoTask>>(`/users/${me}/todo/lists/${candidate.id}/tasks?$top=100`)).value
            .length,
      ),
    );
    const list = lists[counts.findIndex((count) => count > 4)];
    const all = (
      await gw.rest<GraphCollection<RestTodoTask>>(`/users/${me}/todo/lists/${list.id}/tasks?$top=100`)
    ).value.map((task) => task.title);
    const query = `query($after: String) { me { outlookTaskLists { id tasks(first: 4, after: $after) { nodes { title } pageInfo { hasNextPage endCursor } } } } }`;
    // `after` applies to the tasks of every list in the query, and a cursor is bound to its own
    // list: the user keeps only this list while it is paged.
    const { todoListsOf } = gw.emulator.tenant;
    const usersLists = todoListsOf.get(me)!;
    todoListsOf.set(
      me,
      usersLists.filter((candidate) => candidate.id === list.id),
    );

    type Tasks = { nodes: { title: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    type Lists = { me: { outlookTaskLists: { id: string; tasks: Tasks }[] } };
    const seen: string[] = [];
    try {
      let after: string | null = null;
      for (let page = 0; page < 10; page += 1) {
        const result = await gw.execute<Lists>(query, { variables: { after } });
        expect(result.errors).toBeUndefined();
        const tasks: Tasks = result.data!.me.outlookTaskLists.find((candidate) => candidate.id === list.id)!.tasks;
        seen.push(...tasks.nodes.map((node) => node.title));
        if (!tasks.pageInfo.hasNextPage) break;
        after = tasks.pageInfo.endCursor;
      }
    } finally {
      todoListsOf.set(me, usersLists);
    }

    expect(seen).toEqual(all);
    expect(all.length).toBeGreaterThan(4);
  });

  it("refuses one list's cursor on the tasks of the user's other lists, without calling To Do for them", async () => {
    const query = `query($after: String) { me { outlookTaskLists { id tasks(first: 4, after: $after) { pageInfo { endCursor } } } } }`;
    const first = await gw.execute<{
      me: { outlookTaskLists: Array<{ id: string; tasks: { pageInfo: { endCursor: string | null } } }> };
    }>(query);
    const lists = first.data!.me.outlookTaskLists;
    const index = lists.findIndex((list) => list.tasks.pageInfo.endCursor !== null);
    gw.emulator.resetStats();

    const result = await gw.execute(query, { variables: { after: lists[index].tasks.pageInfo.endCursor } });

    // A refused `tasks` (non-null) nulls `me`: the first refusal is reported.
    const refusedAt = lists.map((_, position) => position).filter((position) => position !== index);
    expect(result.data).toEqual({ me: null });
    expect(result.errors?.length).toBeGreaterThan(0);
    for (const error of result.errors ?? []) {
      expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'after' });
      expect(refusedAt.map((position) => ['me', 'outlookTaskLists', position, 'tasks'])).toContainEqual(error.path);
    }
    const otherLists = lists.filter((_, position) => position !== index).map((list) => list.id);
    expect(
      Object.keys(gw.emulator.stats().byPath).filter((path) => otherLists.some((id) => path.includes(id))),
    ).toEqual([]);
  });

  it("answers another user's lists with FORBIDDEN and To Do's 403", async () => {
    const other = [...gw.emulator.tenant.users.keys()].find((id) => id !== me)!;

    const result = await gw.execute(
      'query($id: ID!) { user(id: $id) { displayName outlookTaskLists { displayName } } }',
      { variables: { id: other } },
    );

    expect(result.data).toEqual({ user: null });
    expect(result.errors).toEqual([
      expect.objectContaining({
        path: ['user', 'outlookTaskLists'],
        extensions: {
          code: 'FORBIDDEN',
          graph: { status: 403, code: 'ErrorAccessDenied', requestId: expect.any(String) },
        },
      }),
    ]);
  });
});

describe('Outlook tasks with the gateway’s app-only token', () => {
  const API_KEY = 'outlook-tests-key-0123456789abcdef';
  const gw = useGateway({ users: 20, external: { GRAPH_AUTH_MODE: 'app', GATEWAY_API_KEYS: API_KEY } });

  it("reads any user's lists and tasks through /users/{id}/todo, with every field as To Do holds it", async () => {
    const userId = [...gw.emulator.tenant.users.keys()][2];
    const lists = (await gw.rest<GraphCollection<RestList>>(`/users/${userId}/todo/lists`)).value;
    const tasks = await Promise.all(
      lists.map((list) =>
        gw.rest<GraphCollection<RestTodoTask> & { '@odata.nextLink'?: string }>(
          `/users/${userId}/todo/lists/${list.id}/tasks?$top=3`,
        ),
      ),
    );
    gw.emulator.requestLog.clear();

    const result = await gw.execute(
      `query($id: ID!) {
        user(id: $id) {
          outlookTaskLists {
            id displayName isOwner isShared wellknownListName
            tasks(first: 3) {
              nodes { title status importance categories createdDateTime body { content contentType } dueDateTime list { id } }
              pageInfo { hasNextPage }
            }
          }
        }
      }`,
      { variables: { id: userId }, headers: { 'x-api-key': API_KEY } },
    );

    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      user: {
        outlookTaskLists: lists.map((list, index) => ({
          id: list.id,
          displayName: list.displayName,
          isOwner: list.isOwner,
          isShared: list.isShared,
          wellknownListName: WELLKNOWN[list.wellknownListName],
          tasks: {
            nodes: tasks[index].value.map((task) => ({
              title: task.title,
              status: STATUS[task.status],
              importance: task.importance.toUpperCase(),
              categories: task.categories,
              createdDateTime: task.createdDateTime,
              body: { content: task.body.content, contentType: task.body.contentType.toUpperCase() },
              dueDateTime: utc(task.dueDateTime),
              list: { id: list.id },
            })),
            pageInfo: { hasNextPage: tasks[index]['@odata.nextLink'] !== undefined },
          },
        })),
      },
    });
    const graphPaths = gw.emulator.requestLog.lines().filter((line) => /todo/.test(line));
    expect(graphPaths.length).toBe(1 + lists.length);
    expect(graphPaths.every((line) => line.includes(`/users/${userId}/todo/lists`))).toBe(true);
  });
});
