/**
 * Who may see a plan. Planner checks membership itself: a delegated caller reads a plan (and
 * its buckets and tasks) only as a member or owner of the plan's group. App-only callers
 * reach every plan once the route's permissions passed.
 */
import type { Caller } from '../../../http/types';
import type { PlannerPlanRecord, Tenant } from '../../../tenant/model';

export function belongsToGroup(tenant: Tenant, groupId: string, userId: string): boolean {
  return (
    (tenant.membersOf.get(groupId) ?? []).includes(userId) || (tenant.ownersOf.get(groupId) ?? []).includes(userId)
  );
}

export function canAccessPlan(tenant: Tenant, caller: Caller, plan: PlannerPlanRecord): boolean {
  if (caller.kind === 'app') return true;
  return caller.userId !== undefined && belongsToGroup(tenant, plan.groupId, caller.userId);
}
