/**
 * `$expand` on users and groups: one relationship per request, and none in an advanced query.
 * Docs followed: concepts/query-parameters.md ("only one relationship can be expanded in a single
 * request" for some APIs; the 400 body is the one Graph's OData layer gives,
 * microsoftgraph/microsoft-graph-docs#96), concepts/aad-advanced-queries.md and
 * api-reference/v1.0/api/group-list-members.md ("`$expand` isn't supported with advanced query
 * parameters"; the body is undocumented: README choices).
 */
import { createTestEmulator, graphGet, type Emulator } from '../src/testing';

const EVENTUAL = { ConsistencyLevel: 'eventual' };
const TWO_ITEMS = {
  code: 'BadRequest',
  message: 'The result of parsing $expand contained at least 2 items, but the maximum allowed is 1.',
};
const IN_ADVANCED_QUERY = {
  code: 'Request_UnsupportedQuery',
  message:
    "'$expand' is not supported with advanced query parameters: a request with the 'ConsistencyLevel:eventual' header and $count=true or $search can't expand a relationship. Refer to https://aka.ms/graph-docs/advanced-queries for more information",
};

describe('$expand limits on directory objects (query-parameters.md, aad-advanced-queries.md)', () => {
  let emu: Emulator;
  let me: string;
  let group: string;
  beforeAll(() => {
    emu = createTestEmulator({ users: 30 });
    me = emu.info.defaultUserId;
    group = [...emu.tenant.groups.keys()][0] as string;
  });

  it('answers 400 BadRequest when one $expand names two relationships, on lists and on one object', async () => {
    for (const path of [
      '/v1.0/users?$expand=manager,memberOf',
      `/v1.0/users/${me}?$expand=manager($select=id),directReports`,
      `/v1.0/groups/${group}?$expand=members,owners`,
      '/beta/users?$expand=manager,memberOf',
    ]) {
      const res = await graphGet(emu, path);
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.body.error).toMatchObject(TWO_ITEMS);
    }
  });

  it('answers 400 Request_UnsupportedQuery for $expand with ConsistencyLevel eventual and $count=true or $search', async () => {
    const cases: string[] = [
      '/v1.0/users?$expand=manager&$count=true',
      '/v1.0/users?$expand=manager&$search="displayName:a"',
      '/v1.0/groups?$expand=members&$count=true&$filter=mailEnabled eq true',
    ];
    for (const path of cases) {
      const res = await graphGet(emu, path, { headers: EVENTUAL });
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.body.error).toMatchObject(IN_ADVANCED_QUERY);
    }
  });

  it('still expands one relationship, and with the header alone (no $count, no $search: not an advanced query)', async () => {
    const plain = await graphGet(emu, '/v1.0/users?$expand=manager&$top=3');
    expect(plain.status).toBe(200);
    const withHeader = await graphGet(emu, '/v1.0/users?$expand=manager&$top=3', { headers: EVENTUAL });
    expect(withHeader.status).toBe(200);
    // $count=true without the header is ignored (no advanced query), so $expand works there too.
    const countIgnored = await graphGet(emu, '/v1.0/users?$expand=manager&$count=true&$top=3');
    expect(countIgnored.status).toBe(200);
    expect(countIgnored.body['@odata.count']).toBeUndefined();
  });
});
