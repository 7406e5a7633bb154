/**
 * Planner tasks addressed through their owner, as Microsoft's SDKs build the address:
 * `/users/{id}/planner/tasks/{taskId}` (and `/me/...`, which arrives rewritten) with its
 * `/details`. They answer like `/planner/tasks/{taskId}` once the task is in the user's
 * `planner/tasks` collection (the tasks assigned to the user, planneruser-list-tasks.md).
 */
import type { GraphReply, Route, RouteContext, RouteHandler } from '../../../http/types';
import { PLANNER_READ, PLANNER_WRITE } from '../permissions';
import { resolveUserId } from '../users';
import { getDetails, updateDetails } from './details-routes';
import { plannerForbidden, plannerNotFound } from './errors';
import { assignmentsOf } from './open-types';
import { getTask } from './read-routes';
import { deleteTask, updateTask } from './task-write-routes';

/**
 * The user's navigation holds only the tasks assigned to them: another task is not in the
 * collection and answers Planner's 404 (undocumented; recorded in the README's choices). A
 * delegated caller naming another user gets 403, as on `/users/{id}/planner/tasks`.
 */
function throughOwner(handler: RouteHandler): RouteHandler {
  return (ctx: RouteContext): GraphReply | Promise<GraphReply> => {
    const userId = resolveUserId(ctx.tenant, ctx.params.userId as string);
    if (ctx.caller.kind === 'delegated' && userId !== ctx.caller.userId) {
      return userId === null ? plannerNotFound() : plannerForbidden();
    }
    if (userId === null) return plannerNotFound();
    const task = ctx.tenant.tasks.get(ctx.params.id as string);
    if (!task || !(userId in assignmentsOf(task))) return plannerNotFound();
    return handler(ctx);
  };
}

const TASK = '/users/:userId/planner/tasks/:id';

export const plannerOwnerRoutes: Route[] = [
  { method: 'GET', pattern: TASK, permissions: PLANNER_READ, handler: throughOwner(getTask) },
  { method: 'PATCH', pattern: TASK, permissions: PLANNER_WRITE, handler: throughOwner(updateTask) },
  { method: 'DELETE', pattern: TASK, permissions: PLANNER_WRITE, handler: throughOwner(deleteTask) },
  { method: 'GET', pattern: `${TASK}/details`, permissions: PLANNER_READ, handler: throughOwner(getDetails) },
  { method: 'PATCH', pattern: `${TASK}/details`, permissions: PLANNER_WRITE, handler: throughOwner(updateDetails) },
];
