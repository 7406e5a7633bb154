/** Planner data of the seeded tenant, as the tests of the client's Planner methods need it. */
import type { PlannerPlanRecord, PlannerTaskRecord } from '@msgraph-graphql/emulator/tenant/model';
import type { Emulator } from '@msgraph-graphql/emulator/testing';

export function assigneesOf(task: PlannerTaskRecord): string[] {
  return Object.keys(task.assignments ?? {});
}

/** Tasks assigned to `userId`, in the order Planner lists them. */
export function tasksAssignedTo(emulator: Emulator, userId: string): PlannerTaskRecord[] {
  return [...emulator.tenant.tasks.values()].filter((task) => assigneesOf(task).includes(userId));
}

export function tasksOfPlan(emulator: Emulator, planId: string): PlannerTaskRecord[] {
  return [...emulator.tenant.tasks.values()].filter((task) => task.planId === planId);
}

/** A plan of a group the default user belongs to, with at least `minTasks` tasks. */
export function defaultUserPlan(emulator: Emulator, minTasks = 1): PlannerPlanRecord {
  const userId = emulator.info.defaultUserId;
  const plan = [...emulator.tenant.plans.values()].find(
    (candidate) =>
      (emulator.tenant.membersOf.get(candidate.groupId) ?? []).includes(userId) &&
      tasksOfPlan(emulator, candidate.id).length >= minTasks,
  );
  if (!plan) throw new Error(`the default user has no plan with ${minTasks} tasks`);
  return plan;
}

/** A user who is neither member nor owner of the plan's group. */
export function outsiderOf(emulator: Emulator, plan: PlannerPlanRecord): string {
  const inside = new Set([
    ...(emulator.tenant.membersOf.get(plan.groupId) ?? []),
    ...(emulator.tenant.ownersOf.get(plan.groupId) ?? []),
  ]);
  const outsider = [...emulator.tenant.users.keys()].find((id) => !inside.has(id));
  if (!outsider) throw new Error('everybody is in the group');
  return outsider;
}
