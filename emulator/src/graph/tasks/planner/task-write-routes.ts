/** Creating, updating and deleting Planner tasks. */
import type { Route, RouteContext, GraphReply } from '../../../http/types';
import type { PlannerTaskDetailsRecord, PlannerTaskRecord } from '../../../tenant/model';
import { PLANNER_WRITE } from '../permissions';
import { runtimeRandom } from '../runtime-random';
import { changeContext } from './change-context';
import { plannerBadRequest } from './errors';
import { plannerEtag } from './etag';
import { checkIfMatch } from './if-match';
import { visiblePlan, visibleTask } from './lookup';
import { patchedVersion, patchReply } from './patch';
import { entityReply, renderTask } from './render';
import { isJsonObject } from '../json';
import { applyTaskInput } from './task-input';
import { plannerTaskChanged } from '../../../tenant/changes';

const TASK_CONTEXT = 'planner/tasks/$entity';

function createTask(ctx: RouteContext): GraphReply {
  const body = ctx.call.body;
  if (!isJsonObject(body)) return plannerBadRequest('The request body must be a plannerTask object.');
  if (typeof body.planId !== 'string' || body.planId === '') return plannerBadRequest('The planId field is required.');
  const plan = visiblePlan(ctx, body.planId);
  if (!plan.ok) return plan.reply;

  const change = changeContext(ctx);
  const random = runtimeRandom(ctx.tenant);
  const id = random.plannerId();
  const draft: PlannerTaskRecord = {
    id,
    planId: plan.value.id,
    etag: plannerEtag('Task', random.int(0x100000, 0xfffffff)),
    bucketId: null,
    title: '',
    orderHint: change.freshOrderHint(),
    assigneePriority: '',
    percentComplete: 0,
    startDateTime: null,
    createdDateTime: change.now,
    dueDateTime: null,
    hasDescription: false,
    previewType: 'automatic',
    completedDateTime: null,
    completedBy: null,
    referenceCount: 0,
    checklistItemCount: 0,
    activeChecklistItemCount: 0,
    conversationThreadId: null,
    priority: 5,
    createdBy: change.actor,
    appliedCategories: {},
    assignments: {},
  };
  const refused = applyTaskInput(draft, body, change);
  if (refused) return refused;

  const details: PlannerTaskDetailsRecord = {
    id,
    etag: plannerEtag('TaskDetails', random.int(0x100000, 0xfffffff)),
    description: '',
    previewType: 'automatic',
    references: {},
    checklist: {},
  };
  ctx.tenant.tasks.set(id, draft);
  ctx.tenant.taskDetails.set(id, details);
  plannerTaskChanged(ctx.tenant, 'created', draft);
  plannerTaskChanged(ctx.tenant, 'created', draft, 'details');
  return entityReply(ctx.call, TASK_CONTEXT, renderTask(draft), 201);
}

export function updateTask(ctx: RouteContext, contextFragment = TASK_CONTEXT): GraphReply {
  const found = visibleTask(ctx, ctx.params.id as string);
  if (!found.ok) return found.reply;
  const patched = patchedVersion(ctx, found.value, 'Task', applyTaskInput);
  if (!patched.ok) return patched.reply;
  const draft = patched.value;
  ctx.tenant.tasks.set(draft.id, draft);
  plannerTaskChanged(ctx.tenant, 'updated', draft);
  return patchReply(ctx, contextFragment, renderTask(draft));
}

export function deleteTask(ctx: RouteContext): GraphReply {
  const found = visibleTask(ctx, ctx.params.id as string);
  if (!found.ok) return found.reply;
  const precondition = checkIfMatch(ctx.call, 'Task', found.value.etag);
  if (precondition) return precondition;
  ctx.tenant.tasks.delete(found.value.id);
  ctx.tenant.taskDetails.delete(found.value.id);
  plannerTaskChanged(ctx.tenant, 'deleted', found.value);
  return { status: 204 };
}

export const plannerTaskWriteRoutes: Route[] = [
  { method: 'POST', pattern: '/planner/tasks', permissions: PLANNER_WRITE, handler: createTask },
  { method: 'PATCH', pattern: '/planner/tasks/:id', permissions: PLANNER_WRITE, handler: (ctx) => updateTask(ctx) },
  { method: 'DELETE', pattern: '/planner/tasks/:id', permissions: PLANNER_WRITE, handler: deleteTask },
];
