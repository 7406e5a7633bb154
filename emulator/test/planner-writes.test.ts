import {
  createTestEmulator,
  graphBatch,
  graphDelete,
  graphGet,
  graphPatch,
  graphPost,
  userToken,
  TEST_ORIGIN,
  type Emulator,
} from '../src/testing';
import type { PlannerPlanRecord } from '../src/tenant/model';
import { defaultUserPlan, errorOf, PLANNER_ERRORS } from './fixtures/planner';

const {
  ifMatchMissing: IF_MATCH_MISSING,
  ifMatchInvalid: IF_MATCH_INVALID,
  ifMatchStale: IF_MATCH_STALE,
} = PLANNER_ERRORS;

function bucketsOf(emu: Emulator, planId: string): string[] {
  return [...emu.tenant.buckets.values()].filter((b) => b.planId === planId).map((b) => b.id);
}

/** A member of the plan's group other than the default user. */
function otherMember(emu: Emulator, plan: PlannerPlanRecord): string {
  const member = (emu.tenant.membersOf.get(plan.groupId) ?? []).find(
    (id) => emu.tenant.users.has(id) && id !== emu.info.defaultUserId,
  );
  if (!member) throw new Error('the group has a single member');
  return member;
}

const assignment = { '@odata.type': '#microsoft.graph.plannerAssignment', orderHint: ' !' };

describe('Planner task writes', () => {
  // One tenant for the file: every test changes only tasks it creates itself.
  let emu: Emulator;
  let plan: PlannerPlanRecord;
  beforeAll(() => {
    emu = createTestEmulator({ users: 30 });
    plan = defaultUserPlan(emu);
  });

  async function createTask(body: Record<string, unknown> = {}): Promise<{ id: string; etag: string }> {
    const res = await graphPost(
      emu,
      '/v1.0/planner/tasks',
      { planId: plan.id, title: 'Write the emulator', ...body },
      { token: 'user' },
    );
    expect(res.status).toBe(201);
    return { id: res.body.id, etag: res.body['@odata.etag'] };
  }

  describe('POST /planner/tasks', () => {
    it('creates the task with 201, the full resource, an ETag header and empty details', async () => {
      const [bucketId] = bucketsOf(emu, plan.id);
      const me = emu.info.defaultUserId;
      const res = await graphPost(
        emu,
        '/v1.0/planner/tasks',
        {
          planId: plan.id,
          bucketId,
          title: 'Write the emulator',
          priority: 3,
          assignments: { [me]: assignment },
          appliedCategories: { category2: true },
        },
        { token: 'user' },
      );
      expect(res.status).toBe(201);
      expect(res.headers.get('etag')).toBe(res.body['@odata.etag']);
      expect(res.body).toEqual({
        '@odata.context': `${TEST_ORIGIN}/v1.0/$metadata#planner/tasks/$entity`,
        '@odata.etag': expect.stringMatching(/^W\/"[A-Za-z0-9+/]+"$/),
        planId: plan.id,
        bucketId,
        title: 'Write the emulator',
        orderHint: expect.any(String),
        assigneePriority: '',
        percentComplete: 0,
        startDateTime: null,
        createdDateTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/),
        dueDateTime: null,
        hasDescription: false,
        previewType: 'automatic',
        completedDateTime: null,
        completedBy: null,
        referenceCount: 0,
        checklistItemCount: 0,
        activeChecklistItemCount: 0,
        conversationThreadId: null,
        priority: 3,
        id: expect.stringMatching(/^[A-Za-z0-9_-]{28}$/),
        createdBy: { user: { displayName: null, id: me } },
        appliedCategories: { category2: true },
        assignments: {
          [me]: {
            '@odata.type': '#microsoft.graph.plannerAssignment',
            assignedBy: { user: { displayName: null, id: me } },
            assignedDateTime: res.body.createdDateTime,
            orderHint: expect.any(String),
          },
        },
      });
      const read = await graphGet(emu, `/v1.0/planner/tasks/${res.body.id}`);
      expect(read.body['@odata.etag']).toBe(res.body['@odata.etag']);
      const details = await graphGet(emu, `/v1.0/planner/tasks/${res.body.id}/details`);
      expect(details.status).toBe(200);
      expect(details.body).toEqual({
        '@odata.context': `${TEST_ORIGIN}/v1.0/$metadata#planner/tasks('${res.body.id}')/details/$entity`,
        '@odata.etag': expect.any(String),
        description: '',
        previewType: 'automatic',
        id: res.body.id,
        references: {},
        checklist: {},
      });
    });

    it('answers 404 for a planId that names no plan and 403 for a plan of a group the caller is not in', async () => {
      const before = emu.tenant.tasks.size;
      const unknown = await graphPost(emu, '/v1.0/planner/tasks', {
        planId: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAA',
        title: 'x',
      });
      expect(unknown.status).toBe(404);
      expect(errorOf(unknown.body)).toEqual({ code: '', message: 'The requested item is not found.' });
      const inside = new Set(emu.tenant.membersOf.get(plan.groupId));
      const outsider = [...emu.tenant.users.keys()].find(
        (id) => !inside.has(id) && !(emu.tenant.ownersOf.get(plan.groupId) ?? []).includes(id),
      ) as string;
      const refused = await graphPost(
        emu,
        '/v1.0/planner/tasks',
        { planId: plan.id, title: 'x' },
        { token: userToken(emu, outsider) },
      );
      expect(refused.status).toBe(403);
      expect(errorOf(refused.body)).toEqual({
        code: '',
        message: 'You do not have the required permissions to access this item.',
      });
      expect(emu.tenant.tasks.size).toBe(before);
    });

    it.each([
      ['no planId', { title: 'x' }, 'The planId field is required.'],
      [
        'percentComplete above 100',
        { percentComplete: 101 },
        'The percentComplete value must be an integer between 0 and 100.',
      ],
      [
        'a fractional percentComplete',
        { percentComplete: 12.5 },
        'The percentComplete value must be an integer between 0 and 100.',
      ],
      ['priority above 10', { priority: 11 }, 'The priority value must be an integer between 0 and 10.'],
      [
        'a start date after the due date',
        { startDateTime: '2026-03-02T10:00:00Z', dueDateTime: '2026-03-01T10:00:00Z' },
        'The start date of the task must not be later than its due date.',
      ],
      [
        'a due date that is no DateTimeOffset',
        { dueDateTime: 'next Tuesday' },
        'The value of dueDateTime is not a valid DateTimeOffset.',
      ],
      [
        'an assignment without @odata.type',
        { assignments: { USER: { orderHint: ' !' } } },
        'Each assignment must be a #microsoft.graph.plannerAssignment with an @odata.type.',
      ],
      [
        'an assignment without orderHint',
        { assignments: { USER: { '@odata.type': '#microsoft.graph.plannerAssignment' } } },
        'Each assignment needs a valid orderHint.',
      ],
      [
        'a category outside category1..25',
        { appliedCategories: { category26: true } },
        "The applied category 'category26' is not valid; use category1 to category25.",
      ],
      ['a bucket of another plan', { bucketId: 'OTHER_BUCKET' }, "The bucketId must name a bucket of the task's plan."],
    ])("answers 400 with Planner's empty code for %s", async (_case, fields, message) => {
      const me = emu.info.defaultUserId;
      const otherBucket = [...emu.tenant.buckets.values()].find((b) => b.planId !== plan.id)?.id;
      const body: Record<string, unknown> = JSON.parse(
        JSON.stringify(fields)
          .replace(/USER/g, me)
          .replace('OTHER_BUCKET', otherBucket ?? ''),
      );
      if (!('planId' in body) && _case !== 'no planId') body.planId = plan.id;
      const before = emu.tenant.tasks.size;
      const res = await graphPost(emu, '/v1.0/planner/tasks', body, { token: 'user' });
      expect(res.status).toBe(400);
      expect(errorOf(res.body)).toEqual({ code: '', message });
      expect(emu.tenant.tasks.size).toBe(before);
    });

    it('answers 400 BadRequest for a property plannerTask does not have', async () => {
      const res = await graphPost(emu, '/v1.0/planner/tasks', { planId: plan.id, colour: 'red' }, { token: 'user' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BadRequest');
      expect(res.body.error.message).toMatch(
        /^The property 'colour' does not exist on type 'microsoft.graph.plannerTask'/,
      );
    });

    it('refuses a delegated token with only Tasks.Read with 403 Authorization_RequestDenied', async () => {
      const res = await graphPost(
        emu,
        '/v1.0/planner/tasks',
        { planId: plan.id, title: 'x' },
        { token: userToken(emu, emu.info.defaultUserId, ['Tasks.Read']) },
      );
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('Authorization_RequestDenied');
    });
  });

  describe('PATCH /planner/tasks/{id}', () => {
    it('refuses a change without If-Match with 412 and leaves the task as it was', async () => {
      const task = await createTask();
      const res = await graphPatch(emu, `/v1.0/planner/tasks/${task.id}`, { title: 'Changed' }, { token: 'user' });
      expect(res.status).toBe(412);
      expect(errorOf(res.body)).toEqual(IF_MATCH_MISSING);
      expect(emu.tenant.tasks.get(task.id)?.title).toBe('Write the emulator');
    });

    it('refuses a malformed etag and the etag of the task details as invalid values', async () => {
      const task = await createTask();
      const details = await graphGet(emu, `/v1.0/planner/tasks/${task.id}/details`);
      for (const etag of ['W/"not-an-etag"', '*', details.body['@odata.etag']]) {
        const res = await graphPatch(
          emu,
          `/v1.0/planner/tasks/${task.id}`,
          { title: 'Changed' },
          { token: 'user', headers: { 'If-Match': etag } },
        );
        expect(res.status).toBe(412);
        expect(errorOf(res.body)).toEqual(IF_MATCH_INVALID);
      }
    });

    it('answers 204 without a body by default and gives the task a new, ordinally larger etag', async () => {
      const task = await createTask();
      const res = await graphPatch(
        emu,
        `/v1.0/planner/tasks/${task.id}`,
        { title: 'Changed' },
        { token: 'user', headers: { 'If-Match': task.etag } },
      );
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      const read = await graphGet(emu, `/v1.0/planner/tasks/${task.id}`);
      expect(read.body.title).toBe('Changed');
      expect(read.body['@odata.etag'] > task.etag).toBe(true);
    });

    it('answers 200 with the task and Preference-Applied when asked with Prefer: return=representation', async () => {
      const task = await createTask();
      const res = await graphPatch(
        emu,
        `/v1.0/planner/tasks/${task.id}`,
        { priority: 1 },
        {
          token: 'user',
          headers: { 'If-Match': task.etag, Prefer: 'return=representation' },
        },
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('preference-applied')).toBe('return=representation');
      expect(res.headers.get('etag')).toBe(res.body['@odata.etag']);
      expect(res.body['@odata.context']).toBe(`${TEST_ORIGIN}/v1.0/$metadata#planner/tasks/$entity`);
      expect(res.body.priority).toBe(1);
      expect(res.body['@odata.etag']).not.toBe(task.etag);
    });

    it('refuses a stale etag with 412 and keeps the stored task unchanged', async () => {
      const task = await createTask();
      const first = await graphPatch(
        emu,
        `/v1.0/planner/tasks/${task.id}`,
        { title: 'First' },
        { token: 'user', headers: { 'If-Match': task.etag } },
      );
      expect(first.status).toBe(204);
      const stored = structuredClone(emu.tenant.tasks.get(task.id));
      const stale = await graphPatch(
        emu,
        `/v1.0/planner/tasks/${task.id}`,
        { title: 'Second' },
        { token: 'user', headers: { 'If-Match': task.etag } },
      );
      expect(stale.status).toBe(412);
      expect(errorOf(stale.body)).toEqual(IF_MATCH_STALE);
      expect(emu.tenant.tasks.get(task.id)).toEqual(stored);
    });

    it('stamps completedDateTime and completedBy at 100 percent and clears them when reopened', async () => {
      const task = await createTask();
      const done = await graphPatch(
        emu,
        `/v1.0/planner/tasks/${task.id}`,
        { percentComplete: 100 },
        {
          token: 'user',
          headers: { 'If-Match': task.etag, Prefer: 'return=representation' },
        },
      );
      expect(done.body.percentComplete).toBe(100);
      expect(done.body.completedDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
      expect(done.body.completedBy).toEqual({ user: { displayName: null, id: emu.info.defaultUserId } });
      const reopened = await graphPatch(
        emu,
        `/v1.0/planner/tasks/${task.id}`,
        { percentComplete: 50 },
        {
          token: 'user',
          headers: { 'If-Match': done.body['@odata.etag'], Prefer: 'return=representation' },
        },
      );
      expect(reopened.body.completedDateTime).toBeNull();
      expect(reopened.body.completedBy).toBeNull();
    });

    it('merges assignments by key, removes one set to null, and merges categories with false removing', async () => {
      const me = emu.info.defaultUserId;
      const colleague = otherMember(emu, plan);
      const task = await createTask({
        assignments: { [me]: assignment },
        appliedCategories: { category1: true, category4: true },
      });
      const res = await graphPatch(
        emu,
        `/v1.0/planner/tasks/${task.id}`,
        {
          assignments: { [colleague]: assignment, [me]: null },
          appliedCategories: { category4: false, category9: true },
        },
        { token: 'user', headers: { 'If-Match': task.etag, Prefer: 'return=representation' } },
      );
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.assignments)).toEqual([colleague]);
      expect(res.body.assignments[colleague].assignedBy).toEqual({ user: { displayName: null, id: me } });
      expect(res.body.appliedCategories).toEqual({ category1: true, category9: true });
      const theirs = await graphGet(emu, `/v1.0/users/${colleague}/planner/tasks`);
      expect(theirs.body.value.map((t: { id: string }) => t.id)).toContain(task.id);
      const mine = await graphGet(emu, '/v1.0/me/planner/tasks', { token: 'user' });
      expect(mine.body.value.map((t: { id: string }) => t.id)).not.toContain(task.id);
    });

    it('places an assignment between two given order hints', async () => {
      const me = emu.info.defaultUserId;
      const task = await createTask();
      const res = await graphPatch(
        emu,
        `/v1.0/planner/tasks/${task.id}`,
        { assignments: { [me]: { '@odata.type': '#microsoft.graph.plannerAssignment', orderHint: 'A C!' } } },
        { token: 'user', headers: { 'If-Match': task.etag, Prefer: 'return=representation' } },
      );
      const hint: string = res.body.assignments[me].orderHint;
      expect(hint > 'A' && hint < 'C').toBe(true);
    });

    it('checks If-Match per $batch step and answers each step with its own status and ETag header', async () => {
      const task = await createTask();
      const json = { 'Content-Type': 'application/json' };
      const result = await graphBatch(
        emu,
        [
          {
            id: 'with',
            method: 'PATCH',
            url: `/planner/tasks/${task.id}`,
            headers: { ...json, 'If-Match': task.etag, Prefer: 'return=representation' },
            body: { title: 'Batched' },
          },
          {
            id: 'without',
            method: 'PATCH',
            url: `/planner/tasks/${task.id}`,
            headers: json,
            body: { title: 'No etag' },
          },
        ],
        { token: 'user' },
      );
      expect(result.status).toBe(200);
      const accepted = result.answers.get('with');
      expect(accepted?.status).toBe(200);
      expect(accepted?.body.title).toBe('Batched');
      expect(accepted?.headers.ETag).toBe(accepted?.body['@odata.etag']);
      expect(accepted?.headers['Preference-Applied']).toBe('return=representation');
      expect(result.answers.get('without')?.status).toBe(412);
      expect(emu.tenant.tasks.get(task.id)?.title).toBe('Batched');
    });

    it('answers an app-only caller with Tasks.ReadWrite.All and records the application as completer', async () => {
      const task = await createTask();
      const res = await graphPatch(
        emu,
        `/v1.0/planner/tasks/${task.id}`,
        { percentComplete: 100 },
        {
          headers: { 'If-Match': task.etag, Prefer: 'return=representation' },
        },
      );
      expect(res.status).toBe(200);
      expect(res.body.completedBy).toEqual({ application: { displayName: null, id: emu.info.clientId } });
    });
  });

  describe('DELETE /planner/tasks/{id}', () => {
    it('refuses a delete without If-Match with 412', async () => {
      const task = await createTask();
      const res = await graphDelete(emu, `/v1.0/planner/tasks/${task.id}`, { token: 'user' });
      expect(res.status).toBe(412);
      expect(errorOf(res.body)).toEqual(IF_MATCH_MISSING);
      expect(emu.tenant.tasks.has(task.id)).toBe(true);
    });

    it('deletes with the current etag (204), after which the task and its details are 404', async () => {
      const task = await createTask();
      const res = await graphDelete(emu, `/v1.0/planner/tasks/${task.id}`, {
        token: 'user',
        headers: { 'If-Match': task.etag },
      });
      expect(res.status).toBe(204);
      expect((await graphGet(emu, `/v1.0/planner/tasks/${task.id}`)).status).toBe(404);
      expect((await graphGet(emu, `/v1.0/planner/tasks/${task.id}/details`)).status).toBe(404);
      const again = await graphDelete(emu, `/v1.0/planner/tasks/${task.id}`, {
        token: 'user',
        headers: { 'If-Match': task.etag },
      });
      expect(again.status).toBe(404);
    });
  });

  describe('task details', () => {
    it('has an etag of its own: the task etag is refused on details and the details etag accepted', async () => {
      const task = await createTask();
      const details = await graphGet(emu, `/v1.0/planner/tasks/${task.id}/details`);
      expect(details.headers.get('etag')).toBe(details.body['@odata.etag']);
      expect(details.body['@odata.etag']).not.toBe(task.etag);
      const wrong = await graphPatch(
        emu,
        `/v1.0/planner/tasks/${task.id}/details`,
        { description: 'x' },
        { token: 'user', headers: { 'If-Match': task.etag } },
      );
      expect(wrong.status).toBe(412);
      expect(errorOf(wrong.body)).toEqual(IF_MATCH_INVALID);
      const right = await graphPatch(
        emu,
        `/v1.0/planner/tasks/${task.id}/details`,
        { description: 'x' },
        { token: 'user', headers: { 'If-Match': details.body['@odata.etag'] } },
      );
      expect(right.status).toBe(204);
    });

    it('merges checklist items by id, removes one set to null, and updates the task counters and etag', async () => {
      const task = await createTask();
      const details = await graphGet(emu, `/v1.0/planner/tasks/${task.id}/details`);
      const first = '95e27074-6c4a-447a-aa24-9d718a0b86fa';
      const second = 'd280ed1a-9f6b-4f9c-a962-fb4d00dc50ff';
      const item = (title: string) => ({ '@odata.type': 'microsoft.graph.plannerChecklistItem', title });
      const added = await graphPatch(
        emu,
        `/v1.0/planner/tasks/${task.id}/details`,
        {
          description: 'Two steps',
          previewType: 'checklist',
          checklist: { [first]: item('Ask legal'), [second]: item('Ship it') },
        },
        { token: 'user', headers: { 'If-Match': details.body['@odata.etag'], Prefer: 'return=representation' } },
      );
      expect(added.status).toBe(200);
      expect(Object.keys(added.body.checklist)).toEqual([first, second]);
      expect(added.body.checklist[first]).toEqual({
        '@odata.type': '#microsoft.graph.plannerChecklistItem',
        isChecked: false,
        title: 'Ask legal',
        orderHint: expect.any(String),
        lastModifiedDateTime: expect.any(String),
        lastModifiedBy: { user: { displayName: null, id: emu.info.defaultUserId } },
      });
      const changed = await graphPatch(
        emu,
        `/v1.0/planner/tasks/${task.id}/details`,
        {
          checklist: {
            [first]: { '@odata.type': 'microsoft.graph.plannerChecklistItem', isChecked: true },
            [second]: null,
          },
        },
        { token: 'user', headers: { 'If-Match': added.body['@odata.etag'], Prefer: 'return=representation' } },
      );
      expect(changed.body.checklist).toEqual({
        [first]: expect.objectContaining({ title: 'Ask legal', isChecked: true }),
      });
      const read = await graphGet(emu, `/v1.0/planner/tasks/${task.id}`);
      expect(read.body).toMatchObject({ hasDescription: true, checklistItemCount: 1, activeChecklistItemCount: 0 });
      expect(read.body['@odata.etag'] > task.etag).toBe(true);
    });

    it('refuses a checklist item without @odata.type with 400', async () => {
      const task = await createTask();
      const details = await graphGet(emu, `/v1.0/planner/tasks/${task.id}/details`);
      const res = await graphPatch(
        emu,
        `/v1.0/planner/tasks/${task.id}/details`,
        { checklist: { '95e27074-6c4a-447a-aa24-9d718a0b86fa': { title: 'No type' } } },
        { token: 'user', headers: { 'If-Match': details.body['@odata.etag'] } },
      );
      expect(res.status).toBe(400);
      expect(errorOf(res.body)).toEqual({
        code: '',
        message: 'Each checklist item must be a #microsoft.graph.plannerChecklistItem with an @odata.type.',
      });
    });
  });
});
