/**
 * Delivery of change notifications and lifecycle notifications to real receivers on loopback
 * (changenotification.md, changenotificationcollection.md, concepts/change-notifications-delivery-webhooks.md,
 * concepts/change-notifications-lifecycle-events.md; graph-api.md Part 2 §§3.6–3.8).
 */
import {
  appToken,
  createTestEmulator,
  emulatorRequest,
  graphDelete,
  graphGet,
  graphPatch,
  graphPost,
  type Emulator,
} from '../src/testing';
import type { InternalEmulatorOptions } from '../src/index';
import { startReceiver, type Receiver } from './fixtures/receiver';
import { waitUntil } from './fixtures/wait';
import { defaultListId, subscribe } from './fixtures/live-data';

const USER_WRITER = ['User.Read.All', 'User.ReadWrite.All'];
const MEMBER_WRITER = ['Group.Read.All', 'GroupMember.ReadWrite.All'];

interface Live {
  emu: Emulator;
  receiver: Receiver;
  lifecycle: Receiver;
}

async function live(options: InternalEmulatorOptions = {}): Promise<Live> {
  return {
    emu: createTestEmulator({ users: 20, ...options }),
    receiver: await startReceiver('/notifications'),
    lifecycle: await startReceiver('/lifecycle'),
  };
}

async function stop({ receiver, lifecycle }: Live): Promise<void> {
  await Promise.all([receiver.close(), lifecycle.close()]);
}

function otherUser(emu: Emulator, index = 1): string {
  return [...emu.tenant.users.keys()][index] as string;
}

async function renameUser(emu: Emulator, userId: string, jobTitle: string): Promise<void> {
  const res = await graphPatch(emu, `/v1.0/users/${userId}`, { jobTitle }, { token: appToken(emu, USER_WRITER) });
  expect(res.status).toBe(204);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function control(emu: Emulator): Promise<any> {
  return (await emulatorRequest(emu, 'GET', '/_emulator/subscriptions')).body;
}

function lifecycleEvent(emu: Emulator, id: string, event: string) {
  return emulatorRequest(emu, 'POST', `/_emulator/subscriptions/${id}/lifecycle`, {
    body: JSON.stringify({ lifecycleEvent: event }),
    headers: { 'Content-Type': 'application/json' },
  });
}

describe('change notifications', () => {
  let ctx: Live;
  beforeEach(async () => {
    ctx = await live();
  });
  afterEach(() => stop(ctx));

  it("notifies a To Do list's subscription of a task created, updated and deleted, in Graph's payload", async () => {
    const { emu, receiver } = ctx;
    const listId = await defaultListId(emu);
    const userId = emu.info.defaultUserId;
    const sub = await subscribe(
      emu,
      receiver,
      { resource: `/me/todo/lists/${listId}/tasks`, changeType: 'created,updated,deleted' },
      { token: 'user' },
    );
    expect(sub.status).toBe(201);

    const created = await graphPost(emu, `/v1.0/me/todo/lists/${listId}/tasks`, { title: 'Live' }, { token: 'user' });
    const taskId: string = created.body.id;
    const resource = `Users/${userId}/todo/lists/${listId}/tasks/${taskId}`;
    await receiver.waitFor((r) => r.items().length === 1);
    const post = receiver.notifications[0];
    expect(post?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(post?.body).toEqual({
      value: [
        {
          subscriptionId: sub.body.id,
          subscriptionExpirationDateTime: sub.body.expirationDateTime,
          clientState: 'secret-client-state',
          changeType: 'created',
          resource,
          tenantId: emu.info.tenantId,
          resourceData: {
            '@odata.type': '#Microsoft.Graph.todoTask',
            '@odata.id': resource,
            '@odata.etag': created.body['@odata.etag'],
            id: taskId,
          },
        },
      ],
    });

    const updated = await graphPatch(
      emu,
      `/v1.0/me/todo/lists/${listId}/tasks/${taskId}`,
      { status: 'completed' },
      { token: 'user' },
    );
    await receiver.waitFor((r) => r.items().length === 2);
    expect(receiver.items()[1]).toMatchObject({
      changeType: 'updated',
      resource,
      resourceData: { '@odata.etag': updated.body['@odata.etag'], id: taskId },
    });

    expect((await graphDelete(emu, `/v1.0/me/todo/lists/${listId}/tasks/${taskId}`, { token: 'user' })).status).toBe(
      204,
    );
    await receiver.waitFor((r) => r.items().length === 3);
    expect(receiver.items()[2]).toMatchObject({ changeType: 'deleted', resource });
    expect(receiver.items()[2].resourceData).toEqual({
      '@odata.type': '#Microsoft.Graph.todoTask',
      '@odata.id': resource,
      id: taskId,
    });
  });

  it('sends only the change types the subscription asked for', async () => {
    const { emu, receiver } = ctx;
    const listId = await defaultListId(emu);
    await subscribe(
      emu,
      receiver,
      { resource: `/me/todo/lists/${listId}/tasks`, changeType: 'deleted' },
      { token: 'user' },
    );
    const created = await graphPost(emu, `/v1.0/me/todo/lists/${listId}/tasks`, { title: 'Quiet' }, { token: 'user' });
    await graphDelete(emu, `/v1.0/me/todo/lists/${listId}/tasks/${created.body.id}`, { token: 'user' });
    await receiver.waitFor((r) => r.items().length === 1);
    expect(receiver.items().map((item) => item.changeType)).toEqual(['deleted']);
  });

  it('notifies a /users subscription of a user update as "updated", with Users/{id} and #Microsoft.Graph.User', async () => {
    const { emu, receiver } = ctx;
    const sub = await subscribe(emu, receiver, { resource: '/users' });
    const userId = otherUser(emu);
    await renameUser(emu, userId, 'Chief Listener');
    await receiver.waitFor((r) => r.items().length === 1);
    expect(receiver.items()).toEqual([
      {
        subscriptionId: sub.body.id,
        subscriptionExpirationDateTime: sub.body.expirationDateTime,
        clientState: 'secret-client-state',
        changeType: 'updated',
        resource: `Users/${userId}`,
        tenantId: emu.info.tenantId,
        resourceData: {
          '@odata.type': '#Microsoft.Graph.User',
          '@odata.id': `Users/${userId}`,
          id: userId,
          organizationId: emu.info.tenantId,
        },
      },
    ]);
  });

  it('notifies a /users/{id} subscription of that user only', async () => {
    const { emu, receiver } = ctx;
    const watched = otherUser(emu, 1);
    await subscribe(emu, receiver, { resource: `/users/${watched}` });
    await renameUser(emu, otherUser(emu, 2), 'Elsewhere');
    await renameUser(emu, watched, 'Watched');
    await receiver.waitFor((r) => r.items().length >= 1);
    expect(receiver.items().map((item) => item.resourceData.id)).toEqual([watched]);
  });

  it('notifies a /groups/{id} subscription of members added and removed, with members@delta', async () => {
    const { emu, receiver } = ctx;
    const groupId = [...emu.tenant.groups.keys()][0] as string;
    const outsider = [...emu.tenant.users.keys()].find((id) => !(emu.tenant.membersOf.get(groupId) ?? []).includes(id));
    const token = appToken(emu, MEMBER_WRITER);
    await subscribe(emu, receiver, { resource: `/groups/${groupId}`, changeType: 'updated' });

    const added = await graphPost(
      emu,
      `/v1.0/groups/${groupId}/members/$ref`,
      { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${outsider}` },
      { token },
    );
    expect(added.status).toBe(204);
    await receiver.waitFor((r) => r.items().length === 1);
    expect(receiver.items()[0]).toMatchObject({ changeType: 'updated', resource: `Groups/${groupId}` });
    expect(receiver.items()[0].resourceData).toEqual({
      '@odata.type': '#Microsoft.Graph.Group',
      '@odata.id': `Groups/${groupId}`,
      id: groupId,
      organizationId: emu.info.tenantId,
      'members@delta': [{ '@odata.type': '#microsoft.graph.user', id: outsider }],
    });

    expect((await graphDelete(emu, `/v1.0/groups/${groupId}/members/${outsider}/$ref`, { token })).status).toBe(204);
    await receiver.waitFor((r) => r.items().length === 2);
    expect(receiver.items()[1].resourceData['members@delta']).toEqual([
      { '@odata.type': '#microsoft.graph.user', id: outsider, '@removed': { reason: 'deleted' } },
    ]);
  });

  it('notifies a /groups/{id}/members subscription of membership changes only', async () => {
    const { emu, receiver } = ctx;
    const groupId = [...emu.tenant.groups.keys()][1] as string;
    const outsider = [...emu.tenant.users.keys()].find((id) => !(emu.tenant.membersOf.get(groupId) ?? []).includes(id));
    const sub = await subscribe(emu, receiver, { resource: `groups/${groupId}/members`, changeType: 'updated' });
    expect(sub.status).toBe(201);
    const added = await graphPost(
      emu,
      `/v1.0/groups/${groupId}/members/$ref`,
      { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${outsider}` },
      { token: appToken(emu, MEMBER_WRITER) },
    );
    expect(added.status).toBe(204);
    await receiver.waitFor((r) => r.items().length === 1);
    expect(receiver.items()[0].resourceData['members@delta']).toEqual([
      { '@odata.type': '#microsoft.graph.user', id: outsider },
    ]);
  });

  it('notifies a /groups/{id} subscription with changeType deleted when the group is deleted', async () => {
    const { emu, receiver } = ctx;
    const groupId = [...emu.tenant.groups.keys()][2] as string;
    await subscribe(emu, receiver, { resource: `/groups/${groupId}`, changeType: 'deleted' });
    const token = appToken(emu, ['Group.ReadWrite.All']);
    expect((await graphDelete(emu, `/v1.0/groups/${groupId}`, { token })).status).toBe(204);
    await receiver.waitFor((r) => r.items().length === 1);
    expect(receiver.items()[0]).toMatchObject({
      changeType: 'deleted',
      resource: `Groups/${groupId}`,
      resourceData: {
        '@odata.type': '#Microsoft.Graph.Group',
        '@odata.id': `Groups/${groupId}`,
        id: groupId,
        organizationId: emu.info.tenantId,
      },
    });
  });

  it('resolves a /users/{userPrincipalName} resource to that user', async () => {
    const { emu, receiver } = ctx;
    const userId = otherUser(emu, 4);
    const upn = emu.tenant.users.get(userId)?.userPrincipalName as string;
    expect((await subscribe(emu, receiver, { resource: `/users/${upn}` })).status).toBe(201);
    await renameUser(emu, userId, 'By name');
    await receiver.waitFor((r) => r.items().length === 1);
    expect(receiver.items()[0].resource).toBe(`Users/${userId}`);
  });

  it('puts the notifications of several subscriptions to one URL in one POST', async () => {
    const { emu, receiver } = ctx;
    const userId = otherUser(emu);
    const all = await subscribe(emu, receiver, { resource: '/users' });
    const one = await subscribe(emu, receiver, { resource: `/users/${userId}` });
    await renameUser(emu, userId, 'Twice watched');
    await receiver.waitFor((r) => r.items().length === 2);
    expect(receiver.notifications).toHaveLength(1);
    expect(
      receiver
        .items()
        .map((item) => item.subscriptionId)
        .sort(),
    ).toEqual([all.body.id, one.body.id].sort());
  });

  it('answers the write at once while the receiver has not answered the notification', async () => {
    const { emu, receiver } = ctx;
    let release = (): void => undefined;
    const stalled = new Promise<void>((resolve) => (release = resolve));
    receiver.respond = () => ({ status: 202, after: stalled });
    await subscribe(emu, receiver, { resource: '/users' });
    try {
      await renameUser(emu, otherUser(emu), 'Not waiting');
      await receiver.waitFor((r) => r.notifications.length === 1);
      // The notification is still unanswered, and another write is answered regardless.
      await renameUser(emu, otherUser(emu), 'Still not waiting');
    } finally {
      release();
    }
  });

  it('stops delivering once the subscription is deleted', async () => {
    const { emu, receiver } = ctx;
    const sub = await subscribe(emu, receiver, { resource: '/users' });
    await graphDelete(emu, `/v1.0/subscriptions/${sub.body.id}`);
    await renameUser(emu, otherUser(emu), 'Unheard');
    // Notifications are queued synchronously with the write: nothing was queued.
    expect((await control(emu)).delivery).toMatchObject({ pending: 0, delivered: 0 });
    expect(receiver.notifications).toHaveLength(0);
  });
});

describe('expiry (--max-subscription-minutes)', () => {
  it('an expired subscription is deleted and delivers nothing', async () => {
    // 0.01 minutes: the subscription lives 600 ms.
    const ctx = await live({ maxSubscriptionMinutes: 0.01 });
    const { emu, receiver } = ctx;
    try {
      const sub = await subscribe(emu, receiver, { resource: '/users', minutes: 0.005 });
      expect(sub.status).toBe(201);
      await waitUntil(async () => (await graphGet(emu, `/v1.0/subscriptions/${sub.body.id}`)).status === 404);
      await renameUser(emu, otherUser(emu), 'After expiry');
      expect((await control(emu)).delivery).toMatchObject({ pending: 0, delivered: 0 });
      expect((await graphGet(emu, '/v1.0/subscriptions')).body.value).toEqual([]);
    } finally {
      await stop(ctx);
    }
  });
});

describe('retries (change-notifications-delivery-webhooks.md: 2xx within 3 seconds, else retried)', () => {
  it('retries a failing receiver until it answers 2xx, with the same payload', async () => {
    const ctx = await live({ subscriptions: { delivery: { firstRetryDelayMs: 20 } } });
    const { emu, receiver } = ctx;
    try {
      receiver.respond = (_request, index) => (index < 2 ? { status: 503 } : undefined);
      await subscribe(emu, receiver, { resource: '/users' });
      await renameUser(emu, otherUser(emu), 'Persistent');
      await receiver.waitFor((r) => r.notifications.length === 3);
      const [first, second, third] = receiver.notifications;
      expect(second?.body).toEqual(first?.body);
      expect(third?.body).toEqual(first?.body);
      await waitUntil(async () => (await control(emu)).delivery.delivered === 1);
      const { delivery } = await control(emu);
      expect(delivery).toMatchObject({ delivered: 1, failedAttempts: 2, dropped: 0, pending: 0 });
      expect(delivery.recent.map((a: { attempt: number; outcome: unknown }) => [a.attempt, a.outcome])).toEqual([
        [1, 503],
        [2, 503],
        [3, 202],
      ]);
    } finally {
      await stop(ctx);
    }
  });

  it('retries a receiver that does not answer within the delivery timeout', async () => {
    const ctx = await live({ subscriptions: { delivery: { deliveryTimeoutMs: 1_000, firstRetryDelayMs: 20 } } });
    const { emu, receiver } = ctx;
    let release = (): void => undefined;
    const stalled = new Promise<void>((resolve) => (release = resolve));
    try {
      receiver.respond = (_request, index) => (index === 0 ? { status: 202, after: stalled } : undefined);
      await subscribe(emu, receiver, { resource: '/users' });
      await renameUser(emu, otherUser(emu), 'Slow');
      await receiver.waitFor((r) => r.notifications.length === 2);
      expect(receiver.notifications[1]?.body).toEqual(receiver.notifications[0]?.body);
      await waitUntil(async () => (await control(emu)).delivery.delivered === 1);
      expect((await control(emu)).delivery.recent[0].outcome).toBe('timeout');
    } finally {
      release();
      await stop(ctx);
    }
  });

  it('drops what could not be delivered within the retry window and sends "missed" to the lifecycle URL', async () => {
    const ctx = await live({ subscriptions: { delivery: { firstRetryDelayMs: 20, retryWindowMs: 100 } } });
    const { emu, receiver, lifecycle } = ctx;
    try {
      receiver.respond = () => ({ status: 500 });
      const sub = await subscribe(emu, receiver, { resource: '/users', lifecycle });
      await renameUser(emu, otherUser(emu), 'Lost');
      await lifecycle.waitFor((r) => r.items().length === 1);
      expect(lifecycle.items()[0]).toMatchObject({ subscriptionId: sub.body.id, lifecycleEvent: 'missed' });
      // The one delivery that succeeded is the lifecycle notification itself.
      await waitUntil(async () => (await control(emu)).delivery.delivered === 1);
      expect((await control(emu)).delivery).toMatchObject({ delivered: 1, dropped: 1, pending: 0 });
    } finally {
      await stop(ctx);
    }
  });

  it('holds a bounded number of undelivered notifications per URL and drops the rest', async () => {
    const ctx = await live({ subscriptions: { delivery: { maxPendingPerUrl: 1 } } });
    const { emu, receiver } = ctx;
    let release = (): void => undefined;
    const stalled = new Promise<void>((resolve) => (release = resolve));
    try {
      receiver.respond = () => ({ status: 202, after: stalled });
      await subscribe(emu, receiver, { resource: '/users' });
      await renameUser(emu, otherUser(emu), 'One');
      await renameUser(emu, otherUser(emu), 'Two');
      await renameUser(emu, otherUser(emu), 'Three');
      expect((await control(emu)).delivery).toMatchObject({ pending: 1, dropped: 2 });
      release();
      await waitUntil(async () => (await control(emu)).delivery.delivered === 1);
      expect(receiver.items().map((item) => item.changeType)).toEqual(['updated']);
    } finally {
      release();
      await stop(ctx);
    }
  });
});

describe('slow endpoints (change-notifications-delivery-webhooks.md, throttling; graph-api.md Part 2 §3.7)', () => {
  /** A receiver that answers after `ms` milliseconds: the slowness under test, not a wait of the test's. */
  function answerAfter(ms: number) {
    return { status: 202, after: new Promise((resolve) => setTimeout(resolve, ms)) };
  }

  async function deliverOne(ctx: Live, jobTitle: string, total: number): Promise<void> {
    await renameUser(ctx.emu, otherUser(ctx.emu), jobTitle);
    await waitUntil(async () => (await control(ctx.emu)).delivery.delivered === total);
  }

  it('throttles an endpoint with 10 % slow deliveries: its notifications still arrive', async () => {
    const ctx = await live({
      subscriptions: { delivery: { slowAfterMs: 500, evaluateAfter: 10, throttleDelayMs: 100 } },
    });
    try {
      ctx.receiver.respond = (_request, index) => (index === 0 ? answerAfter(700) : undefined);
      await subscribe(ctx.emu, ctx.receiver, { resource: '/users' });
      for (let i = 1; i <= 10; i++) await deliverOne(ctx, `Change ${i}`, i);
      expect((await control(ctx.emu)).delivery.endpoints).toEqual([
        { url: ctx.receiver.url, deliveries: 10, slow: 1, state: 'throttled' },
      ]);
      await deliverOne(ctx, 'Throttled', 11);
      expect(ctx.receiver.items()).toHaveLength(11);
    } finally {
      await stop(ctx);
    }
  });

  it('drops the notifications of an endpoint with 15 % slow deliveries or more and sends "missed"', async () => {
    const ctx = await live({ subscriptions: { delivery: { slowAfterMs: 500, evaluateAfter: 4 } } });
    const { emu, receiver, lifecycle } = ctx;
    try {
      receiver.respond = () => answerAfter(700);
      const sub = await subscribe(emu, receiver, { resource: '/users', lifecycle });
      for (let i = 1; i <= 4; i++) await deliverOne(ctx, `Slow ${i}`, i);
      await renameUser(emu, otherUser(emu), 'Dropped');
      await lifecycle.waitFor((r) => r.items().length === 1);
      expect(lifecycle.items()[0]).toMatchObject({ subscriptionId: sub.body.id, lifecycleEvent: 'missed' });
      const { delivery } = await control(emu);
      expect(delivery.dropped).toBe(1);
      expect(delivery.endpoints).toContainEqual({ url: receiver.url, deliveries: 4, slow: 4, state: 'dropping' });
      expect(receiver.items()).toHaveLength(4);
    } finally {
      await stop(ctx);
    }
  });
});

describe('lifecycle notifications (change-notifications-lifecycle-events.md)', () => {
  let ctx: Live;
  beforeEach(async () => {
    ctx = await live();
  });
  afterEach(() => stop(ctx));

  it('reauthorizationRequired goes to the lifecycle URL and pauses delivery until the subscription is reauthorized', async () => {
    const { emu, receiver, lifecycle } = ctx;
    const sub = await subscribe(emu, receiver, { resource: '/users', lifecycle });
    expect((await lifecycleEvent(emu, sub.body.id, 'reauthorizationRequired')).status).toBe(202);
    await waitUntil(async () => (await control(emu)).delivery.delivered === 1);
    expect(lifecycle.notifications[0]?.body).toEqual({
      value: [
        {
          subscriptionId: sub.body.id,
          subscriptionExpirationDateTime: sub.body.expirationDateTime,
          tenantId: emu.info.tenantId,
          clientState: 'secret-client-state',
          lifecycleEvent: 'reauthorizationRequired',
        },
      ],
    });

    await renameUser(emu, otherUser(emu), 'During the pause');
    expect((await control(emu)).delivery).toMatchObject({ suppressed: 1, pending: 0 });
    expect((await control(emu)).subscriptions[0].paused).toBe(true);

    expect((await graphPost(emu, `/v1.0/subscriptions/${sub.body.id}/reauthorize`, undefined)).status).toBe(204);
    await renameUser(emu, otherUser(emu), 'After reauthorizing');
    await receiver.waitFor((r) => r.items().length === 1);
    expect(receiver.items()[0].changeType).toBe('updated');
  });

  it('renewing with PATCH also ends the pause', async () => {
    const { emu, receiver, lifecycle } = ctx;
    const sub = await subscribe(emu, receiver, { resource: '/users', lifecycle });
    await lifecycleEvent(emu, sub.body.id, 'reauthorizationRequired');
    await graphPatch(emu, `/v1.0/subscriptions/${sub.body.id}`, {
      expirationDateTime: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await renameUser(emu, otherUser(emu), 'Renewed');
    await receiver.waitFor((r) => r.items().length === 1);
  });

  it('subscriptionRemoved goes to the lifecycle URL and the subscription is gone', async () => {
    const { emu, receiver, lifecycle } = ctx;
    const sub = await subscribe(emu, receiver, { resource: '/groups', lifecycle });
    expect((await lifecycleEvent(emu, sub.body.id, 'subscriptionRemoved')).status).toBe(202);
    await lifecycle.waitFor((r) => r.items().length === 1);
    expect(lifecycle.items()[0]).toMatchObject({ subscriptionId: sub.body.id, lifecycleEvent: 'subscriptionRemoved' });
    expect((await graphGet(emu, `/v1.0/subscriptions/${sub.body.id}`)).status).toBe(404);
  });

  it('missed goes to the lifecycle URL and the subscription keeps delivering', async () => {
    const { emu, receiver, lifecycle } = ctx;
    const sub = await subscribe(emu, receiver, { resource: '/users', lifecycle });
    expect((await lifecycleEvent(emu, sub.body.id, 'missed')).status).toBe(202);
    await lifecycle.waitFor((r) => r.items().length === 1);
    expect(lifecycle.items()[0]).toMatchObject({ subscriptionId: sub.body.id, lifecycleEvent: 'missed' });
    expect(lifecycle.items()[0]).not.toHaveProperty('resource');
    await renameUser(emu, otherUser(emu), 'Still heard');
    await receiver.waitFor((r) => r.items().length === 1);
  });

  it('the control endpoint answers 404 for an unknown subscription, 409 without a lifecycle URL, 400 for an unknown event', async () => {
    const { emu, receiver } = ctx;
    const sub = await subscribe(emu, receiver, { resource: '/users' });
    expect((await lifecycleEvent(emu, '00000000-0000-4000-8000-000000000000', 'missed')).status).toBe(404);
    expect((await lifecycleEvent(emu, sub.body.id, 'missed')).status).toBe(409);
    expect((await lifecycleEvent(emu, sub.body.id, 'exploded')).status).toBe(400);
  });
});
