/**
 * `/subscriptions`: create with the validation handshake, expiry limits, permissions, list, get,
 * renew, delete and reauthorize (subscription-post-subscriptions.md, subscription.md,
 * concepts/change-notifications-delivery-webhooks.md; graph-api.md Part 2 §§3.1–3.5).
 */
import {
  appToken,
  createTestEmulator,
  graphDelete,
  graphGet,
  graphPatch,
  graphPost,
  userToken,
  TEST_ORIGIN,
  type Emulator,
} from '../src/testing';
import { startReceiver, type Receiver } from './fixtures/receiver';
import { defaultListId, inMinutes, subscribe } from './fixtures/live-data';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MINUTE_MS = 60_000;

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

function minutesFromNow(iso: string): number {
  return (Date.parse(iso) - Date.now()) / MINUTE_MS;
}

describe('POST /subscriptions: the validation handshake (change-notifications-delivery-webhooks.md)', () => {
  let emu: Emulator;
  let receiver: Receiver;
  beforeEach(async () => {
    emu = createTestEmulator({ users: 20 });
    receiver = await startReceiver();
  });
  afterEach(() => receiver.close());

  it('creates the subscription once the receiver echoes the decoded validationToken as text/plain', async () => {
    const token = appToken(emu);
    const res = await subscribe(emu, receiver, { resource: '/users', minutes: 120 }, { token });

    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual([
      '@odata.context',
      'id',
      'resource',
      'applicationId',
      'changeType',
      'clientState',
      'notificationUrl',
      'notificationQueryOptions',
      'lifecycleNotificationUrl',
      'expirationDateTime',
      'creatorId',
      'includeResourceData',
      'latestSupportedTlsVersion',
      'encryptionCertificate',
      'encryptionCertificateId',
      'notificationUrlAppId',
    ]);
    expect(res.body).toMatchObject({
      '@odata.context': `${TEST_ORIGIN}/v1.0/$metadata#subscriptions/$entity`,
      resource: '/users',
      applicationId: emu.info.clientId,
      changeType: 'updated,deleted',
      clientState: 'secret-client-state',
      notificationUrl: receiver.url,
      notificationQueryOptions: null,
      lifecycleNotificationUrl: null,
      creatorId: claims(token).oid,
      includeResourceData: null,
      latestSupportedTlsVersion: 'v1_2',
      encryptionCertificate: null,
      encryptionCertificateId: null,
      notificationUrlAppId: null,
    });
    expect(res.body.id).toMatch(GUID);
    expect(minutesFromNow(res.body.expirationDateTime)).toBeCloseTo(120, 0);

    expect(receiver.validations).toHaveLength(1);
    const validation = receiver.validations[0];
    expect(validation?.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(validation?.query.get('validationToken')).toMatch(
      /^Validation: Testing client application reachability for subscription Request-Id: [0-9a-f-]{36}$/,
    );
    expect(receiver.notifications).toHaveLength(0);
  });

  it('validates the lifecycleNotificationUrl as well before creating', async () => {
    const lifecycle = await startReceiver('/lifecycle');
    try {
      const res = await subscribe(emu, receiver, { resource: '/groups', lifecycle });
      expect(res.status).toBe(201);
      expect(res.body.lifecycleNotificationUrl).toBe(lifecycle.url);
      expect(receiver.validations).toHaveLength(1);
      expect(lifecycle.validations).toHaveLength(1);
    } finally {
      await lifecycle.close();
    }
  });

  it('answers 400 ValidationError naming the status when the receiver refuses the handshake, and creates nothing', async () => {
    receiver.validate = () => ({ status: 403, body: 'no' });
    const res = await subscribe(emu, receiver, { resource: '/users' });

    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ValidationError');
    expect(res.body.error.message).toBe(
      "Subscription validation request failed. HTTP status code is 'Forbidden'. Notification endpoint must respond with 200 OK to validation request.",
    );
    expect((await graphGet(emu, '/v1.0/subscriptions')).body.value).toEqual([]);
  });

  it('answers 400 ValidationError when the echo is not the decoded token', async () => {
    receiver.validate = (request) => ({
      status: 200,
      body: encodeURIComponent(request.query.get('validationToken') ?? ''),
    });
    const res = await subscribe(emu, receiver, { resource: '/users' });

    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'ValidationError',
      message: 'Subscription validation request failed. Response must exactly match validationToken query parameter.',
    });
  });

  it('answers 400 ValidationError when the echo is not text/plain', async () => {
    receiver.validate = (request) => ({
      status: 200,
      body: request.query.get('validationToken') ?? '',
      contentType: 'text/html',
    });
    const res = await subscribe(emu, receiver, { resource: '/users' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ValidationError');
  });

  it('answers 400 InvalidRequest "Subscription validation request timed out." when the receiver is too slow', async () => {
    // Graph waits 10 seconds; this emulator waits 300 ms so the test need not.
    const emu = createTestEmulator({ users: 20, subscriptions: { validationTimeoutMs: 300 } });
    let release = (): void => undefined;
    const stalled = new Promise<void>((resolve) => (release = resolve));
    receiver.validate = (request) => ({
      status: 200,
      body: request.query.get('validationToken') ?? '',
      after: stalled,
    });
    try {
      const res = await subscribe(emu, receiver, { resource: '/users' });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'InvalidRequest',
        message: 'Subscription validation request timed out.',
      });
    } finally {
      release();
    }
  });

  it('answers 400 ValidationError when nothing listens at the notification URL', async () => {
    const gone = await startReceiver();
    await gone.close();
    const res = await subscribe(emu, gone, { resource: '/users' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'ValidationError',
      message:
        'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.',
    });
  });

  it('refuses a notification URL that is not HTTPS (plain HTTP is accepted on loopback only)', async () => {
    const res = await graphPost(emu, '/v1.0/subscriptions', {
      changeType: 'updated',
      notificationUrl: 'http://example.com/hook',
      resource: '/users',
      expirationDateTime: inMinutes(60),
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'InvalidRequest',
      message: 'The notificationUrl must be an absolute URL with the HTTPS scheme.',
    });
    expect(receiver.validations).toHaveLength(0);
  });
});

describe('POST /subscriptions: the request (subscription.md; graph-api.md Part 2 §§3.2–3.4)', () => {
  let emu: Emulator;
  let receiver: Receiver;
  beforeAll(async () => {
    emu = createTestEmulator({ users: 20 });
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());

  it('requires expirationDateTime, changeType, notificationUrl and resource', async () => {
    const full = {
      changeType: 'updated',
      notificationUrl: receiver.url,
      resource: '/users',
      expirationDateTime: inMinutes(60),
    };
    const cases: [keyof typeof full, string][] = [
      ['expirationDateTime', 'expirationDateTime is a required property for subscription creation.'],
      ['changeType', 'changeType is a required property for subscription creation.'],
      ['notificationUrl', 'notificationUrl is a required property for subscription creation.'],
      ['resource', 'resource is a required property for subscription creation.'],
    ];
    for (const [missing, message] of cases) {
      const { [missing]: _dropped, ...body } = full;
      const res = await graphPost(emu, '/v1.0/subscriptions', body);
      expect([missing, res.status, res.body.error]).toEqual([
        missing,
        400,
        { code: 'InvalidRequest', message, innerError: expect.any(Object) },
      ]);
    }
  });

  it('refuses the created change type on users and groups, which support updated and deleted only', async () => {
    const res = await subscribe(emu, receiver, { resource: '/users', changeType: 'created,updated' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'InvalidRequest',
      message: "The changeType 'created' is not supported for the resource '/users'.",
    });
  });

  it('refuses a resource that has no change notifications', async () => {
    const res = await subscribe(emu, receiver, { resource: '/planner/tasks' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'InvalidRequest',
      message: "The resource '/planner/tasks' is not supported for change notifications.",
    });
  });

  it('answers the observed ExtensionError for a To Do list that does not exist', async () => {
    const res = await subscribe(
      emu,
      receiver,
      { resource: '/me/todo/lists/no-such-list/tasks', changeType: 'created' },
      { token: 'user' },
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'ExtensionError',
      message: 'Operation: Create; Exception: [Status Code: BadRequest; Reason: Invalid resource specified in payload]',
    });
  });

  it('accepts users and groups up to 41,760 minutes ahead and refuses one minute more', async () => {
    const longest = await subscribe(emu, receiver, { resource: '/groups', minutes: 41_760 });
    expect(longest.status).toBe(201);
    expect(minutesFromNow(longest.body.expirationDateTime)).toBeCloseTo(41_760, 0);
    const tooLong = await subscribe(emu, receiver, { resource: '/users', minutes: 41_761 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error).toMatchObject({
      code: 'InvalidRequest',
      message: 'Subscription expiration can only be 41760 minutes in the future.',
    });
  });

  it('accepts To Do tasks up to 4,230 minutes ahead and refuses one minute more', async () => {
    const listId = await defaultListId(emu);
    const resource = `/me/todo/lists/${listId}/tasks`;
    const ok = await subscribe(emu, receiver, { resource, changeType: 'created', minutes: 4_230 }, { token: 'user' });
    expect(ok.status).toBe(201);
    const tooLong = await subscribe(
      emu,
      receiver,
      { resource, changeType: 'created', minutes: 4_231 },
      { token: 'user' },
    );
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toBe('Subscription expiration can only be 4230 minutes in the future.');
  });

  it('raises an expiry under 45 minutes away to 45 minutes', async () => {
    const res = await subscribe(emu, receiver, { resource: '/users', minutes: 5 });
    expect(res.status).toBe(201);
    expect(minutesFromNow(res.body.expirationDateTime)).toBeCloseTo(45, 0);
  });

  it('refuses a subscription without the resource read permission (write permissions do not stand in for read)', async () => {
    const writeOnly = await subscribe(
      emu,
      receiver,
      { resource: '/users' },
      { token: appToken(emu, ['User.ReadWrite.All']) },
    );
    expect(writeOnly.status).toBe(403);
    expect(writeOnly.body.error.code).toBe('Authorization_RequestDenied');
    const otherResource = await subscribe(
      emu,
      receiver,
      { resource: '/users' },
      { token: appToken(emu, ['Group.Read.All']) },
    );
    expect(otherResource.status).toBe(403);
    expect(otherResource.body.error).toMatchObject({
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
    });
  });

  it('refuses To Do subscriptions to apps and to a delegated caller naming another user', async () => {
    const listId = await defaultListId(emu);
    const asApp = await subscribe(emu, receiver, {
      resource: `/users/${emu.info.defaultUserId}/todo/lists/${listId}/tasks`,
      changeType: 'created',
    });
    expect(asApp.status).toBe(403);
    const other = [...emu.tenant.users.keys()][1] as string;
    const asOther = await subscribe(
      emu,
      receiver,
      { resource: `/users/${emu.info.defaultUserId}/todo/lists/${listId}/tasks`, changeType: 'created' },
      { token: userToken(emu, other) },
    );
    expect(asOther.status).toBe(403);
    expect(asOther.body.error.code).toBe('ErrorAccessDenied');
  });
});

describe('--max-subscription-minutes', () => {
  it('caps every lifetime, and the 45-minute floor with it', async () => {
    const emu = createTestEmulator({ users: 20, maxSubscriptionMinutes: 10 });
    const receiver = await startReceiver();
    try {
      const tooLong = await subscribe(emu, receiver, { resource: '/users', minutes: 11 });
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.error.message).toBe('Subscription expiration can only be 10 minutes in the future.');
      const short = await subscribe(emu, receiver, { resource: '/users', minutes: 1 });
      expect(short.status).toBe(201);
      expect(minutesFromNow(short.body.expirationDateTime)).toBeCloseTo(10, 0);
    } finally {
      await receiver.close();
    }
  });

  it('refuses a value that is not a positive number of minutes', () => {
    expect(() => createTestEmulator({ maxSubscriptionMinutes: 0 })).toThrow(/maxSubscriptionMinutes must be a number/);
  });
});

describe('GET, PATCH, DELETE /subscriptions/{id} and reauthorize (subscription-update.md, subscription-delete.md)', () => {
  let emu: Emulator;
  let receiver: Receiver;
  beforeAll(async () => {
    emu = createTestEmulator({ users: 20 });
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());

  it('lists and reads the subscriptions of the calling app only', async () => {
    const created = await subscribe(emu, receiver, { resource: '/users' });
    const otherApp = emu.mintAppToken({ appId: '0f0e0d0c-0b0a-4909-8807-060504030201' });

    const mine = await graphGet(emu, '/v1.0/subscriptions');
    expect(mine.status).toBe(200);
    expect(mine.body['@odata.context']).toBe(`${TEST_ORIGIN}/v1.0/$metadata#subscriptions`);
    expect(mine.body.value.map((s: { id: string }) => s.id)).toContain(created.body.id);
    const theirs = await graphGet(emu, '/v1.0/subscriptions', { token: otherApp });
    expect(theirs.body.value).toEqual([]);

    const got = await graphGet(emu, `/v1.0/subscriptions/${created.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created.body);
    const hidden = await graphGet(emu, `/v1.0/subscriptions/${created.body.id}`, { token: otherApp });
    expect(hidden.status).toBe(404);
    expect(hidden.body.error).toMatchObject({ code: 'ResourceNotFound', message: 'The object was not found.' });
  });

  it('shows a delegated caller only the subscriptions created for that user', async () => {
    const created = await subscribe(emu, receiver, { resource: '/groups' }, { token: 'user' });
    expect(created.status).toBe(201);
    expect(created.body.creatorId).toBe(emu.info.defaultUserId);
    const other = [...emu.tenant.users.keys()][2] as string;
    const theirs = await graphGet(emu, '/v1.0/subscriptions', { token: userToken(emu, other) });
    expect(theirs.body.value).toEqual([]);
    const mine = await graphGet(emu, '/v1.0/subscriptions', { token: 'user' });
    expect(mine.body.value.map((s: { id: string }) => s.id)).toEqual([created.body.id]);
  });

  it('renews with PATCH expirationDateTime (200 with the new expiry) within the same limits', async () => {
    const created = await subscribe(emu, receiver, { resource: '/users', minutes: 60 });
    const renewed = await graphPatch(emu, `/v1.0/subscriptions/${created.body.id}`, {
      expirationDateTime: inMinutes(600),
    });
    expect(renewed.status).toBe(200);
    expect(renewed.body.id).toBe(created.body.id);
    expect(minutesFromNow(renewed.body.expirationDateTime)).toBeCloseTo(600, 0);

    const tooFar = await graphPatch(emu, `/v1.0/subscriptions/${created.body.id}`, {
      expirationDateTime: inMinutes(50_000),
    });
    expect(tooFar.status).toBe(400);
    expect(tooFar.body.error.message).toBe('Subscription expiration can only be 41760 minutes in the future.');

    const empty = await graphPatch(emu, `/v1.0/subscriptions/${created.body.id}`, {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toBe(
      "Subscription must contain either the 'expirationDateTime' or 'notificationUrl' property and its value.",
    );
  });

  it('refuses to add a lifecycleNotificationUrl by PATCH', async () => {
    const created = await subscribe(emu, receiver, { resource: '/users' });
    const res = await graphPatch(emu, `/v1.0/subscriptions/${created.body.id}`, {
      lifecycleNotificationUrl: receiver.url,
      expirationDateTime: inMinutes(100),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('InvalidRequest');
  });

  it('validates a new notificationUrl given by PATCH', async () => {
    const created = await subscribe(emu, receiver, { resource: '/users' });
    const other = await startReceiver('/moved');
    try {
      const res = await graphPatch(emu, `/v1.0/subscriptions/${created.body.id}`, { notificationUrl: other.url });
      expect(res.status).toBe(200);
      expect(res.body.notificationUrl).toBe(other.url);
      expect(other.validations).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('deletes with 204, after which the subscription is not found', async () => {
    const created = await subscribe(emu, receiver, { resource: '/users' });
    const deleted = await graphDelete(emu, `/v1.0/subscriptions/${created.body.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await graphGet(emu, `/v1.0/subscriptions/${created.body.id}`)).status).toBe(404);
    expect((await graphDelete(emu, `/v1.0/subscriptions/${created.body.id}`)).status).toBe(404);
  });

  it('reauthorizes with POST /subscriptions/{id}/reauthorize (204, no body)', async () => {
    const created = await subscribe(emu, receiver, { resource: '/users' });
    const res = await graphPost(emu, `/v1.0/subscriptions/${created.body.id}/reauthorize`, undefined);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
  });
});
