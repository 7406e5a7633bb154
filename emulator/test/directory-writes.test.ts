/**
 * Directory writes that Graph tracks as changes: `PATCH /users/{id}` (user-update.md),
 * `POST /groups/{id}/members/$ref` (group-post-members.md) and
 * `DELETE /groups/{id}/members/{id}/$ref` (group-delete-members.md), with their permissions.
 */
import {
  appToken,
  createTestEmulator,
  graphDelete,
  graphGet,
  graphPatch,
  graphPost,
  userToken,
  type Emulator,
} from '../src/testing';

const USER_WRITER = ['User.ReadWrite.All'];
const MEMBER_WRITER = ['GroupMember.ReadWrite.All'];
const INSUFFICIENT = {
  code: 'Authorization_RequestDenied',
  message: 'Insufficient privileges to complete the operation.',
};

describe('PATCH /users/{id} (user-update.md)', () => {
  let emu: Emulator;
  let target: string;
  beforeAll(() => {
    emu = createTestEmulator({ users: 20 });
    target = [...emu.tenant.users.keys()][3] as string;
  });

  it('writes the given properties and answers 204 No Content', async () => {
    const res = await graphPatch(
      emu,
      `/v1.0/users/${target}`,
      { jobTitle: 'Cartographer', businessPhones: ['+1 555 0199'], officeLocation: null },
      { token: appToken(emu, USER_WRITER) },
    );
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    const read = await graphGet(emu, `/v1.0/users/${target}?$select=jobTitle,businessPhones,officeLocation`);
    expect(read.body).toMatchObject({
      jobTitle: 'Cartographer',
      businessPhones: ['+1 555 0199'],
      officeLocation: null,
    });
  });

  it('addresses the user by userPrincipalName too, and a changed userPrincipalName finds the user after', async () => {
    const upn = emu.tenant.users.get(target)?.userPrincipalName as string;
    const renamed = `renamed.${upn}`;
    const token = appToken(emu, USER_WRITER);
    expect((await graphPatch(emu, `/v1.0/users/${upn}`, { userPrincipalName: renamed }, { token })).status).toBe(204);
    expect((await graphGet(emu, `/v1.0/users/${renamed}`)).body.id).toBe(target);
    expect((await graphGet(emu, `/v1.0/users/${upn}`)).status).toBe(404);
  });

  it('refuses unknown and read-only properties, wrong types and clearing a required property with 400', async () => {
    const token = appToken(emu, USER_WRITER);
    const unknown = await graphPatch(emu, `/v1.0/users/${target}`, { favouriteColour: 'teal' }, { token });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({
      code: 'BadRequest',
      message:
        "The property 'favouriteColour' does not exist on type 'microsoft.graph.user'. Make sure to only use property names that are defined by the type or mark the type as open type.",
    });
    const readOnly = await graphPatch(emu, `/v1.0/users/${target}`, { id: 'x' }, { token });
    expect(readOnly.body.error).toMatchObject({
      code: 'Request_BadRequest',
      message: "Property 'id' is read-only and cannot be set.",
    });
    expect((await graphPatch(emu, `/v1.0/users/${target}`, { accountEnabled: 'yes' }, { token })).status).toBe(400);
    expect((await graphPatch(emu, `/v1.0/users/${target}`, { displayName: null }, { token })).status).toBe(400);
  });

  it('answers 404 for a user that does not exist', async () => {
    const res = await graphPatch(
      emu,
      '/v1.0/users/00000000-0000-4000-8000-000000000000',
      { jobTitle: 'Nobody' },
      { token: appToken(emu, USER_WRITER) },
    );
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('Request_ResourceNotFound');
  });

  it('needs User.ReadWrite.All; User.ReadWrite reaches only the signed-in user', async () => {
    const readOnly = await graphPatch(
      emu,
      `/v1.0/users/${target}`,
      { jobTitle: 'No' },
      { token: appToken(emu, ['User.Read.All']) },
    );
    expect(readOnly.status).toBe(403);
    expect(readOnly.body.error).toMatchObject(INSUFFICIENT);

    const me = emu.info.defaultUserId;
    const self = userToken(emu, me, ['User.ReadWrite']);
    expect((await graphPatch(emu, '/v1.0/me', { jobTitle: 'Self' }, { token: self })).status).toBe(204);
    expect((await graphPatch(emu, `/v1.0/users/${me}`, { jobTitle: 'Self' }, { token: self })).status).toBe(204);
    const other = await graphPatch(emu, `/v1.0/users/${target}`, { jobTitle: 'Other' }, { token: self });
    expect(other.status).toBe(403);
    expect(other.body.error).toMatchObject(INSUFFICIENT);
  });
});

describe('group members $ref (group-post-members.md, group-delete-members.md)', () => {
  let emu: Emulator;
  let groupId: string;
  let outsider: string;
  beforeAll(() => {
    emu = createTestEmulator({ users: 20 });
    groupId = [...emu.tenant.groups.keys()][0] as string;
    const members = emu.tenant.membersOf.get(groupId) ?? [];
    outsider = [...emu.tenant.users.keys()].find((id) => !members.includes(id)) as string;
  });

  async function memberIds(): Promise<string[]> {
    const res = await graphGet(emu, `/v1.0/groups/${groupId}/members?$select=id&$top=999`);
    return res.body.value.map((m: { id: string }) => m.id);
  }

  it("adds a member (204), who then shows in /members and in the user's /memberOf", async () => {
    const res = await graphPost(
      emu,
      `/v1.0/groups/${groupId}/members/$ref`,
      { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${outsider}` },
      { token: appToken(emu, MEMBER_WRITER) },
    );
    expect(res.status).toBe(204);
    expect(await memberIds()).toContain(outsider);
    const memberOf = await graphGet(emu, `/v1.0/users/${outsider}/memberOf?$select=id`);
    expect(memberOf.body.value.map((g: { id: string }) => g.id)).toContain(groupId);
  });

  it('answers 400 "One or more added object references already exist" for an existing member', async () => {
    const res = await graphPost(
      emu,
      `/v1.0/groups/${groupId}/members/$ref`,
      { '@odata.id': `https://graph.microsoft.com/v1.0/users/${outsider}` },
      { token: appToken(emu, MEMBER_WRITER) },
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'Request_BadRequest',
      message: "One or more added object references already exist for the following modified properties: 'members'.",
    });
  });

  it('answers 404 for an unknown member or group and 400 without an @odata.id', async () => {
    const token = appToken(emu, MEMBER_WRITER);
    const missing = '00000000-0000-4000-8000-000000000000';
    const unknownMember = await graphPost(
      emu,
      `/v1.0/groups/${groupId}/members/$ref`,
      { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${missing}` },
      { token },
    );
    expect(unknownMember.status).toBe(404);
    expect(unknownMember.body.error.code).toBe('Request_ResourceNotFound');
    const unknownGroup = await graphPost(
      emu,
      `/v1.0/groups/${missing}/members/$ref`,
      { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${outsider}` },
      { token },
    );
    expect(unknownGroup.status).toBe(404);
    expect((await graphPost(emu, `/v1.0/groups/${groupId}/members/$ref`, {}, { token })).status).toBe(400);
  });

  it('removes a member (204); removing a non-member answers 404', async () => {
    const token = appToken(emu, MEMBER_WRITER);
    expect((await graphDelete(emu, `/v1.0/groups/${groupId}/members/${outsider}/$ref`, { token })).status).toBe(204);
    expect(await memberIds()).not.toContain(outsider);
    const again = await graphDelete(emu, `/v1.0/groups/${groupId}/members/${outsider}/$ref`, { token });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('Request_ResourceNotFound');
  });

  it('needs GroupMember.ReadWrite.All, Group.ReadWrite.All or Directory.ReadWrite.All', async () => {
    const body = { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${outsider}` };
    const readOnly = await graphPost(emu, `/v1.0/groups/${groupId}/members/$ref`, body, {
      token: appToken(emu, ['GroupMember.Read.All', 'Group.Read.All']),
    });
    expect(readOnly.status).toBe(403);
    expect(readOnly.body.error).toMatchObject(INSUFFICIENT);
    const delegated = userToken(emu, emu.info.defaultUserId, ['Group.ReadWrite.All']);
    expect((await graphPost(emu, `/v1.0/groups/${groupId}/members/$ref`, body, { token: delegated })).status).toBe(204);
  });
});
