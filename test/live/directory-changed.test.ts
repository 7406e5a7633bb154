/**
 * `userChanged` and `groupChanged` over graphql-ws against the embedded emulator: with a
 * notification URL the gateway holds a Graph subscription on `/users/{id}` or `/groups/{id}` and
 * the emulator delivers real change notifications (a membership change arrives as `updated`);
 * without one the entity is polled.
 */
import {
  emulatorNotifications,
  expireDeltaTokens,
  graphWrite,
  liveClient,
  useGateway,
  waitFor,
  type LiveClient,
} from '../kit';

const USER_SUBSCRIPTION = `subscription($id: ID!) {
  userChanged(id: $id) { changeType userId user { id jobTitle } }
}`;

const GROUP_SUBSCRIPTION = `subscription($id: ID!) {
  groupChanged(id: $id) { changeType groupId group { id members(first: 100) { nodes { id } } } }
}`;

/** What delta tracks of a user: the properties the schema exposes. */
const USER_TRACKED_SELECT =
  'id,displayName,givenName,surname,mail,userPrincipalName,jobTitle,department,officeLocation,mobilePhone,businessPhones,accountEnabled';

/** The `$filter` of a delta round on one object. */
const filteredOn = (id: string) => `$filter=id%20eq%20%27${id}%27`;

/** The initial delta round on one user or group: the watch's baseline. */
const isBaselineRound = (line: string, entitySet: 'users' | 'groups', id: string) =>
  line.startsWith(`GET /v1.0/${entitySet}/delta?`) && line.includes(filteredOn(id));

/** Delta calls on `users` or `groups` that follow a token: polls and resyncs. */
const deltaFollowUps = (lines: readonly string[], entitySet: 'users' | 'groups') =>
  lines.filter((line) => line.startsWith(`GET /v1.0/${entitySet}/delta?`) && line.includes('&$deltatoken='));

interface UserChange {
  changeType: string;
  userId: string;
  user: { id: string; jobTitle: string | null } | null;
}

interface GroupChange {
  changeType: string;
  groupId: string;
  group: { id: string; members: { nodes: Array<{ id: string }> } } | null;
}

type Gateway = ReturnType<typeof useGateway>;

const setJobTitle = (gw: Gateway, userId: string, jobTitle: string) =>
  graphWrite(gw, 'PATCH', `/users/${userId}`, ['User.ReadWrite.All'], { jobTitle });

const addMember = (gw: Gateway, groupId: string, memberId: string) =>
  graphWrite(gw, 'POST', `/groups/${groupId}/members/$ref`, ['GroupMember.ReadWrite.All'], {
    '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${memberId}`,
  });

const removeMember = (gw: Gateway, groupId: string, memberId: string) =>
  graphWrite(gw, 'DELETE', `/groups/${groupId}/members/${memberId}/$ref`, ['GroupMember.ReadWrite.All']);

/** A group and a user who is not (yet) one of its members. */
function groupAndOutsider(gw: Gateway): { groupId: string; outsider: string; members: string[] } {
  const { tenant } = gw.emulator;
  const groupId = [...tenant.groups.keys()][0] as string;
  const members = [...(tenant.membersOf.get(groupId) ?? [])] as string[];
  const outsider = [...tenant.users.keys()].find((id) => !members.includes(id as string)) as string;
  return { groupId, outsider, members };
}

const sortedIds = (ids: readonly string[]) => [...ids].sort();

describe('userChanged and groupChanged over graphql-ws, fed by Graph change notifications', () => {
  // 0.5 minute: the emulator caps every subscription at 30 s, so a failed renewal is tried again
  // after a quarter of what is left (about 7 s), a window wide enough to change the group while
  // delivery is paused on a loaded machine (at 6 s the retry came after 1 s and could win the race).
  const gw = useGateway({
    users: 20,
    serve: true,
    maxSubscriptionMinutes: 0.5,
    live: { topicGraceMs: 50, subscriptionMinutes: 0.5, pollIntervalMs: 60_000 },
  });
  const emulator = emulatorNotifications(gw);
  const clients: LiveClient[] = [];

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

  /** Waits until the Graph subscription exists and the baseline (one delta round) was read. */
  async function subscribedTo(entitySet: 'users' | 'groups', id: string) {
    await waitFor(() => gw.prepared.gateway.notifications.stats().subscriptions === 1, {
      what: 'the Graph subscription',
    });
    await waitFor(() => gw.graphLines().some((line) => isBaselineRound(line, entitySet, id)), {
      what: 'the baseline round',
    });
  }

  it('delivers UPDATED after PATCH /users/{id}, with the user read fresh', async () => {
    const userId = gw.emulator.info.defaultUserId;
    gw.resetTraffic();
    const run = connect().subscribe<{ userChanged: UserChange }>(USER_SUBSCRIPTION, { id: userId });
    await subscribedTo('users', userId);
    expect(await emulator.subscriptions()).toEqual([
      expect.objectContaining({ resource: `/users/${userId}`, changeType: 'updated,deleted' }),
    ]);

    expect(await setJobTitle(gw, userId, 'Live architect')).toBe(204);
    await waitFor(() => run.results.length >= 1, { what: 'the UPDATED event' });
    // The subscriber's own read, the subscription, the baseline, the test's write and one read for
    // the event (a renewal, due after 15 s, could only fall in on a very slow machine).
    const lines = gw.graphLines().filter((line) => !line.includes('/_emulator/'));
    expect(lines.filter((line) => !line.startsWith('PATCH /v1.0/subscriptions/'))).toEqual([
      `GET /v1.0/users/${userId}?$select=id`,
      'POST /v1.0/subscriptions',
      `GET /v1.0/users/delta?$select=${USER_TRACKED_SELECT}&${filteredOn(userId)}`,
      `PATCH /v1.0/users/${userId}`,
      `GET /v1.0/users/${userId}?$select=id,jobTitle`,
    ]);
    expect(run.results).toEqual([
      {
        data: {
          userChanged: { changeType: 'UPDATED', userId, user: { id: userId, jobTitle: 'Live architect' } },
        },
      },
    ]);
  });

  it("delivers groupChanged UPDATED for a member added and removed, with the group's members read fresh", async () => {
    const { groupId, outsider, members } = groupAndOutsider(gw);
    gw.resetTraffic();
    const run = connect().subscribe<{ groupChanged: GroupChange }>(GROUP_SUBSCRIPTION, { id: groupId });
    await subscribedTo('groups', groupId);

    expect(await addMember(gw, groupId, outsider)).toBe(204);
    await waitFor(() => run.results.length >= 1, { what: 'the UPDATED event of the addition' });
    expect(await removeMember(gw, groupId, outsider)).toBe(204);
    await waitFor(() => run.results.length >= 2, { what: 'the UPDATED event of the removal' });

    const memberIds = run.results.map((result) => result.data?.groupChanged.group?.members.nodes.map((m) => m.id));
    expect(
      run.results.map((result) => [result.data?.groupChanged.changeType, result.data?.groupChanged.groupId]),
    ).toEqual([
      ['UPDATED', groupId],
      ['UPDATED', groupId],
    ]);
    expect(sortedIds(memberIds[0] ?? [])).toEqual(sortedIds([...members, outsider]));
    expect(sortedIds(memberIds[1] ?? [])).toEqual(sortedIds(members));
  });

  it('holds one Graph subscription for two subscribers of a user, and both receive the change', async () => {
    const userId = gw.emulator.info.defaultUserId;
    gw.resetTraffic();
    const first = connect().subscribe<{ userChanged: UserChange }>(USER_SUBSCRIPTION, { id: userId });
    await subscribedTo('users', userId);
    const second = connect().subscribe<{ userChanged: UserChange }>(USER_SUBSCRIPTION, { id: userId });
    await waitFor(() => gw.prepared.gateway.live.stats().watching === 2, { what: 'both subscribers watching' });
    expect(await emulator.subscriptions()).toHaveLength(1);
    expect(gw.graphLines().filter((line) => line.startsWith('POST /v1.0/subscriptions'))).toHaveLength(1);

    expect(await setJobTitle(gw, userId, 'Shared')).toBe(204);
    await waitFor(() => first.results.length >= 1 && second.results.length >= 1, { what: 'both UPDATED events' });
    const expected = {
      data: { userChanged: { changeType: 'UPDATED', userId, user: { id: userId, jobTitle: 'Shared' } } },
    };
    expect(first.results).toEqual([expected]);
    expect(second.results).toEqual([expected]);
  });

  it('delivers a membership change made while Graph paused delivery, found by the resync once a renewal succeeds', async () => {
    const { groupId, outsider, members } = groupAndOutsider(gw);
    gw.resetTraffic();
    const run = connect().subscribe<{ groupChanged: GroupChange }>(GROUP_SUBSCRIPTION, { id: groupId });
    await subscribedTo('groups', groupId);
    const [held] = await emulator.subscriptions();
    await emulator.pauseAfterFailedReauthorization(held.id, () => gw.graphLines());
    // Paused: Graph notifies nobody of this one.
    const suppressedBefore = await emulator.suppressed();
    expect(await addMember(gw, groupId, outsider)).toBe(204);
    expect(await emulator.suppressed()).toBe(suppressedBefore + 1);
    await waitFor(() => run.results.length >= 1, { what: 'the UPDATED event from the resync', timeoutMs: 20_000 });
    expect(run.results.map((result) => result.data?.groupChanged.changeType)).toEqual(['UPDATED']);
    const nodes = run.results[0].data?.groupChanged.group?.members.nodes ?? [];
    expect(sortedIds(nodes.map((node) => node.id))).toEqual(sortedIds([...members, outsider]));
    expect(await removeMember(gw, groupId, outsider)).toBe(204);
    await waitFor(() => run.results.length >= 2, { what: 'the notified removal' });
  }, 45_000);

  it('answers NOT_FOUND for an unknown user and no Graph subscription is made', async () => {
    gw.resetTraffic();
    const run = connect().subscribe(USER_SUBSCRIPTION, { id: '00000000-0000-0000-0000-000000000000' });
    await waitFor(() => run.completed, { what: 'the refusal' });
    expect(run.results).toEqual([
      {
        errors: [
          expect.objectContaining({
            path: ['userChanged'],
            extensions: expect.objectContaining({ code: 'NOT_FOUND' }),
          }),
        ],
      },
    ]);
    expect(gw.graphLines().filter((line) => line.includes('/subscriptions'))).toEqual([]);
  });
});

describe('userChanged and groupChanged without a notification URL', () => {
  const gw = useGateway({
    users: 20,
    serve: true,
    live: { notificationUrl: null, pollIntervalMs: 100, topicGraceMs: 50 },
  });

  it('polls the user and delivers UPDATED after PATCH /users/{id}, with no Graph subscription', async () => {
    const userId = gw.emulator.info.defaultUserId;
    const client = liveClient(gw.url);
    try {
      gw.resetTraffic();
      const run = client.subscribe<{ userChanged: UserChange }>(USER_SUBSCRIPTION, { id: userId });
      await waitFor(
        () =>
          gw.graphLines().some((line) => isBaselineRound(line, 'users', userId)) &&
          deltaFollowUps(gw.graphLines(), 'users').length >= 1,
        { what: 'the baseline round and a poll' },
      );
      expect(await setJobTitle(gw, userId, 'Polled')).toBe(204);
      await waitFor(() => run.results.length >= 1, { what: 'the UPDATED event' });
      expect(run.results).toEqual([
        { data: { userChanged: { changeType: 'UPDATED', userId, user: { id: userId, jobTitle: 'Polled' } } } },
      ]);
      expect(gw.graphLines().filter((line) => line.includes('/subscriptions'))).toEqual([]);
      // Every poll is one delta call; the user itself is read only by the subscriber and for the event.
      expect(gw.graphLines().filter((line) => line.startsWith(`GET /v1.0/users/${userId}?`))).toEqual([
        `GET /v1.0/users/${userId}?$select=id`,
        `GET /v1.0/users/${userId}?$select=id,jobTitle`,
      ]);
    } finally {
      await client.dispose();
    }
  });

  it('starts a new delta round when Graph no longer holds the token, and delivers a change made meanwhile once', async () => {
    const userId = [...gw.emulator.tenant.users.keys()][1] as string;
    const client = liveClient(gw.url);
    try {
      gw.resetTraffic();
      const run = client.subscribe<{ userChanged: UserChange }>(USER_SUBSCRIPTION, { id: userId });
      await waitFor(() => deltaFollowUps(gw.graphLines(), 'users').length >= 1, { what: 'the baseline and a poll' });

      await expireDeltaTokens(gw);
      expect(await setJobTitle(gw, userId, 'Changed as the token expired')).toBe(204);
      await waitFor(() => run.results.length >= 1, { what: 'the UPDATED event' });
      const polls = deltaFollowUps(gw.graphLines(), 'users').length;
      await waitFor(() => deltaFollowUps(gw.graphLines(), 'users').length >= polls + 2, { what: 'two more polls' });

      expect(run.results).toEqual([
        {
          data: {
            userChanged: {
              changeType: 'UPDATED',
              userId,
              user: { id: userId, jobTitle: 'Changed as the token expired' },
            },
          },
        },
      ]);
      expect(gw.graphLines().filter((line) => isBaselineRound(line, 'users', userId))).toHaveLength(2);
    } finally {
      await client.dispose();
    }
  });

  it('polls the group and delivers UPDATED for a member added, with the members read fresh', async () => {
    const { groupId, outsider, members } = groupAndOutsider(gw);
    const client = liveClient(gw.url);
    try {
      gw.resetTraffic();
      const run = client.subscribe<{ groupChanged: GroupChange }>(GROUP_SUBSCRIPTION, { id: groupId });
      await waitFor(
        () =>
          gw.graphLines().some((line) => isBaselineRound(line, 'groups', groupId)) &&
          deltaFollowUps(gw.graphLines(), 'groups').length >= 1,
        { what: 'the baseline round and a poll' },
      );
      expect(await addMember(gw, groupId, outsider)).toBe(204);
      await waitFor(() => run.results.length >= 1, { what: 'the UPDATED event' });
      expect(run.results.map((result) => result.data?.groupChanged.changeType)).toEqual(['UPDATED']);
      const nodes = run.results[0].data?.groupChanged.group?.members.nodes ?? [];
      expect(sortedIds(nodes.map((node) => node.id))).toEqual(sortedIds([...members, outsider]));
      expect(gw.graphLines().filter((line) => line.includes('/subscriptions'))).toEqual([]);
    } finally {
      await client.dispose();
    }
  });

  it('polls the group and delivers DELETED, with no group, once the group is deleted', async () => {
    const groupId = [...gw.emulator.tenant.groups.keys()].at(-1) as string;
    const client = liveClient(gw.url);
    try {
      gw.resetTraffic();
      const run = client.subscribe<{ groupChanged: GroupChange }>(GROUP_SUBSCRIPTION, { id: groupId });
      await waitFor(() => gw.graphLines().some((line) => isBaselineRound(line, 'groups', groupId)), {
        what: 'the baseline round',
      });
      expect(await graphWrite(gw, 'DELETE', `/groups/${groupId}`, ['Group.ReadWrite.All'])).toBe(204);
      await waitFor(() => run.results.length >= 1, { what: 'the DELETED event' });
      expect(run.results).toEqual([{ data: { groupChanged: { changeType: 'DELETED', groupId, group: null } } }]);
    } finally {
      await client.dispose();
    }
  });
});
