/** Where Planner hangs off the rest of the schema: `Query.plannerPlan/plannerTask`, `User.plannerTasks`, `Group.plannerPlans`. */
import type { GroupResolvers, QueryResolvers, UserResolvers } from '../__generated__/resolvers-types';
import { loadConnection, NESTED_LIST_DEFAULT_FIRST } from './paging';

export const plannerQueryFields: QueryResolvers = {
  plannerPlan: (_root, { id }, { graph, selects }, info) => graph.getPlannerPlan(id, selects(info).plannerPlan),
  plannerTask: (_root, { id }, { graph, selects }, info) => graph.getPlannerTask(id, selects(info).plannerTask),
};

export const plannerUserFields: UserResolvers = {
  plannerTasks: (user, args, { graph, selects }, info) =>
    loadConnection(args, NESTED_LIST_DEFAULT_FIRST, (page) =>
      graph.listUserPlannerTasks({ userId: user.id }, { select: selects(info).plannerTask, page }),
    ),
};

export const plannerGroupFields: GroupResolvers = {
  plannerPlans: (group, _args, { graph, selects }, info) => graph.listGroupPlannerPlans(group.id, selects(info).plannerPlan),
};
