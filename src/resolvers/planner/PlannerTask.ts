import type { PlannerTaskResolvers, PlannerTaskStatus } from '../../__generated__/resolvers-types';
import type { GraphUser } from '../../graph/client';
import { etagOf, missing } from '../shared/graph-answers';
import { referenceId, referenceResolver } from '../shared/reference';
import { userOfIdentitySet } from './identity-set';
import { entityReads } from '../entity-reads';
import { plannerTaskReads } from '../relationship-reads';

/** Planner's three states, as its own apps derive them from `percentComplete`. */
export function plannerStatus(percentComplete: number | null | undefined): PlannerTaskStatus {
  const percent = percentComplete ?? 0;
  if (percent >= 100) return 'COMPLETED';
  return percent > 0 ? 'IN_PROGRESS' : 'NOT_STARTED';
}

const isUser = (user: GraphUser | null): user is GraphUser => user !== null;

export const PlannerTask: PlannerTaskResolvers = {
  __resolveReference: referenceResolver((reference) => referenceId(reference, 'PlannerTask'), entityReads.plannerTask),
  etag: (task) => etagOf(task, `task '${task.id}'`),
  title: (task) => task.title ?? '',
  percentComplete: (task) => task.percentComplete ?? 0,
  status: (task) => plannerStatus(task.percentComplete),
  appliedCategories: (task) =>
    Object.entries(task.appliedCategories ?? {})
      .filter(([, applied]) => applied === true)
      .map(([category]) => category),
  plan: async (task, _args, { graph, analysis }, info) => {
    const plan = task.planId ? await graph.getPlannerPlan(task.planId, analysis.of(info).selects.plannerPlan) : null;
    if (!plan) throw missing(`The plan of task '${task.id}'`);
    return plan;
  },
  bucket: (task, _args, { graph, analysis }, info) =>
    task.bucketId ? graph.getPlannerBucket(task.bucketId, analysis.of(info).selects.plannerBucket) : null,
  createdBy: (task, _args, context, info) =>
    userOfIdentitySet(task.createdBy, context, context.analysis.of(info).selects.user),
  completedBy: (task, _args, context, info) =>
    userOfIdentitySet(task.completedBy, context, context.analysis.of(info).selects.user),
  assignees: async (task, _args, { graph, analysis }, info) => {
    const select = analysis.of(info).selects.user;
    const users = await Promise.all(Object.keys(task.assignments ?? {}).map((id) => graph.getUser(id, select)));
    return users.filter(isUser);
  },
  details: (task, args, context, info) => plannerTaskReads.details(task.id, args, context, info),
};
