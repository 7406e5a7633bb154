/** The signed-in user's groups, their Planner plans, the plans' tasks and the tasks' assignees. */
export default {
  name: 'me-groups-plans-tasks',
  title: 'me → groups → plans → tasks → assignees',
  auth: 'delegated',
  nested: true,
  async variables() {
    return {};
  },
  operation: `query MyGroupsPlansTasks {
  me {
    id
    displayName
    memberOf(first: 25) {
      nodes {
        id
        displayName
        groupTypes
        plannerPlans {
          id
          title
          tasks(first: 50) {
            nodes {
              id
              title
              percentComplete
              assignees { id displayName }
            }
          }
        }
      }
    }
  }
}`,
  mesh: {
    unsupported:
      "groups' plans: Mesh types me.memberOf as the CSDL's Collection(directoryObject), which has no planner navigation; and me.planner would first GET /me/planner, which Graph v1.0 does not serve",
  },
  /**
   * Wave 1: /me and /me/memberOf; wave 2: plans of the Microsoft 365 groups (only they own
   * plans); wave 3: tasks of every plan; wave 4: every distinct assignee not read already (`me`).
   */
  minimalReads(data) {
    const me = data.me;
    const groups = me.memberOf.nodes;
    const planGroups = groups.filter((group) => group.groupTypes.includes('Unified'));
    const plans = groups.flatMap((group) => group.plannerPlans ?? []);
    const assignees = new Set();
    for (const plan of plans)
      for (const task of plan.tasks.nodes)
        for (const user of task.assignees) if (user.id !== me.id) assignees.add(user.id);
    return [2, planGroups.length, plans.length, assignees.size];
  },
};
