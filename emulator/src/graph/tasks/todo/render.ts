/**
 * To Do resources as Graph shows them: `@odata.etag` first, then the properties in the order
 * the service writes them; unset dateTimeTimeZone values are left out, as the service does.
 */
import type { TodoTaskListRecord, TodoTaskRecord } from '../../../tenant/model';
import type { TaskExpansion } from './expand';
import { renderChecklistItem, renderLinkedResource } from './task-items';

export function renderList(list: TodoTaskListRecord): Record<string, unknown> {
  return {
    '@odata.etag': list.etag,
    // todo-list-lists.md, todotasklist-get.md and todo-post-lists.md show the type on every list.
    '@odata.type': '#microsoft.graph.todoTaskList',
    displayName: list.displayName ?? '',
    isOwner: list.isOwner ?? true,
    isShared: list.isShared ?? false,
    wellknownListName: list.wellknownListName ?? 'none',
    id: list.id,
  };
}

/**
 * A task; `recurrence` when one is set, and the `expanded` relationships (an empty array when the
 * task has no items).
 */
export function renderTask(
  task: TodoTaskRecord,
  expanded: ReadonlySet<TaskExpansion> = new Set(),
): Record<string, unknown> {
  const rendered: Record<string, unknown> = {
    '@odata.etag': task.etag,
    importance: task.importance ?? 'normal',
    isReminderOn: task.isReminderOn ?? false,
    status: task.status ?? 'notStarted',
    title: task.title ?? '',
    createdDateTime: task.createdDateTime,
    lastModifiedDateTime: task.lastModifiedDateTime,
    bodyLastModifiedDateTime: task.bodyLastModifiedDateTime,
    hasAttachments: task.hasAttachments ?? false,
    categories: [...(task.categories ?? [])],
    id: task.id,
    body: { ...(task.body ?? { content: '', contentType: 'text' }) },
  };
  for (const name of ['completedDateTime', 'dueDateTime', 'startDateTime', 'reminderDateTime'] as const) {
    const value = task[name];
    if (value) rendered[name] = { ...value };
  }
  if (task.recurrence) rendered.recurrence = structuredClone(task.recurrence);
  if (expanded.has('linkedResources'))
    rendered.linkedResources = (task.linkedResources ?? []).map((item) => renderLinkedResource(item, false));
  if (expanded.has('checklistItems')) rendered.checklistItems = (task.checklistItems ?? []).map(renderChecklistItem);
  return rendered;
}

/** `users('<id>')/todo/lists('<listId>')`, with the list id percent-encoded as Graph writes it. */
export function listContextPath(ownerId: string, listId: string): string {
  return `users('${ownerId}')/todo/lists('${encodeURIComponent(listId)}')`;
}

/** `.../tasks('<taskId>')`, the parent path of a task's linkedResources and checklistItems. */
export function taskContextPath(ownerId: string, listId: string, taskId: string): string {
  return `${listContextPath(ownerId, listId)}/tasks('${encodeURIComponent(taskId)}')`;
}
