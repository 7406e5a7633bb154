/**
 * Planner delta, beta only (planneruser-list-delta.md; graph-api.md Part 2 §2.3):
 * `GET /beta/users/{id}/planner/all/delta` (`/me/...` alike). The first call returns no items
 * and a nextLink; following it returns the tasks and task details changed since, each with its
 * own `@odata.type` and `@odata.context`, then a deltaLink. The scope is the tasks of the
 * plans the user can see (a member or owner of the plan's group) and the tasks assigned to
 * the user. No query options are accepted.
 */
import { graphError } from '../../http/errors';
import { contextUrl } from '../../http/odata';
import type { GraphCall, GraphReply, Route, RouteContext } from '../../http/types';
import type { Tenant } from '../../tenant/model';
import type { Change } from '../../tenant/changes';
import { PLANNER_USER_PLANS } from '../tasks/permissions';
import { resolveUserId } from '../tasks/users';
import { belongsToGroup } from '../tasks/planner/access';
import { renderDetails, renderTask } from '../tasks/planner/render';
import { DELTA_SEGMENTS, deltaPage, type DeltaEntry, type DeltaFeed } from './engine';

export const PLANNER_DELTA_PAGE_SIZE = 100;

/** The Planner content type of the documented example. */
const PLANNER_CONTENT_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

function inScope(tenant: Tenant, userId: string, change: Change): boolean {
  const task = tenant.tasks.get(change.id);
  if (task && Object.keys(task.assignments ?? {}).includes(userId)) return true;
  const plan = tenant.plans.get(change.parentId ?? task?.planId ?? '');
  return plan !== undefined && belongsToGroup(tenant, plan.groupId, userId);
}

function renderEntry(call: GraphCall, tenant: Tenant, entry: DeltaEntry): Record<string, unknown> {
  if (entry.kind === 'plannerTaskDetails') {
    const details = tenant.taskDetails.get(entry.id);
    if (details) {
      return {
        '@odata.type': '#microsoft.graph.plannerTaskDetails',
        '@odata.context': contextUrl(call, `planner/tasks('${entry.id}')/details/$entity`),
        ...renderDetails(details),
      };
    }
  } else {
    const task = tenant.tasks.get(entry.id);
    if (task) {
      return {
        '@odata.type': '#microsoft.graph.plannerTask',
        '@odata.context': contextUrl(call, 'planner/tasks/$entity'),
        ...renderTask(task),
      };
    }
  }
  const type = entry.kind === 'plannerTaskDetails' ? 'plannerTaskDetails' : 'plannerTask';
  return { '@odata.type': `#microsoft.graph.${type}`, id: entry.id, '@removed': { reason: 'deleted' } };
}

function plannerDelta(ctx: RouteContext): GraphReply {
  const { call, tenant, caller } = ctx;
  if (call.version !== 'beta') return graphError(400, 'BadRequest', "Resource not found for the segment 'all'.");
  const userId = resolveUserId(tenant, ctx.params.id ?? '');
  if (userId === null) return graphError(404, '', 'The requested item is not found.');
  if (caller.kind === 'delegated' && caller.userId !== userId)
    return graphError(403, '', 'You do not have the required permissions to access this item.');
  for (const [name] of call.query) {
    if (!['$deltatoken', '$skiptoken'].includes(name.toLowerCase()))
      return graphError(400, '', `The query option '${name}' is not supported by Planner delta.`);
  }
  const feed: DeltaFeed = {
    key: `planner:${userId}`,
    contextPath: 'Collection(microsoft.graph.plannerDelta)',
    pageSize: PLANNER_DELTA_PAGE_SIZE,
    startsEmpty: true,
    tracks: (change) =>
      (change.kind === 'plannerTask' || change.kind === 'plannerTaskDetails') && inScope(tenant, userId, change),
    initial: () => [],
    render: (entry) => renderEntry(call, tenant, entry),
  };
  return deltaPage(call, tenant, feed, {
    headers: { 'Content-Type': PLANNER_CONTENT_TYPE, 'Preference-Applied': 'odata.track-changes' },
  });
}

export const plannerDeltaRoutes: Route[] = DELTA_SEGMENTS.map((segment): Route => ({
  method: 'GET',
  pattern: `/users/:id/planner/all/${segment}`,
  permissions: PLANNER_USER_PLANS,
  handler: plannerDelta,
}));
