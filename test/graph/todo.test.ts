import { SIGNED_IN_USER } from '../../src/graph/client';
import type { TodoTaskListRecord, TodoTaskRecord } from '@msgraph-graphql/emulator/tenant/model';
import { ensureTodoData } from '@msgraph-graphql/emulator/tenant/generate-tasks';
import { GraphApiError, GraphInputError } from '../../src/graph/errors';
import { todoDateTimeFromUtc, utcFromTodoDateTime } from '../../src/graph/todo-date-time';
import type * as Graph from '@microsoft/microsoft-graph-types';
import { createTestEmulator, graphGet, userToken, type Emulator } from '@msgraph-graphql/emulator/testing';
import { clientFor, received, resetTraffic, traffic } from '../kit/graph-client';

let emulator: Emulator;

beforeEach(() => {
  emulator = createTestEmulator({ users: 30 });
  resetTraffic(emulator);
});

const LIST_SELECT = ['displayName', 'wellknownListName'] as const;
const TASK_SELECT = ['title', 'status', 'dueDateTime'] as const;

function listsOf(userId: string): TodoTaskListRecord[] {
  return ensureTodoData(emulator.tenant, userId);
}

function tasksOf(listId: string): TodoTaskRecord[] {
  return emulator.tenant.todoTasksOf.get(listId) ?? [];
}

/** `/v1.0/users/{id}/todo/lists/{listId}` with the id escaped as the client escapes it. */
const escaped = (id: string) => encodeURIComponent(id);

describe('reading To Do lists and tasks', () => {
  it("reads a user's lists in one GET and primes every list's by-id read", async () => {
    const client = clientFor(emulator);
    const userId = emulator.info.defaultUserId;
    const expected = listsOf(userId);

    const lists = await client.listTodoTaskLists(userId, LIST_SELECT);
    const again = await Promise.all(lists.map((list) => client.getTodoTaskList(userId, list.id, ['displayName'])));

    expect(lists.map((list) => [list.id, list.displayName, list.wellknownListName, list['@odata.etag']])).toEqual(
      expected.map((list) => [list.id, list.displayName, list.wellknownListName, list.etag]),
    );
    expect(again).toEqual(lists);
    expect(received(emulator)).toEqual([
      `GET /v1.0/users/${userId}/todo/lists?$select=id,displayName,wellknownListName&$top=999`,
    ]);
  });

  it("reads the tasks of every list in one wave, sending the status as $filter=status eq '...'", async () => {
    const client = clientFor(emulator);
    const userId = emulator.info.defaultUserId;
    const lists = listsOf(userId);

    const pages = await Promise.all(
      lists.map((list) =>
        client.listTodoTasks(userId, list.id, { select: TASK_SELECT, status: 'notStarted', page: { first: 25 } }),
      ),
    );

    expect(pages.map((page) => page.items.map((task) => [task.id, task.title, task.status]))).toEqual(
      lists.map((list) =>
        tasksOf(list.id)
          .filter((task) => task.status === 'notStarted')
          .map((task) => [task.id, task.title, 'notStarted']),
      ),
    );
    expect(pages.map((page) => page.items.length)).toEqual([2, 3]);
    expect(received(emulator)).toEqual([
      'POST /v1.0/$batch',
      ...lists.map(
        (list) =>
          `GET /users/${userId}/todo/lists/${escaped(list.id)}/tasks?$select=id,title,status,dueDateTime&$filter=status%20eq%20'notStarted'&$top=25`,
      ),
    ]);
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

  it("follows To Do's $skip nextLinks page by page through the client's cursors, taking only $skip from them, also for /me", async () => {
    const token = userToken(emulator);
    const [list] = listsOf(emulator.info.defaultUserId);
    const expected = tasksOf(list.id).map((task) => task.id);
    const seen: string[] = [];
    let after: string | null = null;

    for (let page = 0; page < 10; page += 1) {
      const client = clientFor(emulator, { getToken: async () => token, identity: 'user' });
      const result = await client.listTodoTasks(SIGNED_IN_USER, list.id, {
        select: ['title'],
        page: { first: 4, after },
      });
      seen.push(...result.items.map((task) => task.id));
      after = result.endCursor;
      if (after === null) break;
    }

    expect(seen).toEqual(expected);
    expect(expected).toHaveLength(6);
    expect(received(emulator)).toEqual([
      `GET /v1.0/me/todo/lists/${escaped(list.id)}/tasks?$select=id,title&$top=4`,
      // To Do's nextLink names /users/{id}/...: the next page is rebuilt on the collection read, with only its $skip.
      `GET /v1.0/me/todo/lists/${escaped(list.id)}/tasks?$select=id,title&$top=4&$skip=4`,
    ]);
  });

  it('answers null for an unknown list or task, and passes itemNotFound on for the tasks of an unknown list', async () => {
    const client = clientFor(emulator);
    const userId = emulator.info.defaultUserId;
    const [list] = listsOf(userId);

    const [unknownList, unknownTask, tasks] = await Promise.all([
      client.getTodoTaskList(userId, 'AQMkADAwATM0MDAAMSnope', ['displayName']),
      client.getTodoTask(userId, list.id, 'AAMkADAwATM0MDAAMSnope', ['title']),
      client
        .listTodoTasks(userId, 'AQMkADAwATM0MDAAMSnope', { select: ['title'], page: { first: 5 } })
        .catch((error: unknown) => error),
    ]);

    expect(unknownList).toBeNull();
    expect(unknownTask).toBeNull();
    expect(tasks).toBeInstanceOf(GraphApiError);
    expect(tasks).toMatchObject({ status: 404, code: 'itemNotFound' });
  });

  it("passes To Do's 403 on when a delegated caller reads another user's lists", async () => {
    const token = userToken(emulator);
    const client = clientFor(emulator, { getToken: async () => token, identity: 'user' });
    const other = [...emulator.tenant.users.keys()].find((id) => id !== emulator.info.defaultUserId)!;

    const refused = await client.listTodoTaskLists(other, LIST_SELECT).catch((error: unknown) => error);

    expect(refused).toMatchObject({ status: 403, code: 'ErrorAccessDenied' });
  });

  it('refuses a status To Do does not have before any request, so nothing reaches $filter unescaped', async () => {
    const client = clientFor(emulator);
    const userId = emulator.info.defaultUserId;
    const [list] = listsOf(userId);

    const refused = await client
      .listTodoTasks(userId, list.id, {
        select: ['title'],
        status: "completed' or status eq 'notStarted" as Graph.TaskStatus,
        page: { first: 5 },
      })
      .catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(GraphInputError);
    expect(refused).toMatchObject({ argument: 'status' });
    expect(traffic(emulator).httpRequests).toBe(0);
  });
});

describe('writing To Do tasks', () => {
  it('creates a task with a due date in UTC and answers what To Do stored', async () => {
    const client = clientFor(emulator);
    const userId = emulator.info.defaultUserId;
    const [list] = listsOf(userId);

    const created = await client.createTodoTask(userId, list.id, {
      title: 'Renew passport',
      importance: 'high',
      dueDateTime: todoDateTimeFromUtc('2026-05-04T09:30:00Z'),
    });
    const sent = received(emulator);

    const stored = await graphGet(emulator, `/v1.0/users/${userId}/todo/lists/${list.id}/tasks/${created.id}`);
    expect(created).toEqual((({ '@odata.context': _context, ...task }) => task)(stored.body));
    expect(created).toMatchObject({ title: 'Renew passport', importance: 'high', status: 'notStarted' });
    expect(utcFromTodoDateTime(created.dueDateTime)).toBe('2026-05-04T09:30:00.000Z');
    expect(sent).toEqual([`POST /v1.0/users/${userId}/todo/lists/${escaped(list.id)}/tasks`]);
  });

  it('completes a task with a PATCH of its status, and To Do stamps completedDateTime', async () => {
    const client = clientFor(emulator);
    const userId = emulator.info.defaultUserId;
    const [list] = listsOf(userId);
    const task = tasksOf(list.id).find((candidate) => candidate.status === 'notStarted')!;

    const updated = await client.updateTodoTask(userId, list.id, task.id, { status: 'completed' });

    const stored = tasksOf(list.id).find((candidate) => candidate.id === task.id)!;
    expect(updated).toMatchObject({ id: task.id, status: 'completed', '@odata.etag': stored.etag });
    expect(stored.status).toBe('completed');
    expect(updated.completedDateTime).toEqual(stored.completedDateTime);
    expect(utcFromTodoDateTime(updated.completedDateTime)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('deletes a task, after which To Do answers 404 for it', async () => {
    const client = clientFor(emulator);
    const userId = emulator.info.defaultUserId;
    const [list] = listsOf(userId);
    const [task] = tasksOf(list.id);

    await client.deleteTodoTask(userId, list.id, task.id);
    const again = await client.deleteTodoTask(userId, list.id, task.id).catch((error: unknown) => error);

    expect(tasksOf(list.id).some((candidate) => candidate.id === task.id)).toBe(false);
    expect(again).toMatchObject({ status: 404, code: 'itemNotFound' });
    expect(await client.getTodoTask(userId, list.id, task.id, ['title'])).toBeNull();
  });

  it("writes the signed-in user's To Do through /me with a delegated token", async () => {
    const token = userToken(emulator);
    const client = clientFor(emulator, { getToken: async () => token, identity: 'user' });
    const [list] = listsOf(emulator.info.defaultUserId);

    const created = await client.createTodoTask(SIGNED_IN_USER, list.id, { title: 'Water the plants' });

    expect(tasksOf(list.id).at(-1)?.id).toBe(created.id);
    expect(received(emulator)).toEqual([`POST /v1.0/me/todo/lists/${escaped(list.id)}/tasks`]);
  });

  it("passes To Do's 400 on for a time zone it does not know", async () => {
    const client = clientFor(emulator);
    const userId = emulator.info.defaultUserId;
    const [list] = listsOf(userId);

    const refused = await client
      .createTodoTask(userId, list.id, {
        title: 'x',
        dueDateTime: { dateTime: '2026-01-01T00:00:00', timeZone: 'Mars/Olympus' },
      })
      .catch((error: unknown) => error);

    expect(refused).toMatchObject({ status: 400, code: 'TimeZoneNotSupportedException' });
  });
});
