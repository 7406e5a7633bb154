/**
 * Which Graph property backs each field of the directory types. `null` marks a field with no
 * property of its own: relationships (read through another endpoint, which needs only the
 * parent's `id`) and annotations Graph always returns (`@odata.type`). Typed against the
 * generated schema types, so a field added to the schema must be given an entry here.
 */
import type {
  Group,
  OtherDirectoryObject,
  OutlookTask,
  OutlookTaskList,
  PlannerBucket,
  PlannerPlan,
  PlannerTask,
  PlannerTaskDetails,
  User,
} from '../__generated__/resolvers-types';

type FieldTable<T> = { readonly [K in Exclude<keyof T, '__typename'>]-?: string | null };

const user: FieldTable<User> = {
  id: 'id',
  displayName: 'displayName',
  givenName: 'givenName',
  surname: 'surname',
  mail: 'mail',
  userPrincipalName: 'userPrincipalName',
  jobTitle: 'jobTitle',
  department: 'department',
  officeLocation: 'officeLocation',
  mobilePhone: 'mobilePhone',
  businessPhones: 'businessPhones',
  accountEnabled: 'accountEnabled',
  manager: null,
  directReports: null,
  memberOf: null,
  transitiveMemberOf: null,
  plannerTasks: null,
  outlookTaskLists: null,
  outlookTasks: null,
};

const group: FieldTable<Group> = {
  id: 'id',
  displayName: 'displayName',
  description: 'description',
  mail: 'mail',
  mailNickname: 'mailNickname',
  mailEnabled: 'mailEnabled',
  securityEnabled: 'securityEnabled',
  groupTypes: 'groupTypes',
  visibility: 'visibility',
  createdDateTime: 'createdDateTime',
  members: null,
  owners: null,
  // Only groups whose `groupTypes` holds `Unified` own plans: the resolver reads no others.
  plannerPlans: 'groupTypes',
};

const otherDirectoryObject: FieldTable<OtherDirectoryObject> = {
  id: 'id',
  odataType: null,
  displayName: 'displayName',
};

// Planner and To Do: a relationship read by id needs the id property (`plan` → `planId`); a field
// derived from another property needs that one (`status` → `percentComplete`); `etag` is
// Graph's `@odata.etag`, which comes with every Planner and To Do entity unasked.
const plannerPlan: FieldTable<PlannerPlan> = {
  id: 'id',
  title: 'title',
  createdDateTime: 'createdDateTime',
  createdBy: 'createdBy',
  group: 'container',
  buckets: null,
  tasks: null,
};

const plannerBucket: FieldTable<PlannerBucket> = {
  id: 'id',
  name: 'name',
  plan: 'planId',
  tasks: null,
};

const plannerTask: FieldTable<PlannerTask> = {
  id: 'id',
  etag: null,
  title: 'title',
  percentComplete: 'percentComplete',
  status: 'percentComplete',
  priority: 'priority',
  startDateTime: 'startDateTime',
  dueDateTime: 'dueDateTime',
  completedDateTime: 'completedDateTime',
  createdDateTime: 'createdDateTime',
  appliedCategories: 'appliedCategories',
  plan: 'planId',
  bucket: 'bucketId',
  createdBy: 'createdBy',
  completedBy: 'completedBy',
  assignees: 'assignments',
  details: null,
};

const plannerTaskDetails: FieldTable<PlannerTaskDetails> = {
  id: 'id',
  etag: null,
  description: 'description',
  checklist: 'checklist',
};

const outlookTaskList: FieldTable<OutlookTaskList> = {
  id: 'id',
  displayName: 'displayName',
  isOwner: 'isOwner',
  isShared: 'isShared',
  wellknownListName: 'wellknownListName',
  tasks: null,
};

const outlookTask: FieldTable<OutlookTask> = {
  id: 'id',
  title: 'title',
  status: 'status',
  importance: 'importance',
  body: 'body',
  isReminderOn: 'isReminderOn',
  reminderDateTime: 'reminderDateTime',
  startDateTime: 'startDateTime',
  dueDateTime: 'dueDateTime',
  completedDateTime: 'completedDateTime',
  createdDateTime: 'createdDateTime',
  lastModifiedDateTime: 'lastModifiedDateTime',
  categories: 'categories',
  list: null,
};

/** The GraphQL object types whose fields are read from Graph with `$select`. */
export const GRAPH_PROPERTY_TABLES = {
  User: user,
  Group: group,
  OtherDirectoryObject: otherDirectoryObject,
  PlannerPlan: plannerPlan,
  PlannerBucket: plannerBucket,
  PlannerTask: plannerTask,
  PlannerTaskDetails: plannerTaskDetails,
  OutlookTaskList: outlookTaskList,
  OutlookTask: outlookTask,
} as const;

export type SelectableType = keyof typeof GRAPH_PROPERTY_TABLES;

export function isSelectableType(typeName: string): typeName is SelectableType {
  return Object.hasOwn(GRAPH_PROPERTY_TABLES, typeName);
}

/** The Graph property behind `typeName.fieldName`, or null when the field has none. */
export function graphPropertyOf(typeName: SelectableType, fieldName: string): string | null {
  const table: Readonly<Record<string, string | null>> = GRAPH_PROPERTY_TABLES[typeName];
  return Object.hasOwn(table, fieldName) ? table[fieldName] : null;
}

/** Every property of a type in table order (once, though several fields may share one): the canonical order of `$select` lists. */
export function propertyOrder(typeName: SelectableType): readonly string[] {
  const properties = Object.values(GRAPH_PROPERTY_TABLES[typeName]).filter((property): property is string => property !== null);
  return [...new Set(properties)];
}
