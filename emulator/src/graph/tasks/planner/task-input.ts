/**
 * Applies a plannerTask body (POST or PATCH) to a draft task, with Planner's validation:
 * open-type values need `@odata.type`, assignments need an order hint, `null` removes an
 * assignment and `false` a category, percentComplete is 0..100, priority 0..10, and a start
 * date may not come after the due date.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { GraphReply } from '../../../http/types';
import type { PlannerTaskRecord, Tenant } from '../../../tenant/model';
import { isJsonObject } from '../json';
import { dateTimeOffset, dateTimeOffsetSeconds } from '../time';
import { plannerBadRequest, unknownProperty } from './errors';
import { resolveOrderHint } from './order-hint';
import { assignmentsOf, categoriesOf } from './open-types';
import { GUID, PREVIEW_TYPES, isOdataType } from './values';

/** Who makes the change, when, and how the service picks a fresh order hint. */
export interface ChangeContext {
  tenant: Tenant;
  actor: Graph.IdentitySet;
  now: string;
  freshOrderHint: () => string;
}

const READ_ONLY = new Set([
  'id',
  'createdDateTime',
  'createdBy',
  'completedDateTime',
  'completedBy',
  'hasDescription',
  'checklistItemCount',
  'activeChecklistItemCount',
  'referenceCount',
  'details',
  'assignedToTaskBoardFormat',
  'bucketTaskBoardFormat',
  'progressTaskBoardFormat',
]);
const CATEGORY = /^category([1-9]|1[0-9]|2[0-5])$/;
const DATE_TIME_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Null when every property is accepted (the draft then holds the change), else Graph's 400. */
export function applyTaskInput(
  draft: PlannerTaskRecord,
  body: Record<string, unknown>,
  change: ChangeContext,
): GraphReply | null {
  const wasComplete = draft.percentComplete === 100;
  for (const [name, value] of Object.entries(body)) {
    if (name.startsWith('@odata.') || READ_ONLY.has(name)) continue;
    const refused = applyProperty(draft, name, value, change);
    if (refused) return refused;
  }
  if (draft.startDateTime && draft.dueDateTime && Date.parse(draft.startDateTime) > Date.parse(draft.dueDateTime)) {
    return plannerBadRequest('The start date of the task must not be later than its due date.');
  }
  const isComplete = draft.percentComplete === 100;
  if (isComplete && !wasComplete) {
    draft.completedDateTime = change.now;
    draft.completedBy = change.actor;
  } else if (!isComplete && wasComplete) {
    draft.completedDateTime = null;
    draft.completedBy = null;
  }
  return null;
}

function applyProperty(
  draft: PlannerTaskRecord,
  name: string,
  value: unknown,
  change: ChangeContext,
): GraphReply | null {
  switch (name) {
    case 'title':
      if (typeof value !== 'string' || value.length > 255)
        return plannerBadRequest('The title must be a string of at most 255 characters.');
      draft.title = value;
      return null;
    case 'planId':
      if (value !== draft.planId) return plannerBadRequest('The planId of an existing task cannot be changed.');
      return null;
    case 'bucketId':
      return applyBucket(draft, value, change.tenant);
    case 'percentComplete':
      if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 100) {
        return plannerBadRequest('The percentComplete value must be an integer between 0 and 100.');
      }
      draft.percentComplete = value as number;
      return null;
    case 'priority':
      if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 10) {
        return plannerBadRequest('The priority value must be an integer between 0 and 10.');
      }
      draft.priority = value as number;
      return null;
    case 'startDateTime':
    case 'dueDateTime': {
      const parsed = parseDateTimeOffset(value);
      if (parsed === undefined) return plannerBadRequest(`The value of ${name} is not a valid DateTimeOffset.`);
      draft[name] = parsed;
      return null;
    }
    case 'orderHint':
    case 'assigneePriority': {
      const hint = typeof value === 'string' ? resolveOrderHint(value, change.freshOrderHint) : null;
      if (hint === null) return plannerBadRequest(`The value of ${name} is not a valid order hint.`);
      draft[name] = hint;
      return null;
    }
    case 'conversationThreadId':
      if (value !== null && typeof value !== 'string')
        return plannerBadRequest('The conversationThreadId must be a string.');
      draft.conversationThreadId = value;
      return null;
    case 'previewType':
      if (typeof value !== 'string' || !PREVIEW_TYPES.has(value))
        return plannerBadRequest(`The previewType '${String(value)}' is not valid.`);
      draft.previewType = value as Graph.PlannerPreviewType;
      return null;
    case 'assignments':
      return applyAssignments(draft, value, change);
    case 'appliedCategories':
      return applyCategories(draft, value);
    default:
      return unknownProperty(name, 'plannerTask');
  }
}

function applyBucket(draft: PlannerTaskRecord, value: unknown, tenant: Tenant): GraphReply | null {
  if (value === null) {
    draft.bucketId = null;
    return null;
  }
  const bucket = typeof value === 'string' ? tenant.buckets.get(value) : undefined;
  if (!bucket || bucket.planId !== draft.planId)
    return plannerBadRequest("The bucketId must name a bucket of the task's plan.");
  draft.bucketId = bucket.id;
  return null;
}

/** `null` clears the date; undefined means the value is not a DateTimeOffset. */
function parseDateTimeOffset(value: unknown): string | null | undefined {
  if (value === null) return null;
  if (typeof value !== 'string' || !DATE_TIME_OFFSET.test(value)) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  return ms % 1000 === 0 ? dateTimeOffsetSeconds(ms) : dateTimeOffset(ms);
}

function applyAssignments(draft: PlannerTaskRecord, value: unknown, change: ChangeContext): GraphReply | null {
  if (!isJsonObject(value)) return plannerBadRequest('The assignments value must be an object keyed by user id.');
  const assignments = { ...assignmentsOf(draft) };
  for (const [userId, assignment] of Object.entries(value)) {
    if (userId.startsWith('@odata.')) continue;
    if (!GUID.test(userId) || !change.tenant.users.has(userId)) {
      return plannerBadRequest(`The assignment key '${userId}' is not the id of a user.`);
    }
    if (assignment === null) {
      delete assignments[userId];
      continue;
    }
    if (!isJsonObject(assignment) || !isOdataType(assignment['@odata.type'], 'plannerAssignment')) {
      return plannerBadRequest('Each assignment must be a #microsoft.graph.plannerAssignment with an @odata.type.');
    }
    const hint =
      typeof assignment.orderHint === 'string' ? resolveOrderHint(assignment.orderHint, change.freshOrderHint) : null;
    if (hint === null) return plannerBadRequest('Each assignment needs a valid orderHint.');
    const existing = assignments[userId];
    assignments[userId] = existing
      ? { ...existing, orderHint: hint }
      : {
          '@odata.type': '#microsoft.graph.plannerAssignment',
          assignedBy: change.actor,
          assignedDateTime: change.now,
          orderHint: hint,
        };
  }
  draft.assignments = assignments;
  return null;
}

function applyCategories(draft: PlannerTaskRecord, value: unknown): GraphReply | null {
  if (!isJsonObject(value)) return plannerBadRequest('The appliedCategories value must be an object.');
  const categories = { ...categoriesOf(draft) };
  for (const [key, applied] of Object.entries(value)) {
    if (key.startsWith('@odata.')) continue;
    if (!CATEGORY.test(key))
      return plannerBadRequest(`The applied category '${key}' is not valid; use category1 to category25.`);
    if (applied === true) categories[key] = true;
    else if (applied === false) delete categories[key];
    else return plannerBadRequest(`The applied category '${key}' must be true or false.`);
  }
  draft.appliedCategories = categories;
  return null;
}
