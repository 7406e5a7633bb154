/**
 * The plans a user can reach and a plan's details. Docs followed:
 * api-reference/v1.0/api/planneruser-list-plans.md (`/me/planner/plans`, `/users/{id}/planner/plans`;
 * application permissions not supported) and plannerplandetails-get.md (sharedWith,
 * categoryDescriptions, an etag of its own).
 */
import { createTestEmulator, graphGet, TEST_ORIGIN, userToken, type Emulator } from '../src/testing';

describe('user plans and plan details (planneruser-list-plans.md, plannerplandetails-get.md)', () => {
  let emu: Emulator;
  let me: string;
  beforeAll(() => {
    emu = createTestEmulator({ users: 30 });
    me = emu.info.defaultUserId;
  });

  const reachable = (userId: string) =>
    [...emu.tenant.plans.values()]
      .filter((p) =>
        [...(emu.tenant.membersOf.get(p.groupId) ?? []), ...(emu.tenant.ownersOf.get(p.groupId) ?? [])].includes(
          userId,
        ),
      )
      .map((p) => p.id);

  it('answers GET /me/planner/plans with 200 and the plans of the groups the user belongs to', async () => {
    const res = await graphGet(emu, '/v1.0/me/planner/plans', { token: 'user' });
    expect(res.status).toBe(200);
    expect(res.body['@odata.context']).toBe(`${TEST_ORIGIN}/v1.0/$metadata#users('${me}')/planner/plans`);
    expect(res.body.value.map((p: { id: string }) => p.id)).toEqual(reachable(me));
    expect(res.body.value.length).toBeGreaterThan(0);
    const plan = emu.tenant.plans.get(res.body.value[0].id);
    expect(res.body.value[0]).toMatchObject({ '@odata.etag': plan?.etag, owner: plan?.groupId, title: plan?.title });
  });

  it('answers GET /users/{id}/planner/plans for the caller with the same plans as /me/planner/plans', async () => {
    const res = await graphGet(emu, `/v1.0/users/${me}/planner/plans`, { token: 'user' });
    expect(res.status).toBe(200);
    expect(res.body.value.map((p: { id: string }) => p.id)).toEqual(reachable(me));
  });

  it("answers 403 with Planner's message when a delegated caller lists another user's plans", async () => {
    const other = [...emu.tenant.users.keys()].find((id) => id !== me) as string;
    const res = await graphGet(emu, `/v1.0/users/${other}/planner/plans`, { token: userToken(emu, me) });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      code: '',
      message: 'You do not have the required permissions to access this item.',
    });
  });

  it('answers 403 Authorization_RequestDenied to an app, which the page lists as not supported', async () => {
    const res = await graphGet(emu, `/v1.0/users/${me}/planner/plans`);
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
    });
  });

  it('answers GET /planner/plans/{id}/details with 200, sharedWith, 25 category descriptions and an etag of its own', async () => {
    const planId = reachable(me)[0] as string;
    const plan = emu.tenant.plans.get(planId);
    const res = await graphGet(emu, `/v1.0/planner/plans/${planId}/details`, { token: 'user' });
    expect(res.status).toBe(200);
    expect(res.body['@odata.context']).toBe(`${TEST_ORIGIN}/v1.0/$metadata#planner/plans('${planId}')/details/$entity`);
    expect(Object.keys(res.body)).toEqual([
      '@odata.context',
      '@odata.etag',
      'sharedWith',
      'categoryDescriptions',
      'id',
    ]);
    expect(res.body.id).toBe(planId);
    expect(res.body.sharedWith[me]).toBe(true);
    expect(Object.keys(res.body.categoryDescriptions)).toEqual(
      Array.from({ length: 25 }, (_, i) => `category${i + 1}`),
    );
    expect(res.body['@odata.etag']).not.toBe(plan?.etag);
    expect(res.headers.get('etag')).toBe(res.body['@odata.etag']);
  });

  it('answers GET /planner/plans/{unknown}/details with 404 "The requested item is not found."', async () => {
    const res = await graphGet(emu, '/v1.0/planner/plans/nope/details', { token: 'user' });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: '', message: 'The requested item is not found.' });
  });
});
