/**
 * Planner resources as Graph shows them: every property present (null when unset), in Graph's
 * order, with `@odata.etag` first; single entities also carry `@odata.context` and an `ETag`
 * header. `$select` keeps the named properties (and `id` and the etag).
 */
import { contextUrl, parseSelect } from '../../../http/odata';
import { selectedWithEtag } from '../select';
import type { GraphCall, GraphReply } from '../../../http/types';
import type {
  PlannerBucketRecord,
  PlannerPlanRecord,
  PlannerTaskDetailsRecord,
  PlannerTaskRecord,
} from '../../../tenant/model';

export function renderPlan(call: GraphCall, plan: PlannerPlanRecord): Record<string, unknown> {
  return {
    '@odata.etag': plan.etag,
    createdBy: plan.createdBy ?? null,
    createdDateTime: plan.createdDateTime ?? null,
    owner: plan.groupId,
    title: plan.title ?? '',
    id: plan.id,
    container: {
      '@odata.type': 'microsoft.graph.plannerPlanContainer',
      url: `${call.origin}/${call.version}/groups/${plan.groupId}`,
      containerId: plan.groupId,
      type: 'group',
    },
  };
}

export function renderBucket(bucket: PlannerBucketRecord): Record<string, unknown> {
  return {
    '@odata.etag': bucket.etag,
    name: bucket.name ?? '',
    planId: bucket.planId,
    orderHint: bucket.orderHint ?? null,
    id: bucket.id,
  };
}

/** A deep copy of stored JSON (objects, arrays, strings, numbers, booleans, null): cheaper than structuredClone. */
function copyJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyJson) as T;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = copyJson(item);
  return copy as T;
}

/**
 * `cloneOpenTypes` false leaves `appliedCategories` and `assignments` uncloned: only for a
 * rendering whose `$select` drops them before anything can see them.
 */
export function renderTask(task: PlannerTaskRecord, cloneOpenTypes = true): Record<string, unknown> {
  const categories = task.appliedCategories ?? {};
  const assignments = task.assignments ?? {};
  return {
    '@odata.etag': task.etag,
    planId: task.planId,
    bucketId: task.bucketId ?? null,
    title: task.title ?? '',
    orderHint: task.orderHint ?? null,
    assigneePriority: task.assigneePriority ?? '',
    percentComplete: task.percentComplete ?? 0,
    startDateTime: task.startDateTime ?? null,
    createdDateTime: task.createdDateTime ?? null,
    dueDateTime: task.dueDateTime ?? null,
    hasDescription: task.hasDescription ?? false,
    previewType: task.previewType ?? 'automatic',
    completedDateTime: task.completedDateTime ?? null,
    completedBy: task.completedBy ?? null,
    referenceCount: task.referenceCount ?? 0,
    checklistItemCount: task.checklistItemCount ?? 0,
    activeChecklistItemCount: task.activeChecklistItemCount ?? 0,
    conversationThreadId: task.conversationThreadId ?? null,
    priority: task.priority ?? 5,
    id: task.id,
    createdBy: task.createdBy ?? null,
    // A copy: a later step of the same $batch may change the task before the batch is answered.
    appliedCategories: cloneOpenTypes ? copyJson(categories) : categories,
    assignments: cloneOpenTypes ? copyJson(assignments) : assignments,
  };
}

export function renderDetails(details: PlannerTaskDetailsRecord): Record<string, unknown> {
  return {
    '@odata.etag': details.etag,
    description: details.description ?? '',
    previewType: details.previewType ?? 'automatic',
    id: details.id,
    references: structuredClone(details.references ?? {}),
    checklist: structuredClone(details.checklist ?? {}),
  };
}

/** Whether the call's `$select` (if any) keeps a property the rendering spells `name`. */
export function keepsProperty(call: GraphCall, name: string): boolean {
  const select = parseSelect(call);
  if (select === null) return true;
  const lower = name.toLowerCase();
  return select.some((s) => s.toLowerCase() === lower);
}

/** `200` (or `status`) with one Planner entity, its `@odata.context` and `ETag` header. */
export function entityReply(
  call: GraphCall,
  contextFragment: string,
  rendered: Record<string, unknown>,
  status = 200,
  headers: Record<string, string> = {},
): GraphReply {
  const body = { '@odata.context': contextUrl(call, contextFragment), ...selectedWithEtag(call, rendered) };
  return { status, headers: { ETag: String(rendered['@odata.etag']), ...headers }, body };
}
