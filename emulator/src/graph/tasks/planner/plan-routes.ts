/** The plans a user can reach (`/users/{id}/planner/plans`, `/me/planner/plans`; planneruser-list-plans.md). */
import type { GraphReply, Route, RouteContext } from '../../../http/types';
import { PLANNER_USER_PLANS } from '../permissions';
import { resolveUserId } from '../users';
import { belongsToGroup } from './access';
import { plannerCollection } from './collection';
import { plannerForbidden, plannerNotFound } from './errors';
import { renderPlan } from './render';

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

export const plannerPlanRoutes: Route[] = [
  { method: 'GET', pattern: '/users/:id/planner/plans', permissions: PLANNER_USER_PLANS, handler: userPlans },
];
