import type { QueryResolvers } from '../../__generated__/resolvers-types';
import { prefetchPlannerPlanChildren, prefetchPlannerTaskChildren } from '../prefetch';

export const Query: Pick<QueryResolvers, 'plannerPlan' | 'plannerTask'> = {
  plannerPlan: (_root, { id }, context, info) => {
    const plan = context.graph.getPlannerPlan(id, context.analysis.of(info).selects.plannerPlan);
    prefetchPlannerPlanChildren(id, context, info);
    return plan;
  },
  plannerTask: (_root, { id }, context, info) => {
    const task = context.graph.getPlannerTask(id, context.analysis.of(info).selects.plannerTask);
    prefetchPlannerTaskChildren(id, context, info);
    return task;
  },
};
