/**
 * Planner tasks addressed through their owner, as Microsoft's SDKs build them. Docs followed:
 * api-reference/v1.0/api/plannertask-get.md, plannertask-update.md, plannertask-delete.md,
 * plannertaskdetails-get.md, plannertaskdetails-update.md (same etag rules), and
 * planneruser-list-tasks.md (the user's `planner/tasks` holds the tasks assigned to them).
 */
import {
  createTestEmulator,
  graphDelete,
  graphGet,
  graphPatch,
  graphPost,
  userToken,
  TEST_ORIGIN,
  type Emulator,
} from '../src/testing';
import type { PlannerPlanRecord } from '../src/tenant/model';
import { defaultUserPlan, PLANNER_ERRORS } from './fixtures/planner';

const {
  notFound: NOT_FOUND,
  forbidden: FORBIDDEN,
  ifMatchMissing: IF_MATCH_MISSING,
  ifMatchInvalid: IF_MATCH_INVALID,
} = PLANNER_ERRORS;

describe('Planner tasks through their owner (/me/planner/tasks/{id}, /users/{id}/planner/tasks/{id})', () => {
  let emu: Emulator;
  let me: string;
  let plan: PlannerPlanRecord;
  beforeAll(() => {
    emu = createTestEmulator({ users: 30 });
    me = emu.info.defaultUserId;
    plan = defaultUserPlan(emu);
  });

  async function createTask(assignees: string[]): Promise<{ id: string; etag: string }> {
    const assignments = Object.fromEntries(
      assignees.map((id) => [id, { '@odata.type': '#microsoft.graph.plannerAssignment', orderHint: ' !' }]),
    );
    const res = await graphPost(
      emu,
      '/v1.0/planner/tasks',
      { planId: plan.id, title: 'Owned', assignments },
      { token: 'user' },
    );
    expect(res.status).toBe(201);
    return { id: res.body.id, etag: res.body['@odata.etag'] };
  }

  it('answers GET /me/planner/tasks/{id} with 200, the same task and ETag as /planner/tasks/{id} (plannertask-get.md)', async () => {
    const task = await createTask([me]);
    const direct = await graphGet(emu, `/v1.0/planner/tasks/${task.id}`, { token: 'user' });
    const viaMe = await graphGet(emu, `/v1.0/me/planner/tasks/${task.id}`, { token: 'user' });
    const viaUser = await graphGet(emu, `/v1.0/users/${me}/planner/tasks/${task.id}`);
    expect(viaMe.status).toBe(200);
    expect(viaUser.status).toBe(200);
    // The context names the navigation the task was read through; /me is written as the user.
    const ownerContext = `${TEST_ORIGIN}/v1.0/$metadata#users('${me}')/planner/tasks/$entity`;
    expect(viaMe.body).toEqual({ ...direct.body, '@odata.context': ownerContext });
    expect(viaUser.body).toEqual({ ...direct.body, '@odata.context': ownerContext });
    expect(viaMe.headers.get('etag')).toBe(task.etag);
  });

  it("answers PATCH /me/planner/tasks/{id} without If-Match with 412 and Planner's message (plannertask-update.md)", async () => {
    const task = await createTask([me]);
    const res = await graphPatch(emu, `/v1.0/me/planner/tasks/${task.id}`, { title: 'x' }, { token: 'user' });
    expect(res.status).toBe(412);
    expect(res.body.error).toMatchObject(IF_MATCH_MISSING);
  });

  it('answers PATCH /users/{id}/planner/tasks/{id} with 200 and the task under Prefer: return=representation, then 412 on the stale etag', async () => {
    const task = await createTask([me]);
    const headers = { 'If-Match': task.etag, Prefer: 'return=representation' };
    const res = await graphPatch(emu, `/v1.0/users/${me}/planner/tasks/${task.id}`, { title: 'Renamed' }, { headers });
    expect(res.status).toBe(200);
    expect(res.body.title).toBe('Renamed');
    expect(res.body['@odata.etag']).not.toBe(task.etag);
    const stale = await graphPatch(
      emu,
      `/v1.0/me/planner/tasks/${task.id}`,
      { title: 'Again' },
      { token: 'user', headers: { 'If-Match': task.etag } },
    );
    expect(stale.status).toBe(412);
  });

  it('answers DELETE /me/planner/tasks/{id} with 204 given the etag, then 404 "The requested item is not found." (plannertask-delete.md)', async () => {
    const task = await createTask([me]);
    const res = await graphDelete(emu, `/v1.0/me/planner/tasks/${task.id}`, {
      token: 'user',
      headers: { 'If-Match': task.etag },
    });
    expect(res.status).toBe(204);
    const gone = await graphGet(emu, `/v1.0/me/planner/tasks/${task.id}`, { token: 'user' });
    expect(gone.status).toBe(404);
    expect(gone.body.error).toMatchObject(NOT_FOUND);
  });

  it('reads and updates /me/planner/tasks/{id}/details with its own etag, refusing the task etag with 412 (plannertaskdetails-get.md)', async () => {
    const task = await createTask([me]);
    const details = await graphGet(emu, `/v1.0/me/planner/tasks/${task.id}/details`, { token: 'user' });
    expect(details.status).toBe(200);
    expect(details.body).toEqual({
      ...(await graphGet(emu, `/v1.0/planner/tasks/${task.id}/details`, { token: 'user' })).body,
      '@odata.context': `${TEST_ORIGIN}/v1.0/$metadata#users('${me}')/planner/tasks('${task.id}')/details/$entity`,
    });
    const wrong = await graphPatch(
      emu,
      `/v1.0/me/planner/tasks/${task.id}/details`,
      { description: 'd' },
      { token: 'user', headers: { 'If-Match': task.etag } },
    );
    expect(wrong.status).toBe(412);
    expect(wrong.body.error).toMatchObject(IF_MATCH_INVALID);
    const ok = await graphPatch(
      emu,
      `/v1.0/users/${me}/planner/tasks/${task.id}/details`,
      { description: 'd' },
      {
        headers: { 'If-Match': details.body['@odata.etag'], Prefer: 'return=representation' },
      },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.description).toBe('d');
  });

  it('answers 404 "The requested item is not found." for a task not assigned to the user (README choice)', async () => {
    const task = await createTask([]);
    const res = await graphGet(emu, `/v1.0/me/planner/tasks/${task.id}`, { token: 'user' });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject(NOT_FOUND);
    const details = await graphGet(emu, `/v1.0/users/${me}/planner/tasks/${task.id}/details`);
    expect(details.status).toBe(404);
  });

  it("answers 403 with Planner's message when a delegated caller names another user's task", async () => {
    const other = (emu.tenant.membersOf.get(plan.groupId) ?? []).find(
      (id) => emu.tenant.users.has(id) && id !== me,
    ) as string;
    const task = await createTask([other]);
    const res = await graphGet(emu, `/v1.0/users/${other}/planner/tasks/${task.id}`, { token: userToken(emu, me) });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject(FORBIDDEN);
  });
});
