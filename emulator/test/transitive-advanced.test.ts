/**
 * A cast on a transitive list is an advanced query. Docs followed: concepts/aad-advanced-queries.md
 * ("Use of OData cast with transitive members list": `~/me/transitiveMemberOf/microsoft.graph.group?$count=true`
 * with `ConsistencyLevel: eventual`; a call missing the parameters "returns an error", whose body
 * for a cast is undocumented: README choices) and api-reference/v1.0/api/user-list-transitivememberof.md.
 */
import { createTestEmulator, graphGet, type Emulator } from '../src/testing';

const MISSING = {
  code: 'Request_UnsupportedQuery',
  message:
    'OData cast on a transitive list is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information',
};
const EVENTUAL = { ConsistencyLevel: 'eventual' };

describe('casts on transitive lists need the advanced query parameters (aad-advanced-queries.md)', () => {
  let emu: Emulator;
  let me: string;
  let group: string;
  beforeAll(() => {
    emu = createTestEmulator({ users: 30 });
    me = emu.info.defaultUserId;
    group = [...emu.tenant.groups.keys()][0] as string;
  });

  it('answers /me/transitiveMemberOf/microsoft.graph.group with $count=true and the header with 200 and @odata.count', async () => {
    const res = await graphGet(emu, '/v1.0/me/transitiveMemberOf/microsoft.graph.group?$count=true&$select=id', {
      token: 'user',
      headers: EVENTUAL,
    });
    expect(res.status).toBe(200);
    expect(res.body['@odata.count']).toBe(res.body.value.length);
    expect(res.body.value.length).toBeGreaterThan(0);
  });

  it('answers 400 Request_UnsupportedQuery without the header, without $count=true, or with neither', async () => {
    const cases: Array<[string, Record<string, string>]> = [
      [`/v1.0/users/${me}/transitiveMemberOf/microsoft.graph.group?$count=true`, {}],
      [`/v1.0/users/${me}/transitiveMemberOf/microsoft.graph.group`, EVENTUAL],
      [`/v1.0/users/${me}/transitiveMemberOf/graph.group`, {}],
      [`/v1.0/groups/${group}/transitiveMembers/microsoft.graph.user?$count=false`, EVENTUAL],
      [`/v1.0/groups/${group}/transitiveMemberOf/microsoft.graph.group`, {}],
    ];
    for (const [path, headers] of cases) {
      const res = await graphGet(emu, path, { headers });
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.body.error).toMatchObject(MISSING);
    }
  });

  it('accepts $search with only the header, as every advanced query does', async () => {
    const res = await graphGet(
      emu,
      `/v1.0/users/${me}/transitiveMemberOf/microsoft.graph.group?$search="displayName:a"`,
      { headers: EVENTUAL },
    );
    expect(res.status).toBe(200);
  });

  it('still answers the uncast transitive list and a direct cast (memberOf) with 200 without the parameters', async () => {
    expect((await graphGet(emu, `/v1.0/users/${me}/transitiveMemberOf`)).status).toBe(200);
    expect((await graphGet(emu, `/v1.0/users/${me}/memberOf/microsoft.graph.group`)).status).toBe(200);
  });
});
