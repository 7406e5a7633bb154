import { getEventListeners } from 'node:events';
import { GraphApiError } from '../../src/graph/errors';
import { createTestEmulator, userToken, type Emulator } from '@msgraph-graphql/emulator/testing';
import { clientFor, GROUP_SELECT, received, resetTraffic, traffic, USER_SELECT, userIds } from '../kit/graph-client';

let emulator: Emulator;

beforeAll(() => {
  emulator = createTestEmulator({ users: 60 });
});

beforeEach(() => resetTraffic(emulator));

describe('waves and $batch', () => {
  it("keeps one abort listener per client on the operation's signal with 12 $batch requests in flight (node warns of a leak past 10)", async () => {
    const signal = new AbortController().signal;
    const listenersAtEachSend: number[] = [];
    const client = clientFor(emulator, {
      signal,
      fetch: (request) => {
        listenersAtEachSend.push(getEventListeners(signal, 'abort').length);
        return emulator.fetch(request);
      },
    });
    const ids = userIds(emulator);
    const page = { first: 5 };

    await Promise.all(
      ids.flatMap((id) => [
        client.getManager(id, USER_SELECT),
        client.listMemberOf(id, { select: GROUP_SELECT, page }),
        client.listTransitiveMemberOf(id, { select: GROUP_SELECT, page }),
        client.listDirectReports(id, { select: USER_SELECT, page }),
      ]),
    );

    expect(traffic(emulator)).toEqual({ httpRequests: 12, batchRequests: 12, subRequests: 240 });
    // The concurrency limiter's and the HTTP sender's, whatever the number of requests in flight.
    expect(listenersAtEachSend).toEqual(Array(12).fill(2));
  });

  it('sends 45 reads issued in one tick as one wave of ceil(45/20) = 3 $batch requests, answering in key order', async () => {
    const client = clientFor(emulator);
    const ids = userIds(emulator).slice(0, 45);

    const managers = await Promise.all(ids.map((id) => client.getManager(id, USER_SELECT)));

    expect(managers.map((manager) => manager?.id ?? null)).toEqual(
      ids.map((id) => emulator.tenant.managerOf.get(id) ?? null),
    );
    expect(traffic(emulator)).toEqual({ httpRequests: 3, batchRequests: 3, subRequests: 45 });
    // `GET /users/{id}/manager` costs 1 resource unit (`$select` cannot take it lower).
    expect(client.stats()).toEqual({
      httpRequests: 3,
      batchRequests: 3,
      subRequests: 45,
      retries: 0,
      waves: 1,
      roundTrips: 1,
      resourceUnits: 45,
    });
  });

  it('reads 45 users by id as 3 id in (...) reads of 15 in one $batch', async () => {
    const client = clientFor(emulator);
    const ids = userIds(emulator).slice(0, 45);

    const users = await Promise.all(ids.map((id) => client.getUser(id, USER_SELECT)));

    expect(users.map((user) => user?.displayName)).toEqual(ids.map((id) => emulator.tenant.users.get(id)!.displayName));
    expect(received(emulator).map(decodeURIComponent)).toEqual([
      'POST /v1.0/$batch',
      ...[0, 15, 30].map(
        (start) =>
          `GET /users?$filter=id in (${ids
            .slice(start, start + 15)
            .map((id) => `'${id}'`)
            .join(',')})&$select=id,displayName,userPrincipalName`,
      ),
    ]);
    expect(client.stats()).toEqual({
      httpRequests: 1,
      batchRequests: 1,
      subRequests: 3,
      retries: 0,
      waves: 1,
      roundTrips: 1,
      resourceUnits: 3,
    });
  });

  it('sends a wave of one read as a plain GET', async () => {
    const client = clientFor(emulator);
    const [id] = userIds(emulator);

    const user = await client.getUser(id, ['displayName']);

    expect(user).toEqual({ id, displayName: emulator.tenant.users.get(id)!.displayName });
    expect(traffic(emulator)).toEqual({ httpRequests: 1, batchRequests: 0, subRequests: 0 });
    expect(received(emulator)).toEqual([`GET /v1.0/users/${id}?$select=id,displayName`]);
    expect(client.stats()).toEqual({
      httpRequests: 1,
      batchRequests: 0,
      subRequests: 0,
      retries: 0,
      waves: 1,
      roundTrips: 1,
      resourceUnits: 1,
    });
  });

  it('joins reads issued after awaiting already-settled promises to the same wave', async () => {
    const client = clientFor(emulator);
    const [first, second] = userIds(emulator);
    const later = async () => {
      await Promise.resolve();
      await Promise.resolve();
      return client.getManager(second, USER_SELECT);
    };

    await Promise.all([client.getManager(first, USER_SELECT), later()]);

    expect(client.stats().waves).toBe(1);
    expect(traffic(emulator)).toEqual({ httpRequests: 1, batchRequests: 1, subRequests: 2 });
  });

  it('sends a read that depends on an earlier answer in a second wave', async () => {
    const client = clientFor(emulator);
    const page = await client.listUsers({ select: USER_SELECT, page: { first: 5 } });
    await Promise.all(
      page.items.map((user) => client.listMemberOf(user.id, { select: GROUP_SELECT, page: { first: 10 } })),
    );

    // `GET /users?$select&$top=5` 1 resource unit (2 - 1 - 1), each `memberOf` 1 (2 - 1 - 1).
    expect(client.stats()).toEqual({
      httpRequests: 2,
      batchRequests: 1,
      subRequests: 5,
      retries: 0,
      waves: 2,
      roundTrips: 2,
      resourceUnits: 6,
    });
  });

  it('keeps the next level in one wave when the $batch answers of a level arrive at different times', async () => {
    // The second and third $batch answers of each wave arrive later than the first: the reads
    // that depend on them must still go out together with those that depend on the first.
    let batchesSeen = 0;
    const client = clientFor(emulator, {
      fetch: async (request) => {
        const response = await emulator.fetch(request);
        if (new URL(request.url).pathname.endsWith('/$batch')) {
          const delayMs = [0, 15, 30][batchesSeen++ % 3] ?? 0;
          await new Promise((resolve) => setTimeout(resolve, delayMs));
        }
        return response;
      },
    });
    const ids = userIds(emulator).slice(0, 50);

    await Promise.all(
      ids.map(async (id) => {
        await client.getManager(id, USER_SELECT);
        return client.listMemberOf(id, { select: GROUP_SELECT, page: { first: 10 } });
      }),
    );

    expect(client.stats()).toEqual({
      httpRequests: 6,
      batchRequests: 6,
      subRequests: 100,
      retries: 0,
      waves: 2,
      roundTrips: 2,
      resourceUnits: 100,
    });
  });

  it('keeps at most maxConcurrency $batch requests in flight', async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    const client = clientFor(emulator, {
      maxConcurrency: 2,
      fetch: async (request) => {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        try {
          await new Promise((resolve) => setImmediate(resolve));
          return await emulator.fetch(request);
        } finally {
          inFlight -= 1;
        }
      },
    });

    const ids = userIds(emulator).slice(0, 60);
    const managers = await Promise.all(ids.map((id) => client.getManager(id, USER_SELECT)));

    expect(managers.map((manager) => manager?.id ?? null)).toEqual(
      ids.map((id) => emulator.tenant.managerOf.get(id) ?? null),
    );
    expect(traffic(emulator).batchRequests).toBe(3);
    expect(mostInFlight).toBe(2);
    // The third $batch went out after one of the first two was answered.
    expect(client.stats()).toMatchObject({ waves: 1, roundTrips: 2 });
  });
});

describe('never the same read twice', () => {
  it('sends one sub-request for a user requested twice in the same wave', async () => {
    const client = clientFor(emulator);
    const [a, b] = userIds(emulator);

    const [first, again, other] = await Promise.all([
      client.getUser(a, USER_SELECT),
      client.getUser(a, USER_SELECT),
      client.getUser(b, USER_SELECT),
    ]);

    expect(again).toBe(first);
    expect(other?.id).toBe(b);
    expect(received(emulator).map(decodeURIComponent)).toEqual([
      `GET /v1.0/users?$filter=id in ('${a}','${b}')&$select=id,displayName,userPrincipalName`,
    ]);
  });

  it('answers a later read of the same user from the first answer', async () => {
    const client = clientFor(emulator);
    const [id] = userIds(emulator);
    await client.getUser(id, USER_SELECT);

    const again = await client.getUser(id, ['displayName']);

    expect(again?.displayName).toBe(emulator.tenant.users.get(id)!.displayName);
    expect(traffic(emulator).httpRequests).toBe(1);
    expect(client.stats().waves).toBe(1);
  });

  it('widens a queued read instead of sending a second one when the same tick asks for more properties', async () => {
    const client = clientFor(emulator);
    const [id] = userIds(emulator);

    const [narrow, wide] = await Promise.all([client.getUser(id, ['displayName']), client.getUser(id, ['jobTitle'])]);

    expect(wide).toBe(narrow);
    expect(received(emulator)).toEqual([`GET /v1.0/users/${id}?$select=id,displayName,jobTitle`]);
  });

  it('re-reads with the union of properties when a later read needs more than the cached answer holds', async () => {
    const client = clientFor(emulator);
    const [id] = userIds(emulator);
    await client.getUser(id, ['displayName']);

    const wider = await client.getUser(id, ['jobTitle']);
    const narrowAgain = await client.getUser(id, ['displayName', 'jobTitle']);

    const record = emulator.tenant.users.get(id)!;
    expect(wider).toEqual({ id, displayName: record.displayName, jobTitle: record.jobTitle ?? null });
    expect(narrowAgain).toBe(wider);
    expect(received(emulator)).toEqual([
      `GET /v1.0/users/${id}?$select=id,displayName`,
      `GET /v1.0/users/${id}?$select=id,displayName,jobTitle`,
    ]);
  });

  it('sends $select with exactly the properties asked for, plus id', async () => {
    const client = clientFor(emulator);
    const [id] = userIds(emulator);

    await client.getUser(id, ['mail', 'displayName']);
    await client.listUsers({ select: ['id'], page: { first: 3 } });

    expect(received(emulator)).toEqual([
      `GET /v1.0/users/${id}?$select=id,mail,displayName`,
      'GET /v1.0/users?$select=id&$top=3',
    ]);
  });
});

describe('priming by-id reads', () => {
  it('answers getUser for every user of a list page without another request', async () => {
    const client = clientFor(emulator);
    const page = await client.listUsers({ select: USER_SELECT, page: { first: 25 } });

    const users = await Promise.all(page.items.map((user) => client.getUser(user.id, USER_SELECT)));

    expect(users).toEqual(page.items);
    expect(traffic(emulator).httpRequests).toBe(1);
    expect(client.stats().waves).toBe(1);
  });

  it('primes users and groups of a members list by their @odata.type', async () => {
    const client = clientFor(emulator);
    const [groupId, memberIds] = [...emulator.tenant.membersOf].find(
      ([, ids]) => ids.some((id) => emulator.tenant.users.has(id)) && ids.some((id) => emulator.tenant.groups.has(id)),
    )!;
    const select = ['id', 'displayName'];
    const members = await client.listGroupMembers(groupId, { select, page: { first: 100 } });
    const userMember = members.items.find((item) => item['@odata.type'] === '#microsoft.graph.user')!;
    const groupMember = members.items.find((item) => item['@odata.type'] === '#microsoft.graph.group')!;

    const [user, group] = await Promise.all([
      client.getUser(userMember.id, select),
      client.getGroup(groupMember.id, select),
    ]);

    expect(members.items.map((item) => item.id).sort()).toEqual([...memberIds].sort());
    expect(user?.id).toBe(userMember.id);
    expect(group?.id).toBe(groupMember.id);
    expect(traffic(emulator).httpRequests).toBe(1);
  });

  it('primes the by-id entry when a user is read by userPrincipalName', async () => {
    const client = clientFor(emulator);
    const [id] = userIds(emulator);
    const upn = emulator.tenant.users.get(id)!.userPrincipalName;

    const byUpn = await client.getUser(upn.toUpperCase(), USER_SELECT);
    const byId = await client.getUser(id, USER_SELECT);

    expect(byUpn?.id).toBe(id);
    expect(byId).toBe(byUpn);
    expect(traffic(emulator).httpRequests).toBe(1);
  });

  it("primes the manager's by-id entry from getManager", async () => {
    const client = clientFor(emulator);
    const [userId, managerId] = [...emulator.tenant.managerOf][0];

    const manager = await client.getManager(userId, USER_SELECT);
    const again = await client.getUser(managerId, USER_SELECT);

    expect(manager?.id).toBe(managerId);
    expect(again).toBe(manager);
    expect(traffic(emulator).httpRequests).toBe(1);
  });
});

describe('answers and errors', () => {
  it('answers null for an unknown id without failing its neighbours in the batch', async () => {
    const client = clientFor(emulator);
    const [a, b] = userIds(emulator);

    const users = await Promise.all([
      client.getUser(a, USER_SELECT),
      client.getUser('00000000-0000-0000-0000-000000000000', USER_SELECT),
      client.getUser(b, USER_SELECT),
    ]);

    expect(users.map((user) => user?.id ?? null)).toEqual([a, null, b]);
    // One `id in (...)` read: the unknown id is just not in Graph's answer.
    expect(traffic(emulator)).toEqual({ httpRequests: 1, batchRequests: 0, subRequests: 0 });
  });

  it('answers null from getManager for a user without a manager', async () => {
    const client = clientFor(emulator);
    const topId = userIds(emulator).find((id) => !emulator.tenant.managerOf.has(id))!;

    await expect(client.getManager(topId, USER_SELECT)).resolves.toBeNull();
  });

  it('answers getGroup with the group, and null for an unknown group', async () => {
    const client = clientFor(emulator);
    const [group] = emulator.tenant.groups.values();

    const [found, missing] = await Promise.all([
      client.getGroup(group.id, GROUP_SELECT),
      client.getGroup('11111111-1111-1111-1111-111111111111', GROUP_SELECT),
    ]);

    expect(found).toEqual({ id: group.id, displayName: group.displayName, groupTypes: group.groupTypes });
    expect(missing).toBeNull();
  });

  it('reads the signed-in user with a delegated token', async () => {
    const client = clientFor(emulator, { getToken: async () => userToken(emulator) });

    const me = await client.getMe(USER_SELECT);

    expect(me.id).toBe(emulator.info.defaultUserId);
    expect(received(emulator)).toEqual(['GET /v1.0/me?$select=id,displayName,userPrincipalName']);
  });

  it("rejects getMe with Graph's 400 BadRequest for an app-only token", async () => {
    const client = clientFor(emulator);

    await expect(client.getMe(USER_SELECT)).rejects.toMatchObject({
      name: 'GraphApiError',
      status: 400,
      code: 'BadRequest',
    });
  });

  it("rejects with status 401 and Graph's code and request id when Graph refuses the token", async () => {
    const client = clientFor(emulator, { getToken: async () => 'not-a-token' });

    const failure = await client.getUser(userIds(emulator)[0], USER_SELECT).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(GraphApiError);
    expect(failure).toMatchObject({ status: 401, code: 'InvalidAuthenticationToken', kind: 'http' });
    expect((failure as GraphApiError).requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects a failed list read with the GraphApiError of the answer', async () => {
    const client = clientFor(emulator);

    await expect(
      client.listDirectReports('00000000-0000-0000-0000-000000000000', { select: USER_SELECT, page: { first: 5 } }),
    ).rejects.toMatchObject({ name: 'GraphApiError', status: 404, code: 'Request_ResourceNotFound' });
  });

  it('passes a failure of getToken to every read of the wave unchanged, without calling Graph', async () => {
    const failure = new Error('no token for you');
    const client = clientFor(emulator, { getToken: async () => Promise.reject(failure) });
    const [a, b] = userIds(emulator);

    const outcomes = await Promise.allSettled([client.getUser(a, USER_SELECT), client.getUser(b, USER_SELECT)]);

    expect(outcomes).toEqual([
      { status: 'rejected', reason: failure },
      { status: 'rejected', reason: failure },
    ]);
    expect(traffic(emulator).httpRequests).toBe(0);
  });
});
