import { generateTenant, MIN_USERS } from '../src/tenant/generate';
import type { DirectoryObject, GroupRecord, Tenant, UserRecord } from '../src/tenant/model';

/** The directory part of a tenant as plain JSON (maps as entry lists, in order). */
function directorySnapshot(tenant: Tenant): string {
  const entries = <K, V>(map: Map<K, V>) => [...map.entries()];
  return JSON.stringify({
    tenantId: tenant.tenantId,
    users: entries(tenant.users),
    userIdsByUpn: entries(tenant.userIdsByUpn),
    groups: entries(tenant.groups),
    directoryObjects: entries(tenant.directoryObjects),
    managerOf: entries(tenant.managerOf),
    directReportsOf: entries(tenant.directReportsOf),
    membersOf: entries(tenant.membersOf),
    ownersOf: entries(tenant.ownersOf),
    memberships: entries(tenant.memberships),
  });
}

function firstUser(tenant: Tenant): UserRecord {
  return tenant.users.values().next().value as UserRecord;
}

function groupsOf(tenant: Tenant, objectId: string): DirectoryObject[] {
  return (tenant.memberships.get(objectId) ?? []).map((id) => tenant.directoryObjects.get(id) as DirectoryObject);
}

function isUnified(group: GroupRecord): boolean {
  return (group.groupTypes ?? []).includes('Unified');
}

describe('generateTenant', () => {
  const tenant = generateTenant({ seed: 42, users: 80 });

  it('generates the same tenant for the same seed, id for id', () => {
    expect(directorySnapshot(generateTenant({ seed: 42, users: 80 }))).toBe(directorySnapshot(tenant));
  });

  it('generates a different tenant for a different seed', () => {
    const other = generateTenant({ seed: 43, users: 80 });
    expect(other.tenantId).not.toBe(tenant.tenantId);
    expect(firstUser(other).id).not.toBe(firstUser(tenant).id);
    const names = (t: Tenant) => [...t.users.values()].map((u) => u.displayName).join('|');
    expect(names(other)).not.toBe(names(tenant));
  });

  it('generates 50 users by default and the requested number otherwise', () => {
    expect(generateTenant({ seed: 1 }).users.size).toBe(50);
    expect(tenant.users.size).toBe(80);
  });

  it('refuses fewer users than the default user and their reports need', () => {
    expect(() => generateTenant({ seed: 1, users: MIN_USERS - 1 })).toThrow(
      `The tenant needs an integer number of users of at least ${MIN_USERS} (got ${MIN_USERS - 1}).`,
    );
  });

  describe('the default signed-in user (the first user)', () => {
    const me = firstUser(tenant);

    it('has a manager and at least three direct reports who report to them', () => {
      expect(tenant.managerOf.get(me.id)).toEqual(expect.any(String));
      const reports = tenant.directReportsOf.get(me.id) ?? [];
      expect(reports.length).toBeGreaterThanOrEqual(3);
      for (const report of reports) expect(tenant.managerOf.get(report)).toBe(me.id);
    });

    it('is in at least two Microsoft 365 groups, a nested security group and the Global Reader role', () => {
      const memberships = groupsOf(tenant, me.id);
      const groups = memberships.filter((o) => o.kind === 'group').map((o) => o.record as GroupRecord);
      expect(groups.length).toBeGreaterThanOrEqual(3);
      expect(groups.filter(isUnified).length).toBeGreaterThanOrEqual(2);
      const nested = groups.filter((g) => !isUnified(g) && (tenant.memberships.get(g.id) ?? []).length > 0);
      expect(nested.length).toBeGreaterThanOrEqual(1);
      const roles = memberships.filter((o) => o.kind === 'directoryRole').map((o) => o.record.displayName);
      expect(roles).toEqual(['Global Reader']);
    });

    it('holds in the smallest tenant too', () => {
      const small = generateTenant({ seed: 5, users: MIN_USERS });
      const smallMe = firstUser(small);
      expect(small.managerOf.has(smallMe.id)).toBe(true);
      expect(small.directReportsOf.get(smallMe.id)).toHaveLength(3);
      expect(
        groupsOf(small, smallMe.id).filter((o) => o.kind === 'group' && isUnified(o.record as GroupRecord)).length,
      ).toBeGreaterThanOrEqual(2);
    });
  });

  describe('users', () => {
    const users = [...tenant.users.values()];

    it('gives every user a unique userPrincipalName, indexed in lower case', () => {
      expect(new Set(users.map((u) => u.userPrincipalName.toLowerCase())).size).toBe(users.length);
      for (const user of users) expect(tenant.userIdsByUpn.get(user.userPrincipalName.toLowerCase())).toBe(user.id);
      expect([...tenant.userIdsByUpn.keys()].every((upn) => upn === upn.toLowerCase())).toBe(true);
    });

    it('fills the properties Graph shows, with some values missing as in a real directory', () => {
      const members = users.filter((u) => u.userType === 'Member' && u.givenName);
      for (const user of members) {
        expect(user.displayName).toBe(`${user.givenName} ${user.surname}`);
        expect(user.userPrincipalName).toMatch(/^[a-z]+\.[a-z]+\d*@contoso\.onmicrosoft\.com$/);
        expect(user.mail).toBe(user.userPrincipalName);
        expect(user.department).toEqual(expect.any(String));
        expect(user.jobTitle).toEqual(expect.any(String));
        expect(user.createdDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      }
      expect(new Set(members.map((u) => u.department)).size).toBeGreaterThanOrEqual(8);
      expect(users.some((u) => u.mobilePhone === null)).toBe(true);
      expect(users.some((u) => u.accountEnabled === false)).toBe(true);
    });

    it('includes invited guests with #EXT# userPrincipalNames and no manager', () => {
      const guests = users.filter((u) => u.userType === 'Guest');
      expect(guests).toHaveLength(2);
      for (const guest of guests) {
        expect(guest.userPrincipalName).toMatch(/^[a-z.]+_[a-z.-]+#EXT#@contoso\.onmicrosoft\.com$/);
        expect(guest.externalUserState).toBe('Accepted');
        expect(tenant.managerOf.has(guest.id)).toBe(false);
      }
    });

    it('forms one management tree under a single chief executive', () => {
      const withoutManager = users.filter((u) => !tenant.managerOf.has(u.id));
      const executives = withoutManager.filter((u) => u.jobTitle === 'Chief Executive Officer');
      expect(executives).toHaveLength(1);
      // Guests and the meeting room's account are the other users without a manager.
      expect(
        withoutManager
          .filter((u) => u.jobTitle !== 'Chief Executive Officer')
          .map((u) => u.userType ?? '')
          .sort(),
      ).toEqual(['Guest', 'Guest', 'Member']);
      for (const user of users) {
        let id: string | undefined = user.id;
        for (let steps = 0; id !== undefined && steps <= users.length; steps++) {
          if (!tenant.managerOf.has(id)) break;
          id = tenant.managerOf.get(id);
        }
        expect(withoutManager.map((u) => u.id)).toContain(id);
      }
      for (const [managerId, reports] of tenant.directReportsOf) {
        for (const report of reports) expect(tenant.managerOf.get(report)).toBe(managerId);
      }
    });
  });

  describe('groups and other directory objects', () => {
    const groups = [...tenant.groups.values()];
    const kindOf = (id: string) => tenant.directoryObjects.get(id)?.kind;

    it('creates max(20, users / 4) groups', () => {
      expect(groups).toHaveLength(20);
      expect(generateTenant({ seed: 42, users: 200 }).groups.size).toBe(50);
    });

    it('creates Microsoft 365, security, mail-enabled security and distribution groups with Graph flags', () => {
      const unified = groups.filter(isUnified);
      expect(unified.every((g) => g.mailEnabled === true && g.securityEnabled === false && g.mail !== null)).toBe(true);
      expect(new Set(unified.map((g) => g.visibility))).toEqual(new Set(['Public', 'Private']));
      const classic = groups.filter((g) => !isUnified(g));
      expect(classic.some((g) => g.securityEnabled && !g.mailEnabled && g.mail === null)).toBe(true);
      expect(classic.some((g) => g.securityEnabled && g.mailEnabled)).toBe(true);
      expect(classic.some((g) => !g.securityEnabled && g.mailEnabled)).toBe(true);
    });

    it('nests groups and gives groups devices, service principals and contacts as members', () => {
      const memberKinds = new Set(groups.flatMap((g) => (tenant.membersOf.get(g.id) ?? []).map(kindOf)));
      expect(memberKinds).toEqual(new Set(['user', 'group', 'device', 'servicePrincipal', 'orgContact']));
      // Microsoft 365 groups hold only users, as in Entra ID.
      for (const group of groups.filter(isUnified)) {
        expect((tenant.membersOf.get(group.id) ?? []).every((id) => kindOf(id) === 'user')).toBe(true);
      }
    });

    it('keeps memberships the inverse of members, and gives groups owners', () => {
      for (const [containerId, members] of tenant.membersOf) {
        for (const member of members) expect(tenant.memberships.get(member)).toContain(containerId);
      }
      for (const [memberId, containers] of tenant.memberships) {
        for (const container of containers) expect(tenant.membersOf.get(container)).toContain(memberId);
      }
      expect(groups.filter((g) => (tenant.ownersOf.get(g.id) ?? []).length > 0).length).toBeGreaterThan(
        groups.length / 2,
      );
    });

    it('registers every object, users and groups included, by id', () => {
      for (const user of tenant.users.values())
        expect(tenant.directoryObjects.get(user.id)).toEqual({ kind: 'user', record: user });
      for (const group of groups)
        expect(tenant.directoryObjects.get(group.id)).toEqual({ kind: 'group', record: group });
      const kinds = new Set([...tenant.directoryObjects.values()].map((o) => o.kind));
      expect(kinds).toEqual(new Set(['user', 'group', 'device', 'servicePrincipal', 'orgContact', 'directoryRole']));
    });
  });

  it('generates 10000 users, 2500 groups and the default user guarantees', () => {
    const large = generateTenant({ seed: 9, users: 10_000 });
    expect(large.users.size).toBe(10_000);
    expect(large.userIdsByUpn.size).toBe(10_000);
    expect(large.groups.size).toBe(2_500);
    const me = firstUser(large);
    expect((large.directReportsOf.get(me.id) ?? []).length).toBeGreaterThanOrEqual(3);
    expect(groupsOf(large, me.id).some((o) => o.record.displayName === 'Global Reader')).toBe(true);
  });
});
