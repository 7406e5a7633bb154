import { generateTenant } from '../src/tenant/generate';
import { ensureTodoData } from '../src/tenant/generate-tasks';
import type { Tenant } from '../src/tenant/model';

function mailboxSnapshot(tenant: Tenant, userId: string): unknown {
  return ensureTodoData(tenant, userId).map((list) => ({ list, tasks: tenant.todoTasksOf.get(list.id) }));
}

describe('generated To Do data', () => {
  const tenant = generateTenant({ seed: 5, users: 120 });
  const userIds = [...tenant.users.keys()];
  const defaultUserId = userIds[0] as string;

  it('builds only the default user’s mailbox up front; the others on first access', () => {
    const fresh = generateTenant({ seed: 5, users: 120 });
    expect([...fresh.todoListsOf.keys()]).toEqual([defaultUserId]);
  });

  it('is the same for the same seed whatever order mailboxes are opened in, and differs for another seed', () => {
    const a = generateTenant({ seed: 5, users: 120 });
    const b = generateTenant({ seed: 5, users: 120 });
    const [first, second] = [userIds[7] as string, userIds[42] as string];
    const aFirst = mailboxSnapshot(a, first);
    const aSecond = mailboxSnapshot(a, second);
    expect(mailboxSnapshot(b, second)).toEqual(aSecond);
    expect(mailboxSnapshot(b, first)).toEqual(aFirst);
    const other = generateTenant({ seed: 6, users: 120 });
    expect(ensureTodoData(other, [...other.users.keys()][7] as string)[0]?.id).not.toBe(
      ensureTodoData(a, first)[0]?.id,
    );
  });

  it('gives every user one built-in Tasks list, sometimes Flagged emails, and at most two lists of their own', () => {
    let flagged = 0;
    for (const userId of userIds) {
      const lists = ensureTodoData(tenant, userId);
      expect(lists[0]).toMatchObject({
        displayName: 'Tasks',
        wellknownListName: 'defaultList',
        isOwner: true,
        isShared: false,
        ownerId: userId,
      });
      expect(lists.filter((l) => l.wellknownListName === 'defaultList')).toHaveLength(1);
      expect(lists.filter((l) => l.wellknownListName === 'none').length).toBeLessThanOrEqual(2);
      if (lists.some((l) => l.wellknownListName === 'flaggedEmails')) flagged++;
    }
    expect(flagged).toBeGreaterThan(0);
    expect(flagged).toBeLessThan(userIds.length);
  });

  it('spreads tasks over every status and importance, completed ones with a completedDateTime', () => {
    const tasks = userIds.flatMap((id) =>
      ensureTodoData(tenant, id).flatMap((l) => tenant.todoTasksOf.get(l.id) ?? []),
    );
    expect(new Set(tasks.map((t) => t.status))).toEqual(
      new Set(['notStarted', 'inProgress', 'completed', 'waitingOnOthers', 'deferred']),
    );
    expect(new Set(tasks.map((t) => t.importance))).toEqual(new Set(['low', 'normal', 'high']));
    for (const task of tasks) {
      expect(task.completedDateTime !== null).toBe(task.status === 'completed');
      expect(task.reminderDateTime !== null).toBe(task.isReminderOn);
      for (const value of [task.dueDateTime, task.startDateTime, task.completedDateTime, task.reminderDateTime]) {
        if (value)
          expect(value).toEqual({
            dateTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.0000000$/),
            timeZone: 'UTC',
          });
      }
    }
    expect(tasks.some((t) => (t.categories ?? []).length > 0)).toBe(true);
    expect(tasks.some((t) => t.body?.content !== '')).toBe(true);
  });

  it('puts a task in every status into the default user’s Tasks list', () => {
    const tasksList = ensureTodoData(tenant, defaultUserId)[0];
    const statuses = new Set((tenant.todoTasksOf.get(tasksList?.id as string) ?? []).map((t) => t.status));
    expect(statuses).toEqual(new Set(['notStarted', 'inProgress', 'completed', 'waitingOnOthers', 'deferred']));
  });
});
