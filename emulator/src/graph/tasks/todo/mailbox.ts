/**
 * Whose To Do a call reaches. A delegated caller reaches only their own mailbox (`/me/todo`
 * arrives here rewritten to `/users/{own id}`); app-only callers reach any user's.
 */
import type { RouteContext } from '../../../http/types';
import type { TodoTaskListRecord, TodoTaskRecord } from '../../../tenant/model';
import { ensureTodoData } from '../../../tenant/generate-tasks';
import { resolveUserId } from '../users';
import type { Result } from '../result';
import { invalidUser, mailboxAccessDenied, todoNotFound } from './errors';

export interface Mailbox {
  ownerId: string;
  lists: TodoTaskListRecord[];
}

export function openMailbox(ctx: RouteContext): Result<Mailbox> {
  const given = ctx.params.id as string;
  const ownerId = resolveUserId(ctx.tenant, given);
  if (ownerId === null) return { ok: false, reply: invalidUser(given) };
  if (ctx.caller.kind === 'delegated' && ctx.caller.userId !== ownerId)
    return { ok: false, reply: mailboxAccessDenied() };
  return { ok: true, value: { ownerId, lists: ensureTodoData(ctx.tenant, ownerId) } };
}

export function findList(ctx: RouteContext): Result<{ mailbox: Mailbox; list: TodoTaskListRecord }> {
  const mailbox = openMailbox(ctx);
  if (!mailbox.ok) return mailbox;
  const list = mailbox.value.lists.find((candidate) => candidate.id === ctx.params.listId);
  if (!list) return { ok: false, reply: todoNotFound() };
  return { ok: true, value: { mailbox: mailbox.value, list } };
}

export function tasksOf(ctx: RouteContext, list: TodoTaskListRecord): TodoTaskRecord[] {
  let tasks = ctx.tenant.todoTasksOf.get(list.id);
  if (!tasks) {
    tasks = [];
    ctx.tenant.todoTasksOf.set(list.id, tasks);
  }
  return tasks;
}

/** The task `ctx.params.taskId` names in the list `ctx.params.listId` names, or To Do's 404. */
export function findTaskIn(
  ctx: RouteContext,
): Result<{ mailbox: Mailbox; list: TodoTaskListRecord; task: TodoTaskRecord }> {
  const found = findList(ctx);
  if (!found.ok) return found;
  const task = tasksOf(ctx, found.value.list).find((candidate) => candidate.id === ctx.params.taskId);
  if (!task) return { ok: false, reply: todoNotFound() };
  return { ok: true, value: { ...found.value, task } };
}
