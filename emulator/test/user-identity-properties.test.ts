/**
 * `identities`, `assignedLicenses`, `signInActivity` and `customSecurityAttributes` on users.
 * Docs followed: api-reference/v1.0/resources/user.md (each "Returned only on `$select`", their
 * `$filter` support, signInActivity's AuditLog.Read.All), api-reference/v1.0/api/user-list.md
 * (`identities/any(c:c/issuerAssignedId eq '...' and c/issuer eq '...')`,
 * `assignedLicenses/any(x:x/skuId eq ...)`, `signInActivity/lastSignInDateTime le ...`),
 * api-reference/v1.0/resources/objectidentity.md ("Filtering"), concepts/aad-advanced-queries.md
 * (`assignedLicenses/$count eq 0` needs the advanced query parameters) and
 * api-reference/v1.0/api/user-get.md (customSecurityAttributes is `null` "if the calling principal
 * does not have access").
 */
import { appToken, createTestEmulator, graphGet, TEST_ORIGIN, type Emulator } from '../src/testing';
import type { UserRecord } from '../src/tenant/model';
import { SKUS } from '../src/tenant/generate-profiles';

const EVENTUAL = { ConsistencyLevel: 'eventual' };
// Observed (microsoftgraph/microsoft-graph-explorer-v4#2731); user.md names the permission.
const DENIED = {
  code: 'Authentication_MSGraphPermissionMissing',
  message: 'Calling principal does not have required MSGraph permissions AuditLog.Read.All',
};
const unsupported = (property: string) => ({
  code: 'Request_UnsupportedQuery',
  message: `Unsupported or invalid query filter clause specified for property '${property}' of resource 'User'.`,
});

describe('identities, licenses, sign-in activity and custom security attributes (user.md)', () => {
  let emu: Emulator;
  let users: UserRecord[];
  let me: UserRecord;
  const ids = (body: { value: Array<{ id: string }> }) => body.value.map((u) => u.id).sort();
  const expectedIds = (keep: (u: UserRecord) => boolean) =>
    users
      .filter(keep)
      .map((u) => u.id)
      .sort();

  beforeAll(() => {
    emu = createTestEmulator({ users: 40 });
    users = [...emu.tenant.users.values()];
    me = emu.tenant.users.get(emu.info.defaultUserId) as UserRecord;
  });

  describe('$select', () => {
    it('returns identities and assignedLicenses as the tenant holds them, on the list and on one user', async () => {
      const res = await graphGet(emu, `/v1.0/users/${me.id}?$select=identities,assignedLicenses`);
      expect(res.body).toEqual({
        '@odata.context': `${TEST_ORIGIN}/v1.0/$metadata#users(identities,assignedLicenses)/$entity`,
        identities: [
          {
            signInType: 'userPrincipalName',
            issuer: 'contoso.onmicrosoft.com',
            issuerAssignedId: me.userPrincipalName,
          },
        ],
        assignedLicenses: me.assignedLicenses,
      });
      expect(me.assignedLicenses?.[0]?.disabledPlans).toEqual([]);
      const list = await graphGet(emu, '/v1.0/users?$select=id,identities&$top=999');
      expect(list.status).toBe(200);
      for (const item of list.body.value) expect(item.identities).toEqual(emu.tenant.users.get(item.id)?.identities);
    });

    it('returns signInActivity with AuditLog.Read.All and answers 403 Authentication_MSGraphPermissionMissing without it', async () => {
      const token = appToken(emu, ['User.Read.All', 'AuditLog.Read.All']);
      const res = await graphGet(emu, `/v1.0/users/${me.id}?$select=signInActivity`, { token });
      expect(res.status).toBe(200);
      expect(res.body.signInActivity).toEqual(me.signInActivity);
      expect(Object.keys(res.body.signInActivity).sort()).toEqual([
        'lastNonInteractiveSignInDateTime',
        'lastNonInteractiveSignInRequestId',
        'lastSignInDateTime',
        'lastSignInRequestId',
        'lastSuccessfulSignInDateTime',
        'lastSuccessfulSignInRequestId',
      ]);
      for (const path of [`/v1.0/users/${me.id}?$select=signInActivity`, '/v1.0/users?$select=id,signInActivity']) {
        const denied = await graphGet(emu, path, { token: appToken(emu, ['User.Read.All']) });
        expect([path, denied.status]).toEqual([path, 403]);
        expect(denied.body.error).toMatchObject(DENIED);
      }
    });

    it('guards signInActivity and customSecurityAttributes wherever a user appears: directReports, manager, $expand', async () => {
      const token = appToken(emu, ['User.Read.All']);
      for (const path of [
        `/v1.0/users/${me.id}/directReports?$select=signInActivity`,
        `/v1.0/users/${me.id}/manager?$select=signInActivity`,
        `/v1.0/users/${me.id}?$select=id&$expand=manager($select=id,signInActivity)`,
        `/v1.0/directoryObjects/${me.id}?$select=signInActivity`,
      ]) {
        const res = await graphGet(emu, path, { token });
        expect([path, res.status]).toEqual([path, 403]);
        expect(res.body.error).toMatchObject(DENIED);
      }
      const reports = await graphGet(emu, `/v1.0/users/${me.id}/directReports?$select=id,customSecurityAttributes`, {
        token,
      });
      expect(reports.status).toBe(200);
      for (const item of reports.body.value) expect(item.customSecurityAttributes).toBeNull();
    });

    it('returns customSecurityAttributes with CustomSecAttributeAssignment.Read.All and null without it', async () => {
      const engineer = users.find((u) => u.customSecurityAttributes) as UserRecord;
      expect(engineer.customSecurityAttributes).toMatchObject({
        Engineering: { '@odata.type': '#microsoft.graph.customSecurityAttributeValue' },
      });
      const path = `/v1.0/users/${engineer.id}?$select=customSecurityAttributes`;
      const allowed = await graphGet(emu, path, {
        token: appToken(emu, ['User.Read.All', 'CustomSecAttributeAssignment.Read.All']),
      });
      expect(allowed.body.customSecurityAttributes).toEqual(engineer.customSecurityAttributes);
      const withheld = await graphGet(emu, path, { token: appToken(emu, ['User.Read.All']) });
      expect(withheld.status).toBe(200);
      expect(withheld.body).toEqual({
        '@odata.context': `${TEST_ORIGIN}/v1.0/$metadata#users(customSecurityAttributes)/$entity`,
        customSecurityAttributes: null,
      });
    });
  });

  describe('$filter', () => {
    it('finds a guest by identities/any(c:c/issuerAssignedId eq ... and c/issuer eq ...)', async () => {
      const guest = users.find((u) => u.identities?.[0]?.issuer === 'google.com') as UserRecord;
      const identity = guest.identities?.[0] as { issuer: string; issuerAssignedId: string };
      const res = await graphGet(
        emu,
        `/v1.0/users?$select=displayName,id&$filter=identities/any(c:c/issuerAssignedId eq '${identity.issuerAssignedId}' and c/issuer eq 'google.com')`,
      );
      expect(res.status).toBe(200);
      expect(res.body.value).toEqual([{ displayName: guest.displayName, id: guest.id }]);
    });

    it("filters on an issuer alone for the issuers objectIdentity.md allows ('mail')", async () => {
      const res = await graphGet(emu, "/v1.0/users?$select=id&$filter=identities/any(c:c/issuer eq 'mail')");
      expect(res.status).toBe(200);
      expect(ids(res.body)).toEqual(expectedIds((u) => u.identities?.some((i) => i.issuer === 'mail') ?? false));
      expect(res.body.value.length).toBeGreaterThan(0);
    });

    it('matches no userPrincipalName identity, and refuses an issuerAssignedId without its issuer', async () => {
      const upn = await graphGet(
        emu,
        `/v1.0/users?$select=id&$filter=identities/any(c:c/issuerAssignedId eq '${me.userPrincipalName}' and c/issuer eq 'contoso.onmicrosoft.com')`,
      );
      expect(upn.status).toBe(200);
      expect(upn.body.value).toEqual([]);
      const alone = await graphGet(
        emu,
        `/v1.0/users?$filter=identities/any(c:c/issuerAssignedId eq '${me.userPrincipalName}')`,
      );
      expect(alone.status).toBe(400);
      expect(alone.body.error).toMatchObject(unsupported('identities'));
      // A bare any() names no issuer either.
      const bare = await graphGet(emu, '/v1.0/users?$filter=identities/any()');
      expect(bare.status).toBe(400);
      expect(bare.body.error).toMatchObject(unsupported('identities'));
    });

    it('filters on assignedLicenses/any(x:x/skuId eq <guid>)', async () => {
      const res = await graphGet(
        emu,
        `/v1.0/users?$select=id&$top=999&$filter=assignedLicenses/any(x:x/skuId eq ${SKUS.microsoft365E5})`,
      );
      expect(res.status).toBe(200);
      expect(ids(res.body)).toEqual(
        expectedIds((u) => u.assignedLicenses?.some((l) => l.skuId === SKUS.microsoft365E5) ?? false),
      );
      expect(res.body.value.length).toBeGreaterThan(0);
    });

    it('counts unlicensed users with assignedLicenses/$count eq 0 only in an advanced query', async () => {
      const path = '/v1.0/users?$select=id&$top=999&$filter=assignedLicenses/$count eq 0&$count=true';
      const res = await graphGet(emu, path, { headers: EVENTUAL });
      expect(res.status).toBe(200);
      expect(ids(res.body)).toEqual(expectedIds((u) => (u.assignedLicenses ?? []).length === 0));
      expect(res.body['@odata.count']).toBe(res.body.value.length);
      const plain = await graphGet(emu, path);
      expect(plain.status).toBe(400);
      expect(plain.body.error).toMatchObject(unsupported('assignedLicenses'));
    });

    it('filters on signInActivity/lastSignInDateTime le <date> with AuditLog.Read.All, 403 without', async () => {
      const cutoff = '2024-12-01T00:00:00Z';
      const path = `/v1.0/users?$select=id&$top=999&$filter=signInActivity/lastSignInDateTime le ${cutoff}`;
      const res = await graphGet(emu, path, { token: appToken(emu, ['User.Read.All', 'AuditLog.Read.All']) });
      expect(res.status).toBe(200);
      expect(ids(res.body)).toEqual(
        expectedIds(
          (u) => u.signInActivity?.lastSignInDateTime != null && u.signInActivity.lastSignInDateTime <= cutoff,
        ),
      );
      expect(res.body.value.length).toBeGreaterThan(0);
      const denied = await graphGet(emu, path, { token: appToken(emu, ['User.Read.All']) });
      expect(denied.status).toBe(403);
      expect(denied.body.error).toMatchObject(DENIED);
    });

    it('refuses signInActivity together with another property (user.md: "not with any other filterable properties")', async () => {
      const res = await graphGet(
        emu,
        "/v1.0/users?$filter=signInActivity/lastSignInDateTime le 2024-12-01T00:00:00Z and userType eq 'Member'",
        { token: appToken(emu, ['User.Read.All', 'AuditLog.Read.All']) },
      );
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject(unsupported('signInActivity'));
    });
  });
});
