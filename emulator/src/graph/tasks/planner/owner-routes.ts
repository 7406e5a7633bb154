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

/** The handler of the plain `/planner/tasks/{id}` address, told the `@odata.context` of the owner's. */
type OwnerHandler = (ctx: RouteContext, contextFragment: string) => GraphReply;

/**
 * The user's navigation holds only the tasks assigned to them: another task is not in the
 * collection and answers Planner's 404 (undocumented; recorded in the README's choices). A
 * delegated caller naming another user gets 403, as on `/users/{id}/planner/tasks`. The
 * `@odata.context` names the navigation, as OData writes it for a contained entity:
 * `users('{id}')/planner/tasks/$entity` (also for `/me`, which Graph writes as the user).
 */
function throughOwner(handler: OwnerHandler, context: (userId: string, taskId: string) => string): RouteHandler {
  return (ctx: RouteContext): GraphReply => {
    const userId = resolveUserId(ctx.tenant, ctx.params.userId as string);
    if (ctx.caller.kind === 'delegated' && userId !== ctx.caller.userId) {
      return userId === null ? plannerNotFound() : plannerForbidden();
    }
    if (userId === null) return plannerNotFound();
    const task = ctx.tenant.tasks.get(ctx.params.id as string);
    if (!task || !(userId in assignmentsOf(task))) return plannerNotFound();
    return handler(ctx, context(userId, task.id));
  };
}

const TASK = '/users/:userId/planner/tasks/:id';
const taskContext = (userId: string): string => `users('${userId}')/planner/tasks/$entity`;
const detailsContext = (userId: string, taskId: string): string =>
  `users('${userId}')/planner/tasks('${taskId}')/details/$entity`;
const noBody: OwnerHandler = (ctx) => deleteTask(ctx);

export const plannerOwnerRoutes: Route[] = [
  { method: 'GET', pattern: TASK, permissions: PLANNER_READ, handler: throughOwner(getTask, taskContext) },
  { method: 'PATCH', pattern: TASK, permissions: PLANNER_WRITE, handler: throughOwner(updateTask, taskContext) },
  { method: 'DELETE', pattern: TASK, permissions: PLANNER_WRITE, handler: throughOwner(noBody, taskContext) },
  {
    method: 'GET',
    pattern: `${TASK}/details`,
    permissions: PLANNER_READ,
    handler: throughOwner(getDetails, detailsContext),
  },
  {
    method: 'PATCH',
    pattern: `${TASK}/details`,
    permissions: PLANNER_WRITE,
    handler: throughOwner(updateDetails, detailsContext),
  },
];
