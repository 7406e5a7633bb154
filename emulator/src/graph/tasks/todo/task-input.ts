/**
 * Applies a todoTask body (POST or PATCH) to a draft: enums and types checked, dateTimeTimeZone
 * values converted to UTC, and `status` kept consistent with `completedDateTime`.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { GraphReply } from '../../../http/types';
import type { TodoTaskRecord } from '../../../tenant/model';
import { isJsonObject } from '../json';
import { parseDateTimeTimeZone, utcNow } from './date-time-zone';
import { todoBadRequest, unknownTodoProperty } from './errors';

const STATUSES = new Set(['notStarted', 'inProgress', 'completed', 'waitingOnOthers', 'deferred']);
const IMPORTANCES = new Set(['low', 'normal', 'high']);
const READ_ONLY = new Set([
  'id',
  'createdDateTime',
  'lastModifiedDateTime',
  'bodyLastModifiedDateTime',
  'hasAttachments',
]);
/** Relationships and properties the emulator accepts on writes but does not model. */
const IGNORED = new Set(['recurrence', 'linkedResources', 'checklistItems', 'attachments', 'extensions']);
const DATE_TIME_TIME_ZONES = ['dueDateTime', 'startDateTime', 'reminderDateTime', 'completedDateTime'] as const;

/** Null when the body was applied to `draft` (stamped with `now`), else Graph's 400. */
export function applyTodoTaskInput(
  draft: TodoTaskRecord,
  body: Record<string, unknown>,
  now: string,
): GraphReply | null {
  const wasCompleted = draft.status === 'completed';
  for (const [name, value] of Object.entries(body)) {
    if (name.startsWith('@odata.') || READ_ONLY.has(name) || IGNORED.has(name)) continue;
    const refused = applyProperty(draft, name, value, now);
    if (refused) return refused;
  }
  const isCompleted = draft.status === 'completed';
  if (isCompleted && !wasCompleted && !('completedDateTime' in body)) draft.completedDateTime = utcNow();
  if (!isCompleted && wasCompleted) draft.completedDateTime = null;
  draft.lastModifiedDateTime = now;
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
