import { generateTenant } from '../src/tenant/generate';
import type { Tenant } from '../src/tenant/model';
import { plannerEtagVersion } from '../src/graph/tasks/planner/etag';

function plannerSnapshot(tenant: Tenant): unknown {
  return {
    plans: [...tenant.plans.values()],
    buckets: [...tenant.buckets.values()],
    tasks: [...tenant.tasks.values()],
    details: [...tenant.taskDetails.values()],
  };
}

function userMembers(tenant: Tenant, groupId: string): string[] {
  return (tenant.membersOf.get(groupId) ?? []).filter((id) => tenant.users.has(id));
}

describe('generated Planner data', () => {
  const tenant = generateTenant({ seed: 11, users: 200 });
  const tasks = [...tenant.tasks.values()];

  it('is the same for the same seed, id for id, and different for another seed', () => {
    expect(plannerSnapshot(generateTenant({ seed: 11, users: 200 }))).toEqual(plannerSnapshot(tenant));
    const other = generateTenant({ seed: 12, users: 200 });
    expect([...other.plans.keys()]).not.toEqual([...tenant.plans.keys()]);
  });

  it('gives every Microsoft 365 group with members one to three plans, and no other group any', () => {
    const plansPerGroup = new Map<string, number>();
    for (const plan of tenant.plans.values())
      plansPerGroup.set(plan.groupId, (plansPerGroup.get(plan.groupId) ?? 0) + 1);
    for (const group of tenant.groups.values()) {
      const count = plansPerGroup.get(group.id) ?? 0;
      if (group.groupTypes?.includes('Unified') && userMembers(tenant, group.id).length > 0) {
        expect({ group: group.displayName, count: count >= 1 && count <= 3 }).toEqual({
          group: group.displayName,
          count: true,
        });
      } else if (!group.groupTypes?.includes('Unified')) {
        expect(count).toBe(0);
      }
    }
    expect(tenant.plans.size).toBeGreaterThan(0);
  });

  it('gives every plan two to four buckets and files each task in a bucket of its own plan', () => {
    for (const plan of tenant.plans.values()) {
      const buckets = [...tenant.buckets.values()].filter((b) => b.planId === plan.id);
      expect(buckets.length).toBeGreaterThanOrEqual(2);
      expect(buckets.length).toBeLessThanOrEqual(4);
    }
    for (const task of tasks) expect(tenant.buckets.get(task.bucketId as string)?.planId).toBe(task.planId);
  });

  it('assigns tasks only to user members of the plan’s group, created by one of them', () => {
    for (const task of tasks) {
      const groupId = tenant.plans.get(task.planId)?.groupId as string;
      const members = new Set(userMembers(tenant, groupId));
      const assignees = Object.keys(task.assignments ?? {});
      expect(assignees.length).toBeLessThanOrEqual(4);
      for (const userId of assignees) expect(members.has(userId)).toBe(true);
      expect(members.has(task.createdBy?.user?.id as string)).toBe(true);
    }
    expect(tasks.some((t) => Object.keys(t.assignments ?? {}).length === 0)).toBe(true);
    expect(tasks.some((t) => Object.keys(t.assignments ?? {}).length >= 2)).toBe(true);
  });

  it('spreads progress over 0, 50 and 100 and priority over 1, 3, 5 and 9, completing only finished tasks', () => {
    expect(new Set(tasks.map((t) => t.percentComplete))).toEqual(new Set([0, 50, 100]));
    expect(new Set(tasks.map((t) => t.priority))).toEqual(new Set([1, 3, 5, 9]));
    for (const task of tasks) {
      const finished = task.percentComplete === 100;
      expect(task.completedDateTime !== null).toBe(finished);
      expect(task.completedBy !== null).toBe(finished);
    }
    expect(tasks.some((t) => t.dueDateTime !== null)).toBe(true);
    expect(tasks.some((t) => t.startDateTime !== null && t.dueDateTime !== null)).toBe(true);
    expect(tasks.some((t) => Object.keys(t.appliedCategories ?? {}).length > 0)).toBe(true);
    for (const task of tasks) {
      if (task.startDateTime && task.dueDateTime)
        expect(Date.parse(task.startDateTime) <= Date.parse(task.dueDateTime)).toBe(true);
    }
  });

  it('gives every task details with their own etag, and counters that match the checklist', () => {
    for (const task of tasks) {
      const details = tenant.taskDetails.get(task.id);
      expect(details).toBeDefined();
      expect(plannerEtagVersion('TaskDetails', details?.etag as string)).not.toBeNull();
      expect(plannerEtagVersion('Task', details?.etag as string)).toBeNull();
      const items = Object.values(details?.checklist ?? {}) as { isChecked: boolean }[];
      expect(task.checklistItemCount).toBe(items.length);
      expect(task.activeChecklistItemCount).toBe(items.filter((i) => !i.isChecked).length);
      expect(task.hasDescription).toBe(details?.description !== '');
    }
    expect(tasks.some((t) => (t.checklistItemCount ?? 0) > 0)).toBe(true);
  });

  it('assigns the default user several tasks across at least two plans', () => {
    const defaultUserId = [...tenant.users.keys()][0] as string;
    const mine = tasks.filter((t) => defaultUserId in (t.assignments ?? {}));
    expect(mine.length).toBeGreaterThanOrEqual(4);
    expect(new Set(mine.map((t) => t.planId)).size).toBeGreaterThanOrEqual(2);
  });
});
