/**
 * OData casts spelled with the `graph` alias the CSDL declares (`Alias="graph"`), as Microsoft's
 * Kiota SDKs build them. Docs followed: api-reference/v1.0/api/user-list-memberof.md,
 * user-list-transitivememberof.md, user-list-directreports.md, group-list-members.md (their
 * `microsoft.graph.group` / `microsoft.graph.user` casts; Graph resolves both spellings).
 */
import { createTestEmulator, graphGet, type Emulator } from '../src/testing';
import type { UserRecord } from '../src/tenant/model';

const ADVANCED = { ConsistencyLevel: 'eventual' };

describe('casts spelled with the graph alias (user-list-memberof.md, group-list-members.md)', () => {
  let emu: Emulator;
  let me: UserRecord;

  beforeAll(() => {
    emu = createTestEmulator({ users: 50 });
    me = emu.tenant.users.get(emu.info.defaultUserId) as UserRecord;
  });

  const pairs = (): Array<[string, string, Record<string, string>]> => {
    const managerId = emu.tenant.managerOf.get(me.id) as string;
    const group = [...emu.tenant.groups.values()].find((g) => (emu.tenant.membersOf.get(g.id) ?? []).length > 0);
    return [
      [`/users/${me.id}/memberOf`, 'group', {}],
      [`/users/${me.id}/memberOf`, 'directoryRole', {}],
      [`/users/${me.id}/transitiveMemberOf`, 'group', ADVANCED],
      [`/users/${managerId}/directReports`, 'user', {}],
      [`/groups/${group?.id}/members`, 'user', {}],
    ];
  };

  it('answers every graph.X cast with 200 and exactly the body of the microsoft.graph.X spelling', async () => {
    for (const [base, kind, headers] of pairs()) {
      const count = Object.keys(headers).length > 0 ? '&$count=true' : '';
      const full = await graphGet(emu, `/v1.0${base}/microsoft.graph.${kind}?$select=id,displayName${count}`, {
        headers,
      });
      const alias = await graphGet(emu, `/v1.0${base}/graph.${kind}?$select=id,displayName${count}`, { headers });
      expect([base, kind, alias.status]).toEqual([base, kind, 200]);
      expect(alias.body.value).toEqual(full.body.value);
      expect(alias.body.value.length).toBeGreaterThan(0);
    }
  });

  it('answers graph.group/$count with 200 and the same count as microsoft.graph.group/$count', async () => {
    const full = await graphGet(emu, `/v1.0/users/${me.id}/memberOf/microsoft.graph.group/$count`, {
      headers: ADVANCED,
    });
    const alias = await graphGet(emu, `/v1.0/users/${me.id}/memberOf/graph.group/$count`, { headers: ADVANCED });
    expect(alias.status).toBe(200);
    expect(alias.text).toBe(full.text);
  });

  it('still answers 400 BadRequest "Resource not found for the segment" for an unknown alias cast', async () => {
    const res = await graphGet(emu, `/v1.0/users/${me.id}/memberOf/graph.nothing`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'BadRequest',
      message: "Resource not found for the segment 'graph.nothing'.",
    });
  });
});
