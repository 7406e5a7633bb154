/**
 * To Do delta (graph-api.md Part 2 §§2.1, 2.2): `GET /users/{id}/todo/lists/delta`
 * (todotasklist-delta.md) and `GET /users/{id}/todo/lists/{listId}/tasks/delta`
 * (todotask-delta.md), `/me/...` alike. `Prefer: odata.maxpagesize={x}` (or `$top`) sets the
 * page size; a deleted task or list comes back as `{"id", "@removed": {"reason": "deleted"}}`.
 */
import { graphError } from '../../http/errors';
import { project } from '../../http/odata';
import type { GraphReply, Route, RouteContext } from '../../http/types';
import { TODO_READ } from '../tasks/permissions';
import { findList, openMailbox } from '../tasks/todo/mailbox';
import { listContextPath, renderList, renderTask } from '../tasks/todo/render';
import { DELTA_SEGMENTS, deltaPage, queryOption, type DeltaEntry, type DeltaFeed } from './engine';

/** Outlook-backed delta pages hold 10 items unless the client asks for another size (undocumented). */
export const TODO_DELTA_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 1000;

type PageSize = { size?: number; headers?: Record<string, string> } | GraphReply;

/** `Prefer: odata.maxpagesize=N` (echoed in `Preference-Applied`), else `$top`. */
function requestedPageSize(ctx: RouteContext): PageSize {
  const prefer = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(ctx.call.headers.get('Prefer') ?? '');
  if (prefer) {
    const size = Math.min(Math.max(Number(prefer[1]), 1), MAX_PAGE_SIZE);
    return { size, headers: { 'Preference-Applied': `odata.maxpagesize=${size}` } };
  }
  const top = queryOption(ctx.call, '$top');
  if (top === null) return {};
  if (!/^\d+$/.test(top.trim()) || Number(top) < 1)
    return graphError(400, 'BadRequest', `Invalid value '${top}' for $top query option found.`);
  return { size: Math.min(Number(top), MAX_PAGE_SIZE) };
}

/** The rendered item reduced to the round's `$select` (`@odata.etag` and `id` always kept). */
function selected(rendered: Record<string, unknown>, select: readonly string[] | null): Record<string, unknown> {
  if (select === null) return rendered;
  const { '@odata.etag': etag, ...properties } = rendered;
  return { '@odata.etag': etag, ...project(properties, select, Object.keys(properties)) };
}

function removed(entry: DeltaEntry): Record<string, unknown> {
  return { id: entry.id, '@removed': { reason: 'deleted' } };
}

function withPageSize(ctx: RouteContext, feed: () => DeltaFeed | GraphReply): GraphReply {
  const size = requestedPageSize(ctx);
  if ('status' in size) return size;
  const built = feed();
  if ('status' in built) return built;
  return deltaPage(ctx.call, ctx.tenant, built, { pageSize: size.size, headers: size.headers });
}

function listsDelta(ctx: RouteContext): GraphReply {
  return withPageSize(ctx, () => {
    const mailbox = openMailbox(ctx);
    if (!mailbox.ok) return mailbox.reply;
    const { ownerId, lists } = mailbox.value;
    return {
      key: `todoLists:${ownerId}`,
      contextPath: `Collection(todoTaskList)`,
      pageSize: TODO_DELTA_PAGE_SIZE,
      tracks: (change) => change.kind === 'todoTaskList' && change.parentId === ownerId,
      initial: () => lists.map((list) => ({ id: list.id, kind: 'todoTaskList' })),
      render: (entry, { select }) => {
        const list = lists.find((candidate) => candidate.id === entry.id);
        return list ? selected(renderList(list), select) : removed(entry);
      },
    };
  });
}

function tasksDelta(ctx: RouteContext): GraphReply {
  return withPageSize(ctx, () => {
    const found = findList(ctx);
    if (!found.ok) return found.reply;
    const { list, mailbox } = found.value;
    const tasks = () => ctx.tenant.todoTasksOf.get(list.id) ?? [];
    return {
      key: `todoTasks:${list.id}`,
      contextPath: `${listContextPath(mailbox.ownerId, list.id)}/tasks/delta`,
      pageSize: TODO_DELTA_PAGE_SIZE,
      tracks: (change) => change.kind === 'todoTask' && change.parentId === list.id,
      initial: () => tasks().map((task) => ({ id: task.id, kind: 'todoTask' })),
      render: (entry, { select }) => {
        const task = tasks().find((candidate) => candidate.id === entry.id);
        return task ? selected(renderTask(task), select) : removed(entry);
      },
    };
  });
}

export const todoDeltaRoutes: Route[] = DELTA_SEGMENTS.flatMap((segment): Route[] => [
  { method: 'GET', pattern: `/users/:id/todo/lists/${segment}`, permissions: TODO_READ, handler: listsDelta },
  {
    method: 'GET',
    pattern: `/users/:id/todo/lists/:listId/tasks/${segment}`,
    permissions: TODO_READ,
    handler: tasksDelta,
  },
]);
