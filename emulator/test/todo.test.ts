import {
  appToken,
  createTestEmulator,
  graphDelete,
  graphGet,
  graphPatch,
  graphPost,
  userToken,
  TEST_ORIGIN,
  type Emulator,
} from '../src/testing';

const WALL_CLOCK = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}$/;
const UTC_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/;

interface TodoList {
  id: string;
  displayName: string;
  wellknownListName: string;
}

async function myLists(emu: Emulator): Promise<TodoList[]> {
  const res = await graphGet(emu, '/v1.0/me/todo/lists', { token: 'user' });
  expect(res.status).toBe(200);
  return res.body.value;
}

async function defaultListId(emu: Emulator): Promise<string> {
  const list = (await myLists(emu)).find((l) => l.wellknownListName === 'defaultList');
  if (!list) throw new Error('no default list');
  return list.id;
}

describe('To Do', () => {
  // One tenant for the file: every test writes only to lists and tasks it creates or reads back itself.
  let emu: Emulator;
  beforeAll(() => {
    emu = createTestEmulator({ users: 20 });
  });

  describe('lists', () => {
    it('shows the signed-in user the built-in Tasks list first, with Graph’s list properties', async () => {
      const userId = emu.info.defaultUserId;
      const res = await graphGet(emu, '/v1.0/me/todo/lists', { token: 'user' });
      expect(res.status).toBe(200);
      expect(res.body['@odata.context']).toBe(`${TEST_ORIGIN}/v1.0/$metadata#users('${userId}')/todo/lists`);
      expect(res.body.value[0]).toEqual({
        '@odata.etag': expect.stringMatching(/^W\/"[A-Za-z0-9+/]+={0,2}"$/),
        '@odata.type': '#microsoft.graph.todoTaskList',
        displayName: 'Tasks',
        isOwner: true,
        isShared: false,
        wellknownListName: 'defaultList',
        id: expect.stringMatching(/^AQMkA[A-Za-z0-9_-]+={0,2}$/),
      });
      const kinds = res.body.value.map((l: TodoList) => l.wellknownListName);
      expect(kinds.filter((k: string) => k === 'defaultList')).toHaveLength(1);
      expect(kinds.every((k: string) => ['defaultList', 'flaggedEmails', 'none'].includes(k))).toBe(true);
    });

    it('creates, reads, renames and deletes a list of the user’s own', async () => {
      const created = await graphPost(emu, '/v1.0/me/todo/lists', { displayName: 'Holiday' }, { token: 'user' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        displayName: 'Holiday',
        isOwner: true,
        isShared: false,
        wellknownListName: 'none',
      });
      expect(created.body['@odata.context']).toBe(
        `${TEST_ORIGIN}/v1.0/$metadata#users('${emu.info.defaultUserId}')/todo/lists/$entity`,
      );
      const path = `/v1.0/me/todo/lists/${created.body.id}`;
      expect((await graphGet(emu, path, { token: 'user' })).body.displayName).toBe('Holiday');
      const renamed = await graphPatch(emu, path, { displayName: 'Summer holiday' }, { token: 'user' });
      expect(renamed.status).toBe(200);
      expect(renamed.body.displayName).toBe('Summer holiday');
      expect(renamed.body['@odata.etag']).not.toBe(created.body['@odata.etag']);
      expect((await graphDelete(emu, path, { token: 'user' })).status).toBe(204);
      const gone = await graphGet(emu, path, { token: 'user' });
      expect(gone.status).toBe(404);
      expect(gone.body.error.code).toBe('itemNotFound');
      expect(gone.body.error.innerError.code).toBe('ErrorItemNotFound');
    });

    it('refuses to rename or delete the built-in Tasks list with Exchange’s invalidRequest error', async () => {
      const path = `/v1.0/me/todo/lists/${await defaultListId(emu)}`;
      const rename = await graphPatch(emu, path, { displayName: 'Chores' }, { token: 'user' });
      expect(rename.status).toBe(400);
      expect(rename.body.error).toMatchObject({
        code: 'invalidRequest',
        message: 'Invalid request',
        innerError: {
          code: 'ErrorInvalidRequest',
          message: "Your request can't be completed. A default task folder can't be renamed.",
        },
      });
      const remove = await graphDelete(emu, path, { token: 'user' });
      expect(remove.status).toBe(400);
      expect(remove.body.error.innerError.message).toBe(
        "Your request can't be completed. A default task folder can't be deleted.",
      );
      expect((await myLists(emu))[0]?.displayName).toBe('Tasks');
    });

    it('refuses a list without a displayName with 400', async () => {
      const res = await graphPost(emu, '/v1.0/me/todo/lists', {}, { token: 'user' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BadRequest');
    });
  });

  describe('tasks', () => {
    it('answers tasks with dateTimeTimeZone values in UTC and DateTimeOffset timestamps', async () => {
      const res = await graphGet(emu, `/v1.0/me/todo/lists/${await defaultListId(emu)}/tasks?$top=100`, {
        token: 'user',
      });
      expect(res.status).toBe(200);
      const tasks: Record<string, unknown>[] = res.body.value;
      for (const task of tasks) {
        expect(Object.keys(task).slice(0, 12)).toEqual([
          '@odata.etag',
          'importance',
          'isReminderOn',
          'status',
          'title',
          'createdDateTime',
          'lastModifiedDateTime',
          'bodyLastModifiedDateTime',
          'hasAttachments',
          'categories',
          'id',
          'body',
        ]);
        expect(task.createdDateTime).toMatch(UTC_OFFSET);
        for (const name of ['dueDateTime', 'startDateTime', 'completedDateTime', 'reminderDateTime']) {
          if (name in task)
            expect(task[name]).toEqual({ dateTime: expect.stringMatching(WALL_CLOCK), timeZone: 'UTC' });
        }
        expect('completedDateTime' in task).toBe(task.status === 'completed');
      }
      expect(tasks.some((task) => 'dueDateTime' in task)).toBe(true);
    });

    it('holds a task in every status in the signed-in user’s Tasks list', async () => {
      const res = await graphGet(emu, `/v1.0/me/todo/lists/${await defaultListId(emu)}/tasks?$top=100`, {
        token: 'user',
      });
      const statuses = new Set(res.body.value.map((t: { status: string }) => t.status));
      expect([...statuses].sort()).toEqual(['completed', 'deferred', 'inProgress', 'notStarted', 'waitingOnOthers']);
    });

    it('filters by status eq, status ne and importance eq joined with and', async () => {
      const listPath = `/v1.0/me/todo/lists/${await defaultListId(emu)}/tasks`;
      const all: { id: string; status: string; importance: string }[] = (
        await graphGet(emu, `${listPath}?$top=100`, { token: 'user' })
      ).body.value;
      const ids = (keep: (t: { status: string; importance: string }) => boolean) => all.filter(keep).map((t) => t.id);
      const notStarted = await graphGet(emu, `${listPath}?$top=100&$filter=status eq 'notStarted'`, { token: 'user' });
      expect(notStarted.body.value.map((t: { id: string }) => t.id)).toEqual(ids((t) => t.status === 'notStarted'));
      expect(notStarted.body.value.length).toBeGreaterThan(0);
      const open = await graphGet(emu, `${listPath}?$top=100&$filter=status ne 'completed'`, { token: 'user' });
      expect(open.body.value.map((t: { id: string }) => t.id)).toEqual(ids((t) => t.status !== 'completed'));
      const urgent = await graphGet(
        emu,
        `${listPath}?$top=100&$filter=importance eq 'high' and status ne 'completed'`,
        { token: 'user' },
      );
      expect(urgent.body.value.map((t: { id: string }) => t.id)).toEqual(
        ids((t) => t.importance === 'high' && t.status !== 'completed'),
      );
    });

    it('answers 400 BadRequest for a filter on a property To Do does not know', async () => {
      const res = await graphGet(emu, `/v1.0/me/todo/lists/${await defaultListId(emu)}/tasks?$filter=colour eq 'red'`, {
        token: 'user',
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'BadRequest',
        message: "Invalid filter clause: could not find a property named 'colour'.",
      });
    });

    it('pages ten tasks at a time with a $skip nextLink that repeats the query, and honours $top', async () => {
      const listId = await defaultListId(emu);
      const listPath = `/v1.0/me/todo/lists/${listId}/tasks`;
      for (let i = 0; i < 12; i++) {
        expect((await graphPost(emu, listPath, { title: `Task ${i}` }, { token: 'user' })).status).toBe(201);
      }
      const total = emu.tenant.todoTasksOf.get(listId)?.length ?? 0;
      const first = await graphGet(emu, listPath, { token: 'user' });
      expect(first.body.value).toHaveLength(10);
      // Graph leaves the ids' '=' padding unencoded; an encoded '=' names the same list.
      expect(decodeURIComponent(first.body['@odata.nextLink'])).toBe(
        `${TEST_ORIGIN}/v1.0/users/${emu.info.defaultUserId}/todo/lists/${listId}/tasks?$skip=10`,
      );
      const seen = [...first.body.value];
      let next: string | undefined = first.body['@odata.nextLink'];
      for (let page = 0; next && page < 10; page++) {
        const res = await graphGet(emu, next.slice(TEST_ORIGIN.length), { token: 'user' });
        seen.push(...res.body.value);
        next = res.body['@odata.nextLink'];
      }
      expect(seen.map((t) => t.id)).toEqual(emu.tenant.todoTasksOf.get(listId)?.map((t) => t.id));
      expect(seen).toHaveLength(total);
      const top = await graphGet(emu, `${listPath}?$top=3&$filter=status ne 'completed'`, { token: 'user' });
      expect(top.body.value).toHaveLength(3);
      expect(decodeURIComponent(top.body['@odata.nextLink'])).toBe(
        `${TEST_ORIGIN}/v1.0/users/${emu.info.defaultUserId}/todo/lists/${listId}/tasks?$top=3&$filter=status ne 'completed'&$skip=3`,
      );
    });

    it('keeps @odata.etag and id next to the $select-ed properties and sorts with $orderby', async () => {
      const listPath = `/v1.0/me/todo/lists/${await defaultListId(emu)}/tasks`;
      const res = await graphGet(emu, `${listPath}?$select=title,status&$orderby=title desc&$top=100`, {
        token: 'user',
      });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.value[0])).toEqual(['@odata.etag', 'title', 'status', 'id']);
      const titles = res.body.value.map((t: { title: string }) => t.title.toLowerCase());
      expect(titles).toEqual([...titles].sort().reverse());
    });

    it('creates a task with 201 and To Do’s defaults, converting a Pacific time due date to UTC', async () => {
      const listId = await defaultListId(emu);
      const res = await graphPost(
        emu,
        `/v1.0/me/todo/lists/${listId}/tasks`,
        {
          title: 'File taxes',
          dueDateTime: { dateTime: '2026-01-05T09:00:00', timeZone: 'Pacific Standard Time' },
          categories: ['Red category'],
        },
        { token: 'user' },
      );
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        '@odata.context': `${TEST_ORIGIN}/v1.0/$metadata#users('${emu.info.defaultUserId}')/todo/lists('${encodeURIComponent(listId)}')/tasks/$entity`,
        '@odata.etag': expect.stringMatching(/^W\/"[A-Za-z0-9+/]+={0,2}"$/),
        importance: 'low',
        isReminderOn: false,
        status: 'notStarted',
        title: 'File taxes',
        createdDateTime: expect.stringMatching(UTC_OFFSET),
        lastModifiedDateTime: res.body.createdDateTime,
        bodyLastModifiedDateTime: res.body.createdDateTime,
        hasAttachments: false,
        categories: ['Red category'],
        id: expect.stringMatching(/^AAMkA[A-Za-z0-9_-]+={0,2}$/),
        body: { content: '', contentType: 'text' },
        dueDateTime: { dateTime: '2026-01-05T17:00:00.0000000', timeZone: 'UTC' },
      });
      const read = await graphGet(emu, `/v1.0/me/todo/lists/${listId}/tasks/${res.body.id}`, { token: 'user' });
      expect(read.body).toEqual(res.body);
    });

    it('answers 400 TimeZoneNotSupportedException for a timeZone Exchange does not know', async () => {
      const res = await graphPost(
        emu,
        `/v1.0/me/todo/lists/${await defaultListId(emu)}/tasks`,
        { title: 'x', dueDateTime: { dateTime: '2026-01-05T09:00:00', timeZone: 'Mars Standard Time' } },
        { token: 'user' },
      );
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'TimeZoneNotSupportedException',
        message:
          "A valid TimeZone value must be specified. The following TimeZone value is not supported: 'Mars Standard Time'.",
      });
    });

    it('answers 400 for a status outside taskStatus', async () => {
      const res = await graphPost(
        emu,
        `/v1.0/me/todo/lists/${await defaultListId(emu)}/tasks`,
        { title: 'x', status: 'done' },
        { token: 'user' },
      );
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'BadRequest',
        message: "The value 'done' is not a valid taskStatus.",
      });
    });

    it('updates a task with 200, stamps completedDateTime on completion and removes it when reopened', async () => {
      const listId = await defaultListId(emu);
      const created = await graphPost(
        emu,
        `/v1.0/me/todo/lists/${listId}/tasks`,
        { title: 'Call the bank' },
        { token: 'user' },
      );
      const path = `/v1.0/me/todo/lists/${listId}/tasks/${created.body.id}`;
      const done = await graphPatch(emu, path, { status: 'completed', importance: 'high' }, { token: 'user' });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ status: 'completed', importance: 'high', title: 'Call the bank' });
      expect(done.body.completedDateTime).toEqual({ dateTime: expect.stringMatching(WALL_CLOCK), timeZone: 'UTC' });
      expect(done.body['@odata.etag']).not.toBe(created.body['@odata.etag']);
      const reopened = await graphPatch(emu, path, { status: 'inProgress' }, { token: 'user' });
      expect(reopened.body.status).toBe('inProgress');
      expect('completedDateTime' in reopened.body).toBe(false);
    });

    it('deletes a task with 204, after which it is 404 itemNotFound', async () => {
      const listId = await defaultListId(emu);
      const created = await graphPost(
        emu,
        `/v1.0/me/todo/lists/${listId}/tasks`,
        { title: 'Temporary' },
        { token: 'user' },
      );
      const path = `/v1.0/me/todo/lists/${listId}/tasks/${created.body.id}`;
      const res = await graphDelete(emu, path, { token: 'user' });
      expect(res.status).toBe(204);
      const gone = await graphGet(emu, path, { token: 'user' });
      expect(gone.status).toBe(404);
      expect(gone.body.error).toMatchObject({ code: 'itemNotFound', message: 'Item not found' });
    });
  });

  describe('access', () => {
    it('refuses a delegated caller another user’s To Do with 403 ErrorAccessDenied', async () => {
      const other = [...emu.tenant.users.keys()][1] as string;
      for (const path of [`/v1.0/users/${other}/todo/lists`, `/v1.0/users/${other}/todo/lists/x/tasks`]) {
        const res = await graphGet(emu, path, { token: 'user' });
        expect(res.status).toBe(403);
        expect(res.body.error).toMatchObject({
          code: 'ErrorAccessDenied',
          message: 'Access is denied. Check credentials and try again.',
        });
      }
      const write = await graphPost(
        emu,
        `/v1.0/users/${other}/todo/lists`,
        { displayName: 'Mine now' },
        { token: 'user' },
      );
      expect(write.status).toBe(403);
    });

    it('lets an app-only caller with Tasks.Read.All read any user’s lists by id or userPrincipalName', async () => {
      const other = emu.tenant.users.get([...emu.tenant.users.keys()][1] as string);
      const byId = await graphGet(emu, `/v1.0/users/${other?.id}/todo/lists`, {
        token: appToken(emu, ['Tasks.Read.All']),
      });
      expect(byId.status).toBe(200);
      expect(byId.body.value[0].wellknownListName).toBe('defaultList');
      const byUpn = await graphGet(emu, `/v1.0/users/${other?.userPrincipalName}/todo/lists`, {
        token: appToken(emu, ['Tasks.Read.All']),
      });
      expect(byUpn.body.value).toEqual(byId.body.value);
      const write = await graphPost(
        emu,
        `/v1.0/users/${other?.id}/todo/lists`,
        { displayName: 'x' },
        { token: appToken(emu, ['Tasks.Read.All']) },
      );
      expect(write.status).toBe(403);
      expect(write.body.error.code).toBe('Authorization_RequestDenied');
    });

    it('answers 404 ErrorInvalidUser for an unknown user', async () => {
      const res = await graphGet(emu, '/v1.0/users/nobody@contoso.onmicrosoft.com/todo/lists');
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({
        code: 'ErrorInvalidUser',
        message: "The requested user 'nobody@contoso.onmicrosoft.com' is invalid.",
      });
    });

    it('answers 403 Authorization_RequestDenied to a delegated token without a Tasks scope', async () => {
      const res = await graphGet(emu, '/v1.0/me/todo/lists', {
        token: userToken(emu, emu.info.defaultUserId, ['User.Read']),
      });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('Authorization_RequestDenied');
    });
  });

  describe('retired Outlook tasks API', () => {
    it('answers the beta collections with an empty page, never invented tasks', async () => {
      for (const segment of ['tasks', 'taskFolders', 'taskGroups']) {
        const res = await graphGet(emu, `/beta/me/outlook/${segment}`, { token: 'user' });
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          '@odata.context': `${TEST_ORIGIN}/beta/$metadata#users('${emu.info.defaultUserId}')/outlook/${segment}`,
          value: [],
        });
      }
    });

    it('answers v1.0, which never had it, with the unknown-segment error', async () => {
      const res = await graphGet(emu, '/v1.0/me/outlook/tasks', { token: 'user' });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'BadRequest',
        message: "Resource not found for the segment 'tasks'.",
      });
    });

    it('refuses app-only tokens, as the API never supported application permissions', async () => {
      const res = await graphGet(emu, `/beta/users/${emu.info.defaultUserId}/outlook/tasks`);
      expect(res.status).toBe(403);
    });
  });
});
