/**
 * `$select` on users and groups returns exactly the selected properties, and refuses a name the
 * type does not have. Docs followed: api-reference/v1.0/api/user-get.md (its non-truncated
 * `$select` example with customSecurityAttributes has no `id`), user-list.md, group-get.md.
 * The 400 body is the one Graph's OData layer is observed to give (README choices).
 */
import { createTestEmulator, graphGet, TEST_ORIGIN, type Emulator } from '../src/testing';
import type { GroupRecord, UserRecord } from '../src/tenant/model';

const unknownProperty = (name: string, type: string) => ({
  code: 'BadRequest',
  message: `Parsing OData Select and Expand failed: Could not find a property named '${name}' on type 'microsoft.graph.${type}'.`,
});

describe('$select on users and groups (user-get.md)', () => {
  let emu: Emulator;
  let me: UserRecord;
  let group: GroupRecord;
  beforeAll(() => {
    emu = createTestEmulator({ users: 30 });
    me = emu.tenant.users.get(emu.info.defaultUserId) as UserRecord;
    group = emu.tenant.groups.values().next().value as GroupRecord;
  });

  it('answers GET /users/{id}?$select=displayName with exactly @odata.context and displayName, no id', async () => {
    const res = await graphGet(emu, `/v1.0/users/${me.id}?$select=displayName`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      '@odata.context': `${TEST_ORIGIN}/v1.0/$metadata#users(displayName)/$entity`,
      displayName: me.displayName,
    });
  });

  it('answers GET /groups?$select=displayName with items holding only displayName', async () => {
    const res = await graphGet(emu, '/v1.0/groups?$top=2&$select=displayName');
    expect(res.status).toBe(200);
    expect(res.body['@odata.context']).toBe(`${TEST_ORIGIN}/v1.0/$metadata#groups(displayName)`);
    for (const item of res.body.value) expect(Object.keys(item)).toEqual(['displayName']);
  });

  it('keeps id when it is selected, in the order Graph lists the properties', async () => {
    const res = await graphGet(emu, `/v1.0/groups/${group.id}?$select=id,displayName`);
    expect(res.body).toEqual({
      '@odata.context': `${TEST_ORIGIN}/v1.0/$metadata#groups(id,displayName)/$entity`,
      id: group.id,
      displayName: group.displayName,
    });
  });

  it("answers 400 BadRequest \"Could not find a property named 'bogus' on type 'microsoft.graph.user'\" on /users and /users/{id}", async () => {
    for (const path of [
      '/v1.0/users?$select=displayName,bogus',
      `/v1.0/users/${me.id}?$select=bogus`,
      '/v1.0/users/$count?$select=bogus',
    ]) {
      const res = await graphGet(emu, path, { headers: { ConsistencyLevel: 'eventual' } });
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.body.error).toMatchObject(unknownProperty('bogus', 'user'));
    }
  });

  it("answers 400 naming 'microsoft.graph.group' for an unknown name on /groups/{id} and on a group cast", async () => {
    const res = await graphGet(emu, `/v1.0/groups/${group.id}?$select=nope`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject(unknownProperty('nope', 'group'));
    const cast = await graphGet(emu, `/v1.0/users/${me.id}/memberOf/microsoft.graph.group?$select=nope`);
    expect(cast.status).toBe(400);
    expect(cast.body.error).toMatchObject(unknownProperty('nope', 'group'));
  });

  it('accepts names case-insensitively and navigation property names (which show nothing)', async () => {
    const res = await graphGet(emu, `/v1.0/users/${me.id}?$select=DISPLAYNAME,manager`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      '@odata.context': `${TEST_ORIGIN}/v1.0/$metadata#users(DISPLAYNAME,manager)/$entity`,
      displayName: me.displayName,
    });
  });
});
