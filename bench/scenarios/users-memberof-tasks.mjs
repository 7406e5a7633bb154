/** A page of 100 users, each with their groups and their Planner tasks. */
export default {
  name: 'users-memberof-tasks',
  title: 'users(first: 100) with memberOf and plannerTasks',
  // A delegated caller may read only their own Planner tasks (403 for anyone else's), so this
  // scenario runs every contender with app permissions (client credentials).
  auth: 'app',
  nested: true,
  /** Target: the gateway's CPU ms/op at most this multiple of the ceiling's. */
  ceilingFactor: 2,
  async variables() {
    return {};
  },
  operation: `query UsersWithGroupsAndTasks {
  users(first: 100) {
    nodes {
      id
      displayName
      memberOf(first: 25) { nodes { id displayName } }
      plannerTasks(first: 25) { nodes { id title } }
    }
  }
}`,
  mesh: {
    unsupported:
      "plannerTasks: Mesh follows containment hop by hop, so user.planner.tasks first GETs /users/{id}/planner, which Graph v1.0 does not serve (plannerUser has no GET outside beta); and the 100 memberOf reads of one tick go out as one $batch of 100 steps, which Graph refuses (at most 20): Mesh's OData handler sets no batch size limit",
  },
  /** Wave 1: the list; wave 2: memberOf and plannerTasks of every user. */
  minimalReads(data) {
    return [1, 2 * data.users.nodes.length];
  },
};
