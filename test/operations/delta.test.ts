/**
 * Delta queries through the real context factory, as the embedded emulator's default user:
 * `usersDelta`, `groupsDelta` and `OutlookTaskList.tasksDelta` page Graph's delta rounds, report
 * changes made through Graph's REST API in the next round, and refuse expired, altered and
 * borrowed tokens.
 */
import { expireDeltaTokens, useGateway, type TestGateway } from '../kit';

interface DeltaPage<T> {
  changed: T[];
  removedIds: string[];
  nextToken: string;
  hasMore: boolean;
}

const USER_WRITER = ['User.Read.All', 'User.ReadWrite.All'];
const MEMBER_WRITER = ['Group.Read.All', 'GroupMember.ReadWrite.All'];
const TASK_WRITER = ['Tasks.ReadWrite.All'];

/** A write through Graph's REST API on the emulator, with an app token holding `roles`. */
async function graphWrite(gw: TestGateway, method: string, path: string, roles: string[], body?: unknown) {
  const response = await fetch(`${gw.emulatorUrl}/v1.0${path}`, {
    method,
    headers: {
      authorization: `Bearer ${gw.emulator.mintAppToken({ roles })}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect([method, path, response.status]).toEqual([method, path, method === 'POST' ? 201 : 204]);
}

const USERS_DELTA = `query($token: String) {
  usersDelta(token: $token) { changed { id displayName } removedIds nextToken hasMore }
}`;

async function usersDelta(gw: TestGateway, token: string | null, query = USERS_DELTA) {
  const result = await gw.execute<{ usersDelta: DeltaPage<Record<string, unknown>> }>(query, { variables: { token } });
  expect(result.errors).toBeUndefined();
  return result.data!.usersDelta;
}

/** Pages a round to its end (bounded): every page's changes and the token of the next round. */
async function wholeRound<T>(read: (token: string | null) => Promise<DeltaPage<T>>, token: string | null) {
  const changed: T[] = [];
  const removedIds: string[] = [];
  for (let pages = 1; pages <= 20; pages++) {
    const page = await read(token);
    changed.push(...page.changed);
    removedIds.push(...page.removedIds);
    token = page.nextToken;
    if (!page.hasMore) return { changed, removedIds, token, pages };
  }
  throw new Error('no end of the round after 20 pages');
}

const byId = (a: Record<string, unknown>, b: Record<string, unknown>) => String(a.id).localeCompare(String(b.id));

describe('usersDelta', () => {
  const gw = useGateway({ users: 150 });

  it('syncs every user on the first round in two pages of one Graph request each, with exact data', async () => {
    const expected = await gw.rest<{ value: Array<{ id: string; displayName: string }> }>(
      '/users?$select=id,displayName&$top=999',
    );
    gw.resetTraffic();

    const first = await usersDelta(gw, null);
    expect([first.changed.length, first.removedIds, first.hasMore]).toEqual([100, [], true]);
    const second = await usersDelta(gw, first.nextToken);
    expect([second.changed.length, second.removedIds, second.hasMore]).toEqual([50, [], false]);

    expect([...first.changed, ...second.changed].sort(byId)).toEqual(
      expected.value.map(({ id, displayName }) => ({ id, displayName })).sort(byId),
    );
    const lines = gw.graphLines();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('GET /v1.0/users/delta?$select=id,displayName');
    expect(lines[1]).toMatch(/^GET \/v1\.0\/users\/delta\?\$skiptoken=\S+$/);
  });

  it('reports a user changed through PATCH /users/{id} in the next round, with nested fields read as in any query', async () => {
    const query = `query($token: String) {
      usersDelta(token: $token) { changed { id jobTitle manager { id } } removedIds nextToken hasMore }
    }`;
    const initial = await wholeRound((token) => usersDelta(gw, token, query), null);
    const quiet = await usersDelta(gw, initial.token, query);
    expect([quiet.changed, quiet.removedIds, quiet.hasMore]).toEqual([[], [], false]);

    const [changedId] = [...gw.emulator.tenant.users.keys()].slice(7, 8) as [string];
    const manager = await gw.rest<{ id: string } | null>(`/users/${changedId}/manager?$select=id`).catch(() => null);
    await graphWrite(gw, 'PATCH', `/users/${changedId}`, USER_WRITER, { jobTitle: 'Delta tester' });
    gw.resetTraffic();

    const next = await usersDelta(gw, quiet.nextToken, query);

    expect(next).toEqual({
      changed: [{ id: changedId, jobTitle: 'Delta tester', manager: manager ? { id: manager.id } : null }],
      removedIds: [],
      nextToken: expect.any(String),
      hasMore: false,
    });
    // The delta page, then the manager of the changed user.
    expect(gw.graphLines()).toHaveLength(2);
    expect(gw.graphLines()[0]).toMatch(/^GET \/v1\.0\/users\/delta\?\$select=id,jobTitle&\$deltatoken=\S+$/);
  });

  it('starts from now with token "latest": no users, then only the changes made after it', async () => {
    const latest = await usersDelta(gw, 'latest');
    expect([latest.changed, latest.removedIds, latest.hasMore]).toEqual([[], [], false]);
    const [changedId] = [...gw.emulator.tenant.users.keys()].slice(11, 12) as [string];
    await graphWrite(gw, 'PATCH', `/users/${changedId}`, USER_WRITER, { displayName: 'Renamed in delta' });

    const next = await usersDelta(gw, latest.nextToken);

    expect(next.changed).toEqual([{ id: changedId, displayName: 'Renamed in delta' }]);
  });

  it('answers an expired token with DELTA_TOKEN_EXPIRED, telling the client to sync again without a token', async () => {
    const latest = await usersDelta(gw, 'latest');
    await expireDeltaTokens(gw);

    const result = await gw.execute(USERS_DELTA, { variables: { token: latest.nextToken } });

    expect(result.errors?.map((error) => [error.path, error.extensions])).toEqual([
      [['usersDelta'], { code: 'DELTA_TOKEN_EXPIRED', argument: 'token' }],
    ]);
    expect(result.errors?.[0]?.message).toMatch(/call again without a token/);
    expect((await usersDelta(gw, null)).hasMore).toBe(true);
  });

  it('refuses an altered token, and a users token on groupsDelta, with BAD_USER_INPUT before calling Graph', async () => {
    const { nextToken } = await usersDelta(gw, 'latest');
    const index = Math.floor(nextToken.length / 2);
    const tampered = nextToken.slice(0, index) + (nextToken[index] === 'A' ? 'B' : 'A') + nextToken.slice(index + 1);
    gw.resetTraffic();

    const altered = await gw.execute(USERS_DELTA, { variables: { token: tampered } });
    const borrowed = await gw.execute('query($token: String) { groupsDelta(token: $token) { hasMore } }', {
      variables: { token: nextToken },
    });

    for (const result of [altered, borrowed]) {
      expect(result.errors?.map((error) => error.extensions)).toEqual([{ code: 'BAD_USER_INPUT', argument: 'token' }]);
      expect(result.errors?.[0]?.message).toMatch(/^token is not a delta token this API issued/);
    }
    expect(gw.graphLines()).toEqual([]);
  });
});

describe('usersDelta in the middle of a round', () => {
  const gw = useGateway({ users: 150 });

  it("refuses a page asked for with other fields than the round's first page, which Graph would leave out", async () => {
    const first = await usersDelta(gw, null);
    expect(first.hasMore).toBe(true);
    gw.resetTraffic();

    const result = await gw.execute('query($token: String) { usersDelta(token: $token) { changed { id jobTitle } } }', {
      variables: { token: first.nextToken },
    });

    expect(result.errors?.map((error) => error.extensions)).toEqual([{ code: 'BAD_USER_INPUT', argument: 'token' }]);
    expect(result.errors?.[0]?.message).toMatch(/select the fields of the round's first page/);
    expect(gw.graphLines()).toEqual([]);
    // The same fields continue the round.
    expect((await usersDelta(gw, first.nextToken)).changed).toHaveLength(50);
  });
});

describe('groupsDelta', () => {
  const gw = useGateway({ users: 40 });

  it('reports a group whose member was removed through DELETE /groups/{id}/members/{id}/$ref', async () => {
    const query = `query($token: String) {
      groupsDelta(token: $token) { changed { id members(first: 20) { nodes { id } } } removedIds nextToken hasMore }
    }`;
    const read = async (token: string | null) => {
      const result = await gw.execute<{
        groupsDelta: DeltaPage<{ id: string; members: { nodes: Array<{ id: string }> } }>;
      }>(query, { variables: { token } });
      expect(result.errors).toBeUndefined();
      return result.data!.groupsDelta;
    };
    const initial = await wholeRound(read, null);
    expect(initial.changed.map((group) => group.id).sort()).toEqual([...gw.emulator.tenant.groups.keys()].sort());
    // A group whose members all fit on the page read.
    const group = initial.changed.find(({ members }) => members.nodes.length > 1 && members.nodes.length < 20)!;
    const [removed, ...kept] = group.members.nodes.map((member) => member.id) as [string, ...string[]];

    await graphWrite(gw, 'DELETE', `/groups/${group.id}/members/${removed}/$ref`, MEMBER_WRITER);
    const next = await read(initial.token);

    expect(
      next.changed.map((changed) => [changed.id, changed.members.nodes.map((member) => member.id).sort()]),
    ).toEqual([[group.id, kept.sort()]]);
    expect([next.removedIds, next.hasMore]).toEqual([[], false]);
  });
});

describe('OutlookTaskList.tasksDelta', () => {
  const gw = useGateway({ users: 40 });

  const TASKS_DELTA = `query($listId: ID, $token: String) {
    me { outlookTaskLists(id: $listId) { id tasksDelta(token: $token) { changed { id title } removedIds nextToken hasMore } } }
  }`;

  async function tasksDelta(listId: string, token: string | null) {
    const result = await gw.execute<{
      me: { outlookTaskLists: Array<{ id: string; tasksDelta: DeltaPage<{ id: string; title: string }> }> };
    }>(TASKS_DELTA, { variables: { listId, token } });
    expect(result.errors).toBeUndefined();
    const [list] = result.data!.me.outlookTaskLists;
    return list!.tasksDelta;
  }

  function defaultList(): { listId: string; taskIds: string[] } {
    const me = gw.emulator.info.defaultUserId;
    const list = gw.emulator.tenant.todoListsOf
      .get(me)!
      .find((candidate) => candidate.wellknownListName === 'defaultList')!;
    return { listId: list.id, taskIds: (gw.emulator.tenant.todoTasksOf.get(list.id) ?? []).map((task) => task.id) };
  }

  it('syncs the list, then reports a task deleted through Graph in removedIds', async () => {
    await gw.execute('{ me { outlookTaskLists { id } } }');
    const { listId, taskIds } = defaultList();
    expect(taskIds.length).toBeGreaterThan(1);
    const initial = await wholeRound((token) => tasksDelta(listId, token), null);
    expect(initial.changed.map((task) => task.id).sort()).toEqual([...taskIds].sort());

    const me = gw.emulator.info.defaultUserId;
    await graphWrite(gw, 'DELETE', `/users/${me}/todo/lists/${listId}/tasks/${taskIds[0]}`, TASK_WRITER);
    const next = await tasksDelta(listId, initial.token);

    expect(next).toEqual({ changed: [], removedIds: [taskIds[0]], nextToken: expect.any(String), hasMore: false });
  });

  it("refuses another list's token on a list, before reading that list's delta", async () => {
    const me = gw.emulator.info.defaultUserId;
    const [first, second] = gw.emulator.tenant.todoListsOf.get(me)!;
    const { nextToken } = await tasksDelta(first!.id, 'latest');
    gw.resetTraffic();

    const result = await gw.execute(TASKS_DELTA, { variables: { listId: second!.id, token: nextToken } });

    expect(result.errors?.map((error) => error.extensions)).toEqual([{ code: 'BAD_USER_INPUT', argument: 'token' }]);
    expect(gw.graphLines().filter((line) => line.includes('/delta'))).toEqual([]);
  });
});
