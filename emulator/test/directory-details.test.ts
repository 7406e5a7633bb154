/**
 * Smaller directory behaviours. Docs followed: api-reference/v1.0/resources/group.md (the default
 * property set; `allowExternalSenders`, `autoSubscribeNewMembers`, `hideFromAddressLists`,
 * `hideFromOutlookClients`, `isSubscribedByMail`, `unseenCount` "Supported only on the Get group
 * API"; null on a list is a README choice), concepts/query-parameters.md (`$select` with
 * `$expand`; the context URL follows OData's rules: README choices), api-reference/v1.0/api/user-get.md
 * (a UPN that begins with `$` goes in key form), api-reference/v1.0/api/group-delete.md and
 * concepts/json-batching.md (error steps carry `Cache-Control` and `Content-Type: application/json`).
 */
import {
  appToken,
  createTestEmulator,
  graphBatch,
  graphDelete,
  graphGet,
  TEST_ORIGIN,
  userToken,
  type Emulator,
} from '../src/testing';
import type { GroupRecord, UserRecord } from '../src/tenant/model';

const MAILBOX_SETTINGS = [
  'allowExternalSenders',
  'autoSubscribeNewMembers',
  'hideFromAddressLists',
  'hideFromOutlookClients',
  'isSubscribedByMail',
  'unseenCount',
];
const DENIED = { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' };

describe('directory details (group.md, query-parameters.md, user-get.md, group-delete.md, json-batching.md)', () => {
  let emu: Emulator;
  let me: UserRecord;
  let unified: GroupRecord;
  beforeAll(() => {
    emu = createTestEmulator({ users: 30 });
    me = emu.tenant.users.get(emu.info.defaultUserId) as UserRecord;
    unified = [...emu.tenant.groups.values()].find((g) => g.groupTypes?.includes('Unified')) as GroupRecord;
  });

  it('shows onPremisesDomainName and onPremisesNetBiosName (null for cloud groups) in the default group set', async () => {
    const res = await graphGet(emu, `/v1.0/groups/${unified.id}`);
    const keys = Object.keys(res.body);
    expect(
      keys.slice(keys.indexOf('membershipRuleProcessingState') + 1, keys.indexOf('onPremisesSamAccountName')),
    ).toEqual(['onPremisesDomainName', 'onPremisesLastSyncDateTime', 'onPremisesNetBiosName']);
    expect(res.body.onPremisesDomainName).toBeNull();
    expect(res.body.onPremisesNetBiosName).toBeNull();
  });

  it('returns the group mailbox settings on GET /groups/{id} and null for them on the list', async () => {
    const select = MAILBOX_SETTINGS.join(',');
    const single = await graphGet(emu, `/v1.0/groups/${unified.id}?$select=${select}`);
    expect(single.body).toEqual({
      '@odata.context': `${TEST_ORIGIN}/v1.0/$metadata#groups(${select})/$entity`,
      ...Object.fromEntries(MAILBOX_SETTINGS.map((n) => [n, (unified as unknown as Record<string, unknown>)[n]])),
    });
    expect(single.body.allowExternalSenders).toBe(false);
    expect(typeof single.body.unseenCount).toBe('number');
    const list = await graphGet(emu, `/v1.0/groups?$select=id,${select}`);
    expect(list.status).toBe(200);
    for (const item of list.body.value) {
      expect(item).toEqual({ id: item.id, ...Object.fromEntries(MAILBOX_SETTINGS.map((n) => [n, null])) });
    }
  });

  it('names the expanded relationship in @odata.context of a $select + $expand request', async () => {
    const nested = await graphGet(
      emu,
      `/v1.0/users/${me.id}?$select=displayName&$expand=manager($select=id,displayName)`,
    );
    expect(nested.body['@odata.context']).toBe(
      `${TEST_ORIGIN}/v1.0/$metadata#users(displayName,manager(id,displayName))/$entity`,
    );
    const bare = await graphGet(emu, '/v1.0/users?$select=id&$expand=manager&$top=2');
    expect(bare.body['@odata.context']).toBe(`${TEST_ORIGIN}/v1.0/$metadata#users(id,manager())`);
    const unselected = await graphGet(emu, `/v1.0/users/${me.id}?$expand=manager`);
    expect(unselected.body['@odata.context']).toBe(`${TEST_ORIGIN}/v1.0/$metadata#users/$entity`);
  });

  // user-get.md's tip: a userPrincipalName that begins with `$` fails in path form with 400.
  it("answers 400 BadRequest for a UPN beginning with '$' in path form, directly and in $batch", async () => {
    const upn = '$adele@contoso.onmicrosoft.com';
    const res = await graphGet(emu, `/v1.0/users/${upn}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'BadRequest',
      message: `Resource not found for the segment '${upn}'.`,
    });
    const batch = await graphBatch(emu, [{ id: '1', method: 'GET', url: `/users/${upn}` }]);
    expect(batch.answers.get('1')?.status).toBe(400);
    // The key form is the documented way; it reaches users as usual.
    const keyed = await graphGet(emu, `/v1.0/users('${me.userPrincipalName}')?$select=id`);
    expect(keyed.body.id).toBe(me.id);
  });

  it('deletes a group with Group.ReadWrite.All (204) and refuses without it (403), directly and in $batch', async () => {
    const [first, second] = [...emu.tenant.groups.values()].filter((g) => g.id !== unified.id) as [
      GroupRecord,
      GroupRecord,
    ];
    const refused = await graphDelete(emu, `/v1.0/groups/${first.id}`);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject(DENIED);
    const refusedDelegated = await graphDelete(emu, `/v1.0/groups/${first.id}`, { token: userToken(emu) });
    expect(refusedDelegated.status).toBe(403);

    const writer = appToken(emu, ['Group.ReadWrite.All']);
    const members = [...(emu.tenant.membersOf.get(first.id) ?? [])];
    const deleted = await graphDelete(emu, `/v1.0/groups/${first.id}`, { token: writer });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await graphGet(emu, `/v1.0/groups/${first.id}`)).status).toBe(404);
    for (const member of members) expect(emu.tenant.memberships.get(member) ?? []).not.toContain(first.id);
    expect((await graphDelete(emu, `/v1.0/groups/${first.id}`, { token: writer })).status).toBe(404);

    const batch = await graphBatch(emu, [{ id: 'a', method: 'DELETE', url: `/groups/${second.id}` }], {
      token: writer,
    });
    expect(batch.answers.get('a')).toMatchObject({ status: 204 });
    expect(batch.answers.get('a')?.body).toBeUndefined();
    expect(emu.tenant.groups.has(second.id)).toBe(false);
    const readOnly = await graphBatch(emu, [{ id: 'c', method: 'DELETE', url: `/groups/${unified.id}` }]);
    expect(readOnly.answers.get('c')).toMatchObject({ status: 403, body: { error: DENIED } });
    expect(emu.tenant.groups.has(unified.id)).toBe(true);
  });

  it('gives an error step of a $batch Cache-Control and Content-Type: application/json, no OData-Version', async () => {
    const group = [...emu.tenant.groups.values()][0] as GroupRecord;
    const res = await graphBatch(emu, [
      { id: '3', method: 'DELETE', url: `/groups/${group.id}` },
      { id: '4', method: 'POST', url: `/users/${me.id}`, body: {}, headers: { 'Content-Type': 'application/json' } },
    ]);
    for (const [id, status] of [
      ['3', 403],
      ['4', 405],
    ] as const) {
      const answer = res.answers.get(id);
      expect(answer?.status).toBe(status);
      expect(answer?.headers).toMatchObject({ 'Cache-Control': 'no-cache', 'Content-Type': 'application/json' });
      expect(answer?.headers).not.toHaveProperty('OData-Version');
    }
  });
});
