/** Where Planner hangs off the rest of the schema: `Query.plannerPlan/plannerTask`, `User.plannerTasks`, `Group.plannerPlans`. */
import type { GroupResolvers, QueryResolvers, UserResolvers } from '../__generated__/resolvers-types';
import { loadConnection, NESTED_LIST_DEFAULT_FIRST } from './paging';
import { prefetchPlannerPlanChildren, prefetchPlannerTaskChildren } from './prefetch';

export const plannerQueryFields: QueryResolvers = {
  plannerPlan: (_root, { id }, context, info) => {
    const plan = context.graph.getPlannerPlan(id, context.selects(info).plannerPlan);
    prefetchPlannerPlanChildren(id, context, info);
    return plan;
  },
  plannerTask: (_root, { id }, context, info) => {
    const task = context.graph.getPlannerTask(id, context.selects(info).plannerTask);
    prefetchPlannerTaskChildren(id, context, info);
    return task;
  },
};

export const plannerUserFields: UserResolvers = {
  plannerTasks: (user, args, { graph, selects }, info) =>
    loadConnection(args, NESTED_LIST_DEFAULT_FIRST, (page) =>
      graph.listUserPlannerTasks({ userId: user.id }, { select: selects(info).plannerTask, page }),
    ),
};

export const plannerGroupFields: GroupResolvers = {
  plannerPlans: (group, _args, { graph, selects }, info) => {
    // Only Microsoft 365 groups own plans (graph-api.md §7); `groupTypes` is in the group's
    // `$select` whenever `plannerPlans` is asked for, so other groups cost no read.
    if (Array.isArray(group.groupTypes) && !group.groupTypes.some((type) => type.toLowerCase() === 'unified')) return [];
    return graph.listGroupPlannerPlans(group.id, selects(info).plannerPlan);
  },
};
