import type { PlannerPlanResolvers } from '../../__generated__/resolvers-types';
import { referenceId, referenceResolver } from '../shared/reference';
import { userOfIdentitySet } from './identity-set';
import { entityReads } from '../entity-reads';
import { plannerPlanReads } from '../relationship-reads';

export const PlannerPlan: PlannerPlanResolvers = {
  __resolveReference: referenceResolver((reference) => referenceId(reference, 'PlannerPlan'), entityReads.plannerPlan),
  title: (plan) => plan.title ?? '',
  createdBy: (plan, _args, context, info) =>
    userOfIdentitySet(plan.createdBy, context, context.analysis.of(info).selects.user),
  group: (plan, _args, { graph, analysis }, info) => {
    const container = plan.container;
    // Plans may also live in rosters or Teams channels; only a group container names a group.
    if (!container?.containerId || (container.type && container.type.toLowerCase() !== 'group')) return null;
    return graph.getGroup(container.containerId, analysis.of(info).selects.group);
  },
  buckets: (plan, args, context, info) => plannerPlanReads.buckets(plan.id, args, context, info),
  tasks: (plan, args, context, info) => plannerPlanReads.tasks.connection(plan.id, args, context, info),
};
