/**
 * What one subscriber may cost the process: a subscriber that stops reading is cut off once its
 * socket holds more unsent bytes than the bound, while the others keep their events; a
 * connection and the process hold a bounded number of subscriptions, refused past it with a
 * clear error.
 */
import WebSocket from 'ws';
import { liveClient, useGateway, waitFor, type GraphCollection, type LiveClient, type RestPlannerTask } from '../kit';

const POLL_MS = 100;
const MAX_BUFFERED_BYTES = 64 * 1024;
const DESCRIPTION = 'x'.repeat(64 * 1024);
const TASKS = 30;
const SUBSCRIPTION = `subscription($planId: ID!) {
  plannerTaskChanged(planId: $planId) { changeType taskId task { title details { description } } }
}`;

describe('live backpressure and caps', () => {
  const gw = useGateway({
    users: 20,
    serve: true,
    live: {
      pollIntervalMs: POLL_MS,
      topicGraceMs: 50,
      maxBufferedBytes: MAX_BUFFERED_BYTES,
      maxSubscriptionsPerConnection: 2,
      maxSubscriptions: 3,
    },
  });
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

  async function graph(method: string, path: string, body?: unknown, etag?: string) {
    const response = await fetch(`${gw.emulatorUrl}/v1.0${path}`, {
      method,
      headers: {
        authorization: `Bearer ${gw.emulator.mintAppToken()}`,
        'content-type': 'application/json',
        ...(etag ? { 'if-match': etag } : {}),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}`);
    return response.status === 204 ? null : ((await response.json()) as { id: string; '@odata.etag': string });
  }

  /** Tasks whose details each carry a long description. */
  async function heavyTasks(): Promise<string[]> {
    const ids: string[] = [];
    for (let index = 0; index < TASKS; index += 1) {
      const task = (await graph('POST', '/planner/tasks', { planId, title: `Heavy ${index}` }))!;
      const details = (await graph('GET', `/planner/tasks/${task.id}/details`))!;
      await graph('PATCH', `/planner/tasks/${task.id}/details`, { description: DESCRIPTION }, details['@odata.etag']);
      ids.push(task.id);
    }
    return ids;
  }

  async function retitle(ids: string[], round: number): Promise<void> {
    for (const id of ids) {
      const task = (await graph('GET', `/planner/tasks/${id}`))!;
      await graph('PATCH', `/planner/tasks/${id}`, { title: `Heavy ${id} round ${round}` }, task['@odata.etag']);
    }
  }

  it('cuts off a subscriber that stops reading, and the other subscribers keep their events', async () => {
    const ids = await heavyTasks();
    gw.resetTraffic();
    const healthy = liveClient(gw.url);
    clients.push(healthy);
    const kept = healthy.subscribe<{ plannerTaskChanged: { taskId: string } }>(SUBSCRIPTION, { planId });

    const slow = new WebSocket(gw.url.replace('http', 'ws'), 'graphql-transport-ws');
    const slowClosed = new Promise<void>((resolve) => slow.once('close', () => resolve()));
    slow.on('open', () => slow.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    slow.on('message', (data) => {
      if ((JSON.parse(String(data)) as { type: string }).type !== 'connection_ack') return;
      slow.send(
        JSON.stringify({ id: '1', type: 'subscribe', payload: { query: SUBSCRIPTION, variables: { planId } } }),
      );
      // From now on nothing is read: what the server sends piles up in its socket.
      slow.pause();
    });
    await waitFor(() => gw.prepared.gateway.live.stats().watching === 2, { what: 'both subscriptions' });
    gw.resetTraffic();
    await waitFor(() => gw.graphLines().some((line) => line.includes(`/planner/plans/${planId}/tasks?`)), {
      what: 'a poll after both joined',
    });

    for (let round = 1; round <= 10 && gw.prepared.gateway.live.stats().slowSubscribersCutOff === 0; round += 1) {
      const before = kept.results.length;
      await retitle(ids, round);
      await waitFor(() => kept.results.length >= before + TASKS, {
        timeoutMs: 20_000,
        what: `round ${round}'s events`,
      });
    }

    expect(gw.prepared.gateway.live.stats().slowSubscribersCutOff).toBe(1);
    const metrics = await (await fetch(`${gw.origin}/metrics`)).text();
    expect(metrics).toMatch(/^graphql_subscribers_cut_off_total 1$/m);
    expect(metrics).toMatch(/^graphql_subscription_watched_resources 1$/m);
    slow.resume();
    await slowClosed;
    await waitFor(() => gw.prepared.gateway.live.stats().subscriptions === 1, { what: 'the slow subscription ended' });

    const before = kept.results.length;
    await retitle(ids.slice(0, 1), 99);
    await waitFor(() => kept.results.length === before + 1, { what: 'the healthy subscriber’s next event' });
    expect(kept.results.at(-1)).toEqual({
      data: {
        plannerTaskChanged: {
          changeType: 'UPDATED',
          taskId: ids[0],
          task: { title: `Heavy ${ids[0]} round 99`, details: { description: DESCRIPTION } },
        },
      },
    });
    expect(kept.errors).toBeNull();
  }, 60_000);

  it('refuses a subscription past the per-connection cap, and past the per-process cap, with THROTTLED', async () => {
    const first = liveClient(gw.url);
    const second = liveClient(gw.url);
    clients.push(first, second);
    first.subscribe(SUBSCRIPTION, { planId });
    first.subscribe(SUBSCRIPTION, { planId });
    const overConnection = first.subscribe(SUBSCRIPTION, { planId });
    await waitFor(() => overConnection.errors, { what: 'the per-connection refusal' });
    expect(overConnection.errors).toEqual([
      {
        message:
          'This connection has 2 subscriptions, the most one connection may hold; complete one first or open another connection.',
        extensions: { code: 'THROTTLED', limit: 'subscriptionsPerConnection', max: 2 },
      },
    ]);

    second.subscribe(SUBSCRIPTION, { planId });
    await waitFor(() => gw.prepared.gateway.live.stats().watching === 3, { what: 'three subscriptions' });
    const overProcess = second.subscribe(SUBSCRIPTION, { planId });
    await waitFor(() => overProcess.errors, { what: 'the per-process refusal' });
    expect(overProcess.errors).toEqual([
      {
        message: 'The gateway serves 3 subscriptions, its most; try again later.',
        extensions: { code: 'THROTTLED', limit: 'subscriptions', max: 3 },
      },
    ]);
  });
});
