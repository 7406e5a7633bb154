/**
 * `CreatePlannerTaskInput` / `UpdatePlannerTaskInput` → the body Planner expects, with every
 * check that needs no Graph call made here first, so a person gets a clear BAD_USER_INPUT
 * instead of Planner's terse 400 (and no request is spent on it).
 */
import type { CreatePlannerTaskInput, UpdatePlannerTaskInput } from '../../__generated__/resolvers-types';
import type { NewPlannerTask, PlannerAssignmentWrite, PlannerTaskChanges } from '../../graph/client';
import { badUserInput } from '../../errors';

const CATEGORY = /^category([1-9]|1[0-9]|2[0-5])$/;
const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_TITLE_LENGTH = 255;

/** " !" asks Planner to place the assignee itself (graph-api.md §7). */
const NEW_ASSIGNMENT: PlannerAssignmentWrite = { '@odata.type': '#microsoft.graph.plannerAssignment', orderHint: ' !' };

function checkTitle(title: string): string {
  if (title.trim() === '' || title.length > MAX_TITLE_LENGTH) {
    throw badUserInput(`title must be 1 to ${MAX_TITLE_LENGTH} characters long (got ${title.length}).`, {
      argument: 'title',
    });
  }
  return title;
}

function checkWhole(name: string, value: number, low: number, high: number, meaning: string): number {
  if (!Number.isInteger(value) || value < low || value > high) {
    throw badUserInput(`${name} must be a whole number from ${low} to ${high} (${meaning}); got ${value}.`, {
      argument: name,
    });
  }
  return value;
}

const checkPercent = (value: number) => checkWhole('percentComplete', value, 0, 100, '100 means completed');
const checkPriority = (value: number) => checkWhole('priority', value, 0, 10, '0 is the most urgent');

function checkDates(start: string | null | undefined, due: string | null | undefined): void {
  if (start && due && Date.parse(start) > Date.parse(due)) {
    throw badUserInput(`startDateTime (${start}) must not be later than dueDateTime (${due}).`, {
      argument: 'startDateTime',
    });
  }
}

function checkCategories(name: string, categories: readonly string[]): readonly string[] {
  const wrong = categories.filter((category) => !CATEGORY.test(category));
  if (wrong.length > 0) {
    throw badUserInput(`${name} takes the plan's labels category1 to category25; '${wrong[0]}' is not one of them.`, {
      argument: name,
    });
  }
  return categories;
}

function checkUserIds(name: string, ids: readonly string[]): readonly string[] {
  const wrong = ids.find((id) => !OBJECT_ID.test(id));
  if (wrong !== undefined) {
    throw badUserInput(
      `${name} takes users' object ids (GUIDs), as Planner keys assignments by them; '${wrong}' is not one.`,
      { argument: name },
    );
  }
  return ids;
}

/** A field that exists but cannot be cleared: null is refused rather than silently ignored. */
function notNull<T>(name: string, value: T | null | undefined, keeps: string): T | undefined {
  if (value === null) throw badUserInput(`${name} cannot be null; leave it out to keep ${keeps}.`, { argument: name });
  return value;
}

export function newPlannerTaskBody(input: CreatePlannerTaskInput): NewPlannerTask {
  const body: NewPlannerTask = { planId: input.planId, title: checkTitle(input.title) };
  if (input.bucketId != null) body.bucketId = input.bucketId;
  if (input.percentComplete != null) body.percentComplete = checkPercent(input.percentComplete);
  if (input.priority != null) body.priority = checkPriority(input.priority);
  if (input.startDateTime != null) body.startDateTime = input.startDateTime;
  if (input.dueDateTime != null) body.dueDateTime = input.dueDateTime;
  checkDates(input.startDateTime, input.dueDateTime);
  if (input.assigneeIds?.length) {
    body.assignments = Object.fromEntries(
      checkUserIds('assigneeIds', input.assigneeIds).map((id) => [id, NEW_ASSIGNMENT]),
    );
  }
  if (input.appliedCategories?.length) {
    body.appliedCategories = Object.fromEntries(
      checkCategories('appliedCategories', input.appliedCategories).map((category) => [category, true]),
    );
  }
  return body;
}

export function plannerTaskChangesBody(input: UpdatePlannerTaskInput): PlannerTaskChanges {
  const changes: PlannerTaskChanges = {};
  const title = notNull('title', input.title, 'the current title');
  if (title !== undefined) changes.title = checkTitle(title);
  if (input.bucketId !== undefined) changes.bucketId = input.bucketId;
  const percent = notNull('percentComplete', input.percentComplete, 'the current progress');
  if (percent !== undefined) changes.percentComplete = checkPercent(percent);
  const priority = notNull('priority', input.priority, 'the current priority');
  if (priority !== undefined) changes.priority = checkPriority(priority);
  if (input.startDateTime !== undefined) changes.startDateTime = input.startDateTime;
  if (input.dueDateTime !== undefined) changes.dueDateTime = input.dueDateTime;
  checkDates(input.startDateTime, input.dueDateTime);

  const assign = checkUserIds('assignUserIds', input.assignUserIds ?? []);
  const unassign = checkUserIds('unassignUserIds', input.unassignUserIds ?? []);
  const both = assign.find((id) => unassign.includes(id));
  if (both !== undefined)
    throw badUserInput(`User '${both}' is in both assignUserIds and unassignUserIds.`, { argument: 'assignUserIds' });
  if (assign.length + unassign.length > 0) {
    changes.assignments = Object.fromEntries([
      ...assign.map((id) => [id, NEW_ASSIGNMENT] as const),
      ...unassign.map((id) => [id, null] as const),
    ]);
  }

  const apply = checkCategories('applyCategories', input.applyCategories ?? []);
  const remove = checkCategories('removeCategories', input.removeCategories ?? []);
  const contradicting = apply.find((category) => remove.includes(category));
  if (contradicting !== undefined) {
    throw badUserInput(`'${contradicting}' is in both applyCategories and removeCategories.`, {
      argument: 'applyCategories',
    });
  }
  if (apply.length + remove.length > 0) {
    changes.appliedCategories = Object.fromEntries([
      ...apply.map((c) => [c, true] as const),
      ...remove.map((c) => [c, false] as const),
    ]);
  }

  if (Object.keys(changes).length === 0) {
    throw badUserInput('updatePlannerTask needs at least one change besides id and etag.', { argument: 'input' });
  }
  return changes;
}
