/**
 * Planner plans, buckets, tasks and details, and To Do lists and tasks, for a generated directory.
 *
 * Planner data is built eagerly (it is per Microsoft 365 group, a fraction of the users). To Do
 * data is per user and built on first access by `ensureTodoData`, from a random stream derived
 * from the tenant seed and the user id alone, so it is the same whatever order users are read
 * in and a 10,000-user tenant pays nothing for mailboxes nobody opens.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type {
  PlannerBucketRecord,
  PlannerPlanRecord,
  PlannerTaskDetailsRecord,
  PlannerTaskRecord,
  Tenant,
  TodoTaskListRecord,
  TodoTaskRecord,
} from './model';
import { SeededRandom } from './random';
import { plannerEtag } from '../graph/tasks/planner/etag';
import { generatedOrderHint } from '../graph/tasks/planner/order-hint';
import {
  type StoredAssignments,
  type StoredCategories,
  type StoredChecklist,
  detailsCounters,
  userIdentity,
} from '../graph/tasks/planner/open-types';
import { mailboxChangeKeyPrefix, todoEtag, todoListId, todoTaskId } from '../graph/tasks/todo/ids';
import { GENERATED_NOW_MS, dateTimeOffset, dateTimeOffsetSeconds, daysFrom, wallClockUtc } from '../graph/tasks/time';

export function addTaskData(tenant: Tenant, random: SeededRandom): void {
  const defaultUserId = tenant.users.keys().next().value;
  for (const group of tenant.groups.values()) {
    if (!group.groupTypes?.includes('Unified')) continue;
    const members = (tenant.membersOf.get(group.id) ?? []).filter((id) => tenant.users.has(id));
    const owners = (tenant.ownersOf.get(group.id) ?? []).filter((id) => tenant.users.has(id));
    const people = members.length > 0 ? members : owners;
    if (people.length === 0) continue;
    const planCount = random.int(1, 3);
    for (let i = 0; i < planCount; i++) addPlan(tenant, random, group.id, people, defaultUserId);
  }
  // The default signed-in user's mailbox is built now, so the tenant shows it from the start.
  if (defaultUserId !== undefined) ensureTodoData(tenant, defaultUserId);
}

// ---------------------------------------------------------------------------------- Planner

const PLAN_TITLES = [
  'Product launch',
  'Quarterly planning',
  'Website refresh',
  'Customer onboarding',
  'Office move',
  'Security review',
  'Hiring pipeline',
  'Marketing campaign',
  'Budget 2026',
  'Team offsite',
  'Mobile app release',
  'Partner program',
  'Compliance audit',
  'Data migration',
  'Support backlog',
];
const BUCKET_NAMES = ['To do', 'In progress', 'Review', 'Done', 'Backlog', 'Blocked', 'Ideas'];
const TASK_TITLES = [
  'Draft the project brief',
  'Book the meeting room',
  'Review the contract',
  'Update the roadmap',
  'Prepare the demo',
  'Collect feedback from pilot users',
  'Write release notes',
  'Fix the login issue',
  'Plan the kickoff meeting',
  'Order new laptops',
  'Translate the landing page',
  'Clean up the backlog',
  'Check accessibility',
  'Create the budget sheet',
  'Send the invitations',
  'Interview candidates',
  'Run the load test',
  'Archive old documents',
  'Sign off the design',
  'Schedule training sessions',
];
const CHECKLIST_TITLES = [
  'Ask legal',
  'Share the draft',
  'Get approval',
  'Update the wiki',
  'Notify the team',
  'Test on mobile',
];
const DESCRIPTIONS = [
  'See the notes from the last sync.',
  'Coordinate with the finance team before Friday.',
  'The customer asked for this in the last review.',
  'Keep it short; one page is enough.',
];
const PRIORITIES = [1, 3, 5, 9] as const;
/**
 * The app generated plans were made in: a plan's createdBy names the application as well as the
 * user (plannerplan-get.md). Planner's own app (ProjectWorkManagement) is what people use.
 */
const PLANNER_APP: Graph.Identity = { displayName: null, id: '09abbdfd-ed23-44ee-a2d9-a627aa1c90f3' };
const PERCENTS = [0, 0, 50, 100] as const;
const CATEGORY_KEYS = ['category1', 'category2', 'category3', 'category4', 'category5', 'category6'];
const PREVIEW_TYPES: Graph.PlannerPreviewType[] = ['automatic', 'noPreview', 'checklist', 'description'];

function etagVersion(random: SeededRandom): number {
  return random.int(0x100000, 0xfffffff);
}

function addPlan(
  tenant: Tenant,
  random: SeededRandom,
  groupId: string,
  people: readonly string[],
  defaultUserId: string | undefined,
): void {
  const createdMs = daysFrom(GENERATED_NOW_MS, -random.int(30, 240)) + workingHours(random);
  const plan: PlannerPlanRecord = {
    id: random.plannerId(),
    groupId,
    etag: plannerEtag('Plan', etagVersion(random)),
    createdBy: { application: PLANNER_APP, ...userIdentity(random.pick(people)) },
    createdDateTime: dateTimeOffset(createdMs, random.int(0, 9999)),
    owner: groupId,
    title: random.pick(PLAN_TITLES),
    container: { containerId: groupId, type: 'group' },
  };
  tenant.plans.set(plan.id, plan);

  const buckets: PlannerBucketRecord[] = [];
  const bucketCount = random.int(2, 4);
  for (let i = 0; i < bucketCount; i++) {
    const bucket: PlannerBucketRecord = {
      id: random.plannerId(),
      planId: plan.id,
      etag: plannerEtag('Bucket', etagVersion(random)),
      name: BUCKET_NAMES[i % BUCKET_NAMES.length] as string,
      orderHint: generatedOrderHint(i, random),
    };
    buckets.push(bucket);
    tenant.buckets.set(bucket.id, bucket);
  }

  const defaultUserIsMember = defaultUserId !== undefined && people.includes(defaultUserId);
  const taskCount = random.int(3, 9);
  for (let i = 0; i < taskCount; i++) {
    // The default signed-in user gets the first two tasks of every plan of their groups.
    const mustAssign = defaultUserIsMember && i < 2 ? defaultUserId : undefined;
    addPlannerTask(tenant, random, plan, random.pick(buckets), people, createdMs, i, mustAssign);
  }
}

function addPlannerTask(
  tenant: Tenant,
  random: SeededRandom,
  plan: PlannerPlanRecord,
  bucket: PlannerBucketRecord,
  people: readonly string[],
  planCreatedMs: number,
  index: number,
  mustAssign: string | undefined,
): void {
  const id = random.plannerId();
  const createdMs = daysFrom(planCreatedMs, random.int(1, 25)) + workingHours(random);
  const creator = random.pick(people);
  const assignees = random.sample(people, random.int(0, 3));
  if (mustAssign !== undefined && !assignees.includes(mustAssign)) assignees.unshift(mustAssign);

  const assignments: StoredAssignments = {};
  assignees.forEach((userId, i) => {
    assignments[userId] = {
      '@odata.type': '#microsoft.graph.plannerAssignment',
      assignedBy: userIdentity(creator),
      assignedDateTime: dateTimeOffset(createdMs + random.int(1_000, 600_000), random.int(0, 9999)),
      orderHint: generatedOrderHint(i, random),
    };
  });
  const appliedCategories: StoredCategories = {};
  for (const key of random.sample(CATEGORY_KEYS, random.int(0, 2))) appliedCategories[key] = true;

  const percentComplete = random.pick(PERCENTS);
  const startMs = random.bool(0.4) ? daysFrom(GENERATED_NOW_MS, random.int(-20, 5)) : null;
  const dueMs = random.bool(0.7) ? daysFrom(startMs ?? GENERATED_NOW_MS, random.int(1, 40)) : null;
  const completer = percentComplete === 100 ? (assignees[0] ?? creator) : null;

  const details = generateDetails(random, id, people);
  const task: PlannerTaskRecord = {
    id,
    planId: plan.id,
    etag: plannerEtag('Task', etagVersion(random)),
    bucketId: bucket.id,
    title: random.pick(TASK_TITLES),
    orderHint: generatedOrderHint(index, random),
    assigneePriority: '',
    percentComplete,
    startDateTime: startMs === null ? null : dateTimeOffsetSeconds(atTenOClock(startMs)),
    createdDateTime: dateTimeOffset(createdMs, random.int(0, 9999)),
    dueDateTime: dueMs === null ? null : dateTimeOffsetSeconds(atTenOClock(dueMs)),
    previewType: details.previewType ?? 'automatic',
    completedDateTime: completer
      ? dateTimeOffset(daysFrom(GENERATED_NOW_MS, -random.int(1, 10)) + workingHours(random), random.int(0, 9999))
      : null,
    completedBy: completer ? userIdentity(completer) : null,
    ...detailsCounters(details),
    conversationThreadId: null,
    priority: random.pick(PRIORITIES),
    createdBy: userIdentity(creator),
    appliedCategories,
    assignments,
  };
  tenant.tasks.set(id, task);
  tenant.taskDetails.set(id, details);
}

/** An offset into a working day that starts at the generated "now" hour (09:00 UTC). */
function workingHours(random: SeededRandom): number {
  return random.int(0, 8 * 3_600_000 - 1);
}

function atTenOClock(ms: number): number {
  const day = new Date(ms);
  return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 10, 0, 0);
}

function generateDetails(random: SeededRandom, taskId: string, people: readonly string[]): PlannerTaskDetailsRecord {
  const checklist: StoredChecklist = {};
  const itemCount = random.bool(0.5) ? random.int(1, 4) : 0;
  random.sample(CHECKLIST_TITLES, itemCount).forEach((title, i) => {
    checklist[random.guid()] = {
      '@odata.type': '#microsoft.graph.plannerChecklistItem',
      isChecked: random.bool(0.4),
      title,
      orderHint: generatedOrderHint(i, random),
      lastModifiedDateTime: dateTimeOffset(
        daysFrom(GENERATED_NOW_MS, -random.int(1, 20)) + workingHours(random),
        random.int(0, 9999),
      ),
      lastModifiedBy: userIdentity(random.pick(people)),
    };
  });
  const description = random.bool(0.6) ? random.pick(DESCRIPTIONS) : '';
  return {
    id: taskId,
    etag: plannerEtag('TaskDetails', etagVersion(random)),
    description,
    previewType: random.pick(PREVIEW_TYPES),
    references: {},
    checklist,
  };
}

// ------------------------------------------------------------------------------------ To Do

const USER_LIST_NAMES = [
  'Groceries',
  'Reading list',
  'Travel',
  'Home',
  'Ideas',
  'Errands',
  'Q1 goals',
  'Project Phoenix',
];
const TODO_TITLES = [
  'Call the bank',
  'Renew passport',
  'Buy milk',
  'Reply to Anna',
  'Book dentist appointment',
  'Read the quarterly report',
  'Pay the electricity bill',
  'Plan the weekend trip',
  'Water the plants',
  'Submit expense report',
  'Prepare slides for Monday',
  'Pick up dry cleaning',
  'Back up the laptop',
  'Order birthday present',
  'Review pull request',
  'Update CV',
];
const FLAGGED_TITLES = ['Re: Budget approval', 'Invoice 4471', 'Fwd: Conference agenda', 'Contract draft v3'];
const OUTLOOK_CATEGORIES = [
  'Red category',
  'Blue category',
  'Green category',
  'Orange category',
  'Purple category',
  'Yellow category',
];
const STATUSES: Graph.TaskStatus[] = [
  'notStarted',
  'notStarted',
  'inProgress',
  'completed',
  'waitingOnOthers',
  'deferred',
];
const EVERY_STATUS: Graph.TaskStatus[] = ['notStarted', 'inProgress', 'completed', 'waitingOnOthers', 'deferred'];
const IMPORTANCES: Graph.Importance[] = ['low', 'normal', 'normal', 'high'];

/** A 32-bit seed from the tenant seed and a user id (FNV-1a), independent of generation order. */
function mailboxSeed(tenantSeed: number, userId: string): number {
  let hash = (0x811c9dc5 ^ tenantSeed) >>> 0;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The user's To Do lists, generating the mailbox on first access. */
export function ensureTodoData(tenant: Tenant, userId: string): TodoTaskListRecord[] {
  const existing = tenant.todoListsOf.get(userId);
  if (existing) return existing;
  const random = new SeededRandom(mailboxSeed(tenant.seed, userId));
  const mailbox = new MailboxWriter(tenant, random, userId);
  const isDefaultUser = tenant.users.keys().next().value === userId;

  const tasksList = mailbox.addList('Tasks', 'defaultList');
  if (isDefaultUser) {
    for (const status of EVERY_STATUS) mailbox.addTask(tasksList, random.pick(TODO_TITLES), status);
  }
  for (let i = random.int(isDefaultUser ? 1 : 2, 6); i > 0; i--) mailbox.addTask(tasksList, random.pick(TODO_TITLES));

  if (random.bool(0.4)) {
    const flagged = mailbox.addList('Flagged emails', 'flaggedEmails');
    for (let i = random.int(0, 3); i > 0; i--) mailbox.addTask(flagged, random.pick(FLAGGED_TITLES));
  }
  for (const name of random.sample(USER_LIST_NAMES, random.int(0, 2))) {
    const list = mailbox.addList(name, 'none');
    for (let i = random.int(1, 5); i > 0; i--) mailbox.addTask(list, random.pick(TODO_TITLES));
  }
  return mailbox.lists;
}

class MailboxWriter {
  readonly lists: TodoTaskListRecord[] = [];
  private readonly changeKeyPrefix: Buffer;
  private changeCounter: number;

  constructor(
    private readonly tenant: Tenant,
    private readonly random: SeededRandom,
    private readonly ownerId: string,
  ) {
    this.changeKeyPrefix = mailboxChangeKeyPrefix(random);
    this.changeCounter = random.int(0x100000, 0xffffff);
    tenant.todoListsOf.set(ownerId, this.lists);
  }

  private nextEtag(): string {
    this.changeCounter += this.random.int(1, 40);
    return todoEtag(this.changeKeyPrefix, this.changeCounter);
  }

  addList(displayName: string, wellknownListName: Graph.WellknownListName): TodoTaskListRecord {
    const list: TodoTaskListRecord = {
      id: todoListId(this.random),
      ownerId: this.ownerId,
      etag: this.nextEtag(),
      displayName,
      isOwner: true,
      isShared: false,
      wellknownListName,
    };
    this.lists.push(list);
    this.tenant.todoTasksOf.set(list.id, []);
    return list;
  }

  addTask(list: TodoTaskListRecord, title: string, status: Graph.TaskStatus = this.random.pick(STATUSES)): void {
    const random = this.random;
    const createdMs = daysFrom(GENERATED_NOW_MS, -random.int(1, 90)) + workingHours(random);
    const modifiedMs = Math.min(daysFrom(createdMs, random.int(0, 30)) + workingHours(random), GENERATED_NOW_MS);
    const created = dateTimeOffset(createdMs, random.int(0, 9999));
    const dueMs = random.bool(0.6) ? midnight(daysFrom(GENERATED_NOW_MS, random.int(-10, 30))) : null;
    const startMs = dueMs !== null && random.bool(0.3) ? daysFrom(dueMs, -random.int(1, 7)) : null;
    const isReminderOn = random.bool(0.3);
    const body = random.bool(0.4) ? random.pick(DESCRIPTIONS) : '';
    const task: TodoTaskRecord = {
      id: todoTaskId(random),
      listId: list.id,
      etag: this.nextEtag(),
      importance: random.pick(IMPORTANCES),
      isReminderOn,
      status,
      title,
      createdDateTime: created,
      lastModifiedDateTime: dateTimeOffset(modifiedMs, random.int(0, 9999)),
      bodyLastModifiedDateTime: created,
      hasAttachments: false,
      categories: random.bool(0.3) ? random.sample(OUTLOOK_CATEGORIES, random.int(1, 2)) : [],
      body: { content: body, contentType: 'text' },
      dueDateTime: dueMs === null ? null : utcDateTimeTimeZone(dueMs),
      startDateTime: startMs === null ? null : utcDateTimeTimeZone(startMs),
      completedDateTime: status === 'completed' ? utcDateTimeTimeZone(midnight(modifiedMs)) : null,
      reminderDateTime: isReminderOn
        ? utcDateTimeTimeZone(daysFrom(midnight(dueMs ?? GENERATED_NOW_MS), -0.625))
        : null,
    };
    this.tenant.todoTasksOf.get(list.id)?.push(task);
  }
}

function midnight(ms: number): number {
  const day = new Date(ms);
  return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
}

function utcDateTimeTimeZone(ms: number): Graph.DateTimeTimeZone {
  return { dateTime: wallClockUtc(ms), timeZone: 'UTC' };
}
