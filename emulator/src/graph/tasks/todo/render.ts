/**
 * To Do resources as Graph shows them: `@odata.etag` first, then the properties in the order
 * the service writes them; unset dateTimeTimeZone values are left out, as the service does.
 */
import type { TodoTaskListRecord, TodoTaskRecord } from '../../../tenant/model';

export function renderList(list: TodoTaskListRecord): Record<string, unknown> {
  return {
    '@odata.etag': list.etag,
    displayName: list.displayName ?? '',
    isOwner: list.isOwner ?? true,
    isShared: list.isShared ?? false,
    wellknownListName: list.wellknownListName ?? 'none',
    id: list.id,
  };
}

export function renderTask(task: TodoTaskRecord): Record<string, unknown> {
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
  return rendered;
}

/** `users('<id>')/todo/lists('<listId>')`, with the list id percent-encoded as Graph writes it. */
export function listContextPath(ownerId: string, listId: string): string {
  return `users('${ownerId}')/todo/lists('${encodeURIComponent(listId)}')`;
}
