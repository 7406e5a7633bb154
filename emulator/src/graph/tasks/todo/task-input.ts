/**
 * Applies a todoTask body (POST or PATCH) to a draft: enums and types checked, dateTimeTimeZone
 * values converted to UTC, `status` kept consistent with `completedDateTime`, `recurrence`
 * checked, and on create the inline `linkedResources` and `checklistItems`
 * (`todotasklist-post-tasks.md`) given their ids.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { GraphReply } from '../../../http/types';
import type { TodoTaskRecord } from '../../../tenant/model';
import { isJsonObject } from '../json';
import { parseDateTimeTimeZone, utcNow } from './date-time-zone';
import { todoBadRequest, unknownTodoProperty } from './errors';
import type { SeededRandom } from '../../../tenant/random';
import { parseRecurrence } from './recurrence';
import { newChecklistItem, newLinkedResource } from './task-items';

const STATUSES = new Set(['notStarted', 'inProgress', 'completed', 'waitingOnOthers', 'deferred']);
const IMPORTANCES = new Set(['low', 'normal', 'high']);
const READ_ONLY = new Set([
  'id',
  'createdDateTime',
  'lastModifiedDateTime',
  'bodyLastModifiedDateTime',
  'hasAttachments',
]);
/** Relationships the emulator accepts on writes but does not model. */
const IGNORED = new Set(['attachments', 'extensions']);
/** Relationships written inline on create; afterwards they change through their own routes. */
const INLINE_ON_CREATE = new Set(['linkedResources', 'checklistItems']);
const DATE_TIME_TIME_ZONES = ['dueDateTime', 'startDateTime', 'reminderDateTime', 'completedDateTime'] as const;

/**
 * Null when the body was applied to `draft` (stamped with `now`), else Graph's 400. `created`
 * (the id source of a new task) admits the inline collections; a PATCH naming them is refused.
 */
export function applyTodoTaskInput(
  draft: TodoTaskRecord,
  body: Record<string, unknown>,
  now: string,
  created?: SeededRandom,
): GraphReply | null {
  const wasCompleted = draft.status === 'completed';
  for (const [name, value] of Object.entries(body)) {
    if (name.startsWith('@odata.') || READ_ONLY.has(name) || IGNORED.has(name)) continue;
    const refused = INLINE_ON_CREATE.has(name)
      ? applyInlineItems(draft, name, value, now, created)
      : applyProperty(draft, name, value, now);
    if (refused) return refused;
  }
  const isCompleted = draft.status === 'completed';
  if (isCompleted && !wasCompleted && !('completedDateTime' in body)) draft.completedDateTime = utcNow();
  if (!isCompleted && wasCompleted) draft.completedDateTime = null;
  draft.lastModifiedDateTime = now;
  return null;
}

function applyInlineItems(
  draft: TodoTaskRecord,
  name: string,
  value: unknown,
  now: string,
  created: SeededRandom | undefined,
): GraphReply | null {
  if (!created)
    return todoBadRequest(`The ${name} of a task cannot be written with the task; use /${name} and its items instead.`);
  if (!Array.isArray(value)) return todoBadRequest(`The ${name} value must be an array.`);
  if (name === 'linkedResources') {
    const items = [];
    for (const item of value) {
      const parsed = newLinkedResource(item, created);
      if (!parsed.ok) return parsed.reply;
      items.push(parsed.value);
    }
    draft.linkedResources = items;
  } else {
    const items = [];
    for (const item of value) {
      const parsed = newChecklistItem(item, created, now);
      if (!parsed.ok) return parsed.reply;
      items.push(parsed.value);
    }
    draft.checklistItems = items;
  }
  return null;
}

function applyProperty(draft: TodoTaskRecord, name: string, value: unknown, now: string): GraphReply | null {
  switch (name) {
    case 'title':
      if (typeof value !== 'string') return todoBadRequest('The title must be a string.');
      draft.title = value;
      return null;
    case 'status':
      if (typeof value !== 'string' || !STATUSES.has(value))
        return todoBadRequest(`The value '${String(value)}' is not a valid taskStatus.`);
      draft.status = value as Graph.TaskStatus;
      return null;
    case 'importance':
      if (typeof value !== 'string' || !IMPORTANCES.has(value))
        return todoBadRequest(`The value '${String(value)}' is not a valid importance.`);
      draft.importance = value as Graph.Importance;
      return null;
    case 'isReminderOn':
      if (typeof value !== 'boolean') return todoBadRequest('The isReminderOn value must be a boolean.');
      draft.isReminderOn = value;
      return null;
    case 'categories':
      if (!Array.isArray(value) || !value.every((c) => typeof c === 'string'))
        return todoBadRequest('The categories value must be an array of strings.');
      draft.categories = [...value];
      return null;
    case 'body': {
      if (!isJsonObject(value)) return todoBadRequest('The body value must be an itemBody object.');
      const contentType = value.contentType ?? 'text';
      if (contentType !== 'text' && contentType !== 'html')
        return todoBadRequest(`The value '${String(contentType)}' is not a valid bodyType.`);
      if (value.content !== undefined && value.content !== null && typeof value.content !== 'string')
        return todoBadRequest('The body content must be a string.');
      draft.body = { content: (value.content as string | null | undefined) ?? '', contentType };
      draft.bodyLastModifiedDateTime = now;
      return null;
    }
    case 'recurrence': {
      const parsed = parseRecurrence(value);
      if (!parsed.ok) return parsed.reply;
      draft.recurrence = parsed.value;
      return null;
    }
    default: {
      const dateName = DATE_TIME_TIME_ZONES.find((candidate) => candidate === name);
      if (!dateName) return unknownTodoProperty(name, 'todoTask');
      const parsed = parseDateTimeTimeZone(value, dateName);
      if (!parsed.ok) return parsed.reply;
      draft[dateName] = parsed.value;
      return null;
    }
  }
}
