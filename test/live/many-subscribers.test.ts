/**
 * Load: 200 subscribers of one To Do list (20 graphql-ws connections × 10 subscriptions, within the
 * per-connection cap of 100) and 50 changes written through Graph's REST API. One Graph subscription
 * serves them all; every subscriber sees every change once, in order; the heap comes back.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  liveClient,
  useGateway,
  waitFor,
  type GraphCollection,
  type LiveClient,
  type LiveSubscriptionRun,
} from '../kit';

interface Change {
  changeType: string;
  taskId: string;
}

const SUBSCRIPTION = `subscription($listId: ID!) {
  outlookTaskChanged(listId: $listId) { changeType taskId }
}`;

const CONNECTIONS = 20;
const PER_CONNECTION = 10;
const SUBSCRIBERS = CONNECTIONS * PER_CONNECTION;
const CREATES = 25;
const UPDATES = 15;
const DELETES = 10;
/**
 * Heap growth allowed from before the 200 subscribers connect to after they left, garbage collected
 * both times: about 5 MiB was measured (the emulator's new tasks and request log, V8's slack), so
 * three times that catches state kept per subscriber or per delivery without flaking on GC timing.
 */
const HEAP_GROWTH_BOUND_BYTES = 16 * 1024 * 1024;

/** Node's own `gc()`, exposed at run time (jest does not start node with `--expose-gc`). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function heapUsedAfterGc(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

describe('200 subscribers of one To Do list', () => {
  const gw = useGateway({
    users: 5,
    serve: true,
    live: { topicGraceMs: 50, pollIntervalMs: 60_000 },
  });
  let clients: LiveClient[] = [];

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
  });

  async function graphSubscriptionsHeld(): Promise<number> {
    const response = await fetch(`${gw.emulatorUrl}/_emulator/subscriptions`);
    return ((await response.json()) as { subscriptions: unknown[] }).subscriptions.length;
  }

  /** One subscriber and one change first, so that lazily built state (schema caches, modules) is not counted as growth. */
  async function warmUp(listId: string, tasksUrl: string, headers: Record<string, string>): Promise<void> {
    const client = liveClient(gw.url);
    const run = client.subscribe<{ outlookTaskChanged: Change }>(SUBSCRIPTION, { listId });
    await waitFor(() => gw.prepared.gateway.notifications.stats().subscriptions === 1, {
      what: 'the warm-up subscription',
    });
    await waitFor(() => gw.graphLines().some((line) => line.includes('/tasks?')), {
      what: 'the warm-up baseline read',
    });
    const response = await fetch(tasksUrl, { method: 'POST', headers, body: JSON.stringify({ title: 'Warm-up' }) });
    expect(response.status).toBe(201);
    await waitFor(() => run.results.length === 1, { what: 'the warm-up event' });
    await client.dispose();
    await waitFor(async () => (await graphSubscriptionsHeld()) === 0, {
      what: 'the warm-up Graph subscription deleted',
    });
  }

  it('receive each of 50 changes once and in order, over one Graph subscription, with the heap bounded', async () => {
    const me = gw.emulator.info.defaultUserId;
    const listId = (await gw.rest<GraphCollection<{ id: string }>>(`/users/${me}/todo/lists`)).value[0].id;
    const tasksUrl = `${gw.emulatorUrl}/v1.0/users/${me}/todo/lists/${encodeURIComponent(listId)}/tasks`;
    const headers = { authorization: `Bearer ${gw.emulator.mintAppToken()}`, 'content-type': 'application/json' };
    await warmUp(listId, tasksUrl, headers);
    const heapBefore = heapUsedAfterGc();
    gw.resetTraffic();
    const acceptedBefore = gw.prepared.gateway.notifications.stats().accepted;

    clients = Array.from({ length: CONNECTIONS }, () => liveClient(gw.url));
    await Promise.all(clients.map((client) => client.connected));
    const runs: Array<LiveSubscriptionRun<{ outlookTaskChanged: Change }>> = clients.flatMap((client) =>
      Array.from({ length: PER_CONNECTION }, () =>
        client.subscribe<{ outlookTaskChanged: Change }>(SUBSCRIPTION, { listId }),
      ),
    );
    await waitFor(() => gw.prepared.gateway.live.stats().watching === SUBSCRIBERS, {
      what: 'every subscriber watching',
    });
    await waitFor(() => gw.prepared.gateway.notifications.stats().subscriptions === 1, {
      what: 'the Graph subscription',
    });
    await waitFor(
      () => gw.graphLines().some((line) => line.includes(`/todo/lists/${encodeURIComponent(listId)}/tasks?`)),
      { what: 'the baseline read' },
    );

    const expected: Change[] = [];
    const ids: string[] = [];
    for (let i = 0; i < CREATES; i += 1) {
      const response = await fetch(tasksUrl, { method: 'POST', headers, body: JSON.stringify({ title: `Load ${i}` }) });
      expect(response.status).toBe(201);
      const { id } = (await response.json()) as { id: string };
      ids.push(id);
      expected.push({ changeType: 'CREATED', taskId: id });
    }
    for (const id of ids.slice(0, UPDATES)) {
      const response = await fetch(`${tasksUrl}/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify({ title: `Load ${id} again` }),
      });
      expect(response.status).toBe(200);
      expected.push({ changeType: 'UPDATED', taskId: id });
    }
    for (const id of ids.slice(CREATES - DELETES)) {
      const response = await fetch(`${tasksUrl}/${encodeURIComponent(id)}`, { method: 'DELETE', headers });
      expect(response.status).toBe(204);
      expected.push({ changeType: 'DELETED', taskId: id });
    }
    expect(await graphSubscriptionsHeld()).toBe(1);

    await waitFor(() => runs.every((run) => run.results.length >= expected.length), {
      what: `${expected.length} events for each of ${SUBSCRIBERS} subscribers`,
      timeoutMs: 20_000,
      intervalMs: 50,
    });
    // A duplicate would be fanned out with the notification it came from: compare once every one was accepted.
    await waitFor(() => gw.prepared.gateway.notifications.stats().accepted - acceptedBefore >= expected.length, {
      what: 'every notification accepted',
    });
    for (const run of runs) {
      expect(run.errors).toBeNull();
      expect(run.results.map((result) => result.data?.outlookTaskChanged)).toEqual(expected);
    }
    expect(await graphSubscriptionsHeld()).toBe(1);
    expect(gw.graphLines().filter((line) => line.startsWith('POST /v1.0/subscriptions'))).toHaveLength(1);

    await Promise.all(clients.map((client) => client.dispose()));
    clients = [];
    await waitFor(() => gw.prepared.gateway.live.stats().subscriptions === 0, { what: 'every subscription ended' });
    await waitFor(async () => (await graphSubscriptionsHeld()) === 0, { what: 'the Graph subscription deleted' });
    runs.length = 0;
    const growth = heapUsedAfterGc() - heapBefore;
    expect(growth).toBeLessThan(HEAP_GROWTH_BOUND_BYTES);
  }, 30_000);
});
