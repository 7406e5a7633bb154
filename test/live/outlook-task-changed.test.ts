/**
 * `outlookTaskChanged` over graphql-ws against the embedded emulator served on loopback: the
 * gateway holds a Graph subscription on the list's tasks and the emulator delivers real change
 * notifications to `/graph/notifications`; lifecycle events arrive at `/graph/lifecycle`.
 */
import {
  expireDeltaTokens,
  emulatorNotifications,
  liveClient,
  sample,
  startAppModeGateway,
  TEST_API_KEY,
  useGateway,
  waitFor,
  type GraphCollection,
  type LiveClient,
} from '../kit';

interface Change {
  changeType: string;
  taskId: string;
  task: { id: string; title: string } | null;
}

const SUBSCRIPTION = `subscription($listId: ID!) {
  outlookTaskChanged(listId: $listId) { changeType taskId task { id title } }
}`;

describe('outlookTaskChanged over graphql-ws, fed by Graph change notifications', () => {
  // 0.1 minute: the emulator caps every subscription at 6 s, so renewals happen within a test.
  const gw = useGateway({
    users: 20,
    serve: true,
    maxSubscriptionMinutes: 0.1,
    live: { topicGraceMs: 50, subscriptionMinutes: 0.1, pollIntervalMs: 60_000 },
  });
  const emulator = emulatorNotifications(gw);
  const clients: LiveClient[] = [];
  let me: string;
  let listId: string;

  beforeAll(async () => {
    me = gw.emulator.info.defaultUserId;
    listId = (await gw.rest<GraphCollection<{ id: string }>>(`/users/${me}/todo/lists`)).value[0].id;
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
    await waitFor(() => gw.prepared.gateway.live.stats().subscriptions === 0, { what: 'every subscription ended' });
    await waitFor(async () => (await emulator.subscriptions()).length === 0, {
      what: 'the Graph subscription deleted',
    });
  });

  function connect(): LiveClient {
    const client = liveClient(gw.url);
    clients.push(client);
    return client;
  }

  /** The list's delta calls: the token taken with the baseline (`latest`), then each resync or poll. */
  const deltaReads = () =>
    gw.graphLines().filter((line) => line.includes(`/todo/lists/${encodeURIComponent(listId)}/tasks/delta?`));

  /** Subscribes and waits until the Graph subscription exists and the baseline was read. */
  async function subscribed(client: LiveClient) {
    gw.resetTraffic();
    const run = client.subscribe<{ outlookTaskChanged: Change }>(SUBSCRIPTION, { listId });
    await waitFor(() => gw.prepared.gateway.notifications.stats().subscriptions === 1, {
      what: 'the Graph subscription',
    });
    await waitFor(
      () => gw.graphLines().some((line) => line.includes(`/todo/lists/${encodeURIComponent(listId)}/tasks?`)),
      {
        what: 'the baseline read',
      },
    );
    return run;
  }

  async function restWrite(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${gw.emulatorUrl}/v1.0/users/${me}/todo/lists/${encodeURIComponent(listId)}${path}`, {
      method,
      headers: { authorization: `Bearer ${gw.emulator.mintAppToken()}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  }

  it('delivers CREATED, UPDATED and DELETED for writes made through the mutations, each with the task read fresh', async () => {
    const run = await subscribed(connect());
    const created = await gw.post<{ createOutlookTask: { task: { id: string } } }>({
      query: 'mutation($input: CreateOutlookTaskInput!) { createOutlookTask(input: $input) { task { id } } }',
      variables: { input: { listId, title: 'Live one' } },
    });
    const id = created.body.data!.createOutlookTask.task.id;
    await waitFor(() => run.results.length >= 1, { what: 'the CREATED event' });

    const updated = await gw.post({
      query: 'mutation($input: UpdateOutlookTaskInput!) { updateOutlookTask(input: $input) { task { id } } }',
      variables: { input: { listId, id, title: 'Live two' } },
    });
    expect(updated.body.errors).toBeUndefined();
    await waitFor(() => run.results.length >= 2, { what: 'the UPDATED event' });

    const deleted = await gw.post({
      query: 'mutation($input: DeleteOutlookTaskInput!) { deleteOutlookTask(input: $input) { id } }',
      variables: { input: { listId, id } },
    });
    expect(deleted.body.errors).toBeUndefined();
    await waitFor(() => run.results.length >= 3, { what: 'the DELETED event' });

    expect(run.results).toEqual([
      { data: { outlookTaskChanged: { changeType: 'CREATED', taskId: id, task: { id, title: 'Live one' } } } },
      { data: { outlookTaskChanged: { changeType: 'UPDATED', taskId: id, task: { id, title: 'Live two' } } } },
      { data: { outlookTaskChanged: { changeType: 'DELETED', taskId: id, task: null } } },
    ]);
  });

  it("delivers a change made through Graph's REST API by another client", async () => {
    const run = await subscribed(connect());
    const response = await restWrite('POST', '/tasks', { title: 'Made elsewhere' });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    await waitFor(() => run.results.length >= 1, { what: 'the CREATED event' });
    expect(run.results).toEqual([
      { data: { outlookTaskChanged: { changeType: 'CREATED', taskId: id, task: { id, title: 'Made elsewhere' } } } },
    ]);
  });

  it('holds one Graph subscription for several subscribers of a list, with a secret clientState, and deletes it after the last leaves', async () => {
    const first = await subscribed(connect());
    const second = connect().subscribe<{ outlookTaskChanged: Change }>(SUBSCRIPTION, { listId });
    await waitFor(() => gw.prepared.gateway.live.stats().watching === 2, { what: 'both subscribers watching' });
    const held = (await emulator.subscriptions()).filter((s) => s.resource.includes(encodeURIComponent(listId)));
    expect(held).toHaveLength(1);
    expect(held[0].resource).toBe(`/me/todo/lists/${encodeURIComponent(listId)}/tasks`);
    expect(held[0].clientState).toMatch(/^[A-Za-z0-9_-]{43}$/);

    await restWrite('POST', '/tasks', { title: 'For both' });
    await waitFor(() => first.results.length === 1 && second.results.length === 1, { what: 'the event for both' });
    expect(gw.graphLines().filter((line) => line.startsWith('POST /v1.0/subscriptions'))).toHaveLength(1);

    first.unsubscribe();
    second.unsubscribe();
    await waitFor(
      async () => (await emulator.subscriptions()).every((s) => !s.resource.includes(encodeURIComponent(listId))),
      {
        what: 'the Graph subscription deleted',
      },
    );
    expect(gw.graphLines().filter((line) => line.startsWith('DELETE /v1.0/subscriptions/'))).toHaveLength(1);
  });

  it('renews the Graph subscription before it expires, and changes keep arriving after the first expiry', async () => {
    const run = await subscribed(connect());
    const [held] = await emulator.subscriptions();
    const firstExpiry = Date.parse(held.expirationDateTime);
    await waitFor(() => gw.prepared.gateway.notifications.stats().renewals >= 1, {
      what: 'a renewal',
      timeoutMs: 10_000,
    });
    expect(Date.now()).toBeLessThan(firstExpiry);
    await waitFor(() => Date.now() > firstExpiry + 200, { what: 'the first expiry passed', timeoutMs: 10_000 });
    await restWrite('POST', '/tasks', { title: 'After the first expiry' });
    await waitFor(() => run.results.length >= 1, { what: 'the CREATED event' });
    expect(run.results[0].data?.outlookTaskChanged.task?.title).toBe('After the first expiry');
  });

  it.each(['reauthorizationRequired', 'missed', 'subscriptionRemoved'])(
    'handles the lifecycle event %s and keeps delivering changes',
    async (lifecycleEvent) => {
      const run = await subscribed(connect());
      const [held] = await emulator.subscriptions();
      const accepted = gw.prepared.gateway.notifications.stats().lifecycleEvents;
      const sent = await emulator.lifecycle(held.id, lifecycleEvent);
      expect(sent.status).toBe(202);
      await waitFor(() => gw.prepared.gateway.notifications.stats().lifecycleEvents === accepted + 1, {
        what: 'the lifecycle event received',
      });
      if (lifecycleEvent === 'reauthorizationRequired')
        await waitFor(() => gw.graphLines().includes(`POST /v1.0/subscriptions/${held.id}/reauthorize`), {
          what: 'the reauthorization',
        });
      if (lifecycleEvent === 'subscriptionRemoved')
        await waitFor(async () => (await emulator.subscriptions()).some((s) => s.id !== held.id), {
          what: 'a new subscription',
        });
      // The resync after each event: the changes since the baseline, through the list's delta.
      await waitFor(() => deltaReads().some((line) => !line.includes('$deltatoken=latest')), {
        what: 'the resync through delta',
      });

      await restWrite('POST', '/tasks', { title: `After ${lifecycleEvent}` });
      await waitFor(() => run.results.length >= 1, { what: 'the CREATED event' });
      expect(run.results.map((r) => r.data?.outlookTaskChanged.task?.title)).toEqual([`After ${lifecycleEvent}`]);
    },
  );

  it('delivers a change made while Graph paused delivery, once a failed reauthorization is made good by a renewal', async () => {
    const run = await subscribed(connect());
    const [held] = await emulator.subscriptions();
    await emulator.pauseAfterFailedReauthorization(held.id, () => gw.graphLines());
    // Paused: Graph notifies nobody of this one.
    const suppressedBefore = await emulator.suppressed();
    const response = await restWrite('POST', '/tasks', { title: 'Made during the pause' });
    const { id } = (await response.json()) as { id: string };
    expect(await emulator.suppressed()).toBe(suppressedBefore + 1);
    await waitFor(() => run.results.length >= 1, { what: 'the CREATED event from the resync', timeoutMs: 10_000 });
    expect(run.results).toEqual([
      {
        data: {
          outlookTaskChanged: { changeType: 'CREATED', taskId: id, task: { id, title: 'Made during the pause' } },
        },
      },
    ]);
  });

  it('drops and counts notifications with a wrong clientState or an unknown subscription id', async () => {
    const run = await subscribed(connect());
    const [held] = await emulator.subscriptions();
    const before = gw.prepared.gateway.notifications.stats().dropped;
    const item = (subscriptionId: string, clientState: string) => ({
      subscriptionId,
      clientState,
      changeType: 'created',
      resource: `Users/${me}/todo/lists/${listId}/tasks/forged`,
      subscriptionExpirationDateTime: held.expirationDateTime,
      tenantId: gw.emulator.info.tenantId,
      resourceData: { id: 'forged' },
    });
    for (const body of [
      { value: [item(held.id, 'not-the-secret')] },
      { value: [item('00000000-0000-0000-0000-000000000000', held.clientState ?? '')] },
      { value: [{ subscriptionId: 42 }] },
    ]) {
      const response = await fetch(`${gw.origin}/graph/notifications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(202);
    }
    await waitFor(() => gw.prepared.gateway.notifications.stats().dropped === before + 3, { what: 'three drops' });
    const metrics = await (await fetch(`${gw.origin}/metrics`)).text();
    expect(sample(metrics, 'graph_notifications_total{outcome="dropped"}')).toBe(before + 3);

    const notJson = await fetch(`${gw.origin}/graph/notifications`, { method: 'POST', body: '{"value":' });
    expect(notJson.status).toBe(400);
    for (const body of ['[]', '"text"', 'null', '{"value":"no"}', '{"value":[1,2,3]}', '{}']) {
      const response = await fetch(`${gw.origin}/graph/lifecycle`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect([body, response.status]).toEqual([body, body === '{"value":[1,2,3]}' ? 202 : 400]);
    }
    const tooLarge = await fetch(`${gw.origin}/graph/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: ['x'.repeat(2 * 1024 * 1024)] }),
    });
    expect(tooLarge.status).toBe(413);
    // Three malformed items of the lifecycle body above, and nothing reached the subscriber.
    await waitFor(() => gw.prepared.gateway.notifications.stats().dropped === before + 6, { what: 'six drops' });
    expect(run.results).toEqual([]);
  });

  it("refuses another user's list with FORBIDDEN (Graph's answer to the subscriber's own read) and creates no Graph subscription", async () => {
    const other = (await gw.rest<GraphCollection<{ id: string }>>('/users?$select=id')).value.find((u) => u.id !== me)!;
    const theirList = (await gw.rest<GraphCollection<{ id: string }>>(`/users/${other.id}/todo/lists`)).value[0].id;
    const run = connect().subscribe<{ outlookTaskChanged: Change }>(
      `subscription($listId: ID!, $userId: ID) { outlookTaskChanged(listId: $listId, userId: $userId) { taskId } }`,
      { listId: theirList, userId: other.id },
    );
    await waitFor(() => run.completed, { what: 'the refusal' });
    expect(run.results).toEqual([
      {
        errors: [
          expect.objectContaining({
            path: ['outlookTaskChanged'],
            extensions: expect.objectContaining({ code: 'FORBIDDEN' }),
          }),
        ],
      },
    ]);
    expect(await emulator.subscriptions()).toEqual([]);
  });

  it('answers the validation handshake on both endpoints with the decoded token as text/plain', async () => {
    for (const path of ['/graph/notifications', '/graph/lifecycle']) {
      const response = await fetch(`${gw.origin}${path}?validationToken=${encodeURIComponent('a token+/=')}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await response.text()).toBe('a token+/=');
    }
  });
});

describe('outlookTaskChanged without a notification URL', () => {
  const gw = useGateway({
    users: 20,
    serve: true,
    live: { notificationUrl: null, pollIntervalMs: 100, topicGraceMs: 50 },
  });

  it("polls the list's tasks and delivers a change, holding no Graph subscription", async () => {
    const me = gw.emulator.info.defaultUserId;
    const listId = (await gw.rest<GraphCollection<{ id: string }>>(`/users/${me}/todo/lists`)).value[0].id;
    const client = liveClient(gw.url);
    try {
      gw.resetTraffic();
      const run = client.subscribe<{ outlookTaskChanged: Change }>(SUBSCRIPTION, { listId });
      await waitFor(
        () => gw.graphLines().some((line) => line.includes(`/todo/lists/${encodeURIComponent(listId)}/tasks?`)),
        {
          what: 'the baseline read',
        },
      );
      const created = await gw.post<{ createOutlookTask: { task: { id: string } } }>({
        query: 'mutation($input: CreateOutlookTaskInput!) { createOutlookTask(input: $input) { task { id } } }',
        variables: { input: { listId, title: 'Polled' } },
      });
      const id = created.body.data!.createOutlookTask.task.id;
      await waitFor(() => run.results.length >= 1, { what: 'the CREATED event' });
      expect(run.results).toEqual([
        { data: { outlookTaskChanged: { changeType: 'CREATED', taskId: id, task: { id, title: 'Polled' } } } },
      ]);
      expect(gw.graphLines().filter((line) => line.includes('/subscriptions'))).toEqual([]);
      // One baseline (a delta token, then the tasks' ids); every poll after it asks delta for the changes only.
      const tasks = `/todo/lists/${encodeURIComponent(listId)}/tasks`;
      const lines = gw.graphLines();
      expect(lines.filter((line) => line.includes(`${tasks}?`))).toEqual([`GET /v1.0/me${tasks}?$select=id&$top=999`]);
      expect(lines.filter((line) => line.includes(`${tasks}/delta?$deltatoken=latest`))).toHaveLength(1);
      expect(lines.filter((line) => line.includes(`${tasks}/delta?`)).length).toBeGreaterThanOrEqual(2);
    } finally {
      await client.dispose();
    }
  });

  it('takes a new baseline when Graph no longer holds the delta token, and delivers a change made meanwhile once', async () => {
    const me = gw.emulator.info.defaultUserId;
    const listId = (await gw.rest<GraphCollection<{ id: string }>>(`/users/${me}/todo/lists`)).value[0].id;
    const tasks = `/todo/lists/${encodeURIComponent(listId)}/tasks`;
    const lines = (fragment: string) => gw.graphLines().filter((line) => line.includes(fragment));
    // The previous test's watch of the same list has ended (its grace passed): this one starts afresh.
    await waitFor(() => gw.prepared.gateway.live.stats().topics === 0, { what: 'no list watched' });
    const client = liveClient(gw.url);
    try {
      gw.resetTraffic();
      const run = client.subscribe<{ outlookTaskChanged: Change }>(SUBSCRIPTION, { listId });
      await waitFor(() => lines(`${tasks}/delta?$deltatoken=`).length >= 2, { what: 'the baseline and a poll' });

      await expireDeltaTokens(gw);
      const created = await gw.post<{ createOutlookTask: { task: { id: string } } }>({
        query: 'mutation($input: CreateOutlookTaskInput!) { createOutlookTask(input: $input) { task { id } } }',
        variables: { input: { listId, title: 'Made while the token expired' } },
      });
      const id = created.body.data!.createOutlookTask.task.id;
      await waitFor(() => run.results.length >= 1, { what: 'the CREATED event' });
      // A poll after the event, so a second report of the same change would show.
      const polls = lines(`${tasks}/delta?`).length;
      await waitFor(() => lines(`${tasks}/delta?`).length >= polls + 2, { what: 'two more polls' });

      expect(run.results).toEqual([
        {
          data: {
            outlookTaskChanged: {
              changeType: 'CREATED',
              taskId: id,
              task: { id, title: 'Made while the token expired' },
            },
          },
        },
      ]);
      // The refused token, then a new baseline: a new token and the tasks read again.
      expect(lines(`${tasks}/delta?$deltatoken=latest`)).toHaveLength(2);
      expect(lines(`${tasks}?$select=id`)).toHaveLength(2);
    } finally {
      await client.dispose();
    }
  });
});

describe('outlookTaskChanged in app mode, where Graph refuses To Do subscriptions to app-only tokens', () => {
  const gw = useGateway(
    { live: { notificationUrl: 'loopback', pollIntervalMs: 100, topicGraceMs: 50 } },
    startAppModeGateway,
  );

  it("falls back to polling the list after Graph's refusal, and still delivers changes", async () => {
    const userId = (await gw.rest<GraphCollection<{ id: string }>>('/users?$select=id')).value[0].id;
    const listId = (await gw.rest<GraphCollection<{ id: string }>>(`/users/${userId}/todo/lists`)).value[0].id;
    const client = liveClient(gw.url, { 'x-api-key': TEST_API_KEY });
    try {
      gw.resetTraffic();
      const run = client.subscribe<{ outlookTaskChanged: Change }>(
        `subscription($listId: ID!, $userId: ID) {
          outlookTaskChanged(listId: $listId, userId: $userId) { changeType taskId task { id title } }
        }`,
        { listId, userId },
      );
      await waitFor(
        () => gw.graphLines().some((line) => line.includes(`/todo/lists/${encodeURIComponent(listId)}/tasks?`)),
        {
          what: 'the baseline read after the refused subscription',
        },
      );
      expect(gw.graphLines().filter((line) => line.startsWith('POST /v1.0/subscriptions'))).toHaveLength(1);
      expect(gw.prepared.gateway.notifications.stats().subscriptions).toBe(0);

      const created = await gw.post<{ createOutlookTask: { task: { id: string } } }>({
        query: 'mutation($input: CreateOutlookTaskInput!) { createOutlookTask(input: $input) { task { id } } }',
        variables: { input: { userId, listId, title: 'Polled in app mode' } },
      });
      const id = created.body.data!.createOutlookTask.task.id;
      await waitFor(() => run.results.length >= 1, { what: 'the CREATED event' });
      expect(run.results).toEqual([
        {
          data: {
            outlookTaskChanged: { changeType: 'CREATED', taskId: id, task: { id, title: 'Polled in app mode' } },
          },
        },
      ]);
    } finally {
      await client.dispose();
    }
  });
});
