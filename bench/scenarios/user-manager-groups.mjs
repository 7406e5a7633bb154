/** One user by id with their manager and their groups. */
export default {
  name: 'user-manager-groups',
  title: 'one user with manager and groups',
  auth: 'delegated',
  nested: false,
  async variables(emulator) {
    return { id: emulator.info.defaultUserId };
  },
  operation: `query UserWithManagerAndGroups($id: ID!) {
  user(id: $id) {
    id
    displayName
    jobTitle
    manager { id displayName }
    memberOf(first: 25) { nodes { id displayName } }
  }
}`,
  mesh: {
    operation: `query UserWithManagerAndGroups($id: String!) {
  usersByid(id: $id) {
    id
    displayName
    jobTitle
    manager { id }
    memberOf(queryOptions: { top: 25 }) { id }
  }
}`,
    variables: (variables) => ({ id: variables.id }),
    note: "ids only: Mesh types manager/memberOf as the CSDL's directoryObject (no displayName), and memberOf is not narrowed to groups; same Graph reads",
  },
  /** Wave 1: the user (manager `$expand`ed on that read) and its memberOf, both addressed by the argument. */
  minimalReads(data) {
    return [data.user ? 2 : 1];
  },
};
