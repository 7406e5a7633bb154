import type { PlannerBucketResolvers, PlannerPlanResolvers } from '../../__generated__/resolvers-types';
import { loadConnection, NESTED_LIST_DEFAULT_FIRST } from '../paging';
import { missing } from '../shared/graph-answers';
import { referenceId } from '../shared/reference';
import { userOfIdentitySet } from './identity-set';
import { prefetchPlannerPlanChildren } from '../prefetch';
import { plannerPlanReads } from '../relationship-reads';

export const PlannerPlan: PlannerPlanResolvers = {
  __resolveReference: async (reference, context, info) => {
    const id = referenceId(reference, 'PlannerPlan');
    const plan = context.graph.getPlannerPlan(id, context.selects(info).plannerPlan);
    prefetchPlannerPlanChildren(id, context, info);
    return plan;
  },
  title: (plan) => plan.title ?? '',
  createdBy: (plan, _args, context, info) => userOfIdentitySet(plan.createdBy, context, context.selects(info).user),
  group: (plan, _args, { graph, selects }, info) => {
    const container = plan.container;
    // Plans may also live in rosters or Teams channels; only a group container names a group.
    if (!container?.containerId || (container.type && container.type.toLowerCase() !== 'group')) return null;
    return graph.getGroup(container.containerId, selects(info).group);
  },
  buckets: (plan, args, context, info) => plannerPlanReads.buckets(plan.id, args, context, info),
  tasks: (plan, args, context, info) => plannerPlanReads.tasks.connection(plan.id, args, context, info),
};

export const PlannerBucket: PlannerBucketResolvers = {
  name: (bucket) => bucket.name ?? '',
  plan: async (bucket, _args, { graph, selects }, info) => {
    const plan = bucket.planId ? await graph.getPlannerPlan(bucket.planId, selects(info).plannerPlan) : null;
    if (!plan) throw missing(`The plan of bucket '${bucket.id}'`);
    return plan;
  },
  tasks: (bucket, args, { graph, selects }, info) =>
    loadConnection(args, NESTED_LIST_DEFAULT_FIRST, (page) => graph.listPlannerBucketTasks(bucket.id, { select: selects(info).plannerTask, page })),
};
