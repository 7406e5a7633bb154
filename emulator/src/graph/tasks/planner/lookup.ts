/**
 * Finding Planner resources for a caller: an unknown id is 404, a plan the caller may not see
 * is 403 (both with Planner's bodies).
 */
import type { RouteContext } from '../../../http/types';
import type { PlannerBucketRecord, PlannerPlanRecord, PlannerTaskRecord } from '../../../tenant/model';
import { canAccessPlan } from './access';
import { plannerForbidden, plannerNotFound } from './errors';
import type { Result } from '../result';

export function visiblePlan(ctx: RouteContext, planId: string): Result<PlannerPlanRecord> {
  const plan = ctx.tenant.plans.get(planId);
  if (!plan) return { ok: false, reply: plannerNotFound() };
  if (!canAccessPlan(ctx.tenant, ctx.caller, plan)) return { ok: false, reply: plannerForbidden() };
  return { ok: true, value: plan };
}

export function visibleBucket(ctx: RouteContext, bucketId: string): Result<PlannerBucketRecord> {
  const bucket = ctx.tenant.buckets.get(bucketId);
  if (!bucket) return { ok: false, reply: plannerNotFound() };
  const plan = visiblePlan(ctx, bucket.planId);
  return plan.ok ? { ok: true, value: bucket } : plan;
}

export function visibleTask(ctx: RouteContext, taskId: string): Result<PlannerTaskRecord> {
  const task = ctx.tenant.tasks.get(taskId);
  if (!task) return { ok: false, reply: plannerNotFound() };
  const plan = visiblePlan(ctx, task.planId);
  return plan.ok ? { ok: true, value: task } : plan;
}
