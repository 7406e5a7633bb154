import { GraphInputError } from '../../src/graph/errors';
import { filterFor, searchFor } from '../../src/graph/odata';
import { createCursorSeal } from '../../src/graph/paging';
import { createTestEmulator, TEST_ORIGIN, type Emulator } from '@msgraph-graphql/emulator/testing';
import { clientFor, GROUP_SELECT, received, resetTraffic, traffic, userIds } from '../kit/graph-client';

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

    const second = await clientFor(emulator).listUsers({
      select: SELECT,
      page: { first: 250, after: first.endCursor },
    });

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

  it('follows nextLinks within one read when Graph answers fewer items than $top asks for', async () => {
    // Graph may cap a page below $top (`signInActivity`: 120, `$expand`: 100): here every page holds 40.
    const capped = (request: Request) => {
      const url = new URL(request.url);
      if (url.searchParams.has('$top')) url.searchParams.set('$top', '40');
      return emulator.fetch(new Request(url, request));
    };
    const opening = await clientFor(emulator, { fetch: capped }).listUsers({ select: SELECT, page: { first: 40 } });
    resetTraffic(emulator);
    const client = clientFor(emulator, { fetch: capped });

    const page = await client.listUsers({ select: SELECT, page: { first: 100, after: opening.endCursor } });

    expect(page.items.map((user) => user.id)).toEqual(userIds(emulator).slice(40, 140));
    expect(traffic(emulator).httpRequests).toBe(3);
    expect(client.stats().waves).toBe(3);
    const next = await clientFor(emulator).listUsers({ select: SELECT, page: { first: 20, after: page.endCursor } });
    expect(next.items.map((user) => user.id)).toEqual(userIds(emulator).slice(140, 160));
  });

  it('reads the page after a cursor with the $select and $top of the current request, and only the skiptoken of the nextLink', async () => {
    const opening = await clientFor(emulator).listUsers({ select: ['id'], page: { first: 40 } });
    resetTraffic(emulator);

    const page = await clientFor(emulator).listUsers({
      select: ['id', 'displayName', 'mail'],
      page: { first: 60, after: opening.endCursor },
    });

    const lines = received(emulator);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^GET \/v1\.0\/users\?\$select=id,displayName,mail&\$top=60&\$skiptoken=[A-Za-z0-9_-]+$/);
    expect(page.items.slice(0, 2)).toEqual(
      userIds(emulator)
        .slice(40, 42)
        .map((id) => {
          const user = emulator.tenant.users.get(id)!;
          return { id, displayName: user.displayName, mail: user.mail ?? null };
        }),
    );
  });

  it('gives every item a cursor that continues right after it, also in the middle of a Graph page', async () => {
    const page = await clientFor(emulator).listUsers({ select: SELECT, page: { first: 10 } });

    const afterThird = await clientFor(emulator).listUsers({
      select: SELECT,
      page: { first: 4, after: page.cursorAfter(2) },
    });
    const afterLast = await clientFor(emulator).listUsers({
      select: SELECT,
      page: { first: 4, after: page.cursorAfter(9) },
    });

    expect(afterThird.items.map((user) => user.id)).toEqual(userIds(emulator).slice(3, 7));
    expect(afterLast.items.map((user) => user.id)).toEqual(userIds(emulator).slice(10, 14));
  });

  it('pages a relationship: direct reports of the manager with the most reports', async () => {
    const [managerId, reportIds] = [...emulator.tenant.directReportsOf].sort((a, b) => b[1].length - a[1].length)[0];
    const first = await clientFor(emulator).listDirectReports(managerId, { select: SELECT, page: { first: 2 } });
    const rest = await clientFor(emulator).listDirectReports(managerId, {
      select: SELECT,
      page: { first: 999, after: first.endCursor },
    });

    expect(reportIds.length).toBeGreaterThan(2);
    expect([...first.items, ...rest.items].map((user) => user.id)).toEqual(reportIds);
    expect(rest.endCursor).toBeNull();
  });

  it.each([0, 1000, 2.5, -1])(
    'refuses first = %p with GraphInputError on first before calling Graph',
    async (first) => {
      const failure = await clientFor(emulator)
        .listUsers({ select: SELECT, page: { first } })
        .catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(GraphInputError);
      expect((failure as GraphInputError).argument).toBe('first');
      expect(traffic(emulator).httpRequests).toBe(0);
    },
  );
});

describe('cursor validation', () => {
  const refused = async (after: string, list: 'users' | 'memberOf' | 'filtered' = 'users', binding?: string) => {
    resetTraffic(emulator);
    const client = clientFor(emulator, binding === undefined ? {} : { cursorBinding: binding });
    const read =
      list === 'users'
        ? client.listUsers({ select: SELECT, page: { first: 5, after } })
        : list === 'filtered'
          ? client.listUsers({
              select: SELECT,
              page: { first: 5, after },
              filter: filterFor(['department']).eq('department', 'x'),
            })
          : client.listMemberOf(userIds(emulator)[0], { select: GROUP_SELECT, page: { first: 5, after } });
    const failure = await read.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GraphInputError);
    expect((failure as GraphInputError).argument).toBe('after');
    expect((failure as GraphInputError).message).toMatch(
      /^after is not a cursor this API issued for this list and caller \(.+\)\.$/,
    );
    expect(traffic(emulator).httpRequests).toBe(0);
  };
  const usersCursor = async (options: { binding?: string; secret?: string } = {}) =>
    (
      await clientFor(emulator, {
        ...(options.binding === undefined ? {} : { cursorBinding: options.binding }),
        ...(options.secret === undefined ? {} : { cursorSecret: options.secret }),
      }).listUsers({ select: SELECT, page: { first: 5 } })
    ).endCursor as string;

  it('refuses a cursor of the former unsealed format that names its own Graph link', async () => {
    await refused(
      Buffer.from(
        JSON.stringify({ l: `${TEST_ORIGIN}/v1.0/users?$filter=startswith(mobilePhone,'1')`, s: 0 }),
      ).toString('base64url'),
    );
    await refused(
      Buffer.from(JSON.stringify({ l: 'https://attacker.example/v1.0/users?$skiptoken=x' })).toString('base64url'),
    );
  });

  it('refuses a cursor whose position was changed, even with a well-formed payload', async () => {
    const [version, , mac] = (await usersCursor()).split('.');
    const payload = Buffer.from(JSON.stringify(['t', 'other-token', 0, 0])).toString('base64url');
    await refused(`${version}.${payload}.${mac}`);
  });

  it('refuses a cursor sealed with another key', async () => {
    await refused(await usersCursor({ secret: 'another deployment key, 32 characters or more' }));
  });

  it('refuses a cursor issued to another caller', async () => {
    await refused(await usersCursor({ binding: 'user:tenant/someone-else' }), 'users', 'user:tenant/me');
  });

  it('refuses a cursor of another collection or another filter', async () => {
    const cursor = await usersCursor();
    await refused(cursor, 'memberOf');
    await refused(cursor, 'filtered');
  });

  it('refuses cursors that do not decode', async () => {
    await refused('not a cursor!');
    await refused('c1.e30.AAAA');
    await refused(Buffer.from('[1,2]').toString('base64url'));
    await refused(`c1.${'A'.repeat(5000)}.x`);
  });
});

describe('the cursor seal', () => {
  const binding = { collection: '/groups/g1/members', shape: '[null,null]' };
  const position = { page: { name: '$skiptoken' as const, value: 'abc' }, counted: true, offset: 3 };

  it('opens what it sealed for the same binding, and refuses it for another collection, shape, caller or key', () => {
    const cursor = createCursorSeal('k'.repeat(32), 'app:1').seal(position, binding);

    expect(cursor).toMatch(/^c1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(createCursorSeal('k'.repeat(32), 'app:1').open(cursor, binding)).toEqual(position);
    expect(() =>
      createCursorSeal('k'.repeat(32), 'app:1').open(cursor, { ...binding, collection: '/groups/g2/members' }),
    ).toThrow(GraphInputError);
    expect(() => createCursorSeal('k'.repeat(32), 'app:1').open(cursor, { ...binding, shape: '["x",null]' })).toThrow(
      GraphInputError,
    );
    expect(() => createCursorSeal('k'.repeat(32), 'app:2').open(cursor, binding)).toThrow(GraphInputError);
    expect(() => createCursorSeal('j'.repeat(32), 'app:1').open(cursor, binding)).toThrow(GraphInputError);
  });

  it('keeps the start of a collection and a To Do $skip position', () => {
    const seal = createCursorSeal('k'.repeat(32), 'app:1');
    const start = { page: null, counted: false, offset: 7 };
    const skip = { page: { name: '$skip' as const, value: '20' }, counted: false, offset: 0 };

    expect(seal.open(seal.seal(start, binding), binding)).toEqual(start);
    expect(seal.open(seal.seal(skip, binding), binding)).toEqual(skip);
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
      user.displayName
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .includes(target.givenName!.toLowerCase()),
    );

    const first = await clientFor(emulator).listUsers({ select: SELECT, page: { first: 1 }, search });
    const rest = await clientFor(emulator).listUsers({
      select: SELECT,
      page: { first: 999, after: first.endCursor },
      search,
    });

    expect(expected.length).toBeGreaterThan(0);
    expect([...first.items, ...rest.items].map((user) => user.id).sort()).toEqual(
      expected.map((user) => user.id).sort(),
    );
  });

  it('filters with $filter built by the odata helpers', async () => {
    const department = emulator.tenant.users.get(userIds(emulator)[0])!.department!;
    const filter = filterFor(['department']).eq('department', department);
    const expected = [...emulator.tenant.users.values()]
      .filter((user) => user.department === department)
      .map((user) => user.id);

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
