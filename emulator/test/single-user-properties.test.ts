/**
 * Properties Graph serves only on a single user. Docs followed: api-reference/v1.0/api/user-list.md
 * ("Certain properties cannot be returned within a user collection... only supported when
 * retrieving a single user"; `../users?$select=aboutMe` "returns a `501 Not Implemented` error
 * code"), concepts/delta-query-overview.md (the 501 body for `/users/?$select=skills`:
 * `NotImplemented`, "This operation target is not yet supported."), api-reference/v1.0/resources/user.md
 * and api-reference/v1.0/api/user-get-mailboxsettings.md (mailboxSettings needs MailboxSettings.Read).
 */
import { createTestEmulator, graphGet, TEST_ORIGIN, userToken, type Emulator } from '../src/testing';
import type { UserRecord } from '../src/tenant/model';

const NOT_IMPLEMENTED = { code: 'NotImplemented', message: 'This operation target is not yet supported.' };
const PROFILE = [
  'aboutMe',
  'birthday',
  'hireDate',
  'interests',
  'mySite',
  'pastProjects',
  'preferredName',
  'responsibilities',
  'schools',
  'skills',
];

describe('single-user-only properties (user-list.md, delta-query-overview.md)', () => {
  let emu: Emulator;
  let me: UserRecord;
  beforeAll(() => {
    emu = createTestEmulator({ users: 30 });
    me = emu.tenant.users.get(emu.info.defaultUserId) as UserRecord;
  });

  it('answers 501 NotImplemented for each of them, mailboxSettings included, selected on GET /users', async () => {
    for (const name of [...PROFILE, 'mailboxSettings']) {
      const res = await graphGet(emu, `/v1.0/users?$select=displayName,${name}`);
      expect([name, res.status]).toEqual([name, 501]);
      expect(res.body.error).toMatchObject(NOT_IMPLEMENTED);
    }
  });

  it('answers 501 on beta, on a user cast of a relationship, and with any spelling of the name', async () => {
    const group = [...emu.tenant.groups.keys()][0] as string;
    for (const path of [
      '/beta/users?$select=SKILLS',
      `/v1.0/groups/${group}/members/microsoft.graph.user?$select=aboutMe`,
    ]) {
      const res = await graphGet(emu, path);
      expect([path, res.status]).toEqual([path, 501]);
      expect(res.body.error).toMatchObject(NOT_IMPLEMENTED);
    }
  });

  it('returns the profile properties with the tenant values on GET /users/{id} and on /me', async () => {
    const select = PROFILE.join(',');
    const expected = {
      '@odata.context': `${TEST_ORIGIN}/v1.0/$metadata#users(${select})/$entity`,
      ...Object.fromEntries(PROFILE.map((name) => [name, (me as unknown as Record<string, unknown>)[name]])),
    };
    const byId = await graphGet(emu, `/v1.0/users/${me.id}?$select=${select}`);
    expect(byId.status).toBe(200);
    expect(byId.body).toEqual(expected);
    const asMe = await graphGet(emu, `/v1.0/me?$select=${select}`, { token: 'user' });
    expect(asMe.body).toEqual(expected);
  });

  it('models the profile realistically: a SharePoint personal site, dates in UTC, empty lists when unset', () => {
    const users = [...emu.tenant.users.values()];
    expect(me.mySite).toBe(`https://contoso-my.sharepoint.com/personal/${me.userPrincipalName.replace(/[.@]/g, '_')}/`);
    for (const user of users) {
      expect(user.birthday).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
      expect(Array.isArray(user.skills)).toBe(true);
    }
    expect(users.some((u) => (u.skills ?? []).length > 0)).toBe(true);
    expect(users.some((u) => u.birthday === '0001-01-01T00:00:00Z')).toBe(true);
  });

  it('returns mailboxSettings on /me with MailboxSettings.Read, 403 ErrorAccessDenied without it', async () => {
    const allowed = await graphGet(emu, '/v1.0/me?$select=mailboxSettings', {
      token: userToken(emu, me.id, ['User.Read', 'MailboxSettings.Read']),
    });
    expect(allowed.status).toBe(200);
    expect(allowed.body.mailboxSettings).toEqual(me.mailboxSettings);
    expect(allowed.body.mailboxSettings).toMatchObject({ timeZone: 'Pacific Standard Time', userPurpose: 'user' });

    const denied = await graphGet(emu, '/v1.0/me?$select=mailboxSettings', {
      token: userToken(emu, me.id, ['User.Read']),
    });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({
      code: 'ErrorAccessDenied',
      message: 'Access is denied. Check credentials and try again.',
    });
  });
});
