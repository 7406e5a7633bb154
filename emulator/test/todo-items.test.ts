/**
 * To Do task relationships and recurrence (v1.0): linkedResources, checklistItems and recurrence
 * on create, and the /linkedResources and /checklistItems sub-resources. Each test names the
 * microsoft-graph-docs-contrib page (api-reference/v1.0/...) it follows.
 */
import {
  createTestEmulator,
  graphDelete,
  graphGet,
  graphPatch,
  graphPost,
  TEST_ORIGIN,
  type Emulator,
} from '../src/testing';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UTC_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/;

describe('To Do linkedResources, checklistItems and recurrence', () => {
  // One tenant for the file: every test writes only to tasks it creates itself.
  let emu: Emulator;
  let listId: string;
  beforeAll(async () => {
    emu = createTestEmulator({ users: 5 });
    const lists = await graphGet(emu, '/v1.0/me/todo/lists', { token: 'user' });
    listId = lists.body.value.find((l: { wellknownListName: string }) => l.wellknownListName === 'defaultList').id;
  });

  async function newTask(body: Record<string, unknown> = { title: 'A new task' }): Promise<string> {
    const res = await graphPost(emu, `/v1.0/me/todo/lists/${listId}/tasks`, body, { token: 'user' });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  describe('create with inline relationships (api/todotasklist-post-tasks.md)', () => {
    it('keeps the linkedResources of the docs’ example and answers them, each with an id', async () => {
      const res = await graphPost(
        emu,
        `/v1.0/me/todo/lists/${listId}/tasks`,
        {
          title: 'A new task',
          linkedResources: [{ webUrl: 'http://microsoft.com', applicationName: 'Microsoft', displayName: 'Microsoft' }],
        },
        { token: 'user' },
      );
      expect(res.status).toBe(201);
      expect(res.body.linkedResources).toEqual([
        {
          id: expect.stringMatching(GUID),
          webUrl: 'http://microsoft.com',
          applicationName: 'Microsoft',
          displayName: 'Microsoft',
        },
      ]);
      const listed = await graphGet(emu, `/v1.0/me/todo/lists/${listId}/tasks/${res.body.id}/linkedResources`, {
        token: 'user',
      });
      expect(listed.status).toBe(200);
      // The sub-resource names the type of each item; the task's inline copy does not (todotasklist-list-tasks.md).
      expect(listed.body.value).toEqual(
        res.body.linkedResources.map((item: object) => ({ '@odata.type': '#microsoft.graph.linkedResource', ...item })),
      );
    });

    it('keeps inline checklistItems, unchecked and stamped with createdDateTime (resources/checklistitem.md)', async () => {
      const res = await graphPost(
        emu,
        `/v1.0/me/todo/lists/${listId}/tasks`,
        { title: 'Party', checklistItems: [{ displayName: 'buy cake' }, { displayName: 'invite', isChecked: true }] },
        { token: 'user' },
      );
      expect(res.status).toBe(201);
      expect(res.body.checklistItems).toEqual([
        {
          displayName: 'buy cake',
          createdDateTime: expect.stringMatching(UTC_OFFSET),
          isChecked: false,
          id: expect.stringMatching(GUID),
        },
        {
          displayName: 'invite',
          createdDateTime: expect.stringMatching(UTC_OFFSET),
          checkedDateTime: expect.stringMatching(UTC_OFFSET),
          isChecked: true,
          id: expect.stringMatching(GUID),
        },
      ]);
    });

    it('answers 400 for a linkedResource property the type does not have, and creates nothing', async () => {
      const before = await graphGet(emu, `/v1.0/me/todo/lists/${listId}/tasks?$top=1000`, { token: 'user' });
      const res = await graphPost(
        emu,
        `/v1.0/me/todo/lists/${listId}/tasks`,
        { title: 'Bad link', linkedResources: [{ url: 'http://microsoft.com' }] },
        { token: 'user' },
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain("'url' does not exist on type 'microsoft.graph.linkedResource'");
      const after = await graphGet(emu, `/v1.0/me/todo/lists/${listId}/tasks?$top=1000`, { token: 'user' });
      expect(after.body.value).toHaveLength(before.body.value.length);
    });
  });

  describe('recurrence (resources/todotask.md, resources/patternedrecurrence.md)', () => {
    it('keeps a weekly recurrence and returns it on GET with Exchange’s defaults filled in', async () => {
      const id = await newTask({
        title: 'Weekly report',
        recurrence: {
          pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
          range: { type: 'noEnd', startDate: '2026-01-05' },
        },
      });
      const res = await graphGet(emu, `/v1.0/me/todo/lists/${listId}/tasks/${id}`, { token: 'user' });
      expect(res.body.recurrence).toEqual({
        pattern: {
          type: 'weekly',
          interval: 1,
          month: 0,
          dayOfMonth: 0,
          daysOfWeek: ['monday'],
          firstDayOfWeek: 'sunday',
          index: 'first',
        },
        range: {
          type: 'noEnd',
          startDate: '2026-01-05',
          endDate: '0001-01-01',
          recurrenceTimeZone: '',
          numberOfOccurrences: 0,
        },
      });
      // A task without one has none (resources/todotask.md lists recurrence as a plain property).
      const plain = await newTask();
      const other = await graphGet(emu, `/v1.0/me/todo/lists/${listId}/tasks/${plain}`, { token: 'user' });
      expect(other.body).not.toHaveProperty('recurrence');
    });

    it('updates and clears the recurrence with PATCH (api/todotask-update.md)', async () => {
      const id = await newTask();
      const set = await graphPatch(
        emu,
        `/v1.0/me/todo/lists/${listId}/tasks/${id}`,
        {
          recurrence: {
            pattern: { type: 'absoluteMonthly', interval: 2, dayOfMonth: 15 },
            range: { type: 'numbered', startDate: '2026-01-15', numberOfOccurrences: 6 },
          },
        },
        { token: 'user' },
      );
      expect(set.status).toBe(200);
      expect(set.body.recurrence.pattern).toMatchObject({ type: 'absoluteMonthly', interval: 2, dayOfMonth: 15 });
      expect(set.body.recurrence.range).toMatchObject({ type: 'numbered', numberOfOccurrences: 6 });
      const cleared = await graphPatch(
        emu,
        `/v1.0/me/todo/lists/${listId}/tasks/${id}`,
        { recurrence: null },
        { token: 'user' },
      );
      expect(cleared.status).toBe(200);
      expect(cleared.body).not.toHaveProperty('recurrence');
    });

    it.each([
      [
        'an unknown pattern type',
        { pattern: { type: 'hourly', interval: 1 }, range: { type: 'noEnd', startDate: '2026-01-05' } },
      ],
      [
        'weekly without daysOfWeek',
        { pattern: { type: 'weekly', interval: 1 }, range: { type: 'noEnd', startDate: '2026-01-05' } },
      ],
      [
        'a zero interval',
        { pattern: { type: 'daily', interval: 0 }, range: { type: 'noEnd', startDate: '2026-01-05' } },
      ],
      ['no range', { pattern: { type: 'daily', interval: 1 } }],
      [
        'an endDate range without endDate',
        { pattern: { type: 'daily', interval: 1 }, range: { type: 'endDate', startDate: '2026-01-05' } },
      ],
      [
        'a startDate that is no date',
        { pattern: { type: 'daily', interval: 1 }, range: { type: 'noEnd', startDate: '2026-02-30' } },
      ],
    ])(
      'answers 400 BadRequest for a recurrence with %s (resources/recurrencepattern.md, recurrencerange.md)',
      async (_, recurrence) => {
        const res = await graphPost(
          emu,
          `/v1.0/me/todo/lists/${listId}/tasks`,
          { title: 'Bad', recurrence },
          { token: 'user' },
        );
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('BadRequest');
      },
    );
  });

  describe('$expand (resources/todotask.md, Relationships)', () => {
    it('leaves checklistItems and linkedResources out of a task unless $expand names them', async () => {
      const id = await newTask({
        title: 'Expandable',
        linkedResources: [{ displayName: 'Mail', applicationName: 'Outlook' }],
        checklistItems: [{ displayName: 'Step' }],
      });
      const path = `/v1.0/me/todo/lists/${listId}/tasks/${id}`;
      const plain = await graphGet(emu, path, { token: 'user' });
      expect(plain.body).not.toHaveProperty('linkedResources');
      expect(plain.body).not.toHaveProperty('checklistItems');
      const expanded = await graphGet(emu, `${path}?$expand=linkedResources,checklistItems`, { token: 'user' });
      expect(expanded.body.linkedResources).toEqual([
        { id: expect.stringMatching(GUID), applicationName: 'Outlook', displayName: 'Mail' },
      ]);
      expect(expanded.body.checklistItems).toEqual([
        expect.objectContaining({ displayName: 'Step', isChecked: false }),
      ]);
      const listed = await graphGet(emu, `/v1.0/me/todo/lists/${listId}/tasks?$expand=checklistItems&$top=1000`, {
        token: 'user',
      });
      expect(listed.body.value.find((t: { id: string }) => t.id === id).checklistItems).toHaveLength(1);
      const bad = await graphGet(emu, `${path}?$expand=owner`, { token: 'user' });
      expect(bad.status).toBe(400);
    });

    it('refuses linkedResources or checklistItems in a task PATCH with 400 rather than dropping them', async () => {
      const id = await newTask();
      const res = await graphPatch(
        emu,
        `/v1.0/me/todo/lists/${listId}/tasks/${id}`,
        { checklistItems: [{ displayName: 'Step' }] },
        { token: 'user' },
      );
      expect(res.status).toBe(400);
    });
  });

  describe('linkedResources sub-resource', () => {
    it('creates one with 201 and an id (api/todotask-post-linkedresources.md), gets it (api/linkedresource-get.md) and lists it (api/todotask-list-linkedresources.md)', async () => {
      const taskId = await newTask();
      const base = `/v1.0/me/todo/lists/${listId}/tasks/${taskId}/linkedResources`;
      const created = await graphPost(
        emu,
        base,
        {
          webUrl: 'https://microsoft.com',
          applicationName: 'Microsoft',
          displayName: 'Microsoft',
          externalId: 'dk9cddce2-dce2-f9dd-e2dc-cdf9e2dccdf9',
        },
        { token: 'user' },
      );
      expect(created.status).toBe(201);
      const userId = emu.info.defaultUserId;
      expect(created.body).toEqual({
        '@odata.context': `${TEST_ORIGIN}/v1.0/$metadata#users('${userId}')/todo/lists('${encodeURIComponent(listId)}')/tasks('${encodeURIComponent(taskId)}')/linkedResources/$entity`,
        '@odata.type': '#microsoft.graph.linkedResource',
        id: expect.stringMatching(GUID),
        webUrl: 'https://microsoft.com',
        applicationName: 'Microsoft',
        displayName: 'Microsoft',
        externalId: 'dk9cddce2-dce2-f9dd-e2dc-cdf9e2dccdf9',
      });
      const got = await graphGet(emu, `${base}/${created.body.id}`, { token: 'user' });
      expect(got.status).toBe(200);
      expect(got.body).toEqual(created.body);
      const listed = await graphGet(emu, base, { token: 'user' });
      expect(listed.body.value).toHaveLength(1);
      expect(listed.body.value[0]['@odata.type']).toBe('#microsoft.graph.linkedResource');
      expect(listed.body.value[0].id).toBe(created.body.id);
    });

    it('updates one with 200 (api/linkedresource-update.md) and deletes it with 204, after which it is 404 (api/linkedresource-delete.md)', async () => {
      const taskId = await newTask({ title: 'Linked', linkedResources: [{ displayName: 'Old' }] });
      const base = `/v1.0/me/todo/lists/${listId}/tasks/${taskId}/linkedResources`;
      const [item] = (await graphGet(emu, base, { token: 'user' })).body.value;
      const updated = await graphPatch(
        emu,
        `${base}/${item.id}`,
        { displayName: 'New', webUrl: 'https://contoso.com' },
        { token: 'user' },
      );
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ id: item.id, displayName: 'New', webUrl: 'https://contoso.com' });
      const deleted = await graphDelete(emu, `${base}/${item.id}`, { token: 'user' });
      expect(deleted.status).toBe(204);
      const gone = await graphGet(emu, `${base}/${item.id}`, { token: 'user' });
      expect(gone.status).toBe(404);
      expect(gone.body.error.code).toBe('itemNotFound');
      const rejected = await graphPatch(emu, `${base}/${item.id}`, { displayName: 'x' }, { token: 'user' });
      expect(rejected.status).toBe(404);
    });
  });

  describe('checklistItems sub-resource', () => {
    it('creates one with 201 as the docs’ example answers (api/todotask-post-checklistitems.md) and lists it (api/todotask-list-checklistitems.md)', async () => {
      const taskId = await newTask();
      // The docs' example posts to the lower-case `checklistitems/` with a trailing slash.
      const created = await graphPost(
        emu,
        `/v1.0/me/todo/lists/${listId}/tasks/${taskId}/checklistitems/`,
        { displayName: 'Final sign-off from the team' },
        { token: 'user' },
      );
      expect(created.status).toBe(201);
      expect(created.body['@odata.context']).toMatch(/\/tasks\('[^']+'\)\/checklistItems\/\$entity$/);
      expect(created.body).toMatchObject({
        displayName: 'Final sign-off from the team',
        createdDateTime: expect.stringMatching(UTC_OFFSET),
        isChecked: false,
        id: expect.stringMatching(GUID),
      });
      expect(created.body).not.toHaveProperty('checkedDateTime');
      const listed = await graphGet(emu, `/v1.0/me/todo/lists/${listId}/tasks/${taskId}/checklistItems`, {
        token: 'user',
      });
      expect(listed.status).toBe(200);
      expect(listed.body.value.map((c: { id: string }) => c.id)).toEqual([created.body.id]);
    });

    it('gets (api/checklistitem-get.md), updates with 200 (api/checklistitem-update.md) and deletes with 204 (api/checklistitem-delete.md)', async () => {
      const taskId = await newTask({ title: 'Cake', checklistItems: [{ displayName: 'buy cak' }] });
      const base = `/v1.0/me/todo/lists/${listId}/tasks/${taskId}/checklistItems`;
      const [item] = (await graphGet(emu, base, { token: 'user' })).body.value;
      const got = await graphGet(emu, `${base}/${item.id}`, { token: 'user' });
      expect(got.body).toMatchObject({ id: item.id, displayName: 'buy cak' });
      const renamed = await graphPatch(emu, `${base}/${item.id}`, { displayName: 'buy cake' }, { token: 'user' });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ id: item.id, displayName: 'buy cake', isChecked: false });
      const checked = await graphPatch(emu, `${base}/${item.id}`, { isChecked: true }, { token: 'user' });
      expect(checked.body).toMatchObject({ isChecked: true, checkedDateTime: expect.stringMatching(UTC_OFFSET) });
      const unchecked = await graphPatch(emu, `${base}/${item.id}`, { isChecked: false }, { token: 'user' });
      expect(unchecked.body).not.toHaveProperty('checkedDateTime');
      const bad = await graphPatch(emu, `${base}/${item.id}`, { isChecked: 'yes' }, { token: 'user' });
      expect(bad.status).toBe(400);
      expect((await graphDelete(emu, `${base}/${item.id}`, { token: 'user' })).status).toBe(204);
      expect((await graphGet(emu, `${base}/${item.id}`, { token: 'user' })).status).toBe(404);
      expect((await graphGet(emu, base, { token: 'user' })).body.value).toEqual([]);
    });
  });

  describe('access and unknown ids (as the task routes answer)', () => {
    it('refuses a delegated caller another user’s checklistItems and linkedResources with 403 ErrorAccessDenied', async () => {
      const other = [...emu.tenant.users.keys()][1] as string;
      for (const segment of ['checklistItems', 'linkedResources']) {
        const path = `/v1.0/users/${other}/todo/lists/x/tasks/y/${segment}`;
        for (const res of [
          await graphGet(emu, path, { token: 'user' }),
          await graphPost(emu, path, { displayName: 'Mine now' }, { token: 'user' }),
        ]) {
          expect(res.status).toBe(403);
          expect(res.body.error.code).toBe('ErrorAccessDenied');
        }
      }
    });

    it('serves /users/{id}/todo/... to an app-only caller, and answers 404 itemNotFound for unknown task or item ids', async () => {
      const userId = emu.info.defaultUserId;
      const taskId = await newTask({ title: 'App', checklistItems: [{ displayName: 'Step' }] });
      const base = `/v1.0/users/${userId}/todo/lists/${listId}/tasks/${taskId}/checklistItems`;
      const listed = await graphGet(emu, base);
      expect(listed.status).toBe(200);
      expect(listed.body.value).toHaveLength(1);
      const created = await graphPost(
        emu,
        `/v1.0/users/${userId}/todo/lists/${listId}/tasks/${taskId}/linkedResources`,
        {
          displayName: 'From app',
        },
      );
      expect(created.status).toBe(201);
      for (const path of [
        `/v1.0/me/todo/lists/${listId}/tasks/AAMkADAwATM0MDAAMSnope=/checklistItems`,
        `/v1.0/me/todo/lists/${listId}/tasks/${taskId}/checklistItems/00000000-0000-4000-8000-000000000000`,
        `/v1.0/me/todo/lists/${listId}/tasks/${taskId}/linkedResources/00000000-0000-4000-8000-000000000000`,
      ]) {
        const res = await graphGet(emu, path, { token: 'user' });
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('itemNotFound');
      }
    });
  });
});
