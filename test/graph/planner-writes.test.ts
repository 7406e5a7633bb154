import { GraphApiError, GraphInputError } from '../../src/graph/errors';
import { PlannerConflictError } from '../../src/graph/planner-conflict';
import type { FetchLike } from '../../src/graph/create-graph-client';
import { createTestEmulator, graphGet, type Emulator } from '@msgraph-graphql/emulator/testing';
import { clientFor, received, resetTraffic, traffic } from '../kit/graph-client';
import { defaultUserPlan, tasksOfPlan } from './planner-fixtures';

const STALE_MESSAGE =
  'The attempted changes conflicted with already accepted changes. Read the latest state and resolve differences.';

let emulator: Emulator;

beforeEach(() => {
  emulator = createTestEmulator({ users: 30 });
  resetTraffic(emulator);
});

/** A task of a plan the default user can see, and its current etag. */
function someTask(): { id: string; etag: string; planId: string } {
  const plan = defaultUserPlan(emulator);
  const task = tasksOfPlan(emulator, plan.id)[0];
  return { id: task.id, etag: task.etag, planId: plan.id };
}

/** Answers the first request `matches` accepts with `reply` instead of the emulator, then steps aside. */
function interceptOnce(matches: (request: Request) => boolean, reply: () => Response): FetchLike {
  let used = false;
  return async (request) => {
    if (!used && matches(request)) {
      used = true;
      return reply();
    }
    return emulator.fetch(request);
  };
}

describe('creating Planner tasks', () => {
  it('POSTs the task once and answers what Graph stored', async () => {
    const client = clientFor(emulator);
    const { planId } = someTask();
    const assignee = emulator.info.defaultUserId;

    const created = await client.createPlannerTask({
      planId,
      title: 'Book the venue',
      percentComplete: 50,
      dueDateTime: '2026-03-01T17:00:00Z',
      assignments: { [assignee]: { '@odata.type': '#microsoft.graph.plannerAssignment', orderHint: ' !' } },
    });

    const stored = await graphGet(emulator, `/v1.0/planner/tasks/${created.id}`);
    expect(stored.status).toBe(200);
    expect(created).toEqual((({ '@odata.context': _context, ...task }) => task)(stored.body));
    expect(created).toMatchObject({
      planId,
      title: 'Book the venue',
      percentComplete: 50,
      dueDateTime: '2026-03-01T17:00:00Z',
    });
    expect(Object.keys(created.assignments ?? {})).toEqual([assignee]);
    expect(received(emulator)[0]).toBe('POST /v1.0/planner/tasks');
    expect(client.stats()).toEqual({
      httpRequests: 1,
      batchRequests: 0,
      subRequests: 0,
      retries: 0,
      waves: 0,
      roundTrips: 1,
      resourceUnits: 0,
    });
  });

  it("passes Planner's 404 on for a plan that does not exist", async () => {
    const client = clientFor(emulator);

    const refused = await client
      .createPlannerTask({ planId: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAA', title: 'x' })
      .catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(GraphApiError);
    expect(refused).toMatchObject({ status: 404, code: '', message: 'The requested item is not found.' });
  });
});

describe('updating Planner tasks with If-Match', () => {
  it('PATCHes with If-Match and Prefer: return=representation and answers the new version', async () => {
    const { id, etag } = someTask();
    const seen: Request[] = [];
    const spying = clientFor(emulator, {
      fetch: async (request) => {
        seen.push(request.clone());
        return emulator.fetch(request);
      },
    });

    const updated = await spying.updatePlannerTask(id, etag, { title: 'Renamed', percentComplete: 100 });

    const stored = emulator.tenant.tasks.get(id)!;
    expect(
      seen.map((request) => [request.method, request.headers.get('if-match'), request.headers.get('prefer')]),
    ).toEqual([['PATCH', etag, 'return=representation']]);
    expect(await seen[0].json()).toEqual({ title: 'Renamed', percentComplete: 100 });
    expect(updated).toMatchObject({ id, title: 'Renamed', percentComplete: 100, '@odata.etag': stored.etag });
    expect(updated.completedDateTime).toBe(stored.completedDateTime);
    expect(stored.etag > etag).toBe(true);
    expect(spying.stats()).toEqual({
      httpRequests: 1,
      batchRequests: 0,
      subRequests: 0,
      retries: 0,
      waves: 0,
      roundTrips: 1,
      resourceUnits: 0,
    });
  });

  it('refuses a stale etag with a PlannerConflictError carrying the current etag, and changes nothing', async () => {
    const client = clientFor(emulator);
    const { id, etag } = someTask();
    const first = await client.updatePlannerTask(id, etag, { title: 'First writer' });
    resetTraffic(emulator);

    const refused = await clientFor(emulator)
      .updatePlannerTask(id, etag, { title: 'Second writer' })
      .catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(PlannerConflictError);
    expect(refused).toMatchObject({ status: 412, code: '', message: STALE_MESSAGE, currentEtag: first['@odata.etag'] });
    expect(emulator.tenant.tasks.get(id)).toMatchObject({ title: 'First writer', etag: first['@odata.etag'] });
    expect(received(emulator)).toEqual([`PATCH /v1.0/planner/tasks/${id}`, `GET /v1.0/planner/tasks/${id}?$select=id`]);
  });

  it('adds and removes assignees: a new key with @odata.type and an order hint, null to unassign', async () => {
    const client = clientFor(emulator);
    const { id, etag } = someTask();
    const before = Object.keys(emulator.tenant.tasks.get(id)!.assignments ?? {});
    const newcomer = [...emulator.tenant.users.keys()].find((userId) => !before.includes(userId))!;

    const updated = await client.updatePlannerTask(id, etag, {
      assignments: {
        [newcomer]: { '@odata.type': '#microsoft.graph.plannerAssignment', orderHint: ' !' },
        [before[0]]: null,
      },
    });

    const expected = [...before.slice(1), newcomer].sort();
    expect(Object.keys(updated.assignments ?? {}).sort()).toEqual(expected);
    expect(Object.keys(emulator.tenant.tasks.get(id)!.assignments ?? {}).sort()).toEqual(expected);
  });

  it('reads the new version once when Graph ignores Prefer: return=representation (204)', async () => {
    const { id, etag } = someTask();
    const client = clientFor(emulator, {
      fetch: async (request) => {
        if (request.method !== 'PATCH') return emulator.fetch(request);
        const headers = new Headers(request.headers);
        headers.delete('prefer');
        return emulator.fetch(new Request(request, { headers }));
      },
    });

    const updated = await client.updatePlannerTask(id, etag, { title: 'No representation' });

    expect(updated).toMatchObject({
      id,
      title: 'No representation',
      '@odata.etag': emulator.tenant.tasks.get(id)!.etag,
    });
    expect(received(emulator)).toEqual([`PATCH /v1.0/planner/tasks/${id}`, `GET /v1.0/planner/tasks/${id}`]);
  });

  it("passes Planner's 400 on for percentComplete outside 0..100", async () => {
    const { id, etag } = someTask();

    const refused = await clientFor(emulator)
      .updatePlannerTask(id, etag, { percentComplete: 101 })
      .catch((error: unknown) => error);

    expect(refused).toMatchObject({
      status: 400,
      code: '',
      message: 'The percentComplete value must be an integer between 0 and 100.',
    });
    expect(refused).not.toBeInstanceOf(PlannerConflictError);
  });

  it('refuses an etag that could not travel in a header before any request', async () => {
    const { id } = someTask();

    const refused = await clientFor(emulator)
      .updatePlannerTask(id, 'W/"x"\r\nX-Injected: 1', { title: 'x' })
      .catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(GraphInputError);
    expect(refused).toMatchObject({ argument: 'etag' });
    expect(traffic(emulator).httpRequests).toBe(0);
  });

  it('re-sends a throttled write after Retry-After, once, and applies it once', async () => {
    const { id, etag } = someTask();
    const client = clientFor(emulator, {
      fetch: interceptOnce(
        (request) => request.method === 'PATCH',
        () =>
          Response.json(
            { error: { code: 'TooManyRequests', message: 'Too many requests.' } },
            { status: 429, headers: { 'Retry-After': '0' } },
          ),
      ),
    });

    const updated = await client.updatePlannerTask(id, etag, { title: 'After throttling' });

    expect(updated.title).toBe('After throttling');
    expect(client.stats()).toEqual({
      httpRequests: 2,
      batchRequests: 0,
      subRequests: 0,
      retries: 1,
      waves: 0,
      roundTrips: 2,
      resourceUnits: 0,
    });
    expect(received(emulator)).toEqual([`PATCH /v1.0/planner/tasks/${id}`]);
  });

  it('does not repeat a write Graph answered 503, since it may have been applied', async () => {
    const { id, etag } = someTask();
    const client = clientFor(emulator, {
      fetch: interceptOnce(
        (request) => request.method === 'PATCH',
        () => Response.json({ error: { code: 'serviceNotAvailable', message: 'Unavailable.' } }, { status: 503 }),
      ),
    });

    const refused = await client.updatePlannerTask(id, etag, { title: 'x' }).catch((error: unknown) => error);

    expect(refused).toMatchObject({ status: 503, code: 'serviceNotAvailable' });
    expect(client.stats()).toEqual({
      httpRequests: 1,
      batchRequests: 0,
      subRequests: 0,
      retries: 0,
      waves: 0,
      roundTrips: 1,
      resourceUnits: 0,
    });
  });
});

describe('reads around writes in one operation', () => {
  it('answers a read after a write with the written version, and reads lists again', async () => {
    const client = clientFor(emulator);
    const { id, etag, planId } = someTask();
    await client.getPlannerTask(id, ['title']);
    await client.listPlannerPlanTasks(planId, { select: ['title'], page: { first: 50 } });
    resetTraffic(emulator);

    await client.updatePlannerTask(id, etag, { title: 'Seen afterwards' });
    const task = await client.getPlannerTask(id, ['title']);
    const list = await client.listPlannerPlanTasks(planId, { select: ['title'], page: { first: 50 } });

    expect(task?.title).toBe('Seen afterwards');
    expect(list.items.find((item) => item.id === id)?.title).toBe('Seen afterwards');
    expect(received(emulator)).toEqual([
      `PATCH /v1.0/planner/tasks/${id}`,
      `GET /v1.0/planner/plans/${planId}/tasks?$select=id,title&$top=50`,
    ]);
  });
});

describe('deleting Planner tasks', () => {
  it('DELETEs with If-Match, after which the task is gone', async () => {
    const client = clientFor(emulator);
    const { id, etag } = someTask();

    await client.deletePlannerTask(id, etag);

    expect(emulator.tenant.tasks.has(id)).toBe(false);
    expect((await graphGet(emulator, `/v1.0/planner/tasks/${id}`)).status).toBe(404);
    expect(await client.getPlannerTask(id, ['title'])).toBeNull();
  });

  it('refuses a delete with a stale etag with the current etag, and keeps the task', async () => {
    const { id, etag } = someTask();
    const updated = await clientFor(emulator).updatePlannerTask(id, etag, { title: 'Changed meanwhile' });

    const refused = await clientFor(emulator)
      .deletePlannerTask(id, etag)
      .catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(PlannerConflictError);
    expect(refused).toMatchObject({ status: 412, currentEtag: updated['@odata.etag'] });
    expect(emulator.tenant.tasks.has(id)).toBe(true);
  });

  it("passes Planner's 404 on for a task deleted earlier, not a conflict", async () => {
    const { id, etag } = someTask();
    await clientFor(emulator).deletePlannerTask(id, etag);

    const [update, remove] = await Promise.all([
      clientFor(emulator)
        .updatePlannerTask(id, etag, { title: 'x' })
        .catch((error: unknown) => error),
      clientFor(emulator)
        .deletePlannerTask(id, etag)
        .catch((error: unknown) => error),
    ]);

    for (const refused of [update, remove]) {
      expect(refused).toBeInstanceOf(GraphApiError);
      expect(refused).not.toBeInstanceOf(PlannerConflictError);
      expect(refused).toMatchObject({ status: 404, code: '', message: 'The requested item is not found.' });
    }
  });
});
