import {
  createTestEmulator,
  graphGet,
  TEST_ORIGIN,
  userToken,
  appToken,
  type CallResult,
  type Emulator,
} from '../src/testing';
import type { DirectoryObject, GroupRecord, UserRecord } from '../src/tenant/model';

const USER_DEFAULTS = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];
const EVENTUAL = { ConsistencyLevel: 'eventual' };

interface Page {
  value: Array<{ id: string }>;
  '@odata.nextLink'?: string;
}

function pick(record: object, names: readonly string[]): Record<string, unknown> {
  const values = record as Record<string, unknown>;
  return Object.fromEntries(names.map((name) => [name, values[name] ?? null]));
}

describe('directory: users', () => {
  let emu: Emulator;
  let users: UserRecord[];
  let me: UserRecord;

  beforeAll(() => {
    emu = createTestEmulator({ users: 50 });
    users = [...emu.tenant.users.values()];
    me = users[0] as UserRecord;
  });

  const ids = (body: { value: Array<{ id: string }> }) => body.value.map((item) => item.id);
  const usersWhere = (predicate: (u: UserRecord) => boolean) => users.filter(predicate).map((u) => u.id);

  describe('GET /users', () => {
    it('returns exactly the 11 default properties of each user, in Graph order', async () => {
      const res = await graphGet(emu, '/v1.0/users?$top=5');
      expect(res.status).toBe(200);
      expect(res.body['@odata.context']).toBe(`${TEST_ORIGIN}/v1.0/$metadata#users`);
      expect(res.body.value).toEqual(users.slice(0, 5).map((u) => pick(u, USER_DEFAULTS)));
      expect(Object.keys(res.body.value[0])).toEqual(USER_DEFAULTS);
    });

    it('pages 100 users by default', async () => {
      const big = createTestEmulator({ users: 150 });
      const res = await graphGet(big, '/v1.0/users');
      expect(res.body.value).toHaveLength(100);
      expect(res.body['@odata.nextLink']).toMatch(
        /^http:\/\/emulator\.test\/v1\.0\/users\?\$skiptoken=[A-Za-z0-9_-]+$/,
      );
      const rest = await graphGet(big, res.body['@odata.nextLink'].slice(TEST_ORIGIN.length));
      expect(rest.body.value).toHaveLength(50);
      expect(rest.body['@odata.nextLink']).toBeUndefined();
    });

    it('returns exactly the $select subset or superset of the defaults, no id added, and names it in @odata.context (user-get.md)', async () => {
      const res = await graphGet(emu, '/v1.0/users?$top=3&$select=displayName,department,accountEnabled');
      expect(res.body['@odata.context']).toBe(
        `${TEST_ORIGIN}/v1.0/$metadata#users(displayName,department,accountEnabled)`,
      );
      expect(res.body.value).toEqual(
        users.slice(0, 3).map((u) => pick(u, ['displayName', 'department', 'accountEnabled'])),
      );
    });

    it('shows known unset $select properties as null or [] and spells names as Graph does', async () => {
      const res = await graphGet(emu, `/v1.0/users/${me.id}?$select=DisplayName,faxNumber,interests`);
      expect(res.body).toEqual({
        '@odata.context': `${TEST_ORIGIN}/v1.0/$metadata#users(DisplayName,faxNumber,interests)/$entity`,
        displayName: me.displayName,
        faxNumber: null,
        interests: me.interests,
      });
    });

    it("refuses $top outside 1..999 with Graph's Request_UnsupportedQuery", async () => {
      for (const top of ['1000', '0']) {
        const res = await graphGet(emu, `/v1.0/users?$top=${top}`);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('Request_UnsupportedQuery');
        expect(res.body.error.message).toBe(
          `Invalid page size specified: '${top}'. Must be between 1 and 999 inclusive.`,
        );
      }
    });

    it('refuses $skip with Request_BadRequest', async () => {
      const res = await graphGet(emu, '/v1.0/users?$skip=5');
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'Request_BadRequest',
        message: "'$skip' is not supported by the service.",
      });
    });

    it('walks every page by nextLink with no duplicate and no gap, the same way twice', async () => {
      const walk = async () => {
        const links: string[] = [];
        const seen: string[] = [];
        let next: string | undefined = '/v1.0/users?$top=7&$select=id,displayName';
        for (let page = 0; next && page < 20; page++) {
          const res: CallResult<Page> = await graphGet<Page>(emu, next);
          expect(res.status).toBe(200);
          seen.push(...ids(res.body));
          next = res.body['@odata.nextLink']?.slice(TEST_ORIGIN.length);
          if (next) links.push(next);
        }
        return { links, seen };
      };
      const first = await walk();
      expect(first.seen).toEqual(users.map((u) => u.id));
      expect(first.links).toHaveLength(7);
      for (const link of first.links)
        expect(link).toMatch(/^\/v1\.0\/users\?\$top=7&\$select=id%2CdisplayName&\$skiptoken=[A-Za-z0-9_-]{22}$/);
      expect(await walk()).toEqual(first);
    });

    it('refuses a skiptoken used with another result set (another $filter)', async () => {
      const res = await graphGet(emu, '/v1.0/users?$top=7');
      const token = new URL(res.body['@odata.nextLink']).searchParams.get('$skiptoken');
      const reused = await graphGet(emu, `/v1.0/users?$top=7&$filter=accountEnabled eq true&$skiptoken=${token}`);
      expect(reused.status).toBe(400);
      expect(reused.body.error).toMatchObject({ code: 'Request_BadRequest', message: 'Invalid Skip Token' });
    });

    it('honours a skiptoken with another $top and $select: the next items, from the same position', async () => {
      const res = await graphGet(emu, '/v1.0/users?$top=7&$select=id');
      const token = new URL(res.body['@odata.nextLink']).searchParams.get('$skiptoken');
      const all = await graphGet(emu, '/v1.0/users?$top=20&$select=id,displayName');
      const reused = await graphGet(emu, `/v1.0/users?$top=8&$select=id,displayName&$skiptoken=${token}`);
      expect(reused.status).toBe(200);
      expect(reused.body.value).toEqual(all.body.value.slice(7, 15));
    });
  });

  describe('$filter', () => {
    it('supports eq, startsWith, in, ge/le and any() on default properties', async () => {
      const cases: Array<[string, string[]]> = [
        [
          `displayName eq '${me.displayName.toUpperCase()}'`,
          usersWhere((u) => u.displayName.toLowerCase() === me.displayName.toLowerCase()),
        ],
        ["startsWith(givenName,'a')", usersWhere((u) => (u.givenName ?? '').toLowerCase().startsWith('a'))],
        ["department in ('Sales', 'Legal')", usersWhere((u) => u.department === 'Sales' || u.department === 'Legal')],
        ["surname ge 'T' and surname le 'Y'", usersWhere((u) => (u.surname ?? '') >= 'T' && (u.surname ?? '') <= 'Y')],
        ['accountEnabled eq false', usersWhere((u) => u.accountEnabled === false)],
        ["userType eq 'Guest'", usersWhere((u) => u.userType === 'Guest')],
        [`id in ('${me.id}', '${users[3]?.id}')`, [me.id, users[3]?.id as string]],
        [
          `proxyAddresses/any(p:startsWith(p,'SMTP:${me.mail?.slice(0, 4)}'))`,
          usersWhere((u) =>
            (u.proxyAddresses ?? []).some((p) => p.toLowerCase().startsWith(`smtp:${me.mail?.slice(0, 4)}`)),
          ),
        ],
      ];
      for (const [filter, expected] of cases) {
        const res = await graphGet(emu, `/v1.0/users?$select=id&$filter=${encodeURIComponent(filter)}`);
        expect({ filter, status: res.status, ids: ids(res.body) }).toEqual({ filter, status: 200, ids: expected });
        expect(expected.length).toBeGreaterThan(0);
      }
    });

    it('refuses ne, not and endsWith without the advanced query parameters', async () => {
      for (const [operator, filter] of [
        ['ne', "userType ne 'Guest'"],
        ['not', "not(userType eq 'Guest')"],
        ['endsWith', "endsWith(mail,'contoso.onmicrosoft.com')"],
      ]) {
        for (const headers of [{}, EVENTUAL]) {
          const res = await graphGet(emu, `/v1.0/users?$filter=${encodeURIComponent(filter as string)}`, { headers });
          expect(res.status).toBe(400);
          expect(res.body.error.code).toBe('Request_UnsupportedQuery');
          expect(res.body.error.message).toBe(
            `Operator '${operator}' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information`,
          );
        }
      }
    });

    it('runs ne, not and endsWith with ConsistencyLevel: eventual and $count=true', async () => {
      const members = usersWhere((u) => u.userType !== 'Guest');
      const ne = await graphGet(
        emu,
        `/v1.0/users?$count=true&$select=id&$filter=${encodeURIComponent("userType ne 'Guest'")}`,
        { headers: EVENTUAL },
      );
      expect(ne.status).toBe(200);
      expect(ne.body['@odata.count']).toBe(members.length);
      expect(ids(ne.body)).toEqual(members);
      const not = await graphGet(
        emu,
        `/v1.0/users?$count=true&$select=id&$filter=${encodeURIComponent("not(userType eq 'Guest')")}`,
        { headers: EVENTUAL },
      );
      expect(ids(not.body)).toEqual(members);
      const guests = await graphGet(
        emu,
        `/v1.0/users?$count=true&$select=id&$filter=${encodeURIComponent("endsWith(userPrincipalName,'#EXT#@contoso.onmicrosoft.com')")}`,
        { headers: EVENTUAL },
      );
      expect(ids(guests.body)).toEqual(usersWhere((u) => u.userType === 'Guest'));
    });

    it('needs advanced queries for properties such as officeLocation and eq null', async () => {
      const filter = encodeURIComponent(`officeLocation eq '${me.officeLocation}'`);
      const plain = await graphGet(emu, `/v1.0/users?$filter=${filter}`);
      expect(plain.status).toBe(400);
      expect(plain.body.error).toMatchObject({
        code: 'Request_UnsupportedQuery',
        message:
          "Unsupported or invalid query filter clause specified for property 'officeLocation' of resource 'User'.",
      });
      const advanced = await graphGet(emu, `/v1.0/users?$count=true&$select=id&$filter=${filter}`, {
        headers: EVENTUAL,
      });
      expect(ids(advanced.body)).toEqual(usersWhere((u) => u.officeLocation === me.officeLocation));
      const nulls = await graphGet(emu, '/v1.0/users?$count=true&$select=id&$filter=jobTitle%20eq%20null', {
        headers: EVENTUAL,
      });
      expect(ids(nulls.body)).toEqual(usersWhere((u) => u.jobTitle === null));
      expect((await graphGet(emu, '/v1.0/users?$filter=jobTitle%20eq%20null')).status).toBe(400);
    });

    it('answers 400 BadRequest with the parser message for a malformed or ill-typed expression', async () => {
      const malformed = await graphGet(emu, `/v1.0/users?$filter=${encodeURIComponent('displayName eq')}`);
      expect(malformed.status).toBe(400);
      expect(malformed.body.error).toMatchObject({
        code: 'BadRequest',
        message: "Invalid filter clause: Syntax error at position 14 in 'displayName eq'.",
      });
      const unknown = await graphGet(emu, `/v1.0/users?$filter=${encodeURIComponent("nickname eq 'x'")}`);
      expect(unknown.body.error).toMatchObject({
        code: 'BadRequest',
        message: "Invalid filter clause: Could not find a property named 'nickname' on type 'microsoft.graph.user'.",
      });
      const quoted = await graphGet(emu, `/v1.0/users?$filter=${encodeURIComponent("accountEnabled eq 'true'")}`);
      expect(quoted.body.error.code).toBe('BadRequest');
    });

    it('limits in() to 15 values outside advanced queries', async () => {
      const values = Array.from({ length: 16 }, (_, i) => `'d${i}'`).join(',');
      const res = await graphGet(emu, `/v1.0/users?$filter=${encodeURIComponent(`department in (${values})`)}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        "Too many child clauses specified in search filter expression containing 'OR' operators: 16. Max allowed: 15.",
      );
      expect(
        (
          await graphGet(emu, `/v1.0/users?$count=true&$filter=${encodeURIComponent(`department in (${values})`)}`, {
            headers: EVENTUAL,
          })
        ).status,
      ).toBe(200);
    });
  });

  describe('$count', () => {
    it('answers /users/$count as a bare text/plain integer with ConsistencyLevel: eventual', async () => {
      const res = await graphGet(emu, '/v1.0/users/$count', { headers: EVENTUAL });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain');
      expect(res.text).toBe('50');
      const filtered = await graphGet(emu, `/v1.0/users/$count?$filter=${encodeURIComponent("userType eq 'Guest'")}`, {
        headers: EVENTUAL,
      });
      expect(filtered.text).toBe('2');
    });

    it('refuses /users/$count without the header', async () => {
      const res = await graphGet(emu, '/v1.0/users/$count');
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'Request_BadRequest',
        message: '$count is not currently supported.',
      });
    });

    it('adds @odata.count to the first page only, and silently ignores $count=true without the header', async () => {
      const first = await graphGet(emu, '/v1.0/users?$count=true&$top=20&$select=id', { headers: EVENTUAL });
      expect(first.body['@odata.count']).toBe(50);
      expect(Object.keys(first.body)).toEqual(['@odata.context', '@odata.count', '@odata.nextLink', 'value']);
      const second = await graphGet(emu, first.body['@odata.nextLink'].slice(TEST_ORIGIN.length), {
        headers: EVENTUAL,
      });
      expect(second.body['@odata.count']).toBeUndefined();
      const ignored = await graphGet(emu, '/v1.0/users?$count=true&$top=2');
      expect(ignored.status).toBe(200);
      expect(ignored.body['@odata.count']).toBeUndefined();
    });
  });

  describe('$search', () => {
    it("refuses $search without ConsistencyLevel: eventual with Graph's message", async () => {
      const res = await graphGet(emu, '/v1.0/users?$search="displayName:a"');
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'Request_UnsupportedQuery',
        message:
          "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
      });
    });

    it('matches displayName by word prefixes in any order, combines clauses and ANDs with $filter', async () => {
      const surname = me.surname ?? '';
      const given = me.givenName ?? '';
      const search = (q: string, extra = '') =>
        graphGet(emu, `/v1.0/users?$select=id${extra}&$search=${encodeURIComponent(q)}`, { headers: EVENTUAL });
      const bySurname = usersWhere((u) =>
        (u.displayName ?? '')
          .toLowerCase()
          .split(' ')
          .some((w) => w.startsWith(surname.slice(0, 3).toLowerCase())),
      );
      expect(ids((await search(`"displayName:${surname.slice(0, 3)}"`)).body)).toEqual(bySurname);
      expect(ids((await search(`"displayName:${surname} ${given}"`)).body)).toContain(me.id);
      const either = await search(`"displayName:${surname}" OR "mail:${users[1]?.mail}"`);
      expect(ids(either.body)).toEqual(
        usersWhere(
          (u) => u.displayName.toLowerCase().split(' ').includes(surname.toLowerCase()) || u.id === users[1]?.id,
        ),
      );
      const filtered = await search(`"displayName:${surname}"`, `&$filter=${encodeURIComponent(`id eq '${me.id}'`)}`);
      expect(ids(filtered.body)).toEqual([me.id]);
    });

    it('refuses a property $search cannot use and a malformed expression', async () => {
      const property = await graphGet(emu, `/v1.0/users?$search=${encodeURIComponent('"accountEnabled:true"')}`, {
        headers: EVENTUAL,
      });
      expect(property.status).toBe(400);
      expect(property.body.error.code).toBe('Request_UnsupportedQuery');
      const malformed = await graphGet(emu, '/v1.0/users?$search=displayName:a', { headers: EVENTUAL });
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.code).toBe('BadRequest');
    });
  });

  describe('$orderby', () => {
    const sorted = (key: (u: UserRecord) => string) =>
      [...users]
        .sort((a, b) =>
          key(a).toLowerCase() < key(b).toLowerCase() ? -1 : key(a).toLowerCase() > key(b).toLowerCase() ? 1 : 0,
        )
        .map((u) => u.id);

    it('sorts by displayName and userPrincipalName by default, ascending or descending', async () => {
      const byName = await graphGet(emu, '/v1.0/users?$orderby=displayName&$select=id&$top=999');
      expect(ids(byName.body)).toEqual(sorted((u) => u.displayName));
      const byUpn = await graphGet(emu, '/v1.0/users?$orderby=userPrincipalName%20desc&$select=id&$top=999');
      expect(ids(byUpn.body)).toEqual(sorted((u) => u.userPrincipalName).reverse());
    });

    it('needs advanced queries for other properties and for $filter with $orderby', async () => {
      const created = await graphGet(emu, '/v1.0/users?$orderby=createdDateTime');
      expect(created.body.error).toMatchObject({
        code: 'Request_UnsupportedQuery',
        message: "Unsupported sort property 'createdDateTime' for 'User'.",
      });
      const advanced = await graphGet(emu, '/v1.0/users?$orderby=createdDateTime&$count=true&$select=id&$top=999', {
        headers: EVENTUAL,
      });
      expect(ids(advanced.body)).toEqual(sorted((u) => u.createdDateTime ?? ''));
      const both = await graphGet(
        emu,
        `/v1.0/users?$orderby=displayName&$filter=${encodeURIComponent("userType eq 'Member'")}`,
      );
      expect(both.body.error).toMatchObject({
        code: 'Request_UnsupportedQuery',
        message: 'Sorting not supported for current query.',
      });
    });
  });

  describe('GET /users/{id | userPrincipalName}', () => {
    it('finds a user by id and by userPrincipalName in any case', async () => {
      const expected = { '@odata.context': `${TEST_ORIGIN}/v1.0/$metadata#users/$entity`, ...pick(me, USER_DEFAULTS) };
      expect((await graphGet(emu, `/v1.0/users/${me.id}`)).body).toEqual(expected);
      expect((await graphGet(emu, `/v1.0/users/${me.id.toUpperCase()}`)).body).toEqual(expected);
      expect((await graphGet(emu, `/v1.0/users/${me.userPrincipalName.toUpperCase()}`)).body).toEqual(expected);
      expect((await graphGet(emu, `/v1.0/users('${me.userPrincipalName}')`)).body).toEqual(expected);
    });

    it("addresses a guest by a UPN whose '#' is sent as %23", async () => {
      const guest = users.find((u) => u.userType === 'Guest') as UserRecord;
      const res = await graphGet(
        emu,
        `/v1.0/users/${guest.userPrincipalName.replace(/#/g, '%23')}?$select=id,userType`,
      );
      expect(res.body).toEqual({
        '@odata.context': `${TEST_ORIGIN}/v1.0/$metadata#users(id,userType)/$entity`,
        id: guest.id,
        userType: 'Guest',
      });
    });

    it('names the $select in @odata.context', async () => {
      const res = await graphGet(emu, `/v1.0/users/${me.id}?$select=displayName,givenName`);
      expect(res.body).toEqual({
        '@odata.context': `${TEST_ORIGIN}/v1.0/$metadata#users(displayName,givenName)/$entity`,
        displayName: me.displayName,
        givenName: me.givenName,
      });
    });

    it('answers 404 Request_ResourceNotFound for an unknown user', async () => {
      for (const key of ['00000000-0000-4000-8000-000000000000', 'nobody@contoso.onmicrosoft.com']) {
        const res = await graphGet(emu, `/v1.0/users/${key}`);
        expect(res.status).toBe(404);
        expect(res.body.error).toMatchObject({
          code: 'Request_ResourceNotFound',
          message: `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
        });
      }
    });

    it('serves /me as the signed-in user', async () => {
      const res = await graphGet(emu, '/v1.0/me?$select=id,userPrincipalName', { token: 'user' });
      expect(res.body).toEqual({
        '@odata.context': `${TEST_ORIGIN}/v1.0/$metadata#users(id,userPrincipalName)/$entity`,
        id: me.id,
        userPrincipalName: me.userPrincipalName,
      });
    });

    it('lets a User.Read token read only its own user', async () => {
      const token = userToken(emu, me.id, ['User.Read']);
      expect((await graphGet(emu, '/v1.0/me', { token })).status).toBe(200);
      expect((await graphGet(emu, `/v1.0/me/memberOf`, { token })).status).toBe(200);
      const other = await graphGet(emu, `/v1.0/users/${users[1]?.id}`, { token });
      expect(other.status).toBe(403);
      expect(other.body.error).toMatchObject({
        code: 'Authorization_RequestDenied',
        message: 'Insufficient privileges to complete the operation.',
      });
      expect((await graphGet(emu, '/v1.0/users', { token })).status).toBe(403);
      expect((await graphGet(emu, `/v1.0/users/${users[1]?.id}/manager`, { token })).status).toBe(403);
    });

    it('lets an app with User.Read.All read users but not groups', async () => {
      const token = appToken(emu, ['User.Read.All']);
      expect((await graphGet(emu, `/v1.0/users/${me.id}`, { token })).status).toBe(200);
      expect((await graphGet(emu, '/v1.0/groups', { token })).status).toBe(403);
    });
  });

  describe('memberOf and transitiveMemberOf', () => {
    const membershipObjects = (id: string) =>
      (emu.tenant.memberships.get(id) ?? []).map((m) => emu.tenant.directoryObjects.get(m) as DirectoryObject);

    it('lists groups and directory roles, each with its @odata.type', async () => {
      const res = await graphGet(emu, `/v1.0/users/${me.id}/memberOf?$select=id,displayName`);
      expect(res.body['@odata.context']).toBe(`${TEST_ORIGIN}/v1.0/$metadata#directoryObjects(id,displayName)`);
      expect(res.body.value).toEqual(
        membershipObjects(me.id).map((o) => ({
          '@odata.type': `#microsoft.graph.${o.kind}`,
          id: o.record.id,
          displayName: o.record.displayName,
        })),
      );
      const types = new Set(res.body.value.map((item: { '@odata.type': string }) => item['@odata.type']));
      expect(types).toEqual(new Set(['#microsoft.graph.group', '#microsoft.graph.directoryRole']));
    });

    it('narrows to groups with the microsoft.graph.group cast, without @odata.type', async () => {
      const res = await graphGet(emu, `/v1.0/users/${me.id}/memberOf/microsoft.graph.group?$select=displayName`);
      expect(res.body['@odata.context']).toBe(`${TEST_ORIGIN}/v1.0/$metadata#groups(displayName)`);
      expect(res.body.value).toEqual(
        membershipObjects(me.id)
          .filter((o) => o.kind === 'group')
          .map((o) => ({ displayName: o.record.displayName })),
      );
      const roles = await graphGet(
        emu,
        `/v1.0/users/${me.id}/memberOf/microsoft.graph.directoryRole?$select=displayName`,
      );
      expect(roles.body.value).toEqual([expect.objectContaining({ displayName: 'Global Reader' })]);
    });

    it('counts memberships with /$count', async () => {
      const res = await graphGet(emu, `/v1.0/users/${me.id}/memberOf/microsoft.graph.group/$count`, {
        headers: EVENTUAL,
      });
      expect(res.text).toBe(String(membershipObjects(me.id).filter((o) => o.kind === 'group').length));
    });

    it('lists nested memberships in transitiveMemberOf', async () => {
      const direct = membershipObjects(me.id).map((o) => o.record.id);
      const parents = direct.flatMap((id) => emu.tenant.memberships.get(id) ?? []).filter((id) => !direct.includes(id));
      expect(parents.length).toBeGreaterThan(0);
      const res = await graphGet(
        emu,
        `/v1.0/users/${me.id}/transitiveMemberOf/microsoft.graph.group?$select=id&$count=true`,
        { headers: EVENTUAL },
      );
      const transitive = ids(res.body);
      expect(transitive.slice(0, direct.filter((id) => emu.tenant.groups.has(id)).length)).toEqual(
        direct.filter((id) => emu.tenant.groups.has(id)),
      );
      for (const parent of parents) expect(transitive).toContain(parent);
      expect(new Set(transitive).size).toBe(transitive.length);
    });
  });

  describe('manager and directReports', () => {
    it("returns the user's manager as a directoryObject", async () => {
      const managerId = emu.tenant.managerOf.get(me.id) as string;
      const manager = emu.tenant.users.get(managerId) as UserRecord;
      const res = await graphGet(emu, `/v1.0/users/${me.id}/manager`);
      expect(res.body).toEqual({
        '@odata.context': `${TEST_ORIGIN}/v1.0/$metadata#directoryObjects/$entity`,
        '@odata.type': '#microsoft.graph.user',
        ...pick(manager, USER_DEFAULTS),
      });
    });

    it("answers 404 naming 'manager' for a user without one", async () => {
      const ceo = users.find((u) => u.jobTitle === 'Chief Executive Officer') as UserRecord;
      const res = await graphGet(emu, `/v1.0/users/${ceo.id}/manager`);
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({
        code: 'Request_ResourceNotFound',
        message: "Resource 'manager' does not exist or one of its queried reference-property objects are not present.",
      });
    });

    it('lists direct reports, also through the microsoft.graph.user cast', async () => {
      const reports = emu.tenant.directReportsOf.get(me.id) ?? [];
      const res = await graphGet(emu, `/v1.0/users/${me.id}/directReports?$select=id`);
      expect(res.body.value).toEqual(reports.map((id) => ({ '@odata.type': '#microsoft.graph.user', id })));
      const cast = await graphGet(emu, `/v1.0/users/${me.id}/directReports/microsoft.graph.user?$select=id`);
      expect(cast.body['@odata.context']).toBe(`${TEST_ORIGIN}/v1.0/$metadata#users(id)`);
      expect(cast.body.value).toEqual(reports.map((id) => ({ id })));
    });
  });

  describe('$expand', () => {
    it('expands manager on /me and manager($levels=max) up to the top', async () => {
      const managerId = emu.tenant.managerOf.get(me.id) as string;
      const res = await graphGet(emu, '/v1.0/me?$select=id&$expand=manager($select=id,displayName)', { token: 'user' });
      expect(res.body.manager).toEqual({
        '@odata.type': '#microsoft.graph.user',
        id: managerId,
        displayName: emu.tenant.users.get(managerId)?.displayName,
      });
      const chain = await graphGet(emu, `/v1.0/users/${me.id}?$select=id&$expand=manager($levels=max;$select=id)`);
      const expectedChain: string[] = [];
      for (let id = emu.tenant.managerOf.get(me.id); id; id = emu.tenant.managerOf.get(id)) expectedChain.push(id);
      const actualChain: string[] = [];
      for (let node = chain.body.manager; node; node = node.manager) actualChain.push(node.id);
      expect(actualChain).toEqual(expectedChain);
    });

    it('expands at most 20 memberships and caps an expanded list page at 100', async () => {
      const big = createTestEmulator({ users: 150 });
      const res = await graphGet(big, '/v1.0/users?$top=150&$select=id&$expand=memberOf($select=id)');
      expect(res.body.value).toHaveLength(100);
      expect(res.body['@odata.nextLink']).toEqual(expect.any(String));
      for (const user of res.body.value) {
        const memberships = big.tenant.memberships.get(user.id) ?? [];
        expect(user.memberOf).toHaveLength(Math.min(20, memberships.length));
      }
    });

    it('refuses a relationship that does not exist or cannot be expanded', async () => {
      const unknown = await graphGet(emu, '/v1.0/users?$expand=friends');
      expect(unknown.body.error).toMatchObject({
        code: 'BadRequest',
        message: "Could not find a property named 'friends' on type 'microsoft.graph.user'.",
      });
      const notExpandable = await graphGet(emu, '/v1.0/users?$expand=transitiveMemberOf');
      expect(notExpandable.body.error).toMatchObject({
        code: 'ExpandNotSupported',
        message: "Expand is not allowed for property 'TransitiveMemberOf' according to the entity schema.",
      });
      const nestedFilter = await graphGet(
        emu,
        `/v1.0/users?$expand=${encodeURIComponent("memberOf($filter=displayName eq 'x')")}`,
      );
      expect(nestedFilter.status).toBe(400);
      expect(nestedFilter.body.error.code).toBe('Request_UnsupportedQuery');
    });
  });

  it('gives the default user two Microsoft 365 groups through the API as well', async () => {
    const res = await graphGet(
      emu,
      `/v1.0/users/${me.id}/memberOf/microsoft.graph.group?$filter=${encodeURIComponent("groupTypes/any(c:c eq 'Unified')")}&$select=id`,
    );
    const unified = (emu.tenant.memberships.get(me.id) ?? []).filter((id) =>
      (emu.tenant.groups.get(id) as GroupRecord | undefined)?.groupTypes?.includes('Unified'),
    );
    expect(ids(res.body)).toEqual(unified);
    expect(unified.length).toBeGreaterThanOrEqual(2);
  });
});
