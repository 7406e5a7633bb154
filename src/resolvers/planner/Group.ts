import type { GroupResolvers } from '../../__generated__/resolvers-types';

export const Group: Pick<GroupResolvers, 'plannerPlans'> = {
  plannerPlans: (group, _args, { graph, analysis }, info) => {
    // Only Microsoft 365 groups own plans (graph-api.md §7); `groupTypes` is in the group's
    // `$select` whenever `plannerPlans` is asked for, so other groups cost no read.
    if (Array.isArray(group.groupTypes) && !group.groupTypes.some((type) => type.toLowerCase() === 'unified'))
      return [];
    return graph.listGroupPlannerPlans(group.id, analysis.of(info).selects.plannerPlan);
  },
};
