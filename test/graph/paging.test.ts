import { GraphInputError } from '../../src/graph/errors';
import { filterFor, searchFor } from '../../src/graph/odata';
import { encodeCursor } from '../../src/graph/paging';
import { createTestEmulator, TEST_ORIGIN, type Emulator } from '../helpers/emulator';
import { clientFor, GROUP_SELECT, received, resetTraffic, traffic, userIds } from './harness';

const SELECT = ['id', 'displayName'] as const;
let emulator: Emulator;

beforeAll(() => {
  emulator = createTestEmulator({ users: 300 });
});

beforeEach(() => resetTraffic(emulator));

describe('first and after', () => {
  it('maps first to $top and returns the first items in Graph order with a cursor to the rest', async () => {
    const client = clientFor(emulator);

    const page = await client.listUsers({ select: SELECT, page: { first: 250 } });

    expect(page.items.map((user) => user.id)).toEqual(userIds(emulator).slice(0, 250));
    expect(page.endCursor).toEqual(expect.any(String));
    expect(page.totalCount).toBeUndefined();
    expect(received(emulator)).toEqual(['GET /v1.0/users?$select=id,displayName&$top=250']);
  });

  it('continues from a cursor with the next items, without overlap, and ends with a null cursor', async () => {
    const first = await clientFor(emulator).listUsers({ select: SELECT, page: { first: 250 } });

    const second = await clientFor(emulator).listUsers({ select: SELECT, page: { first: 250, after: first.endCursor } });

    expect(second.items.map((user) => user.id)).toEqual(userIds(emulator).slice(250));
    expect(second.endCursor).toBeNull();
  });

  it('walks the whole collection with a smaller first after the first page, without gaps or repeats', async () => {
    const seen: string[] = [];
    let page = await clientFor(emulator).listUsers({ select: SELECT, page: { first: 100 } });
    seen.push(...page.items.map((user) => user.id));
    for (let calls = 0; page.endCursor !== null && calls < 20; calls += 1) {
      page = await clientFor(emulator).listUsers({ select: SELECT, page: { first: 30, after: page.endCursor } });
      expect(page.items.length).toBeLessThanOrEqual(30);
      seen.push(...page.items.map((user) => user.id));
    }

    expect(seen).toEqual(userIds(emulator));
  });

  it('follows nextLinks within one read when first asks for more than a page holds', async () => {
    const opening = await clientFor(emulator).listUsers({ select: SELECT, page: { first: 40 } });
    resetTraffic(emulator);
    const client = clientFor(emulator);

    // The cursor's link asks Graph for pages of 40; 100 items need three of them.
    const page = await client.listUsers({ select: SELECT, page: { first: 100, after: opening.endCursor } });

    expect(page.items.map((user) => user.id)).toEqual(userIds(emulator).slice(40, 140));
    expect(traffic(emulator).httpRequests).toBe(3);
    expect(client.stats().waves).toBe(3);
    const next = await clientFor(emulator).listUsers({ select: SELECT, page: { first: 20, after: page.endCursor } });
    expect(next.items.map((user) => user.id)).toEqual(userIds(emulator).slice(140, 160));
  });

  it('pages a relationship: direct reports of the manager with the most reports', async () => {
    const [managerId, reportIds] = [...emulator.tenant.directReportsOf].sort((a, b) => b[1].length - a[1].length)[0];
    const first = await clientFor(emulator).listDirectReports(managerId, { select: SELECT, page: { first: 2 } });
    const rest = await clientFor(emulator).listDirectReports(managerId, { select: SELECT, page: { first: 999, after: first.endCursor } });

    expect(reportIds.length).toBeGreaterThan(2);
    expect([...first.items, ...rest.items].map((user) => user.id)).toEqual(reportIds);
    expect(rest.endCursor).toBeNull();
  });

  it.each([0, 1000, 2.5, -1])('refuses first = %p with GraphInputError on first before calling Graph', async (first) => {
    const failure = await clientFor(emulator).listUsers({ select: SELECT, page: { first } }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(GraphInputError);
    expect((failure as GraphInputError).argument).toBe('first');
    expect(traffic(emulator).httpRequests).toBe(0);
  });
});

describe('cursor validation', () => {
  const refused = async (after: string, list: 'users' | 'memberOf' = 'users') => {
    const client = clientFor(emulator);
    const read =
      list === 'users'
        ? client.listUsers({ select: SELECT, page: { first: 5, after } })
        : client.listMemberOf(userIds(emulator)[0], { select: GROUP_SELECT, page: { first: 5, after } });
    const failure = await read.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GraphInputError);
    expect((failure as GraphInputError).argument).toBe('after');
    expect(traffic(emulator).httpRequests).toBe(0);
  };

  it('refuses a forged cursor that points at another host', async () => {
    await refused(encodeCursor({ link: 'https://attacker.example/v1.0/users?$skiptoken=x', skip: 0 }));
  });

  it('refuses a cursor with credentials or another scheme on the Graph host', async () => {
    await refused(encodeCursor({ link: TEST_ORIGIN.replace('http://', 'http://user:pw@') + '/v1.0/users', skip: 0 }));
    await refused(encodeCursor({ link: TEST_ORIGIN.replace('http://', 'https://') + '/v1.0/users', skip: 0 }));
  });

  it('refuses a cursor that leaves the version root or the collection', async () => {
    await refused(encodeCursor({ link: `${TEST_ORIGIN}/beta/users`, skip: 0 }));
    await refused(encodeCursor({ link: `${TEST_ORIGIN}/v1.0/users/../groups`, skip: 0 }));
    await refused(encodeCursor({ link: `${TEST_ORIGIN}/v1.0/users/${userIds(emulator)[0]}/messages`, skip: 0 }));
    await refused(encodeCursor({ link: `${TEST_ORIGIN}/v1.0/$batch`, skip: 0 }));
    await refused(encodeCursor({ link: `${TEST_ORIGIN}/v1.0/users?$top=5`, skip: 0 }), 'memberOf');
  });

  it('refuses cursors that do not decode', async () => {
    await refused('not a cursor!');
    await refused(Buffer.from('{"l":42}').toString('base64url'));
    await refused(Buffer.from('[1,2]').toString('base64url'));
    await refused(Buffer.from(JSON.stringify({ l: `${TEST_ORIGIN}/v1.0/users`, s: -3 })).toString('base64url'));
  });
});

describe('advanced queries', () => {
  it('returns totalCount with count: true, sending $count=true and ConsistencyLevel: eventual', async () => {
    const page = await clientFor(emulator).listUsers({ select: SELECT, page: { first: 5 }, count: true });

    expect(page.totalCount).toBe(300);
    expect(received(emulator)).toEqual(['GET /v1.0/users?$select=id,displayName&$count=true&$top=5']);
  });

  it('sends ConsistencyLevel as a step header inside a $batch', async () => {
    const client = clientFor(emulator);

    const [users, groups] = await Promise.all([
      client.listUsers({ select: SELECT, page: { first: 5 }, count: true }),
      client.listGroups({ select: GROUP_SELECT, page: { first: 5 }, count: true }),
    ]);

    expect(traffic(emulator)).toEqual({ httpRequests: 1, batchRequests: 1, subRequests: 2 });
    expect(users.totalCount).toBe(300);
    expect(groups.totalCount).toBe(emulator.tenant.groups.size);
  });

  it('searches with $search and ConsistencyLevel, also on the pages after the first', async () => {
    const target = emulator.tenant.users.get(userIds(emulator)[0])!;
    const search = searchFor(['displayName']).clause('displayName', target.givenName!);
    const expected = [...emulator.tenant.users.values()].filter((user) =>
      user.displayName.toLowerCase().split(/[^a-z0-9]+/).includes(target.givenName!.toLowerCase()),
    );

    const first = await clientFor(emulator).listUsers({ select: SELECT, page: { first: 1 }, search });
    const rest = await clientFor(emulator).listUsers({ select: SELECT, page: { first: 999, after: first.endCursor }, search });

    expect(expected.length).toBeGreaterThan(0);
    expect([...first.items, ...rest.items].map((user) => user.id).sort()).toEqual(expected.map((user) => user.id).sort());
  });

  it('filters with $filter built by the odata helpers', async () => {
    const department = emulator.tenant.users.get(userIds(emulator)[0])!.department!;
    const filter = filterFor(['department']).eq('department', department);
    const expected = [...emulator.tenant.users.values()].filter((user) => user.department === department).map((user) => user.id);

    const page = await clientFor(emulator).listUsers({ select: SELECT, page: { first: 999 }, filter });

    expect(page.items.map((user) => user.id)).toEqual(expected);
  });

  it('adds the advanced-query parameters itself for a ne filter', async () => {
    const department = emulator.tenant.users.get(userIds(emulator)[0])!.department!;
    const filter = filterFor(['department']).ne('department', department);

    const page = await clientFor(emulator).listUsers({ select: ['department'], page: { first: 999 }, filter });

    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((user) => user.department !== department)).toBe(true);
    expect(page.totalCount).toBeUndefined();
  });
});
