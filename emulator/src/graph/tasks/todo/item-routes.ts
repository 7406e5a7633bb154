/**
 * A task's linkedResources and checklistItems (v1.0): list, create (201), get, update (200 with
 * the item) and delete (204) under `/users/{id}/todo/lists/{listId}/tasks/{taskId}/...`
 * (`/me/...` arrives rewritten). Pages: todotask-list-linkedresources, todotask-post-linkedresources,
 * linkedresource-get/-update/-delete, todotask-list-checklistitems, todotask-post-checklistitems,
 * checklistitem-get/-update/-delete. Whose To Do a caller may reach is decided as for tasks.
 */
import { contextUrl } from '../../../http/odata';
import type { GraphReply, Route, RouteContext } from '../../../http/types';
import type { TodoChecklistItemRecord, TodoLinkedResourceRecord, TodoTaskRecord } from '../../../tenant/model';
import type { SeededRandom } from '../../../tenant/random';
import { isJsonObject } from '../json';
import { TODO_READ, TODO_WRITE } from '../permissions';
import type { Result } from '../result';
import { runtimeRandom } from '../runtime-random';
import { selectedWithEtag } from '../select';
import { nowDateTimeOffset } from '../time';
import { todoBadRequest, todoNotFound } from './errors';
import { findTaskIn } from './mailbox';
import { todoPage } from './query';
import { taskContextPath } from './render';
import {
  applyChecklistItemInput,
  applyLinkedResourceInput,
  newChecklistItem,
  newLinkedResource,
  renderChecklistItem,
  renderLinkedResource,
} from './task-items';

interface ItemKind<T extends { id: string }> {
  /** The navigation property, also the path segment. */
  segment: 'linkedResources' | 'checklistItems';
  type: string;
  itemsOf(task: TodoTaskRecord): T[];
  create(body: unknown, random: SeededRandom, now: string): Result<T>;
  apply(draft: T, body: Record<string, unknown>, now: string): GraphReply | null;
  render(item: T): Record<string, unknown>;
}

const linkedResources: ItemKind<TodoLinkedResourceRecord> = {
  segment: 'linkedResources',
  type: 'linkedResource',
  itemsOf: (task) => (task.linkedResources ??= []),
  create: (body, random) => newLinkedResource(body, random),
  apply: (draft, body) => applyLinkedResourceInput(draft, body),
  render: (item) => renderLinkedResource(item),
};

const checklistItems: ItemKind<TodoChecklistItemRecord> = {
  segment: 'checklistItems',
  type: 'checklistItem',
  itemsOf: (task) => (task.checklistItems ??= []),
  create: newChecklistItem,
  apply: applyChecklistItemInput,
  render: renderChecklistItem,
};

function collectionPath(ownerId: string, listId: string, task: TodoTaskRecord, segment: string) {
  return `${taskContextPath(ownerId, listId, task.id)}/${segment}`;
}

function routesFor<T extends { id: string }>(kind: ItemKind<T>): Route[] {
  function entity(ctx: RouteContext, path: string, item: T, status: number): GraphReply {
    const context = contextUrl(ctx.call, `${path}/$entity`);
    return { status, body: { '@odata.context': context, ...selectedWithEtag(ctx.call, kind.render(item)) } };
  }

  function list(ctx: RouteContext): GraphReply {
    const found = findTaskIn(ctx);
    if (!found.ok) return found.reply;
    const { mailbox, list: taskList, task } = found.value;
    const path = collectionPath(mailbox.ownerId, taskList.id, task, kind.segment);
    return todoPage(ctx.call, kind.itemsOf(task).map(kind.render), path, null);
  }

  function create(ctx: RouteContext): GraphReply {
    const found = findTaskIn(ctx);
    if (!found.ok) return found.reply;
    const { mailbox, list: taskList, task } = found.value;
    if (!isJsonObject(ctx.call.body)) return todoBadRequest(`The request body must be a ${kind.type} object.`);
    const created = kind.create(ctx.call.body, runtimeRandom(ctx.tenant), nowDateTimeOffset());
    if (!created.ok) return created.reply;
    kind.itemsOf(task).push(created.value);
    const path = collectionPath(mailbox.ownerId, taskList.id, task, kind.segment);
    return entity(ctx, path, created.value, 201);
  }

  function findItem(ctx: RouteContext): Result<{ path: string; items: T[]; item: T }> {
    const found = findTaskIn(ctx);
    if (!found.ok) return found;
    const { mailbox, list: taskList, task } = found.value;
    const items = kind.itemsOf(task);
    const item = items.find((candidate) => candidate.id === ctx.params.itemId);
    if (!item) return { ok: false, reply: todoNotFound() };
    return {
      ok: true,
      value: { path: collectionPath(mailbox.ownerId, taskList.id, task, kind.segment), items, item },
    };
  }

  function get(ctx: RouteContext): GraphReply {
    const found = findItem(ctx);
    if (!found.ok) return found.reply;
    return entity(ctx, found.value.path, found.value.item, 200);
  }

  function update(ctx: RouteContext): GraphReply {
    const found = findItem(ctx);
    if (!found.ok) return found.reply;
    const { path, items, item } = found.value;
    if (!isJsonObject(ctx.call.body)) return todoBadRequest(`The request body must be a ${kind.type} object.`);
    const draft = structuredClone(item);
    const refused = kind.apply(draft, ctx.call.body, nowDateTimeOffset());
    if (refused) return refused;
    items[items.indexOf(item)] = draft;
    return entity(ctx, path, draft, 200);
  }

  function remove(ctx: RouteContext): GraphReply {
    const found = findItem(ctx);
    if (!found.ok) return found.reply;
    found.value.items.splice(found.value.items.indexOf(found.value.item), 1);
    return { status: 204 };
  }

  const collection = `/users/:id/todo/lists/:listId/tasks/:taskId/${kind.segment}`;
  const single = `${collection}/:itemId`;
  return [
    { method: 'GET', pattern: collection, permissions: TODO_READ, handler: list },
    { method: 'POST', pattern: collection, permissions: TODO_WRITE, handler: create },
    { method: 'GET', pattern: single, permissions: TODO_READ, handler: get },
    { method: 'PATCH', pattern: single, permissions: TODO_WRITE, handler: update },
    { method: 'DELETE', pattern: single, permissions: TODO_WRITE, handler: remove },
  ];
}

export const todoTaskItemRoutes: Route[] = [...routesFor(linkedResources), ...routesFor(checklistItems)];
