/** A user's To Do lists: list, create, read, rename, delete. Built-in lists cannot be renamed or deleted. */
import type { GraphReply, Route, RouteContext } from '../../../http/types';
import type { TodoTaskListRecord } from '../../../tenant/model';
import { TODO_READ, TODO_WRITE } from '../permissions';
import { runtimeRandom } from '../runtime-random';
import { builtInListNotDeletable, builtInListNotRenamable, todoBadRequest, unknownTodoProperty } from './errors';
import { newItemTodoEtag, nextTodoEtag, todoListId } from './ids';
import { findList, openMailbox } from './mailbox';
import { todoPage } from './query';
import { selectedWithEtag } from '../select';
import { renderList } from './render';
import { contextUrl } from '../../../http/odata';
import { isJsonObject } from '../json';
import { todoListChanged } from '../../../tenant/changes';

const WRITABLE = new Set(['displayName']);
const READ_ONLY = new Set(['id', 'isOwner', 'isShared', 'wellknownListName']);

function listEntity(ctx: RouteContext, ownerId: string, list: TodoTaskListRecord, status: number): GraphReply {
  const body = {
    '@odata.context': contextUrl(ctx.call, `users('${ownerId}')/todo/lists/$entity`),
    ...selectedWithEtag(ctx.call, renderList(list)),
  };
  return { status, body };
}

/** The new display name in a list body, or Graph's 400. */
function displayNameIn(
  body: unknown,
  required: boolean,
): { ok: true; value: string | undefined } | { ok: false; reply: GraphReply } {
  if (!isJsonObject(body))
    return { ok: false, reply: todoBadRequest('The request body must be a todoTaskList object.') };
  for (const name of Object.keys(body)) {
    if (!name.startsWith('@odata.') && !WRITABLE.has(name) && !READ_ONLY.has(name))
      return { ok: false, reply: unknownTodoProperty(name, 'todoTaskList') };
  }
  const value = body.displayName;
  if (value === undefined && !required) return { ok: true, value: undefined };
  if (typeof value !== 'string' || value.trim() === '')
    return { ok: false, reply: todoBadRequest('The displayName of a list must be a non-empty string.') };
  return { ok: true, value };
}

function listLists(ctx: RouteContext): GraphReply {
  const mailbox = openMailbox(ctx);
  if (!mailbox.ok) return mailbox.reply;
  return todoPage(ctx.call, mailbox.value.lists.map(renderList), `users('${mailbox.value.ownerId}')/todo/lists`, null);
}

function createList(ctx: RouteContext): GraphReply {
  const mailbox = openMailbox(ctx);
  if (!mailbox.ok) return mailbox.reply;
  const displayName = displayNameIn(ctx.call.body, true);
  if (!displayName.ok) return displayName.reply;
  const lists = mailbox.value.lists;
  const random = runtimeRandom(ctx.tenant);
  const list: TodoTaskListRecord = {
    id: todoListId(random),
    ownerId: mailbox.value.ownerId,
    etag: newItemTodoEtag(lists[0]?.etag ?? '', random),
    displayName: displayName.value,
    isOwner: true,
    isShared: false,
    wellknownListName: 'none',
  };
  lists.push(list);
  ctx.tenant.todoTasksOf.set(list.id, []);
  todoListChanged(ctx.tenant, 'created', list);
  return listEntity(ctx, mailbox.value.ownerId, list, 201);
}

function getList(ctx: RouteContext): GraphReply {
  const found = findList(ctx);
  if (!found.ok) return found.reply;
  return listEntity(ctx, found.value.mailbox.ownerId, found.value.list, 200);
}

function updateList(ctx: RouteContext): GraphReply {
  const found = findList(ctx);
  if (!found.ok) return found.reply;
  const displayName = displayNameIn(ctx.call.body, false);
  if (!displayName.ok) return displayName.reply;
  const { list } = found.value;
  if (displayName.value !== undefined && displayName.value !== list.displayName) {
    if (list.wellknownListName !== 'none') return builtInListNotRenamable();
    list.displayName = displayName.value;
    list.etag = nextTodoEtag(list.etag);
    todoListChanged(ctx.tenant, 'updated', list);
  }
  return listEntity(ctx, found.value.mailbox.ownerId, list, 200);
}

function deleteList(ctx: RouteContext): GraphReply {
  const found = findList(ctx);
  if (!found.ok) return found.reply;
  const { list, mailbox } = found.value;
  if (list.wellknownListName !== 'none') return builtInListNotDeletable();
  mailbox.lists.splice(mailbox.lists.indexOf(list), 1);
  ctx.tenant.todoTasksOf.delete(list.id);
  todoListChanged(ctx.tenant, 'deleted', list);
  return { status: 204 };
}

export const todoListRoutes: Route[] = [
  { method: 'GET', pattern: '/users/:id/todo/lists', permissions: TODO_READ, handler: listLists },
  { method: 'POST', pattern: '/users/:id/todo/lists', permissions: TODO_WRITE, handler: createList },
  { method: 'GET', pattern: '/users/:id/todo/lists/:listId', permissions: TODO_READ, handler: getList },
  { method: 'PATCH', pattern: '/users/:id/todo/lists/:listId', permissions: TODO_WRITE, handler: updateList },
  { method: 'DELETE', pattern: '/users/:id/todo/lists/:listId', permissions: TODO_WRITE, handler: deleteList },
];
