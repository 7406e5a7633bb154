/** Tasks of a To Do list: list (with $filter, $orderby, $top/$skip, $select), create, read, update, delete. */
import type { GraphReply, Route, RouteContext } from '../../../http/types';
import type { TodoTaskListRecord, TodoTaskRecord } from '../../../tenant/model';
import { TODO_READ, TODO_WRITE } from '../permissions';
import { runtimeRandom } from '../runtime-random';
import { nowDateTimeOffset } from '../time';
import { todoBadRequest } from './errors';
import { newItemTodoEtag, nextTodoEtag, todoTaskId } from './ids';
import { findList, findTaskIn, tasksOf } from './mailbox';
import { parseTaskExpand, type TaskExpansion } from './expand';
import { queryTasks, todoPage } from './query';
import { selectedWithEtag } from '../select';
import { listContextPath, renderTask } from './render';
import { contextUrl } from '../../../http/odata';
import { isJsonObject } from '../json';
import { applyTodoTaskInput } from './task-input';
import { splitCompletedOccurrence } from './recurring-completion';
import { todoTaskChanged } from '../../../tenant/changes';

/** To Do answers 10 tasks per page unless `$top` asks for another size. */
const TASK_PAGE_SIZE = 10;

function taskEntity(
  ctx: RouteContext,
  ownerId: string,
  list: TodoTaskListRecord,
  task: TodoTaskRecord,
  status: number,
  expanded: ReadonlySet<TaskExpansion>,
): GraphReply {
  const context = contextUrl(ctx.call, `${listContextPath(ownerId, list.id)}/tasks/$entity`);
  return { status, body: { '@odata.context': context, ...selectedWithEtag(ctx.call, renderTask(task, expanded)) } };
}

function listTasks(ctx: RouteContext): GraphReply {
  const found = findList(ctx);
  if (!found.ok) return found.reply;
  const { list, mailbox } = found.value;
  const expanded = parseTaskExpand(ctx.call);
  if (!expanded.ok) return expanded.reply;
  const tasks = queryTasks(ctx.call, tasksOf(ctx, list));
  if (!Array.isArray(tasks)) return tasks;
  return todoPage(
    ctx.call,
    tasks.map((task) => renderTask(task, expanded.value)),
    `${listContextPath(mailbox.ownerId, list.id)}/tasks`,
    TASK_PAGE_SIZE,
  );
}

function createTask(ctx: RouteContext): GraphReply {
  const found = findList(ctx);
  if (!found.ok) return found.reply;
  const { list, mailbox } = found.value;
  const body = ctx.call.body;
  if (!isJsonObject(body)) return todoBadRequest('The request body must be a todoTask object.');
  const expanded = parseTaskExpand(ctx.call);
  if (!expanded.ok) return expanded.reply;
  const now = nowDateTimeOffset();
  const tasks = tasksOf(ctx, list);
  const random = runtimeRandom(ctx.tenant);
  // The todoTasklist-post-tasks example answers importance "low" when none is sent.
  const draft: TodoTaskRecord = {
    id: todoTaskId(random),
    listId: list.id,
    etag: newItemTodoEtag(list.etag, random),
    importance: 'low',
    isReminderOn: false,
    status: 'notStarted',
    title: '',
    createdDateTime: now,
    lastModifiedDateTime: now,
    bodyLastModifiedDateTime: now,
    hasAttachments: false,
    categories: [],
    body: { content: '', contentType: 'text' },
    dueDateTime: null,
    startDateTime: null,
    completedDateTime: null,
    reminderDateTime: null,
  };
  const refused = applyTodoTaskInput(draft, body, now, random);
  if (refused) return refused;
  tasks.push(draft);
  todoTaskChanged(ctx.tenant, 'created', draft, mailbox.ownerId);
  // The todoTasklist-post-tasks example answers the linkedResources it was sent: the
  // collections written inline come back on create, as well as those $expand names.
  const answered = new Set(expanded.value);
  if ('linkedResources' in body) answered.add('linkedResources');
  if ('checklistItems' in body) answered.add('checklistItems');
  return taskEntity(ctx, mailbox.ownerId, list, draft, 201, answered);
}

function getTask(ctx: RouteContext): GraphReply {
  const found = findTaskIn(ctx);
  if (!found.ok) return found.reply;
  const expanded = parseTaskExpand(ctx.call);
  if (!expanded.ok) return expanded.reply;
  const { mailbox, list, task } = found.value;
  return taskEntity(ctx, mailbox.ownerId, list, task, 200, expanded.value);
}

function updateTask(ctx: RouteContext): GraphReply {
  const found = findTaskIn(ctx);
  if (!found.ok) return found.reply;
  const { list, mailbox, task } = found.value;
  const body = ctx.call.body;
  if (!isJsonObject(body)) return todoBadRequest('The request body must be a todoTask object.');
  const expanded = parseTaskExpand(ctx.call);
  if (!expanded.ok) return expanded.reply;
  const draft = structuredClone(task);
  const now = nowDateTimeOffset();
  const refused = applyTodoTaskInput(draft, body, now);
  if (refused) return refused;
  draft.etag = nextTodoEtag(task.etag);
  // Completing a recurring task records the occurrence as a new task and moves this one on.
  const split = splitCompletedOccurrence(task, draft, now, runtimeRandom(ctx.tenant));
  const updated = split?.series ?? draft;
  const tasks = tasksOf(ctx, list);
  tasks[tasks.indexOf(task)] = updated;
  todoTaskChanged(ctx.tenant, 'updated', updated, mailbox.ownerId);
  // Completing a recurring task is one update (the series moves on) and one new task (the done occurrence).
  if (split) {
    tasks.push(split.done);
    todoTaskChanged(ctx.tenant, 'created', split.done, mailbox.ownerId);
  }
  return taskEntity(ctx, mailbox.ownerId, list, updated, 200, expanded.value);
}

function deleteTask(ctx: RouteContext): GraphReply {
  const found = findTaskIn(ctx);
  if (!found.ok) return found.reply;
  const tasks = tasksOf(ctx, found.value.list);
  tasks.splice(tasks.indexOf(found.value.task), 1);
  todoTaskChanged(ctx.tenant, 'deleted', found.value.task, found.value.mailbox.ownerId);
  return { status: 204 };
}

export const todoTaskRoutes: Route[] = [
  { method: 'GET', pattern: '/users/:id/todo/lists/:listId/tasks', permissions: TODO_READ, handler: listTasks },
  { method: 'POST', pattern: '/users/:id/todo/lists/:listId/tasks', permissions: TODO_WRITE, handler: createTask },
  { method: 'GET', pattern: '/users/:id/todo/lists/:listId/tasks/:taskId', permissions: TODO_READ, handler: getTask },
  {
    method: 'PATCH',
    pattern: '/users/:id/todo/lists/:listId/tasks/:taskId',
    permissions: TODO_WRITE,
    handler: updateTask,
  },
  {
    method: 'DELETE',
    pattern: '/users/:id/todo/lists/:listId/tasks/:taskId',
    permissions: TODO_WRITE,
    handler: deleteTask,
  },
];
