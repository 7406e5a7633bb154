/**
 * A user's memberships include administrative units (user-list-memberof.md: "groups, directory
 * roles, and administrative units"; OData cast enabled; user-list-transitivememberof.md), which
 * Microsoft's Kiota SDK reaches as `memberOf.graphAdministrativeUnit`. The emulated tenant has
 * none, so the casts answer an empty collection of `administrativeUnits` (transitive: an
 * advanced query, aad-advanced-queries.md), never an unknown segment.
 */
import { createTestEmulator, graphGet, type Emulator } from '../src/testing';

const ADVANCED = { ConsistencyLevel: 'eventual' };

describe("casts of a user's memberships to administrativeUnit (user-list-memberof.md)", () => {
  let emu: Emulator;
  let me: string;

  beforeAll(() => {
    emu = createTestEmulator({ users: 20 });
    me = emu.info.defaultUserId;
  });

  it('answers memberOf/microsoft.graph.administrativeUnit, and its graph alias, with an empty collection', async () => {
    for (const prefix of ['microsoft.graph', 'graph']) {
      const res = await graphGet(emu, `/v1.0/users/${me}/memberOf/${prefix}.administrativeUnit`);
      expect([prefix, res.status]).toEqual([prefix, 200]);
      expect(res.body).toEqual({
        '@odata.context': 'http://emulator.test/v1.0/$metadata#administrativeUnits',
        value: [],
      });
    }
  });

  it('counts zero with ConsistencyLevel: eventual, on the /$count segment and with $count=true', async () => {
    const count = await graphGet(emu, `/v1.0/users/${me}/memberOf/microsoft.graph.administrativeUnit/$count`, {
      headers: ADVANCED,
    });
    expect([count.status, count.text]).toEqual([200, '0']);
    const counted = await graphGet(emu, `/v1.0/me/memberOf/microsoft.graph.administrativeUnit?$count=true`, {
      token: 'user',
      headers: ADVANCED,
    });
    expect(counted.body).toMatchObject({ '@odata.count': 0, value: [] });
  });

  it('treats the transitive cast as an advanced query, like the other transitive casts', async () => {
    const path = `/v1.0/users/${me}/transitiveMemberOf/microsoft.graph.administrativeUnit`;
    const refused = await graphGet(emu, path);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('Request_UnsupportedQuery');
    const answered = await graphGet(emu, `${path}?$count=true`, { headers: ADVANCED });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ '@odata.count': 0, value: [] });
  });
});
