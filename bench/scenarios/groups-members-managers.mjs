/** 20 groups, 25 members each, and every member's manager. */
export default {
  name: 'groups-members-managers',
  title: 'groups(first: 20) → members(first: 25) → manager',
  auth: 'delegated',
  nested: true,
  /** Target: the gateway's CPU ms/op at most this multiple of the ceiling's. */
  ceilingFactor: 2,
  async variables() {
    return {};
  },
  operation: `query GroupsMembersManagers {
  groups(first: 20) {
    nodes {
      id
      displayName
      members(first: 25) {
        nodes {
          __typename
          id
          ... on User { displayName manager { id displayName } }
        }
      }
    }
  }
}`,
  mesh: {
    unsupported:
      "members' managers: Mesh types group.members as the CSDL's Collection(directoryObject), and its directoryObject type has no manager field (nor a way to narrow to user), so the third level cannot be asked for in one operation",
  },
  /** Wave 1: the list; wave 2: every group's members; wave 3: the manager of every distinct user member. */
  minimalReads(data) {
    const groups = data.groups.nodes;
    const users = new Set();
    for (const group of groups)
      for (const member of group.members.nodes) if (member.__typename === 'User') users.add(member.id);
    return [1, groups.length, users.size];
  },
};
