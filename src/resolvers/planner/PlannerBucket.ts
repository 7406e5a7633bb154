import type { PlannerBucketResolvers } from '../../__generated__/resolvers-types';
import { loadConnection, NESTED_LIST_DEFAULT_FIRST } from '../paging';
import { missing } from '../shared/graph-answers';

export const PlannerBucket: PlannerBucketResolvers = {
  name: (bucket) => bucket.name ?? '',
  plan: async (bucket, _args, { graph, analysis }, info) => {
    const plan = bucket.planId
      ? await graph.getPlannerPlan(bucket.planId, analysis.of(info).selects.plannerPlan)
      : null;
    if (!plan) throw missing(`The plan of bucket '${bucket.id}'`);
    return plan;
  },
  tasks: (bucket, args, { graph, analysis }, info) =>
    loadConnection(args, NESTED_LIST_DEFAULT_FIRST, (page) =>
      graph.listPlannerBucketTasks(bucket.id, { select: analysis.of(info).selects.plannerTask, page }),
    ),
};
