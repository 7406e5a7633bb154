/** Planner reads: plans of a group, a plan, its buckets and tasks, a bucket's tasks, a user's tasks, a task. */
import { resourceNotFound } from '../../../http/errors';
import type { Route, RouteContext, GraphReply } from '../../../http/types';
import type { PlannerTaskRecord } from '../../../tenant/model';
import { PLANNER_READ } from '../permissions';
import { resolveUserId } from '../users';
import { findGroup } from '../../directory/lookup';
import { belongsToGroup } from './access';
import { plannerCollection } from './collection';
import { plannerForbidden, plannerNotFound } from './errors';
import { visibleBucket, visiblePlan, visibleTask } from './lookup';
import { assignmentsOf } from './open-types';
import { entityReply, keepsProperty, renderBucket, renderPlan, renderTask } from './render';

function groupPlans(ctx: RouteContext): GraphReply {
  const group = findGroup(ctx.tenant, ctx.params.id as string);
  if (!group) return resourceNotFound(ctx.params.id as string);
  const { caller, tenant } = ctx;
  if (caller.kind === 'delegated' && !(caller.userId && belongsToGroup(tenant, group.id, caller.userId))) {
    return plannerForbidden();
  }
  const plans = [...tenant.plans.values()].filter((plan) => plan.groupId === group.id);
  return plannerCollection(ctx.call, plans, `groups('${group.id}')/planner/plans`, (plan) =>
    renderPlan(ctx.call, plan),
  );
}

function getPlan(ctx: RouteContext): GraphReply {
  const plan = visiblePlan(ctx, ctx.params.id as string);
  if (!plan.ok) return plan.reply;
  return entityReply(ctx.call, 'planner/plans/$entity', renderPlan(ctx.call, plan.value));
}

/** A page of the tasks `keep` selects, rendered page by page. */
function taskCollection(
  ctx: RouteContext,
  contextPath: string,
  keep: (task: PlannerTaskRecord) => boolean,
): GraphReply {
  // The open types are copied only when the $select keeps them (the copy is what costs).
  const cloneOpenTypes = keepsProperty(ctx.call, 'appliedCategories') || keepsProperty(ctx.call, 'assignments');
  const tasks: PlannerTaskRecord[] = [];
  for (const task of ctx.tenant.tasks.values()) if (keep(task)) tasks.push(task);
  return plannerCollection(ctx.call, tasks, contextPath, (task) => renderTask(task, cloneOpenTypes));
}

function planTasks(ctx: RouteContext): GraphReply {
  const plan = visiblePlan(ctx, ctx.params.id as string);
  if (!plan.ok) return plan.reply;
  return taskCollection(ctx, `planner/plans('${plan.value.id}')/tasks`, (task) => task.planId === plan.value.id);
}

function planBuckets(ctx: RouteContext): GraphReply {
  const plan = visiblePlan(ctx, ctx.params.id as string);
  if (!plan.ok) return plan.reply;
  const buckets = [...ctx.tenant.buckets.values()].filter((bucket) => bucket.planId === plan.value.id);
  return plannerCollection(ctx.call, buckets, `planner/plans('${plan.value.id}')/buckets`, renderBucket);
}

function getBucket(ctx: RouteContext): GraphReply {
  const bucket = visibleBucket(ctx, ctx.params.id as string);
  if (!bucket.ok) return bucket.reply;
  return entityReply(ctx.call, 'planner/buckets/$entity', renderBucket(bucket.value));
}

function bucketTasks(ctx: RouteContext): GraphReply {
  const bucket = visibleBucket(ctx, ctx.params.id as string);
  if (!bucket.ok) return bucket.reply;
  return taskCollection(
    ctx,
    `planner/buckets('${bucket.value.id}')/tasks`,
    (task) => task.bucketId === bucket.value.id,
  );
}

/**
 * Tasks assigned to the user, from every plan. A delegated caller reads only their own
 * (`/me/planner/tasks` arrives here rewritten); another user's answer 403.
 */
function userTasks(ctx: RouteContext): GraphReply {
  const userId = resolveUserId(ctx.tenant, ctx.params.id as string);
  if (ctx.caller.kind === 'delegated' && userId !== ctx.caller.userId) {
    return userId === null ? plannerNotFound() : plannerForbidden();
  }
  if (userId === null) return plannerNotFound();
  return taskCollection(ctx, `users('${userId}')/planner/tasks`, (task) => userId in assignmentsOf(task));
}

/** One task; `contextFragment` names the address it was read through (`users('{id}')/planner/tasks/$entity`). */
export function getTask(ctx: RouteContext, contextFragment = 'planner/tasks/$entity'): GraphReply {
  const task = visibleTask(ctx, ctx.params.id as string);
  if (!task.ok) return task.reply;
  return entityReply(ctx.call, contextFragment, renderTask(task.value));
}

export const plannerReadRoutes: Route[] = [
  { method: 'GET', pattern: '/groups/:id/planner/plans', permissions: PLANNER_READ, handler: groupPlans },
  { method: 'GET', pattern: '/planner/plans/:id', permissions: PLANNER_READ, handler: getPlan },
  { method: 'GET', pattern: '/planner/plans/:id/tasks', permissions: PLANNER_READ, handler: planTasks },
  { method: 'GET', pattern: '/planner/plans/:id/buckets', permissions: PLANNER_READ, handler: planBuckets },
  { method: 'GET', pattern: '/planner/buckets/:id', permissions: PLANNER_READ, handler: getBucket },
  { method: 'GET', pattern: '/planner/buckets/:id/tasks', permissions: PLANNER_READ, handler: bucketTasks },
  { method: 'GET', pattern: '/users/:id/planner/tasks', permissions: PLANNER_READ, handler: userTasks },
  { method: 'GET', pattern: '/planner/tasks/:id', permissions: PLANNER_READ, handler: (ctx) => getTask(ctx) },
];
