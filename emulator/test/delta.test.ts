/**
 * Delta queries: users and groups (user-delta.md, group-delta.md, concepts/delta-query-overview.md),
 * To Do lists and tasks (todotasklist-delta.md, todotask-delta.md) and beta Planner
 * (planneruser-list-delta.md); graph-api.md Part 2 §§1–2.
 */
import {
  appToken,
  createTestEmulator,
  emulatorRequest,
  graphDelete,
  graphGet,
  graphPatch,
  graphPost,
  userToken,
  TEST_ORIGIN,
  type CallOptions,
  type Emulator,
} from '../src/testing';
import { USER_DEFAULT_PROPERTIES } from '../src/graph/directory/serialize';
import { defaultUserPlan } from './fixtures/planner';

const USER_WRITER = ['User.Read.All', 'User.ReadWrite.All'];
const MEMBER_WRITER = ['Group.Read.All', 'GroupMember.ReadWrite.All'];

/** A delta link as the path the test client sends (the emulator answers on TEST_ORIGIN). */
function pathOf(link: string): string {
  expect(link.startsWith(TEST_ORIGIN)).toBe(true);
  return link.slice(TEST_ORIGIN.length);
}

interface Round {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  items: any[];
  pages: number;
  deltaLink: string;
}

/** Follows nextLinks (bounded) until a page holds the deltaLink. */
async function round(emu: Emulator, path: string, options: CallOptions = {}): Promise<Round> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const items: any[] = [];
  let next = path;
  for (let pages = 1; pages <= 50; pages++) {
    const res = await graphGet(emu, next, options);
    expect(res.status).toBe(200);
    items.push(...res.body.value);
    const deltaLink: string | undefined = res.body['@odata.deltaLink'];
    const nextLink: string | undefined = res.body['@odata.nextLink'];
    expect(deltaLink === undefined).not.toBe(nextLink === undefined);
    if (deltaLink) return { items, pages, deltaLink: pathOf(deltaLink) };
    next = pathOf(nextLink as string);
  }
  throw new Error('no deltaLink after 50 pages');
}

async function patchUser(emu: Emulator, userId: string, body: Record<string, unknown>): Promise<void> {
  expect((await graphPatch(emu, `/v1.0/users/${userId}`, body, { token: appToken(emu, USER_WRITER) })).status).toBe(
    204,
  );
}

function userIds(emu: Emulator, from = 0, to?: number): string[] {
  return [...emu.tenant.users.keys()].slice(from, to);
}

describe('GET /users/delta (user-delta.md)', () => {
  let emu: Emulator;
  beforeAll(() => {
    emu = createTestEmulator({ users: 150 });
  });

  it('syncs every user on the first round, paged with $skiptoken, ending with a $deltatoken deltaLink', async () => {
    const first = await graphGet(emu, '/v1.0/users/delta');
    expect(first.status).toBe(200);
    expect(first.body['@odata.context']).toBe(`${TEST_ORIGIN}/v1.0/$metadata#users`);
    expect(first.body.value).toHaveLength(100);
    expect(first.body['@odata.nextLink']).toMatch(/^http:\/\/emulator\.test\/v1\.0\/users\/delta\?\$skiptoken=[^&]+$/);
    expect(first.body).not.toHaveProperty('@odata.deltaLink');
    expect(Object.keys(first.body.value[0])).toEqual([...USER_DEFAULT_PROPERTIES]);

    const all = await round(emu, '/v1.0/users/delta');
    expect(all.pages).toBe(2);
    expect(all.deltaLink).toMatch(/^\/v1\.0\/users\/delta\?\$deltatoken=[^&]+$/);
    expect(all.items.map((u) => u.id)).toEqual(userIds(emu));
  });

  it('returns nothing when nothing changed, then each user changed since, once, as it is now', async () => {
    const initial = await round(emu, '/v1.0/users/delta');
    const quiet = await round(emu, initial.deltaLink);
    expect(quiet.items).toEqual([]);

    const [a, b] = userIds(emu, 3, 5) as [string, string];
    await patchUser(emu, a, { jobTitle: 'First' });
    await patchUser(emu, b, { officeLocation: 'B-2' });
    await patchUser(emu, a, { jobTitle: 'Second' });
    const changes = await round(emu, quiet.deltaLink);
    expect(changes.items.map((u) => u.id)).toEqual([a, b]);
    expect(changes.items[0]).toMatchObject({ id: a, jobTitle: 'Second' });
    expect(changes.items[1]).toMatchObject({ id: b, officeLocation: 'B-2' });

    // The deltaLink of that round starts after those changes.
    expect((await round(emu, changes.deltaLink)).items).toEqual([]);
  });

  it('$select limits the properties returned (id always) and the properties tracked', async () => {
    const first = await graphGet(emu, '/v1.0/users/delta?$select=displayName,jobTitle');
    expect(first.body['@odata.context']).toBe(`${TEST_ORIGIN}/v1.0/$metadata#users(displayName,jobTitle)`);
    expect(Object.keys(first.body.value[0])).toEqual(['displayName', 'jobTitle', 'id']);
    const initial = await round(emu, '/v1.0/users/delta?$select=displayName,jobTitle');

    const [untracked, tracked] = userIds(emu, 10, 12) as [string, string];
    await patchUser(emu, untracked, { mobilePhone: '+1 555 0100' });
    await patchUser(emu, tracked, { jobTitle: 'Tracked' });
    const changes = await round(emu, initial.deltaLink);
    expect(changes.items).toEqual([
      { displayName: emu.tenant.users.get(tracked)?.displayName, jobTitle: 'Tracked', id: tracked },
    ]);
  });

  it('$deltatoken=latest returns only a deltaLink, which then returns the changes made after it', async () => {
    const latest = await graphGet(emu, '/v1.0/users/delta?$deltatoken=latest');
    expect(latest.status).toBe(200);
    expect(latest.body.value).toEqual([]);
    expect(latest.body).not.toHaveProperty('@odata.nextLink');
    const [changed] = userIds(emu, 20, 21) as [string];
    await patchUser(emu, changed, { department: 'Now' });
    const changes = await round(emu, pathOf(latest.body['@odata.deltaLink']));
    expect(changes.items.map((u) => u.id)).toEqual([changed]);
  });

  it('routes the long form /users/microsoft.graph.delta', async () => {
    const res = await graphGet(emu, '/v1.0/users/microsoft.graph.delta?$deltatoken=latest');
    expect(res.status).toBe(200);
    expect(res.body['@odata.deltaLink']).toMatch(/\/v1\.0\/users\/microsoft\.graph\.delta\?\$deltatoken=/);
  });

  it('$filter=id eq ... or ... scopes the round to those users; other filters and $top, $orderby, $expand answer 400', async () => {
    const [a, b] = userIds(emu, 30, 32) as [string, string];
    const scoped = await round(emu, `/v1.0/users/delta?$filter=id eq '${a}' or id eq '${b}'`);
    expect(scoped.items.map((u) => u.id)).toEqual([a, b]);
    await patchUser(emu, userIds(emu, 33, 34)[0] as string, { jobTitle: 'Outside' });
    await patchUser(emu, b, { jobTitle: 'Inside' });
    expect((await round(emu, scoped.deltaLink)).items.map((u) => u.id)).toEqual([b]);

    for (const query of ["$filter=startswith(displayName,'A')", '$top=5', '$orderby=displayName', '$expand=manager']) {
      const res = await graphGet(emu, `/v1.0/users/delta?${query}`);
      expect([query, res.status, res.body.error.code, res.body.error.message]).toEqual([
        query,
        400,
        'Request_UnsupportedQuery',
        'Unsupported Query.',
      ]);
    }
  });

  it('an expired token answers 410 syncStateNotFound with the initial query in Location; that query starts over', async () => {
    const own = createTestEmulator({ users: 150 });
    const initial = await round(own, '/v1.0/users/delta');
    const midway = await graphGet(own, '/v1.0/users/delta');
    const expired = await emulatorRequest(own, 'POST', '/_emulator/delta/expire');
    expect(expired.status).toBe(200);

    for (const link of [initial.deltaLink, pathOf(midway.body['@odata.nextLink'])]) {
      const gone = await graphGet(own, link);
      expect(gone.status).toBe(410);
      expect(gone.body.error).toMatchObject({
        code: 'syncStateNotFound',
        message:
          'The sync state generation is not found. The delta token is expired and data must be synchronized again.',
      });
      expect(gone.headers.get('location')).toBe(`${TEST_ORIGIN}/v1.0/users/delta?$deltatoken=`);
    }
    const again = await round(own, '/v1.0/users/delta?$deltatoken=');
    expect(again.items).toHaveLength(150);
  });

  it('a token not issued for this resource answers 400', async () => {
    const users = await graphGet(emu, '/v1.0/users/delta?$deltatoken=latest');
    const token = new URL(users.body['@odata.deltaLink']).searchParams.get('$deltatoken') as string;
    const elsewhere = await graphGet(emu, `/v1.0/groups/delta?$deltatoken=${encodeURIComponent(token)}`);
    expect(elsewhere.status).toBe(400);
    expect((await graphGet(emu, '/v1.0/users/delta?$deltatoken=forged')).status).toBe(400);
    expect((await graphGet(emu, '/v1.0/users/delta?$skiptoken=forged')).status).toBe(400);
  });

  it('needs User.Read.All or higher (user-delta.md)', async () => {
    expect((await graphGet(emu, '/v1.0/users/delta', { token: appToken(emu, ['Group.Read.All']) })).status).toBe(403);
    const basic = userToken(emu, emu.info.defaultUserId, ['User.ReadBasic.All']);
    expect((await graphGet(emu, '/v1.0/users/delta', { token: basic })).status).toBe(403);
    expect((await graphGet(emu, '/v1.0/users/delta?$deltatoken=latest', { token: 'user' })).status).toBe(200);
  });
});

describe('GET /groups/delta (group-delta.md)', () => {
  let emu: Emulator;
  beforeAll(() => {
    emu = createTestEmulator({ users: 40 });
  });

  function membersOf(groupId: string): string[] {
    return emu.tenant.membersOf.get(groupId) ?? [];
  }

  it('lists every member in members@delta on the first round; a group without members has none', async () => {
    const initial = await round(emu, '/v1.0/groups/delta');
    expect(initial.items.map((g) => g.id)).toEqual([...emu.tenant.groups.keys()]);
    for (const group of initial.items) {
      const members = membersOf(group.id);
      if (members.length === 0) {
        expect(group).not.toHaveProperty('members@delta');
        continue;
      }
      expect(group['members@delta']).toEqual(
        members.map((id) => ({ '@odata.type': `#microsoft.graph.${emu.tenant.directoryObjects.get(id)?.kind}`, id })),
      );
    }
  });

  it('reports a member added, then a member removed with "@removed": {"reason": "deleted"}', async () => {
    const groupId = [...emu.tenant.groups.keys()][1] as string;
    const outsider = userIds(emu).find((id) => !membersOf(groupId).includes(id)) as string;
    const token = appToken(emu, MEMBER_WRITER);
    const initial = await round(emu, '/v1.0/groups/delta');

    const ref = { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${outsider}` };
    expect((await graphPost(emu, `/v1.0/groups/${groupId}/members/$ref`, ref, { token })).status).toBe(204);
    const added = await round(emu, initial.deltaLink);
    expect(added.items).toHaveLength(1);
    expect(added.items[0]).toMatchObject({
      id: groupId,
      'members@delta': [{ '@odata.type': '#microsoft.graph.user', id: outsider }],
    });

    expect((await graphDelete(emu, `/v1.0/groups/${groupId}/members/${outsider}/$ref`, { token })).status).toBe(204);
    const removed = await round(emu, added.deltaLink);
    expect(removed.items[0]['members@delta']).toEqual([
      { '@odata.type': '#microsoft.graph.user', id: outsider, '@removed': { reason: 'deleted' } },
    ]);
  });

  it('tracks membership only when members is selected', async () => {
    const groupId = [...emu.tenant.groups.keys()][2] as string;
    const outsider = userIds(emu).find((id) => !membersOf(groupId).includes(id)) as string;
    const token = appToken(emu, MEMBER_WRITER);
    const namesOnly = await round(emu, '/v1.0/groups/delta?$select=displayName');
    expect(Object.keys(namesOnly.items[0])).toEqual(['displayName', 'id']);
    const withMembers = await round(emu, '/v1.0/groups/delta?$select=displayName,members');

    const ref = { '@odata.id': `https://graph.microsoft.com/v1.0/users/${outsider}` };
    expect((await graphPost(emu, `/v1.0/groups/${groupId}/members/$ref`, ref, { token })).status).toBe(204);
    expect((await round(emu, namesOnly.deltaLink)).items).toEqual([]);
    const tracked = await round(emu, withMembers.deltaLink);
    expect(tracked.items).toEqual([
      {
        displayName: emu.tenant.groups.get(groupId)?.displayName,
        id: groupId,
        'members@delta': [{ '@odata.type': '#microsoft.graph.user', id: outsider }],
      },
    ]);
  });
});

describe('GET /groups/delta after DELETE /groups/{id} (group-delete.md, delta-query-overview.md)', () => {
  it('reports the deleted group as {id, "@removed": {"reason": "deleted"}} and nothing else', async () => {
    const emu = createTestEmulator({ users: 40 });
    const groupId = [...emu.tenant.groups.keys()][3] as string;
    const initial = await round(emu, '/v1.0/groups/delta');
    const token = appToken(emu, ['Group.ReadWrite.All']);
    expect((await graphDelete(emu, `/v1.0/groups/${groupId}`, { token })).status).toBe(204);
    const changes = await round(emu, initial.deltaLink);
    expect(changes.items).toEqual([{ id: groupId, '@removed': { reason: 'deleted' } }]);
  });
});

describe('GET /groups/delta with a large group (group-delta.md, delta-query-groups.md)', () => {
  it('a group with more members than a page holds fills pages on its own and continues, by id, on the next', async () => {
    const emu = createTestEmulator({ users: 180 });
    const groupId = [...emu.tenant.groups.keys()][0] as string;
    const token = appToken(emu, MEMBER_WRITER);
    const current = new Set(emu.tenant.membersOf.get(groupId) ?? []);
    for (const id of userIds(emu).filter((userId) => !current.has(userId))) {
      const ref = { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` };
      expect((await graphPost(emu, `/v1.0/groups/${groupId}/members/$ref`, ref, { token })).status).toBe(204);
    }
    const members = emu.tenant.membersOf.get(groupId) ?? [];
    expect(members.length).toBeGreaterThan(100);

    const first = await graphGet(emu, '/v1.0/groups/delta');
    expect(first.body.value).toHaveLength(1);
    expect(first.body.value[0].id).toBe(groupId);
    expect(first.body.value[0]['members@delta']).toHaveLength(100);

    const all = await round(emu, '/v1.0/groups/delta');
    const slices = all.items.filter((group) => group.id === groupId);
    expect(slices.length).toBe(Math.ceil(members.length / 100));
    // Every slice repeats the group's properties; together they hold every member once.
    expect(new Set(slices.map((slice) => slice.displayName)).size).toBe(1);
    expect(slices.flatMap((slice) => slice['members@delta'].map((m: { id: string }) => m.id))).toEqual(members);
  });
});

describe('To Do delta (todotask-delta.md, todotasklist-delta.md)', () => {
  let emu: Emulator;
  let listId: string;
  beforeAll(async () => {
    emu = createTestEmulator({ users: 20 });
    const list = await graphPost(emu, '/v1.0/me/todo/lists', { displayName: 'Tracked' }, { token: 'user' });
    listId = list.body.id;
    for (const title of ['one', 'two', 'three'])
      await graphPost(emu, `/v1.0/me/todo/lists/${listId}/tasks`, { title }, { token: 'user' });
  });

  it('pages the first round by Prefer: odata.maxpagesize, echoed in Preference-Applied', async () => {
    const headers = { Prefer: 'odata.maxpagesize=2' };
    const first = await graphGet(emu, `/v1.0/me/todo/lists/${listId}/tasks/delta`, { token: 'user', headers });
    expect(first.status).toBe(200);
    expect(first.headers.get('preference-applied')).toBe('odata.maxpagesize=2');
    expect(first.body.value.map((t: { title: string }) => t.title)).toEqual(['one', 'two']);
    expect(Object.keys(first.body.value[0]).slice(0, 2)).toEqual(['@odata.etag', 'importance']);
    const all = await round(emu, `/v1.0/me/todo/lists/${listId}/tasks/delta`, { token: 'user', headers });
    expect(all.pages).toBe(2);
    expect(all.items.map((t) => t.title)).toEqual(['one', 'two', 'three']);
  });

  it('returns tasks created and updated since as they are now, and deleted ones as {id, @removed}', async () => {
    const path = `/v1.0/me/todo/lists/${listId}/tasks`;
    const initial = await round(emu, `${path}/delta`, { token: 'user' });
    const [one, two] = initial.items as { id: string }[];
    await graphPatch(emu, `${path}/${one?.id}`, { status: 'completed' }, { token: 'user' });
    const created = await graphPost(emu, path, { title: 'four' }, { token: 'user' });
    await graphDelete(emu, `${path}/${two?.id}`, { token: 'user' });

    const changes = await round(emu, initial.deltaLink, { token: 'user' });
    expect(changes.items.map((t) => t.id)).toEqual([one?.id, created.body.id, two?.id]);
    expect(changes.items[0]).toMatchObject({ status: 'completed' });
    expect(changes.items[1]).toMatchObject({ title: 'four', '@odata.etag': created.body['@odata.etag'] });
    expect(changes.items[2]).toEqual({ id: two?.id, '@removed': { reason: 'deleted' } });
  });

  it("$deltatoken=latest starts from now on a list's tasks", async () => {
    const path = `/v1.0/me/todo/lists/${listId}/tasks`;
    const latest = await graphGet(emu, `${path}/delta?$deltatoken=latest`, { token: 'user' });
    expect(latest.body.value).toEqual([]);
    const created = await graphPost(emu, path, { title: 'after latest' }, { token: 'user' });
    const changes = await round(emu, pathOf(latest.body['@odata.deltaLink']), { token: 'user' });
    expect(changes.items.map((t) => t.id)).toEqual([created.body.id]);
  });

  it('$select keeps @odata.etag and id', async () => {
    const res = await graphGet(emu, `/v1.0/me/todo/lists/${listId}/tasks/delta?$select=title`, { token: 'user' });
    expect(Object.keys(res.body.value[0])).toEqual(['@odata.etag', 'title', 'id']);
  });

  it("tracks a user's lists: created, renamed and deleted", async () => {
    const initial = await round(emu, '/v1.0/me/todo/lists/delta', { token: 'user' });
    expect(initial.items.map((l) => l.id)).toContain(listId);
    const created = await graphPost(emu, '/v1.0/me/todo/lists', { displayName: 'Fresh' }, { token: 'user' });
    await graphPatch(emu, `/v1.0/me/todo/lists/${listId}`, { displayName: 'Renamed' }, { token: 'user' });
    await graphDelete(emu, `/v1.0/me/todo/lists/${created.body.id}`, { token: 'user' });
    const changes = await round(emu, initial.deltaLink, { token: 'user' });
    expect(changes.items).toEqual([
      { id: created.body.id, '@removed': { reason: 'deleted' } },
      expect.objectContaining({ id: listId, displayName: 'Renamed' }),
    ]);
  });

  it('serves /users/{id}/todo/... to apps, and refuses a delegated caller naming another user', async () => {
    const owner = emu.info.defaultUserId;
    const asApp = await graphGet(emu, `/v1.0/users/${owner}/todo/lists/${listId}/tasks/delta?$deltatoken=latest`);
    expect(asApp.status).toBe(200);
    const other = userIds(emu, 1, 2)[0] as string;
    const asOther = await graphGet(emu, `/v1.0/users/${owner}/todo/lists/delta`, { token: userToken(emu, other) });
    expect(asOther.status).toBe(403);
  });
});

describe('Planner delta, beta (planneruser-list-delta.md)', () => {
  let emu: Emulator;
  beforeAll(() => {
    emu = createTestEmulator({ users: 30 });
  });

  it('starts with no items and a nextLink; following it returns the tasks and details changed since, then a deltaLink', async () => {
    const first = await graphGet(emu, '/beta/me/planner/all/delta', { token: 'user' });
    expect(first.status).toBe(200);
    expect(first.headers.get('preference-applied')).toBe('odata.track-changes');
    expect(first.body).toEqual({
      '@odata.context': `${TEST_ORIGIN}/beta/$metadata#Collection(microsoft.graph.plannerDelta)`,
      '@odata.nextLink': expect.stringMatching(/\/beta\/users\/[0-9a-f-]+\/planner\/all\/delta\?\$skiptoken=/),
      value: [],
    });

    const plan = defaultUserPlan(emu);
    const created = await graphPost(
      emu,
      '/v1.0/planner/tasks',
      { planId: plan.id, title: 'Tracked' },
      { token: 'user' },
    );
    expect(created.status).toBe(201);

    const changes = await round(emu, pathOf(first.body['@odata.nextLink']), { token: 'user' });
    expect(changes.items.map((item) => [item['@odata.type'], item.id])).toEqual([
      ['#microsoft.graph.plannerTask', created.body.id],
      ['#microsoft.graph.plannerTaskDetails', created.body.id],
    ]);
    expect(changes.items[0]).toMatchObject({
      '@odata.context': `${TEST_ORIGIN}/beta/$metadata#planner/tasks/$entity`,
      '@odata.etag': created.body['@odata.etag'],
      title: 'Tracked',
      planId: plan.id,
    });
    expect(changes.deltaLink).toMatch(/\$deltatoken=/);

    const etag = created.body['@odata.etag'] as string;
    const deleted = await graphDelete(emu, `/v1.0/planner/tasks/${created.body.id}`, {
      token: 'user',
      headers: { 'If-Match': etag },
    });
    expect(deleted.status).toBe(204);
    const after = await round(emu, changes.deltaLink, { token: 'user' });
    expect(after.items).toEqual([
      { '@odata.type': '#microsoft.graph.plannerTask', id: created.body.id, '@removed': { reason: 'deleted' } },
    ]);
  });

  it('is beta only, delegated only, and takes no query options', async () => {
    expect((await graphGet(emu, '/v1.0/me/planner/all/delta', { token: 'user' })).status).toBe(400);
    expect((await graphGet(emu, `/beta/users/${emu.info.defaultUserId}/planner/all/delta`)).status).toBe(403);
    expect((await graphGet(emu, '/beta/me/planner/all/delta?$select=title', { token: 'user' })).status).toBe(400);
  });
});
