/**
 * Completing one occurrence of a recurring todoTask. To Do keeps tasks as Exchange task items,
 * and Exchange completes a recurring task by splitting it: the occurrence that was done becomes
 * a new, completed task without a recurrence, and the task itself (same id, recurrence kept)
 * moves on to the next occurrence, not started, its due, start and reminder dates shifted alike.
 * When the range has no further occurrence the task simply completes. (Undocumented in the To Do
 * pages; recorded in the README's choices.)
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { TodoTaskRecord } from '../../../tenant/model';
import type { SeededRandom } from '../../../tenant/random';
import { wallClockUtc } from '../time';
import { newItemTodoEtag, todoTaskId } from './ids';
import { nextOccurrence } from './next-occurrence';

export interface SplitOccurrence {
  /** The task moved on to its next occurrence (the PATCHed id). */
  series: TodoTaskRecord;
  /** The new task that records the completed occurrence. */
  done: TodoTaskRecord;
}

function shifted(value: Graph.DateTimeTimeZone | null | undefined, deltaMs: number): Graph.DateTimeTimeZone | null {
  if (!value?.dateTime) return null;
  return { dateTime: wallClockUtc(Date.parse(`${value.dateTime.slice(0, 23)}Z`) + deltaMs), timeZone: 'UTC' };
}

/**
 * `completed` is the PATCHed task once the body is applied (status completed); `before` is the
 * task as it was. Null when nothing splits: the task was not recurring, was already completed,
 * or its range has no occurrence after this one.
 */
export function splitCompletedOccurrence(
  before: TodoTaskRecord,
  completed: TodoTaskRecord,
  now: string,
  random: SeededRandom,
): SplitOccurrence | null {
  const recurrence = completed.recurrence;
  if (!recurrence || before.status === 'completed' || completed.status !== 'completed') return null;
  // The occurrence's day: its due date, or the range's start for a task without one.
  const currentDay = completed.dueDateTime?.dateTime?.slice(0, 10) ?? recurrence.range?.startDate;
  if (!currentDay) return null;
  const next = nextOccurrence(recurrence, currentDay);
  if (next === null) return null;

  const deltaMs = Date.parse(`${next}T00:00:00Z`) - Date.parse(`${currentDay}T00:00:00Z`);
  const done: TodoTaskRecord = {
    ...structuredClone(completed),
    id: todoTaskId(random),
    etag: newItemTodoEtag(completed.etag, random),
    recurrence: null,
    createdDateTime: now,
    lastModifiedDateTime: now,
    linkedResources: [],
    checklistItems: [],
  };
  const series: TodoTaskRecord = {
    ...completed,
    status: 'notStarted',
    completedDateTime: null,
    dueDateTime: completed.dueDateTime
      ? shifted(completed.dueDateTime, deltaMs)
      : { dateTime: `${next}T00:00:00.0000000`, timeZone: 'UTC' },
    startDateTime: shifted(completed.startDateTime, deltaMs),
    reminderDateTime: shifted(completed.reminderDateTime, deltaMs),
  };
  return { series, done };
}
