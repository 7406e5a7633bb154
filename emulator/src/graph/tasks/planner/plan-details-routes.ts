/**
 * A plan's details (`/planner/plans/{id}/details`): GET (plannerplandetails-get.md) and PATCH
 * with the details' own etag in `If-Match` (plannerplandetails-update.md).
 *
 * Until the first PATCH the details follow from the plan: `sharedWith` is the group's members and
 * owners, no category is named, and the etag version is the plan's in the `PlanDetails` kind (so
 * it never equals the plan's). A PATCH stores its `sharedWith` entries on top of the group's
 * people (true adds a user, false removes one) and the category names it wrote.
 */
import type { GraphReply, Route, RouteContext } from '../../../http/types';
import type { PlannerPlanDetailsRecord, PlannerPlanRecord } from '../../../tenant/model';
import { PLANNER_READ, PLANNER_WRITE } from '../permissions';
import { plannerEtag, plannerEtagVersion } from './etag';
import { visiblePlan } from './lookup';
import { patchedVersion, patchReply } from './patch';
import { CATEGORY_COUNT, applyPlanDetailsInput } from './plan-details-input';
import { entityReply } from './render';

function contextOf(planId: string): string {
  return `planner/plans('${planId}')/details/$entity`;
}

/** The stored details, or the ones the plan implies before any PATCH. */
function detailsOf(plan: PlannerPlanRecord): PlannerPlanDetailsRecord {
  if (plan.details) return plan.details;
  const categoryDescriptions: Record<string, null> = {};
  for (let i = 1; i <= CATEGORY_COUNT; i++) categoryDescriptions[`category${i}`] = null;
  return {
    id: plan.id,
    etag: plannerEtag('PlanDetails', plannerEtagVersion('Plan', plan.etag) ?? 1),
    sharedWith: {},
    categoryDescriptions,
  };
}

function renderPlanDetails(ctx: RouteContext, plan: PlannerPlanRecord): Record<string, unknown> {
  const details = detailsOf(plan);
  const written = (details.sharedWith ?? {}) as Record<string, boolean>;
  const people = [...(ctx.tenant.membersOf.get(plan.groupId) ?? []), ...(ctx.tenant.ownersOf.get(plan.groupId) ?? [])];
  const sharedWith: Record<string, boolean> = {};
  for (const id of people) if (ctx.tenant.users.has(id) && written[id] !== false) sharedWith[id] = true;
  for (const [id, shared] of Object.entries(written)) if (shared) sharedWith[id] = true;
  return {
    '@odata.etag': details.etag,
    sharedWith,
    categoryDescriptions: { ...details.categoryDescriptions },
    id: plan.id,
  };
}

function getPlanDetails(ctx: RouteContext): GraphReply {
  const plan = visiblePlan(ctx, ctx.params.id as string);
  if (!plan.ok) return plan.reply;
  return entityReply(ctx.call, contextOf(plan.value.id), renderPlanDetails(ctx, plan.value));
}

function updatePlanDetails(ctx: RouteContext): GraphReply {
  const plan = visiblePlan(ctx, ctx.params.id as string);
  if (!plan.ok) return plan.reply;
  const patched = patchedVersion(ctx, detailsOf(plan.value), 'PlanDetails', applyPlanDetailsInput);
  if (!patched.ok) return patched.reply;
  // A new record: a $batch step answered earlier keeps the plan it saw.
  const updated: PlannerPlanRecord = { ...plan.value, details: patched.value };
  ctx.tenant.plans.set(updated.id, updated);
  return patchReply(ctx, contextOf(updated.id), renderPlanDetails(ctx, updated));
}

export const plannerPlanDetailsRoutes: Route[] = [
  { method: 'GET', pattern: '/planner/plans/:id/details', permissions: PLANNER_READ, handler: getPlanDetails },
  { method: 'PATCH', pattern: '/planner/plans/:id/details', permissions: PLANNER_WRITE, handler: updatePlanDetails },
];
