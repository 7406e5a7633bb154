/**
 * A todoTask's two item collections (v1.0): linkedResources (`linkedresource.md`: applicationName,
 * displayName, externalId, webUrl, and a server-generated `id`) and checklistItems
 * (`checklistitem.md`: displayName, isChecked, checkedDateTime, createdDateTime, and a
 * server-generated `id`). Both ids are GUIDs in the docs' examples. Both are written inline on
 * task create (`todotasklist-post-tasks.md`) or through their own routes.
 */
import type { GraphReply } from '../../../http/types';
import type { TodoChecklistItemRecord, TodoLinkedResourceRecord } from '../../../tenant/model';
import type { SeededRandom } from '../../../tenant/random';
import { isJsonObject } from '../json';
import type { Result } from '../result';
import { dateTimeOffset } from '../time';
import { todoBadRequest, unknownTodoProperty } from './errors';

const LINKED_RESOURCE_STRINGS = ['webUrl', 'applicationName', 'displayName', 'externalId'] as const;
const DATE_TIME_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/;

export type TodoItemKind = 'linkedResource' | 'checklistItem';

/** Applies a linkedResource body to `draft`; null when applied, else Graph's 400. */
export function applyLinkedResourceInput(
  draft: TodoLinkedResourceRecord,
  body: Record<string, unknown>,
): GraphReply | null {
  for (const [name, value] of Object.entries(body)) {
    if (name.startsWith('@odata.') || name === 'id') continue;
    const property = LINKED_RESOURCE_STRINGS.find((candidate) => candidate === name);
    if (!property) return unknownTodoProperty(name, 'linkedResource');
    if (value !== null && typeof value !== 'string')
      return todoBadRequest(`The ${name} value of a linkedResource must be a string.`);
    draft[property] = value;
  }
  return null;
}

function parseDateTimeOffset(value: unknown, name: string): Result<string | null> {
  if (value === null) return { ok: true, value: null };
  const ms = typeof value === 'string' && DATE_TIME_OFFSET.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) return { ok: false, reply: todoBadRequest(`The ${name} value must be a DateTimeOffset.`) };
  return { ok: true, value: dateTimeOffset(ms) };
}

/**
 * Applies a checklistItem body to `draft`; null when applied, else Graph's 400. Checking an item
 * stamps `checkedDateTime` (unless the body sets it) and unchecking removes it, as a task's
 * `completedDateTime` follows its status.
 */
export function applyChecklistItemInput(
  draft: TodoChecklistItemRecord,
  body: Record<string, unknown>,
  now: string,
): GraphReply | null {
  const wasChecked = draft.isChecked === true;
  for (const [name, value] of Object.entries(body)) {
    if (name.startsWith('@odata.') || name === 'id') continue;
    switch (name) {
      case 'displayName':
        if (typeof value !== 'string') return todoBadRequest('The displayName of a checklistItem must be a string.');
        draft.displayName = value;
        break;
      case 'isChecked':
        if (typeof value !== 'boolean') return todoBadRequest('The isChecked value must be a boolean.');
        draft.isChecked = value;
        break;
      case 'checkedDateTime':
      case 'createdDateTime': {
        const parsed = parseDateTimeOffset(value, name);
        if (!parsed.ok) return parsed.reply;
        if (name === 'checkedDateTime') draft.checkedDateTime = parsed.value;
        else if (parsed.value === null) return todoBadRequest('The createdDateTime value cannot be null.');
        else draft.createdDateTime = parsed.value;
        break;
      }
      default:
        return unknownTodoProperty(name, 'checklistItem');
    }
  }
  if (draft.isChecked && !wasChecked && !('checkedDateTime' in body)) draft.checkedDateTime = now;
  if (!draft.isChecked) draft.checkedDateTime = null;
  return null;
}

export function newLinkedResource(body: unknown, random: SeededRandom): Result<TodoLinkedResourceRecord> {
  if (!isJsonObject(body)) return { ok: false, reply: todoBadRequest('A linkedResource must be a JSON object.') };
  const draft: TodoLinkedResourceRecord = { id: random.guid() };
  const refused = applyLinkedResourceInput(draft, body);
  return refused ? { ok: false, reply: refused } : { ok: true, value: draft };
}

/** A new checklistItem: `displayName` is the one property To Do needs (the docs' create example sends only it). */
export function newChecklistItem(body: unknown, random: SeededRandom, now: string): Result<TodoChecklistItemRecord> {
  if (!isJsonObject(body)) return { ok: false, reply: todoBadRequest('A checklistItem must be a JSON object.') };
  const draft: TodoChecklistItemRecord = { id: random.guid(), displayName: '', isChecked: false, createdDateTime: now };
  const refused = applyChecklistItemInput(draft, body, now);
  if (refused) return { ok: false, reply: refused };
  if (typeof body.displayName !== 'string' || body.displayName.trim() === '')
    return { ok: false, reply: todoBadRequest('A checklistItem needs a displayName.') };
  return { ok: true, value: draft };
}

/** The docs' property order (`todotask-list-linkedresources.md`); unset properties are left out, as in the create example. */
export function renderLinkedResource(item: TodoLinkedResourceRecord, withType = true): Record<string, unknown> {
  // todotask-list-linkedresources.md, linkedresource-get.md and todotask-post-linkedresources.md
  // show the type on a linkedResource of its own; todotasklist-list-tasks.md shows none on the
  // ones a task carries inline (nor do the checklistItem pages).
  const rendered: Record<string, unknown> = withType
    ? { '@odata.type': '#microsoft.graph.linkedResource', id: item.id }
    : { id: item.id };
  for (const name of LINKED_RESOURCE_STRINGS) {
    const value = item[name];
    if (value !== undefined && value !== null) rendered[name] = value;
  }
  return rendered;
}

/** The docs' property order (`todotask-post-checklistitems.md`); `checkedDateTime` only once checked. */
export function renderChecklistItem(item: TodoChecklistItemRecord): Record<string, unknown> {
  const rendered: Record<string, unknown> = {
    displayName: item.displayName ?? '',
    createdDateTime: item.createdDateTime,
  };
  if (item.checkedDateTime) rendered.checkedDateTime = item.checkedDateTime;
  rendered.isChecked = item.isChecked ?? false;
  rendered.id = item.id;
  return rendered;
}
