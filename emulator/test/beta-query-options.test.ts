/**
 * On beta the `$` of a system query option is optional. Docs followed: concepts/query-parameters.md
 * ("On the beta endpoint, the `$` prefix is optional... On the v1 endpoint, the `$` prefix is
 * optional for only a subset of APIs. For simplicity, always include `$`"): the emulator honours
 * `filter=`, `top=`, `select=`, `orderby=`, `count=`, `search=`, `expand=`, `skiptoken=` on beta
 * and requires the `$` on v1.0 (README choices).
 */
import { createTestEmulator, graphBatch, graphGet, type Emulator } from '../src/testing';
import type { UserRecord } from '../src/tenant/model';

const EVENTUAL = { ConsistencyLevel: 'eventual' };

describe('unprefixed query options on beta (query-parameters.md)', () => {
  let emu: Emulator;
  let me: UserRecord;
  beforeAll(() => {
    emu = createTestEmulator({ users: 30 });
    me = emu.tenant.users.get(emu.info.defaultUserId) as UserRecord;
  });

  it('reads filter=, select= and top= on /beta/users as $filter, $select and $top', async () => {
    const res = await graphGet(
      emu,
      `/beta/users?filter=userPrincipalName eq '${me.userPrincipalName}'&select=id,displayName&top=5`,
    );
    expect(res.status).toBe(200);
    expect(res.body.value).toEqual([{ id: me.id, displayName: me.displayName }]);
    expect(res.body['@odata.context']).toMatch(/\/beta\/\$metadata#users\(id,displayName\)$/);
  });

  it('reads count=, search= and orderby= in an advanced query, and expand= on one user', async () => {
    const counted = await graphGet(
      emu,
      '/beta/users?count=true&search="displayName:a"&orderby=displayName&select=displayName',
      {
        headers: EVENTUAL,
      },
    );
    expect(counted.status).toBe(200);
    expect(counted.body['@odata.count']).toBe(counted.body.value.length);
    const names = counted.body.value.map((u: { displayName: string }) => u.displayName.toLowerCase());
    expect(names).toEqual([...names].sort());

    const expanded = await graphGet(emu, `/beta/users/${me.id}?select=id&expand=manager(select=id)`);
    expect(expanded.status).toBe(200);
    expect(expanded.body.manager).toEqual({
      '@odata.type': '#microsoft.graph.user',
      id: emu.tenant.managerOf.get(me.id),
    });
  });

  it('follows a nextLink built from top= and pages with skiptoken=', async () => {
    const first = await graphGet(emu, '/beta/users?top=10&select=id');
    expect(first.body.value).toHaveLength(10);
    const next = new URL(first.body['@odata.nextLink'] as string);
    const token = next.searchParams.get('$skiptoken') as string;
    const second = await graphGet(emu, `/beta/users?top=10&select=id&skiptoken=${token}`);
    expect(second.status).toBe(200);
    const firstIds = new Set(first.body.value.map((u: { id: string }) => u.id));
    expect(second.body.value.some((u: { id: string }) => firstIds.has(u.id))).toBe(false);
  });

  it('honours them in a $batch step on beta too', async () => {
    const res = await graphBatch(emu, [{ id: '1', method: 'GET', url: '/beta/users?top=2&select=id' }]);
    expect(res.answers.get('1')?.status).toBe(200);
    expect(Object.keys(res.answers.get('1')?.body.value[0])).toEqual(['id']);
  });

  it('ignores them on v1.0, where the $ is required', async () => {
    const res = await graphGet(emu, `/v1.0/users?filter=userPrincipalName eq '${me.userPrincipalName}'&top=2`);
    expect(res.status).toBe(200);
    expect(res.body.value.length).toBeGreaterThan(1);
    expect(Object.keys(res.body.value[0])).toContain('businessPhones');
  });

  it('answers 400 when an option is given both with and without the $', async () => {
    const res = await graphGet(emu, '/beta/users?top=2&$top=3');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'BadRequest',
      message: "Query option '$top' was specified more than once, but it must be specified at most once.",
    });
  });
});
