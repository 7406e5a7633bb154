import { appToken, createTestEmulator, graphGet, userToken, TEST_ORIGIN, type Emulator } from '../src/testing';
import type { PlannerPlanRecord } from '../src/tenant/model';
import { defaultUserPlan, errorOf, PLANNER_ERRORS } from './fixtures/planner';

const { forbidden: PLANNER_FORBIDDEN, notFound: PLANNER_NOT_FOUND } = PLANNER_ERRORS;

/** A user who is neither member nor owner of the plan's group. */
function outsiderOf(emu: Emulator, plan: PlannerPlanRecord): string {
  const inside = new Set([
    ...(emu.tenant.membersOf.get(plan.groupId) ?? []),
    ...(emu.tenant.ownersOf.get(plan.groupId) ?? []),
  ]);
  const outsider = [...emu.tenant.users.keys()].find((id) => !inside.has(id));
  if (!outsider) throw new Error('everybody is in the group');
  return outsider;
}

describe('Planner reads', () => {
  let emu: Emulator;
  beforeAll(() => {
    emu = createTestEmulator({ users: 30 });
  });

  it('lists the plans a Microsoft 365 group owns, each with its container, owner and etag', async () => {
    const plan = defaultUserPlan(emu);
    const expectedIds = [...emu.tenant.plans.values()].filter((p) => p.groupId === plan.groupId).map((p) => p.id);
    const res = await graphGet(emu, `/v1.0/groups/${plan.groupId}/planner/plans`);
    expect(res.status).toBe(200);
    expect(res.body['@odata.context']).toBe(`${TEST_ORIGIN}/v1.0/$metadata#groups('${plan.groupId}')/planner/plans`);
    expect(res.body.value.map((p: { id: string }) => p.id)).toEqual(expectedIds);
    expect(expectedIds.length).toBeGreaterThanOrEqual(1);
    expect(expectedIds.length).toBeLessThanOrEqual(3);
    const first = res.body.value.find((p: { id: string }) => p.id === plan.id);
    expect(first).toEqual({
      '@odata.etag': plan.etag,
      createdBy: plan.createdBy,
      createdDateTime: plan.createdDateTime,
      owner: plan.groupId,
      title: plan.title,
      id: plan.id,
      container: {
        '@odata.type': 'microsoft.graph.plannerPlanContainer',
        url: `${TEST_ORIGIN}/v1.0/groups/${plan.groupId}`,
        containerId: plan.groupId,
        type: 'group',
      },
    });
  });

  it('answers an empty page for a security group, which owns no plans', async () => {
    const security = [...emu.tenant.groups.values()].find((g) => !g.groupTypes?.includes('Unified'));
    const res = await graphGet(emu, `/v1.0/groups/${security?.id}/planner/plans`);
    expect(res.status).toBe(200);
    expect(res.body.value).toEqual([]);
  });

  it('answers 404 Request_ResourceNotFound for the plans of an unknown group', async () => {
    const res = await graphGet(emu, '/v1.0/groups/00000000-0000-4000-8000-000000000000/planner/plans');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('Request_ResourceNotFound');
  });

  it('reads one plan with its @odata.context and an ETag header equal to @odata.etag', async () => {
    const plan = defaultUserPlan(emu);
    const res = await graphGet(emu, `/v1.0/planner/plans/${plan.id}`);
    expect(res.status).toBe(200);
    expect(res.body['@odata.context']).toBe(`${TEST_ORIGIN}/v1.0/$metadata#planner/plans/$entity`);
    expect(res.body['@odata.etag']).toBe(plan.etag);
    expect(res.headers.get('etag')).toBe(plan.etag);
    expect(res.headers.get('cache-control')).toBe('private');
  });

  it('lists the buckets of a plan (two to four) and reads each one', async () => {
    const plan = defaultUserPlan(emu);
    const res = await graphGet(emu, `/v1.0/planner/plans/${plan.id}/buckets`);
    expect(res.status).toBe(200);
    expect(res.body.value.length).toBeGreaterThanOrEqual(2);
    expect(res.body.value.length).toBeLessThanOrEqual(4);
    for (const bucket of res.body.value) {
      expect(Object.keys(bucket)).toEqual(['@odata.etag', 'name', 'planId', 'orderHint', 'id']);
      expect(bucket.planId).toBe(plan.id);
      const single = await graphGet(emu, `/v1.0/planner/buckets/${bucket.id}`);
      expect(single.body).toEqual({
        '@odata.context': `${TEST_ORIGIN}/v1.0/$metadata#planner/buckets/$entity`,
        ...bucket,
      });
    }
  });

  it('lists the tasks of a plan with every plannerTask property in Graph order', async () => {
    const plan = defaultUserPlan(emu);
    const expected = [...emu.tenant.tasks.values()].filter((t) => t.planId === plan.id).map((t) => t.id);
    const res = await graphGet(emu, `/v1.0/planner/plans/${plan.id}/tasks`);
    expect(res.status).toBe(200);
    expect(res.body['@odata.context']).toBe(`${TEST_ORIGIN}/v1.0/$metadata#planner/plans('${plan.id}')/tasks`);
    expect(res.body['@odata.nextLink']).toBeUndefined();
    expect(res.body.value.map((t: { id: string }) => t.id)).toEqual(expected);
    expect(Object.keys(res.body.value[0])).toEqual([
      '@odata.etag',
      'planId',
      'bucketId',
      'title',
      'orderHint',
      'assigneePriority',
      'percentComplete',
      'startDateTime',
      'createdDateTime',
      'dueDateTime',
      'hasDescription',
      'previewType',
      'completedDateTime',
      'completedBy',
      'referenceCount',
      'checklistItemCount',
      'activeChecklistItemCount',
      'conversationThreadId',
      'priority',
      'id',
      'createdBy',
      'appliedCategories',
      'assignments',
    ]);
  });

  it('lists the tasks of a bucket, which all name that bucket', async () => {
    const plan = defaultUserPlan(emu);
    const task = [...emu.tenant.tasks.values()].find((t) => t.planId === plan.id);
    const expected = [...emu.tenant.tasks.values()].filter((t) => t.bucketId === task?.bucketId).map((t) => t.id);
    const res = await graphGet(emu, `/v1.0/planner/buckets/${task?.bucketId}/tasks`);
    expect(res.status).toBe(200);
    expect(res.body.value.map((t: { id: string }) => t.id)).toEqual(expected);
    expect(res.body.value.every((t: { bucketId: string }) => t.bucketId === task?.bucketId)).toBe(true);
  });

  it('ignores $top and $filter on Planner collections, as Planner does', async () => {
    const plan = defaultUserPlan(emu);
    const all = await graphGet(emu, `/v1.0/planner/plans/${plan.id}/tasks`);
    const res = await graphGet(emu, `/v1.0/planner/plans/${plan.id}/tasks?$top=1&$filter=percentComplete eq 100`);
    expect(res.status).toBe(200);
    expect(res.body.value).toEqual(all.body.value);
  });

  it('keeps @odata.etag and id next to the $select-ed properties', async () => {
    const plan = defaultUserPlan(emu);
    const task = [...emu.tenant.tasks.values()].find((t) => t.planId === plan.id);
    const res = await graphGet(emu, `/v1.0/planner/tasks/${task?.id}?$select=title,percentComplete`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      '@odata.context': `${TEST_ORIGIN}/v1.0/$metadata#planner/tasks/$entity`,
      '@odata.etag': task?.etag,
      title: task?.title,
      percentComplete: task?.percentComplete,
      id: task?.id,
    });
  });

  it('lists the tasks assigned to the signed-in user across at least two plans via /me/planner/tasks', async () => {
    const userId = emu.info.defaultUserId;
    const res = await graphGet(emu, '/v1.0/me/planner/tasks', { token: 'user' });
    expect(res.status).toBe(200);
    expect(res.body['@odata.context']).toBe(`${TEST_ORIGIN}/v1.0/$metadata#users('${userId}')/planner/tasks`);
    const tasks: { planId: string; assignments: Record<string, unknown> }[] = res.body.value;
    expect(tasks.length).toBeGreaterThanOrEqual(4);
    expect(new Set(tasks.map((t) => t.planId)).size).toBeGreaterThanOrEqual(2);
    expect(tasks.every((t) => userId in t.assignments)).toBe(true);
    const expected = [...emu.tenant.tasks.values()].filter((t) => userId in (t.assignments ?? {})).length;
    expect(tasks).toHaveLength(expected);
  });

  it('answers an app-only caller the tasks of any user by id', async () => {
    const userId = emu.info.defaultUserId;
    const viaApp = await graphGet(emu, `/v1.0/users/${userId}/planner/tasks`);
    const viaMe = await graphGet(emu, '/v1.0/me/planner/tasks', { token: 'user' });
    expect(viaApp.status).toBe(200);
    expect(viaApp.body.value).toEqual(viaMe.body.value);
  });

  it('matches user and group ids case-insensitively, as the directory endpoints do', async () => {
    const userId = emu.info.defaultUserId;
    const lower = await graphGet(emu, `/v1.0/users/${userId}/planner/tasks`);
    const upper = await graphGet(emu, `/v1.0/users/${userId.toUpperCase()}/planner/tasks`);
    expect(upper.status).toBe(200);
    expect(upper.body.value).toEqual(lower.body.value);
    const { groupId } = defaultUserPlan(emu);
    const plans = await graphGet(emu, `/v1.0/groups/${groupId.toUpperCase()}/planner/plans`);
    expect(plans.status).toBe(200);
    expect(plans.body['@odata.context']).toBe(`${TEST_ORIGIN}/v1.0/$metadata#groups('${groupId}')/planner/plans`);
    expect(plans.body.value.length).toBeGreaterThanOrEqual(1);
  });

  it("refuses a delegated caller another user's Planner tasks with Planner's 403", async () => {
    const other = [...emu.tenant.users.keys()][1] as string;
    const res = await graphGet(emu, `/v1.0/users/${other}/planner/tasks`, { token: 'user' });
    expect(res.status).toBe(403);
    expect(errorOf(res.body)).toEqual(PLANNER_FORBIDDEN);
  });

  it("answers 404 with Planner's empty code for an unknown plan, bucket, task and details", async () => {
    const unknown = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    for (const path of [
      `/planner/plans/${unknown}`,
      `/planner/plans/${unknown}/tasks`,
      `/planner/buckets/${unknown}`,
      `/planner/tasks/${unknown}`,
      `/planner/tasks/${unknown}/details`,
    ]) {
      const res = await graphGet(emu, `/v1.0${path}`);
      expect(res.status).toBe(404);
      expect(errorOf(res.body)).toEqual(PLANNER_NOT_FOUND);
      expect(res.body.error.innerError['request-id']).toBe(res.headers.get('request-id'));
    }
  });

  it("answers a delegated caller outside the plan's group Planner's 403 on the plan, its tasks and buckets", async () => {
    const plan = defaultUserPlan(emu);
    const token = userToken(emu, outsiderOf(emu, plan));
    const task = [...emu.tenant.tasks.values()].find((t) => t.planId === plan.id);
    for (const path of [
      `/planner/plans/${plan.id}`,
      `/planner/plans/${plan.id}/tasks`,
      `/planner/plans/${plan.id}/buckets`,
      `/planner/tasks/${task?.id}`,
      `/planner/tasks/${task?.id}/details`,
      `/planner/buckets/${task?.bucketId}/tasks`,
      `/groups/${plan.groupId}/planner/plans`,
    ]) {
      const res = await graphGet(emu, `/v1.0${path}`, { token });
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
      expect(errorOf(res.body)).toEqual(PLANNER_FORBIDDEN);
    }
  });

  it('lets a group member read the plan with a delegated Tasks.Read token', async () => {
    const plan = defaultUserPlan(emu);
    const res = await graphGet(emu, `/v1.0/planner/plans/${plan.id}`, {
      token: userToken(emu, emu.info.defaultUserId, ['Tasks.Read']),
    });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(plan.id);
  });

  it('answers 403 Authorization_RequestDenied to an app-only token without a Tasks or Group role', async () => {
    const plan = defaultUserPlan(emu);
    const res = await graphGet(emu, `/v1.0/planner/plans/${plan.id}`, { token: appToken(emu, ['User.Read.All']) });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('Authorization_RequestDenied');
  });

  it('lets an app-only token with only Group.Read.All read a plan', async () => {
    const plan = defaultUserPlan(emu);
    const res = await graphGet(emu, `/v1.0/planner/plans/${plan.id}`, { token: appToken(emu, ['Group.Read.All']) });
    expect(res.status).toBe(200);
  });
});
