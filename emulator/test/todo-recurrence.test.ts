/**
 * Recurring To Do tasks (v1.0): the occurrences a patternedRecurrence produces
 * (resources/patternedrecurrence.md, recurrencepattern.md, recurrencerange.md), and completing one
 * occurrence (api/todotask-update.md with `status: completed`), which records the occurrence as a
 * completed task of its own and moves the recurring task on to its next occurrence.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import { nextOccurrence } from '../src/graph/tasks/todo/next-occurrence';
import { createTestEmulator, graphGet, graphPatch, graphPost, type Emulator } from '../src/testing';

function recurrence(
  pattern: Partial<Graph.RecurrencePattern>,
  range: Partial<Graph.RecurrenceRange> = {},
): Graph.PatternedRecurrence {
  return {
    pattern: { interval: 1, firstDayOfWeek: 'sunday', index: 'first', ...pattern },
    range: { type: 'noEnd', startDate: '2026-01-05', ...range },
  };
}

describe('Recurring To Do tasks', () => {
  describe('next occurrence (resources/recurrencepattern.md, recurrencerange.md)', () => {
    it('steps daily and weekly patterns by their interval', () => {
      expect(nextOccurrence(recurrence({ type: 'daily', interval: 3 }), '2026-01-05')).toBe('2026-01-08');
      // 2026-01-05 is a Monday: Monday and Thursday every other week.
      const weekly = recurrence({ type: 'weekly', interval: 2, daysOfWeek: ['monday', 'thursday'] });
      expect(nextOccurrence(weekly, '2026-01-05')).toBe('2026-01-08');
      expect(nextOccurrence(weekly, '2026-01-08')).toBe('2026-01-19');
    });

    it('steps monthly and yearly patterns, absolute and relative', () => {
      expect(nextOccurrence(recurrence({ type: 'absoluteMonthly', dayOfMonth: 31 }), '2026-01-31')).toBe('2026-02-28');
      const lastFriday = recurrence({ type: 'relativeMonthly', daysOfWeek: ['friday'], index: 'last' });
      expect(nextOccurrence(lastFriday, '2026-01-30')).toBe('2026-02-27');
      expect(nextOccurrence(recurrence({ type: 'absoluteYearly', month: 3, dayOfMonth: 15 }), '2026-03-15')).toBe(
        '2027-03-15',
      );
      const secondTuesdayOfMay = recurrence({
        type: 'relativeYearly',
        month: 5,
        daysOfWeek: ['tuesday'],
        index: 'second',
      });
      expect(nextOccurrence(secondTuesdayOfMay, '2026-01-05')).toBe('2026-05-12');
    });

    it('ends with the range: after its endDate or its numberOfOccurrences there is none', () => {
      const daily = { type: 'daily' as const };
      expect(nextOccurrence(recurrence(daily, { type: 'endDate', endDate: '2026-01-06' }), '2026-01-06')).toBeNull();
      expect(nextOccurrence(recurrence(daily, { type: 'numbered', numberOfOccurrences: 2 }), '2026-01-05')).toBe(
        '2026-01-06',
      );
      expect(nextOccurrence(recurrence(daily, { type: 'numbered', numberOfOccurrences: 2 }), '2026-01-06')).toBeNull();
    });
  });

  describe('completing an occurrence (api/todotask-update.md)', () => {
    let emu: Emulator;
    let tasksPath: string;
    beforeAll(async () => {
      emu = createTestEmulator({ users: 5 });
      const lists = await graphGet(emu, '/v1.0/me/todo/lists', { token: 'user' });
      const listId = lists.body.value.find((l: { wellknownListName: string }) => l.wellknownListName === 'none').id;
      tasksPath = `/v1.0/me/todo/lists/${listId}/tasks`;
    });

    async function recurringTask(range: Partial<Graph.RecurrenceRange> = {}): Promise<{ id: string }> {
      const res = await graphPost(
        emu,
        tasksPath,
        {
          title: 'Water the plants',
          importance: 'high',
          dueDateTime: { dateTime: '2026-01-05T17:00:00', timeZone: 'UTC' },
          reminderDateTime: { dateTime: '2026-01-05T09:00:00', timeZone: 'UTC' },
          isReminderOn: true,
          recurrence: recurrence({ type: 'weekly', daysOfWeek: ['monday'] }, range),
        },
        { token: 'user' },
      );
      expect(res.status).toBe(201);
      return res.body;
    }

    async function allTasks(): Promise<Record<string, unknown>[]> {
      return (await graphGet(emu, `${tasksPath}?$top=1000`, { token: 'user' })).body.value;
    }

    it('moves the task to its next occurrence and records the completed one as a new task without recurrence', async () => {
      const task = await recurringTask();
      const before = await allTasks();
      const res = await graphPatch(emu, `${tasksPath}/${task.id}`, { status: 'completed' }, { token: 'user' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: task.id,
        status: 'notStarted',
        title: 'Water the plants',
        dueDateTime: { dateTime: '2026-01-12T17:00:00.0000000', timeZone: 'UTC' },
        reminderDateTime: { dateTime: '2026-01-12T09:00:00.0000000', timeZone: 'UTC' },
        recurrence: { pattern: { type: 'weekly', daysOfWeek: ['monday'] } },
      });
      expect(res.body).not.toHaveProperty('completedDateTime');

      const after = await allTasks();
      expect(after).toHaveLength(before.length + 1);
      const done = after.find((t) => !before.some((b) => b.id === t.id)) as Record<string, unknown>;
      expect(done).toMatchObject({
        status: 'completed',
        title: 'Water the plants',
        importance: 'high',
        dueDateTime: { dateTime: '2026-01-05T17:00:00.0000000', timeZone: 'UTC' },
        completedDateTime: { timeZone: 'UTC' },
      });
      expect(done.id).not.toBe(task.id);
      expect(done).not.toHaveProperty('recurrence');
      const got = await graphGet(emu, `${tasksPath}/${done.id as string}`, { token: 'user' });
      expect(got.status).toBe(200);
    });

    it('completes the task itself when its range has no further occurrence', async () => {
      const task = await recurringTask({ type: 'numbered', numberOfOccurrences: 1 });
      const before = await allTasks();
      const res = await graphPatch(emu, `${tasksPath}/${task.id}`, { status: 'completed' }, { token: 'user' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: task.id, status: 'completed', completedDateTime: { timeZone: 'UTC' } });
      expect(await allTasks()).toHaveLength(before.length);
    });

    it('splits nothing when a task that is already completed is patched again', async () => {
      const task = await recurringTask({ type: 'numbered', numberOfOccurrences: 1 });
      await graphPatch(emu, `${tasksPath}/${task.id}`, { status: 'completed' }, { token: 'user' });
      const before = await allTasks();
      const res = await graphPatch(
        emu,
        `${tasksPath}/${task.id}`,
        { status: 'completed', title: 'Again' },
        { token: 'user' },
      );
      expect(res.body.status).toBe('completed');
      expect(await allTasks()).toHaveLength(before.length);
    });
  });
});
