/** A task's details: a resource of its own, with its own etag (a task etag is refused on it). */
import type { Route, RouteContext, GraphReply } from '../../../http/types';
import { PLANNER_READ, PLANNER_WRITE } from '../permissions';
import { changeContext, wantsRepresentation } from './change-context';
import { plannerBadRequest, plannerNotFound } from './errors';
import { nextPlannerEtag } from './etag';
import { checkIfMatch } from './if-match';
import { visibleTask } from './lookup';
import { detailsCounters } from './open-types';
import { entityReply, renderDetails } from './render';
import { applyDetailsInput } from './details-input';
import { isJsonObject } from '../json';

function contextOf(taskId: string): string {
  return `planner/tasks('${taskId}')/details/$entity`;
}

function getDetails(ctx: RouteContext): GraphReply {
  const task = visibleTask(ctx, ctx.params.id as string);
  if (!task.ok) return task.reply;
  const details = ctx.tenant.taskDetails.get(task.value.id);
  if (!details) return plannerNotFound();
  return entityReply(ctx.call, contextOf(task.value.id), renderDetails(details));
}

function updateDetails(ctx: RouteContext): GraphReply {
  const task = visibleTask(ctx, ctx.params.id as string);
  if (!task.ok) return task.reply;
  const details = ctx.tenant.taskDetails.get(task.value.id);
  if (!details) return plannerNotFound();
  const precondition = checkIfMatch(ctx.call, 'TaskDetails', details.etag);
  if (precondition) return precondition;
  const body = ctx.call.body;
  if (!isJsonObject(body)) return plannerBadRequest('The request body must be a plannerTaskDetails object.');

  const draft = structuredClone(details);
  const refused = applyDetailsInput(draft, body, changeContext(ctx));
  if (refused) return refused;
  draft.etag = nextPlannerEtag('TaskDetails', details.etag);
  ctx.tenant.taskDetails.set(draft.id, draft);

  // The task shows counters derived from its details; when they move, the task is a new version too.
  const counters = detailsCounters(draft);
  const current = task.value;
  const moved = (Object.keys(counters) as (keyof typeof counters)[]).some((key) => counters[key] !== current[key]);
  if (moved) ctx.tenant.tasks.set(current.id, { ...current, ...counters, etag: nextPlannerEtag('Task', current.etag) });

  if (!wantsRepresentation(ctx.call.headers)) return { status: 204 };
  return entityReply(ctx.call, contextOf(draft.id), renderDetails(draft), 200, { 'Preference-Applied': 'return=representation' });
}

export const plannerDetailsRoutes: Route[] = [
  { method: 'GET', pattern: '/planner/tasks/:id/details', permissions: PLANNER_READ, handler: getDetails },
  { method: 'PATCH', pattern: '/planner/tasks/:id/details', permissions: PLANNER_WRITE, handler: updateDetails },
];
