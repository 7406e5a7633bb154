/** Where Planner hangs off the rest of the schema: `Query.plannerPlan/plannerTask`, `User.plannerTasks`, `Group.plannerPlans`. */
import type { GroupResolvers, QueryResolvers, UserResolvers } from '../../__generated__/resolvers-types';
import { prefetchPlannerPlanChildren, prefetchPlannerTaskChildren } from '../prefetch';
import { userReads } from '../relationship-reads';

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
  plannerTasks: (user, args, context, info) => userReads.plannerTasks.connection(user.id, args, context, info),
};

export const plannerGroupFields: GroupResolvers = {
  plannerPlans: (group, _args, { graph, selects }, info) => {
    // Only Microsoft 365 groups own plans (graph-api.md §7); `groupTypes` is in the group's
    // `$select` whenever `plannerPlans` is asked for, so other groups cost no read.
    if (Array.isArray(group.groupTypes) && !group.groupTypes.some((type) => type.toLowerCase() === 'unified')) return [];
    return graph.listGroupPlannerPlans(group.id, selects(info).plannerPlan);
  },
};
