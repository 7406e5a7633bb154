/**
 * The plans a user can reach (`/users/{id}/planner/plans`, `/me/planner/plans`;
 * planneruser-list-plans.md) and a plan's details (`/planner/plans/{id}/details`;
 * plannerplandetails-get.md).
 */
import type { GraphReply, Route, RouteContext } from '../../../http/types';
import type { PlannerPlanRecord } from '../../../tenant/model';
import { PLANNER_READ, PLANNER_USER_PLANS } from '../permissions';
import { resolveUserId } from '../users';
import { belongsToGroup } from './access';
import { plannerCollection } from './collection';
import { plannerForbidden, plannerNotFound } from './errors';
import { plannerEtag, plannerEtagVersion } from './etag';
import { visiblePlan } from './lookup';
import { entityReply, renderPlan } from './render';

/**
 * The plans of the groups the user is a member or owner of: the plans "shared with" the user
 * (a group plan's `sharedWith` is its group's membership). A delegated caller reads only their
 * own; another user answers 403 as on `/users/{id}/planner/tasks`.
 */
function userPlans(ctx: RouteContext): GraphReply {
  const userId = resolveUserId(ctx.tenant, ctx.params.id as string);
  if (ctx.caller.kind === 'delegated' && userId !== ctx.caller.userId) {
    return userId === null ? plannerNotFound() : plannerForbidden();
  }
  if (userId === null) return plannerNotFound();
  const plans = [...ctx.tenant.plans.values()].filter((plan) => belongsToGroup(ctx.tenant, plan.groupId, userId));
  return plannerCollection(ctx.call, plans, `users('${userId}')/planner/plans`, (plan) => renderPlan(ctx.call, plan));
}

/** plannerCategoryDescriptions has category1 to category25 (v1.0); unnamed ones are null. */
const CATEGORY_COUNT = 25;

/**
 * The emulator keeps no plan details of its own: they follow from the plan (sharedWith is the
 * group's members and owners, no category is named) and their etag version is the plan's, in
 * the `PlanDetails` kind, so it never equals the plan's etag.
 */
function renderPlanDetails(ctx: RouteContext, plan: PlannerPlanRecord): Record<string, unknown> {
  const people = [...(ctx.tenant.membersOf.get(plan.groupId) ?? []), ...(ctx.tenant.ownersOf.get(plan.groupId) ?? [])];
  const sharedWith: Record<string, boolean> = {};
  for (const id of people) if (ctx.tenant.users.has(id)) sharedWith[id] = true;
  const categoryDescriptions: Record<string, null> = {};
  for (let i = 1; i <= CATEGORY_COUNT; i++) categoryDescriptions[`category${i}`] = null;
  return {
    '@odata.etag': plannerEtag('PlanDetails', plannerEtagVersion('Plan', plan.etag) ?? 1),
    sharedWith,
    categoryDescriptions,
    id: plan.id,
  };
}

function planDetails(ctx: RouteContext): GraphReply {
  const plan = visiblePlan(ctx, ctx.params.id as string);
  if (!plan.ok) return plan.reply;
  return entityReply(ctx.call, `planner/plans('${plan.value.id}')/details/$entity`, renderPlanDetails(ctx, plan.value));
}

export const plannerPlanRoutes: Route[] = [
  { method: 'GET', pattern: '/users/:id/planner/plans', permissions: PLANNER_USER_PLANS, handler: userPlans },
  { method: 'GET', pattern: '/planner/plans/:id/details', permissions: PLANNER_READ, handler: planDetails },
];
