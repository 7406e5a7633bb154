/**
 * Planner details the docs' examples show: reference preview priorities are order hints the
 * service computes (plannertaskdetails-update.md, planner-order-hint-format.md), a plan's
 * createdBy names the application (plannerplan-get.md), and a plan's details are updated with
 * their own etag (plannerplandetails-update.md).
 */
import { createTestEmulator, graphGet, graphPatch, graphPost, TEST_ORIGIN, type Emulator } from '../src/testing';
import { resolveOrderHint } from '../src/graph/tasks/planner/order-hint';
import type { PlannerPlanRecord } from '../src/tenant/model';
import { defaultUserPlan, errorOf, PLANNER_ERRORS } from './fixtures/planner';

const {
  ifMatchMissing: IF_MATCH_MISSING,
  ifMatchInvalid: IF_MATCH_INVALID,
  ifMatchStale: IF_MATCH_STALE,
} = PLANNER_ERRORS;
/** What the service stores: printable characters without spaces. */
const STORED_HINT = /^[!-~]+$/;

describe('Planner fidelity', () => {
  let emu: Emulator;
  let plan: PlannerPlanRecord;
  beforeAll(() => {
    emu = createTestEmulator({ users: 30 });
    plan = defaultUserPlan(emu);
  });

  describe('order hints (resources/planner-order-hint-format.md)', () => {
    const noFresh = (): string => {
      throw new Error('no fresh hint expected');
    };

    it('places "<previous> <next>!" strictly between the two hints', () => {
      const hint = resolveOrderHint('5637 adhg!', noFresh) as string;
      expect(hint > '5637' && hint < 'adhg').toBe(true);
    });

    it('reads requests composed of earlier requests, as the docs compose them', () => {
      const item3 = resolveOrderHint(' 5637!', noFresh) as string;
      const item4 = resolveOrderHint('5637 adhg!', noFresh) as string;
      const item5 = resolveOrderHint(' 5637! 5637 adhg!!', noFresh) as string;
      expect(item3 < '5637').toBe(true);
      expect(item5 > item3 && item5 < item4).toBe(true);
      expect(resolveOrderHint('adhg ! !', () => 'zz')).toMatch(STORED_HINT);
    });

    it('places "  !!" before the first item of an empty list and refuses a request without "!"', () => {
      expect(resolveOrderHint('  !!', () => 'm') as string).toMatch(STORED_HINT);
      expect((resolveOrderHint('  !!', () => 'm') as string) < 'm').toBe(true);
      expect(resolveOrderHint('a b', () => 'm')).toBeNull();
    });
  });

  it('computes each reference previewPriority from the docs’ placement requests (plannertaskdetails-update.md)', async () => {
    const created = await graphPost(emu, '/v1.0/planner/tasks', { planId: plan.id, title: 'Links' }, { token: 'user' });
    const path = `/v1.0/planner/tasks/${created.body.id}/details`;
    const details = await graphGet(emu, path, { token: 'user' });
    const res = await graphPatch(
      emu,
      path,
      {
        previewType: 'noPreview',
        references: {
          'http%3A//developer%2Emicrosoft%2Ecom': {
            '@odata.type': 'microsoft.graph.plannerExternalReference',
            alias: 'Documentation',
            previewPriority: ' !',
            type: 'Other',
          },
          'https%3A//developer%2Emicrosoft%2Ecom/en-us/graph/graph-explorer': {
            '@odata.type': 'microsoft.graph.plannerExternalReference',
            previewPriority: '  !!',
          },
          'http%3A//www%2Ebing%2Ecom': null,
        },
      },
      { token: 'user', headers: { 'If-Match': details.body['@odata.etag'], Prefer: 'return=representation' } },
    );
    expect(res.status).toBe(200);
    const references = res.body.references;
    expect(Object.keys(references).sort()).toEqual([
      'http%3A//developer%2Emicrosoft%2Ecom',
      'https%3A//developer%2Emicrosoft%2Ecom/en-us/graph/graph-explorer',
    ]);
    for (const reference of Object.values(references) as { previewPriority: string }[]) {
      expect(reference.previewPriority).toMatch(STORED_HINT);
    }
    expect(references['http%3A//developer%2Emicrosoft%2Ecom']).toMatchObject({
      '@odata.type': '#microsoft.graph.plannerExternalReference',
      alias: 'Documentation',
      type: 'Other',
    });

    const refused = await graphPatch(
      emu,
      path,
      {
        references: {
          'http%3A//x%2Ecom': { '@odata.type': '#microsoft.graph.plannerExternalReference', previewPriority: 'a b' },
        },
      },
      { token: 'user', headers: { 'If-Match': res.body['@odata.etag'] } },
    );
    expect(refused.status).toBe(400);
  });

  it('names the application and the user in a plan’s createdBy (plannerplan-get.md)', async () => {
    const res = await graphGet(emu, `/v1.0/planner/plans/${plan.id}`, { token: 'user' });
    expect(res.status).toBe(200);
    expect(res.body.createdBy).toEqual({
      application: { displayName: null, id: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      user: { displayName: null, id: expect.stringMatching(/^[0-9a-f-]{36}$/) },
    });
    expect(emu.tenant.membersOf.get(plan.groupId)).toContain(res.body.createdBy.user.id);
  });

  describe('PATCH /planner/plans/{id}/details (plannerplandetails-update.md)', () => {
    const path = (): string => `/v1.0/planner/plans/${plan.id}/details`;

    it('refuses a change without If-Match or with the plan’s own etag, changing nothing', async () => {
      const before = await graphGet(emu, path(), { token: 'user' });
      const body = { categoryDescriptions: { category1: 'Indoors' } };
      const missing = await graphPatch(emu, path(), body, { token: 'user' });
      expect(missing.status).toBe(412);
      expect(errorOf(missing.body)).toEqual(IF_MATCH_MISSING);
      const planEtag = (await graphGet(emu, `/v1.0/planner/plans/${plan.id}`, { token: 'user' })).body['@odata.etag'];
      const foreign = await graphPatch(emu, path(), body, { token: 'user', headers: { 'If-Match': planEtag } });
      expect(foreign.status).toBe(412);
      expect(errorOf(foreign.body)).toEqual(IF_MATCH_INVALID);
      expect((await graphGet(emu, path(), { token: 'user' })).body).toEqual(before.body);
    });

    it('applies the docs’ example: shares with a user, unshares another, names and clears categories', async () => {
      const before = await graphGet(emu, path(), { token: 'user' });
      const etag = before.body['@odata.etag'];
      const people = Object.keys(before.body.sharedWith);
      const outsider = [...emu.tenant.users.keys()].find((id) => !people.includes(id)) as string;
      const unshared = people.find((id) => id !== emu.info.defaultUserId) as string;
      const res = await graphPatch(
        emu,
        path(),
        {
          sharedWith: { [outsider]: true, [unshared]: false },
          categoryDescriptions: { category1: 'Indoors', category3: null },
        },
        { token: 'user', headers: { 'If-Match': etag, Prefer: 'return=representation' } },
      );
      expect(res.status).toBe(200);
      expect(res.body['@odata.context']).toBe(
        `${TEST_ORIGIN}/v1.0/$metadata#planner/plans('${plan.id}')/details/$entity`,
      );
      expect(res.body['@odata.etag'] > etag).toBe(true);
      expect(res.headers.get('etag')).toBe(res.body['@odata.etag']);
      expect(res.body.sharedWith[outsider]).toBe(true);
      expect(unshared in res.body.sharedWith).toBe(false);
      expect(res.body.categoryDescriptions).toMatchObject({ category1: 'Indoors', category2: null, category3: null });
      expect(Object.keys(res.body.categoryDescriptions)).toHaveLength(25);
      expect((await graphGet(emu, path(), { token: 'user' })).body).toEqual(res.body);

      const stale = await graphPatch(
        emu,
        path(),
        { categoryDescriptions: { category2: 'Outdoors' } },
        { token: 'user', headers: { 'If-Match': etag } },
      );
      expect(stale.status).toBe(412);
      expect(errorOf(stale.body)).toEqual(IF_MATCH_STALE);

      const plain = await graphPatch(
        emu,
        path(),
        { categoryDescriptions: { category2: 'Outdoors' } },
        { token: 'user', headers: { 'If-Match': res.body['@odata.etag'] } },
      );
      expect(plain.status).toBe(204);
      expect(plain.text).toBe('');
    });

    it('answers 400 for a category beyond category25 and for a property plan details do not have', async () => {
      const { body } = await graphGet(emu, path(), { token: 'user' });
      const headers = { 'If-Match': body['@odata.etag'] };
      const category = await graphPatch(
        emu,
        path(),
        { categoryDescriptions: { category26: 'x' } },
        { token: 'user', headers },
      );
      expect(category.status).toBe(400);
      const unknown = await graphPatch(emu, path(), { title: 'x' }, { token: 'user', headers });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.code).toBe('BadRequest');
    });
  });
});
