/**
 * `plannerTaskChanged` over graphql-ws against the embedded emulator, served on loopback: changes
 * made through the gateway's mutations and through Graph's REST API arrive as CREATED, UPDATED and
 * DELETED with the task read fresh; the plan is polled once per interval however many subscribe;
 * the operation limits and the WebSocket rules refuse what they refuse over HTTP.
 */
import {
  liveClient,
  useGateway,
  waitFor,
  type GraphCollection,
  type LiveClient,
  type RestPlannerTask,
  type TestGateway,
} from '../kit';

const POLL_MS = 100;

interface Change {
  changeType: string;
  taskId: string;
  task: { id: string; title: string; percentComplete: number; plan: { id: string } } | null;
}

const SUBSCRIPTION = `subscription($planId: ID!) {
  plannerTaskChanged(planId: $planId) { changeType taskId task { id title percentComplete plan { id } } }
}`;

function tasksPath(planId: string): string {
  return `/planner/plans/${planId}/tasks`;
}

/** The Graph request lines that polled the plan (its task list). */
function polls(gw: TestGateway, planId: string): string[] {
  return gw.graphLines().filter((line) => line.includes(`${tasksPath(planId)}?`));
}

describe('plannerTaskChanged over graphql-ws', () => {
  const gw = useGateway({ users: 20, serve: true, live: { pollIntervalMs: POLL_MS, topicGraceMs: 50 } });
  const clients: LiveClient[] = [];
  let planId: string;

  beforeAll(async () => {
    const me = gw.emulator.info.defaultUserId;
    planId = (await gw.rest<GraphCollection<RestPlannerTask>>(`/users/${me}/planner/tasks`)).value[0].planId;
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
    await waitFor(() => gw.prepared.gateway.live.stats().subscriptions === 0, { what: 'every subscription ended' });
  });

  function connect(params: Record<string, string> = {}): LiveClient {
    const client = liveClient(gw.url, params);
    clients.push(client);
    return client;
  }

  /** Subscribes and waits until the plan's baseline was read (changes from then on are events). */
  async function subscribed(client: LiveClient) {
    gw.resetTraffic();
    const run = client.subscribe<{ plannerTaskChanged: Change }>(SUBSCRIPTION, { planId });
    await waitFor(() => polls(gw, planId).length >= 1, { what: "the plan's baseline read" });
    return run;
  }

  it('delivers CREATED, UPDATED and DELETED for writes made through the mutations, each with the task read fresh', async () => {
    const run = await subscribed(connect());

    const created = await gw.post<{ createPlannerTask: { task: { id: string; etag: string } } }>({
      query: 'mutation($input: CreatePlannerTaskInput!) { createPlannerTask(input: $input) { task { id etag } } }',
      variables: { input: { planId, title: 'Live one' } },
    });
    const { id, etag } = created.body.data!.createPlannerTask.task;
    await waitFor(() => run.results.length >= 1, { what: 'the CREATED event' });
    expect(run.results[0]).toEqual({
      data: {
        plannerTaskChanged: {
          changeType: 'CREATED',
          taskId: id,
          task: { id, title: 'Live one', percentComplete: 0, plan: { id: planId } },
        },
      },
    });

    const updated = await gw.post<{ updatePlannerTask: { task: { etag: string } } }>({
      query: 'mutation($input: UpdatePlannerTaskInput!) { updatePlannerTask(input: $input) { task { etag } } }',
      variables: { input: { id, etag, title: 'Live two', percentComplete: 50 } },
    });
    await waitFor(() => run.results.length >= 2, { what: 'the UPDATED event' });
    expect(run.results[1]).toEqual({
      data: {
        plannerTaskChanged: {
          changeType: 'UPDATED',
          taskId: id,
          task: { id, title: 'Live two', percentComplete: 50, plan: { id: planId } },
        },
      },
    });

    await gw.post({
      query: 'mutation($input: DeletePlannerTaskInput!) { deletePlannerTask(input: $input) { id } }',
      variables: { input: { id, etag: updated.body.data!.updatePlannerTask.task.etag } },
    });
    await waitFor(() => run.results.length >= 3, { what: 'the DELETED event' });
    expect(run.results[2]).toEqual({ data: { plannerTaskChanged: { changeType: 'DELETED', taskId: id, task: null } } });
    expect(run.errors).toBeNull();
    expect(run.completed).toBe(false);
  });

  it("delivers a change made through Graph's REST API by another client", async () => {
    const run = await subscribed(connect());
    const token = gw.emulator.mintAppToken();
    const response = await fetch(`${gw.emulatorUrl}/v1.0/planner/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ planId, title: 'Made elsewhere' }),
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };

    await waitFor(() => run.results.length >= 1, { what: 'the CREATED event' });
    expect(run.results).toEqual([
      {
        data: {
          plannerTaskChanged: {
            changeType: 'CREATED',
            taskId: id,
            task: { id, title: 'Made elsewhere', percentComplete: 0, plan: { id: planId } },
          },
        },
      },
    ]);
  });

  it('polls a plan with one Graph request per interval, however many subscribe, and reads nothing else while nothing changes', async () => {
    const client = connect();
    const runs = [
      await subscribed(client),
      client.subscribe(SUBSCRIPTION, { planId }),
      connect().subscribe(SUBSCRIPTION, { planId }),
    ];
    await waitFor(() => gw.prepared.gateway.live.stats().watching === 3, { what: 'three subscriptions' });
    gw.resetTraffic();
    const started = Date.now();

    await waitFor(() => polls(gw, planId).length >= 5, { what: 'five polls' });
    const elapsed = Date.now() - started;

    const lines = gw.graphLines();
    expect(lines.length).toBeLessThanOrEqual(Math.floor(elapsed / POLL_MS) + 1);
    expect(new Set(lines)).toEqual(new Set([`GET /v1.0${tasksPath(planId)}?$select=id&$top=999`]));
    expect(runs.map((run) => run.results)).toEqual([[], [], []]);
  });

  it('stops polling a short grace after the last subscriber leaves', async () => {
    const run = await subscribed(connect());
    run.unsubscribe();
    await waitFor(() => gw.prepared.gateway.live.stats().topics === 0, { what: 'the poller to stop' });
    gw.resetTraffic();

    // Another plan's polls measure the time that passes: three of its intervals, none of the first plan's.
    const other = await otherPlan(gw, planId);
    connect().subscribe(SUBSCRIPTION, { planId: other });
    await waitFor(() => polls(gw, other).length >= 3, { what: 'three polls of the other plan' });
    expect(polls(gw, planId)).toEqual([]);
  });

  it('refuses an unknown plan with NOT_FOUND and ends the operation', async () => {
    const run = connect().subscribe(SUBSCRIPTION, { planId: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    await waitFor(() => run.completed || run.errors, { what: 'the refusal' });
    expect(run.completed).toBe(true);
    expect(run.results).toEqual([
      {
        errors: [
          expect.objectContaining({
            path: ['plannerTaskChanged'],
            extensions: expect.objectContaining({ code: 'NOT_FOUND' }),
          }),
        ],
      },
    ]);
  });

  it('refuses an over-deep subscription with QUERY_TOO_COMPLEX before reading Graph', async () => {
    gw.resetTraffic();
    // plannerTaskChanged > task > (plan > tasks > nodes) x 5 > id: depth 18.
    const nested = 'plan { tasks { nodes { '.repeat(5) + 'id' + ' } } }'.repeat(5);
    const deep = `subscription($planId: ID!) { plannerTaskChanged(planId: $planId) { task { ${nested} } } }`;
    const run = connect().subscribe(deep, { planId });
    await waitFor(() => run.errors, { what: 'the refusal' });
    expect(run.errors).toEqual([
      expect.objectContaining({
        extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'GATEWAY_MAX_DEPTH', value: 18, max: 15 },
      }),
    ]);
    expect(gw.graphLines()).toEqual([]);
  });

  it('refuses a subscription document over GATEWAY_MAX_QUERY_BYTES before parsing it', async () => {
    const padded = `${SUBSCRIPTION}\n# ${'x'.repeat(40_000)}`;
    const run = connect().subscribe(padded, { planId });
    await waitFor(() => run.errors, { what: 'the refusal' });
    expect(run.errors).toEqual([
      expect.objectContaining({
        extensions: {
          code: 'QUERY_TOO_COMPLEX',
          limit: 'GATEWAY_MAX_QUERY_BYTES',
          value: Buffer.byteLength(padded),
          max: 32_768,
        },
      }),
    ]);
  });

  it('refuses a subscription that does not validate with GRAPHQL_VALIDATION_FAILED, as over HTTP', async () => {
    const run = connect().subscribe('subscription { plannerTaskChanged(planId: "x") { nope } }');
    await waitFor(() => run.errors, { what: 'the refusal' });
    expect(run.errors).toEqual([
      {
        message: 'Cannot query field "nope" on type "PlannerTaskChange".',
        locations: [{ line: 1, column: 50 }],
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
    ]);
  });

  it('serves only subscriptions over WebSocket: a query is refused with where to send it', async () => {
    const run = connect().subscribe('{ me { id } }');
    await waitFor(() => run.errors, { what: 'the refusal' });
    expect(run.errors).toEqual([
      {
        message: 'Only subscriptions are served over WebSocket; send query operations over HTTP POST to the same URL.',
        extensions: { code: 'BAD_REQUEST' },
      },
    ]);
  });

  it('refuses a subscription sent over HTTP with 400, naming where subscriptions are served', async () => {
    gw.resetTraffic();
    const answer = await gw.post({ query: SUBSCRIPTION, variables: { planId } });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      {
        message:
          'Subscriptions are served over WebSocket with the graphql-ws protocol on this same URL, not over HTTP.',
        extensions: { code: 'BAD_REQUEST' },
      },
    ]);
    expect(gw.graphLines()).toEqual([]);
  });
});

/** A plan of the signed-in user other than `planId`. */
async function otherPlan(gw: TestGateway, planId: string): Promise<string> {
  const me = gw.emulator.info.defaultUserId;
  const tasks = (await gw.rest<GraphCollection<RestPlannerTask>>(`/users/${me}/planner/tasks`)).value;
  const other = tasks.find((task) => task.planId !== planId);
  if (!other) throw new Error('the signed-in user has tasks in one plan only');
  return other.planId;
}
