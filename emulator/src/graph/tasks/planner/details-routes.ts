/** A task's details: a resource of its own, with its own etag (a task etag is refused on it). */
import type { Route, RouteContext, GraphReply } from '../../../http/types';
import { PLANNER_READ, PLANNER_WRITE } from '../permissions';
import { plannerNotFound } from './errors';
import { nextPlannerEtag } from './etag';
import { visibleTask } from './lookup';
import { detailsCounters } from './open-types';
import { patchedVersion, patchReply } from './patch';
import { entityReply, renderDetails } from './render';
import { applyDetailsInput } from './details-input';
import { plannerTaskChanged } from '../../../tenant/changes';

function contextOf(taskId: string): string {
  return `planner/tasks('${taskId}')/details/$entity`;
}

/** `contextFragment` names the address the details were read through; by default the task's own. */
export function getDetails(ctx: RouteContext, contextFragment?: string): GraphReply {
  const task = visibleTask(ctx, ctx.params.id as string);
  if (!task.ok) return task.reply;
  const details = ctx.tenant.taskDetails.get(task.value.id);
  if (!details) return plannerNotFound();
  return entityReply(ctx.call, contextFragment ?? contextOf(task.value.id), renderDetails(details));
}

export function updateDetails(ctx: RouteContext, contextFragment?: string): GraphReply {
  const task = visibleTask(ctx, ctx.params.id as string);
  if (!task.ok) return task.reply;
  const details = ctx.tenant.taskDetails.get(task.value.id);
  if (!details) return plannerNotFound();
  const patched = patchedVersion(ctx, details, 'TaskDetails', applyDetailsInput);
  if (!patched.ok) return patched.reply;
  const draft = patched.value;
  ctx.tenant.taskDetails.set(draft.id, draft);
  plannerTaskChanged(ctx.tenant, 'updated', task.value, 'details');

  // The task shows counters derived from its details; when they move, the task is a new version too.
  const counters = detailsCounters(draft);
  const current = task.value;
  const moved = (Object.keys(counters) as (keyof typeof counters)[]).some((key) => counters[key] !== current[key]);
  if (moved) {
    ctx.tenant.tasks.set(current.id, { ...current, ...counters, etag: nextPlannerEtag('Task', current.etag) });
    plannerTaskChanged(ctx.tenant, 'updated', current);
  }

  return patchReply(ctx, contextFragment ?? contextOf(draft.id), renderDetails(draft));
}

export const plannerDetailsRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/planner/tasks/:id/details',
    permissions: PLANNER_READ,
    handler: (ctx) => getDetails(ctx),
  },
  {
    method: 'PATCH',
    pattern: '/planner/tasks/:id/details',
    permissions: PLANNER_WRITE,
    handler: (ctx) => updateDetails(ctx),
  },
];
