import { createTestEmulator, graphGet, graphPost, TEST_ORIGIN, appToken, type Emulator } from '../src/testing';
import type { DirectoryObject, GroupRecord, UserRecord } from '../src/tenant/model';

const GROUP_DEFAULTS = [
  'id',
  'deletedDateTime',
  'classification',
  'createdDateTime',
  'description',
  'displayName',
  'expirationDateTime',
  'groupTypes',
  'isAssignableToRole',
  'mail',
  'mailEnabled',
  'mailNickname',
  'membershipRule',
  'membershipRuleProcessingState',
  'onPremisesDomainName',
  'onPremisesLastSyncDateTime',
  'onPremisesNetBiosName',
  'onPremisesSamAccountName',
  'onPremisesSecurityIdentifier',
  'onPremisesSyncEnabled',
  'preferredDataLocation',
  'preferredLanguage',
  'proxyAddresses',
  'renewedDateTime',
  'resourceBehaviorOptions',
  'resourceProvisioningOptions',
  'securityEnabled',
  'securityIdentifier',
  'theme',
  'visibility',
  'onPremisesProvisioningErrors',
];
const EVENTUAL = { ConsistencyLevel: 'eventual' };

describe('directory: groups and directory objects', () => {
  let emu: Emulator;
  let groups: GroupRecord[];
  let me: UserRecord;

  beforeAll(() => {
    emu = createTestEmulator({ users: 50 });
    groups = [...emu.tenant.groups.values()];
    me = emu.tenant.users.values().next().value as UserRecord;
  });

  const ids = (body: { value: Array<{ id: string }> }) => body.value.map((item) => item.id);
  const byName = (name: string) => groups.find((g) => g.displayName === name) as GroupRecord;
  const objectsOf = (list: readonly string[] | undefined) =>
    (list ?? []).map((id) => emu.tenant.directoryObjects.get(id) as DirectoryObject);

  describe('GET /groups', () => {
    it('returns the full default property set, nulls and empty collections included', async () => {
      const res = await graphGet(emu, '/v1.0/groups?$top=2');
      expect(res.body['@odata.context']).toBe(`${TEST_ORIGIN}/v1.0/$metadata#groups`);
      expect(Object.keys(res.body.value[0])).toEqual(GROUP_DEFAULTS);
      const first = groups[0] as GroupRecord;
      expect(res.body.value[0]).toEqual({
        ...Object.fromEntries(
          GROUP_DEFAULTS.map((name) => [name, (first as unknown as Record<string, unknown>)[name] ?? null]),
        ),
        resourceBehaviorOptions: [],
        resourceProvisioningOptions: [],
      });
      expect(res.body.value[0].onPremisesProvisioningErrors).toEqual([]);
    });

    it('filters Microsoft 365 groups with groupTypes/any and security groups by flags', async () => {
      const unified = await graphGet(
        emu,
        `/v1.0/groups?$select=id&$filter=${encodeURIComponent("groupTypes/any(c:c eq 'Unified')")}`,
      );
      expect(ids(unified.body)).toEqual(groups.filter((g) => g.groupTypes?.includes('Unified')).map((g) => g.id));
      const security = await graphGet(
        emu,
        `/v1.0/groups?$select=id&$filter=${encodeURIComponent('securityEnabled eq true and mailEnabled eq false')}`,
      );
      expect(ids(security.body)).toEqual(groups.filter((g) => g.securityEnabled && !g.mailEnabled).map((g) => g.id));
      const named = await graphGet(
        emu,
        `/v1.0/groups?$select=displayName&$filter=${encodeURIComponent("startsWith(displayName,'project')")}`,
      );
      expect(named.body.value).toEqual([{ displayName: 'Project Phoenix' }]);
    });

    it('filters on membershipRuleProcessingState and hasMembersWithLicenseErrors (group.md, group-list.md examples 2 and 6)', async () => {
      // The tenant has no dynamic groups and no group-based licensing: both filters match nothing.
      const dynamic = await graphGet(
        emu,
        `/v1.0/groups?$count=true&$select=id&$filter=${encodeURIComponent("NOT(groupTypes/any(s:s eq 'Unified')) and membershipRuleProcessingState eq 'On'")}`,
        { headers: EVENTUAL },
      );
      expect([dynamic.status, dynamic.body['@odata.count'], dynamic.body.value]).toEqual([200, 0, []]);
      const inList = await graphGet(
        emu,
        `/v1.0/groups?$select=id&$filter=${encodeURIComponent("membershipRuleProcessingState in ('On','Paused')")}`,
      );
      expect([inList.status, inList.body.value]).toEqual([200, []]);
      const licenseErrors = await graphGet(
        emu,
        `/v1.0/groups?$select=id,displayName&$filter=${encodeURIComponent('hasMembersWithLicenseErrors eq true')}`,
      );
      expect([licenseErrors.status, licenseErrors.body.value]).toEqual([200, []]);
      const notEqual = await graphGet(
        emu,
        `/v1.0/groups?$count=true&$filter=${encodeURIComponent('hasMembersWithLicenseErrors ne true')}`,
        { headers: EVENTUAL },
      );
      expect(notEqual.status).toBe(400);
      expect(notEqual.body.error).toMatchObject({
        code: 'Request_UnsupportedQuery',
        message:
          "Unsupported or invalid query filter clause specified for property 'hasMembersWithLicenseErrors' of resource 'Group'.",
      });
    });

    it('counts app role assignments in a filter, none being held by the tenant’s groups (user-list-memberof.md example 6)', async () => {
      const memberOf = (await graphGet(emu, `/v1.0/users/${me.id}/memberOf/microsoft.graph.group?$select=id`)).body;
      expect(memberOf.value.length).toBeGreaterThan(0);
      const path = (filter: string) =>
        `/v1.0/users/${me.id}/memberOf/microsoft.graph.group?$select=id,displayName&$filter=${encodeURIComponent(filter)}`;
      const assigned = await graphGet(emu, path('appRoleAssignments/$count gt 0'));
      expect(assigned.body).toEqual({
        '@odata.context': `${TEST_ORIGIN}/v1.0/$metadata#groups(id,displayName)`,
        value: [],
      });
      const unassigned = await graphGet(emu, path('appRoleAssignments/$count eq 0'));
      expect(ids(unassigned.body)).toEqual(ids(memberOf));
      const notEqual = await graphGet(emu, path('appRoleAssignments/$count ne 0'));
      expect(notEqual.status).toBe(400);
      expect(notEqual.body.error.code).toBe('Request_UnsupportedQuery');
    });

    it('selects assignedLicenses on groups ([] without group licensing) and filters with assignedLicenses/any() (group-list.md example 7)', async () => {
      const selected = await graphGet(emu, `/v1.0/groups?$select=id,assignedLicenses&$top=2`);
      expect(selected.body.value).toEqual(groups.slice(0, 2).map((g) => ({ id: g.id, assignedLicenses: [] })));
      const licensed = await graphGet(
        emu,
        `/v1.0/groups?$select=id,assignedLicenses&$filter=${encodeURIComponent('assignedLicenses/any()')}&$expand=members($select=id,displayName)`,
      );
      expect([licensed.status, licensed.body.value]).toEqual([200, []]);
      const unlicensed = await graphGet(
        emu,
        `/v1.0/groups?$select=id&$count=true&$filter=${encodeURIComponent('not(assignedLicenses/any())')}`,
        { headers: EVENTUAL },
      );
      expect(unlicensed.body['@odata.count']).toBe(groups.length);
      // all() needs a lambda; any() alone is the only bare form.
      const all = await graphGet(emu, `/v1.0/groups?$filter=${encodeURIComponent('groupTypes/all()')}`);
      expect([all.status, all.body.error.code]).toEqual([400, 'BadRequest']);
    });

    it('refuses createdDateTime, which is not indexed even in advanced queries', async () => {
      const res = await graphGet(
        emu,
        `/v1.0/groups?$count=true&$filter=${encodeURIComponent('createdDateTime ge 2021-11-01')}`,
        { headers: EVENTUAL },
      );
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'Request_UnsupportedQuery',
        message:
          "Unsupported or invalid query filter clause specified for property 'createdDateTime' of resource 'Group'.",
      });
    });

    it('searches description by tokens and counts groups', async () => {
      const res = await graphGet(emu, `/v1.0/groups?$select=id&$search=${encodeURIComponent('"description:portal"')}`, {
        headers: EVENTUAL,
      });
      expect(ids(res.body)).toEqual([byName('Project Phoenix').id]);
      const count = await graphGet(emu, '/v1.0/groups/$count', { headers: EVENTUAL });
      expect(count.text).toBe(String(groups.length));
    });

    it('answers 404 Request_ResourceNotFound for an unknown group', async () => {
      const res = await graphGet(emu, '/v1.0/groups/00000000-0000-4000-8000-000000000000');
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(
        "Resource '00000000-0000-4000-8000-000000000000' does not exist or one of its queried reference-property objects are not present.",
      );
    });
  });

  describe('members, owners and transitiveMembers', () => {
    it('lists members with @odata.type, and casts to each member kind', async () => {
      const devices = byName('Managed Devices');
      const res = await graphGet(emu, `/v1.0/groups/${devices.id}/members?$select=id,displayName`);
      expect(res.body['@odata.context']).toBe(`${TEST_ORIGIN}/v1.0/$metadata#directoryObjects(id,displayName)`);
      expect(res.body.value).toEqual(
        objectsOf(emu.tenant.membersOf.get(devices.id)).map((o) => ({
          '@odata.type': '#microsoft.graph.device',
          id: o.record.id,
          displayName: o.record.displayName,
        })),
      );
      const newsletter = byName('Company Newsletter');
      const contacts = await graphGet(
        emu,
        `/v1.0/groups/${newsletter.id}/members/microsoft.graph.orgContact?$select=id`,
      );
      expect(contacts.body['@odata.context']).toBe(`${TEST_ORIGIN}/v1.0/$metadata#contacts(id)`);
      expect(ids(contacts.body)).toEqual(
        objectsOf(emu.tenant.membersOf.get(newsletter.id))
          .filter((o) => o.kind === 'orgContact')
          .map((o) => o.record.id),
      );
      expect(contacts.body.value.length).toBe(3);
      const users = await graphGet(emu, `/v1.0/groups/${newsletter.id}/members/microsoft.graph.user?$select=id`);
      expect(users.body['@odata.context']).toBe(`${TEST_ORIGIN}/v1.0/$metadata#users(id)`);
      expect(ids(users.body)).toEqual(
        objectsOf(emu.tenant.membersOf.get(newsletter.id))
          .filter((o) => o.kind === 'user')
          .map((o) => o.record.id),
      );
    });

    it('leaves service principals out of members on v1.0 (known issue) but not on beta or in $expand=members', async () => {
      const automation = byName('Automation Apps');
      const all = objectsOf(emu.tenant.membersOf.get(automation.id));
      const principals = all.filter((o) => o.kind === 'servicePrincipal').map((o) => o.record.id);
      expect(principals.length).toBeGreaterThan(0);
      const v1 = await graphGet(emu, `/v1.0/groups/${automation.id}/members?$select=id`);
      expect(ids(v1.body)).toEqual(all.filter((o) => o.kind !== 'servicePrincipal').map((o) => o.record.id));
      const beta = await graphGet(emu, `/beta/groups/${automation.id}/members?$select=id`);
      expect(ids(beta.body)).toEqual(all.map((o) => o.record.id));
      const expanded = await graphGet(emu, `/v1.0/groups/${automation.id}?$select=id&$expand=members($select=id)`);
      expect(expanded.body.members.map((m: { id: string }) => m.id)).toEqual(all.map((o) => o.record.id));
    });

    it('expands at most 20 members', async () => {
      const allCompany = byName('All Company');
      const members = emu.tenant.membersOf.get(allCompany.id) ?? [];
      expect(members.length).toBeGreaterThan(20);
      const res = await graphGet(emu, `/v1.0/groups/${allCompany.id}?$expand=members($select=id)&$select=id`);
      expect(res.body.members).toEqual(
        members.slice(0, 20).map((id) => ({ '@odata.type': '#microsoft.graph.user', id })),
      );
    });

    it('pages members past 100 with a nextLink', async () => {
      const big = createTestEmulator({ users: 150 });
      const allCompany = [...big.tenant.groups.values()].find((g) => g.displayName === 'All Company') as GroupRecord;
      const members = big.tenant.membersOf.get(allCompany.id) ?? [];
      const first = await graphGet(big, `/v1.0/groups/${allCompany.id}/members?$select=id`);
      expect(first.body.value).toHaveLength(100);
      const second = await graphGet(big, first.body['@odata.nextLink'].slice(TEST_ORIGIN.length));
      expect([...ids(first.body), ...ids(second.body)]).toEqual(members);
    });

    it('lists owners and the flattened transitive members of a nested group', async () => {
      const phoenix = byName('Project Phoenix');
      const owners = await graphGet(emu, `/v1.0/groups/${phoenix.id}/owners?$select=id`);
      expect(owners.body.value).toEqual([{ '@odata.type': '#microsoft.graph.user', id: me.id }]);
      const peopleManagers = byName('People Managers');
      const engineeringManagers = byName('Engineering Managers');
      const transitive = await graphGet(emu, `/v1.0/groups/${peopleManagers.id}/transitiveMembers?$select=id`);
      const expected = [...(emu.tenant.membersOf.get(peopleManagers.id) ?? [])];
      for (const id of emu.tenant.membersOf.get(engineeringManagers.id) ?? [])
        if (!expected.includes(id)) expected.push(id);
      expect(ids(transitive.body)).toEqual(expected);
      expect(ids(transitive.body)).toContain(me.id);
      const direct = await graphGet(emu, `/v1.0/groups/${peopleManagers.id}/members?$select=id`);
      expect(ids(direct.body)).not.toContain(me.id);
    });

    it('needs advanced queries to sort a relationship', async () => {
      const path = `/v1.0/users/${me.id}/memberOf/microsoft.graph.group?$orderby=displayName&$select=displayName`;
      const plain = await graphGet(emu, path);
      expect(plain.body.error).toMatchObject({
        code: 'Request_UnsupportedQuery',
        message: 'Sorting not supported for current query.',
      });
      const advanced = await graphGet(emu, `${path}&$count=true`, { headers: EVENTUAL });
      const names = advanced.body.value.map((g: { displayName: string }) => g.displayName);
      const lower = names.map((n: string) => n.toLowerCase());
      expect(lower).toEqual([...lower].sort());
      expect(names).toHaveLength(objectsOf(emu.tenant.memberships.get(me.id)).filter((o) => o.kind === 'group').length);
      expect(advanced.body['@odata.count']).toBe(names.length);
    });
  });

  describe('directoryObjects', () => {
    it('returns any directory object by id with its @odata.type', async () => {
      const role = [...emu.tenant.directoryObjects.values()].find((o) => o.kind === 'directoryRole') as Extract<
        DirectoryObject,
        { kind: 'directoryRole' }
      >;
      const res = await graphGet(emu, `/v1.0/directoryObjects/${role.record.id}`);
      expect(res.body).toEqual({
        '@odata.context': `${TEST_ORIGIN}/v1.0/$metadata#directoryObjects/$entity`,
        '@odata.type': '#microsoft.graph.directoryRole',
        id: role.record.id,
        deletedDateTime: null,
        description: role.record.description,
        displayName: role.record.displayName,
        roleTemplateId: role.record.roleTemplateId,
      });
      expect((await graphGet(emu, '/v1.0/directoryObjects/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    });

    it('resolves ids with getByIds, filtered by types, skipping unknown ids', async () => {
      const group = groups[0] as GroupRecord;
      const body = { ids: [group.id, '00000000-0000-4000-8000-000000000000', me.id], types: ['user', 'group'] };
      const res = await graphPost(emu, '/v1.0/directoryObjects/getByIds', body);
      expect(res.status).toBe(200);
      expect(res.body['@odata.context']).toBe(`${TEST_ORIGIN}/v1.0/$metadata#directoryObjects`);
      expect(res.body.value.map((o: { '@odata.type': string; id: string }) => [o['@odata.type'], o.id])).toEqual([
        ['#microsoft.graph.group', group.id],
        ['#microsoft.graph.user', me.id],
      ]);
      const usersOnly = await graphPost(emu, '/v1.0/directoryObjects/getByIds', {
        ...body,
        types: ['microsoft.graph.user'],
      });
      expect(ids(usersOnly.body)).toEqual([me.id]);
    });

    it('refuses a getByIds body without ids, and callers without directory permissions', async () => {
      const res = await graphPost(emu, '/v1.0/directoryObjects/getByIds', { types: ['user'] });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('Request_BadRequest');
      const forbidden = await graphPost(
        emu,
        '/v1.0/directoryObjects/getByIds',
        { ids: [me.id] },
        { token: appToken(emu, ['Tasks.ReadWrite.All']) },
      );
      expect(forbidden.status).toBe(403);
    });
  });
});
