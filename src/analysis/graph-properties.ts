/**
 * Which Graph property backs each field of the directory and task types. `null` marks a field with
 * no property of its own: relationships (read through another endpoint, which needs only the
 * parent's `id`) and annotations Graph always returns (`@odata.type`). Untyped by the generated
 * resolver types (they depend on the context): `checkGraphPropertyTables` holds the tables to
 * the schema at start-up instead, so a field added to the schema must be given an entry here.
 */
import { isObjectType, type GraphQLSchema } from 'graphql';

type FieldTable = { readonly [field: string]: string | null };

const user: FieldTable = {
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

const group: FieldTable = {
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

const otherDirectoryObject: FieldTable = {
  id: 'id',
  odataType: null,
  displayName: 'displayName',
};

// Planner and To Do: a relationship read by id needs the id property (`plan` → `planId`); a field
// derived from another property needs that one (`status` → `percentComplete`); `etag` is
// Graph's `@odata.etag`, which comes with every Planner and To Do entity unasked.
const plannerPlan: FieldTable = {
  id: 'id',
  title: 'title',
  createdDateTime: 'createdDateTime',
  createdBy: 'createdBy',
  group: 'container',
  buckets: null,
  tasks: null,
};

const plannerBucket: FieldTable = {
  id: 'id',
  name: 'name',
  plan: 'planId',
  tasks: null,
};

const plannerTask: FieldTable = {
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

const plannerTaskDetails: FieldTable = {
  id: 'id',
  etag: null,
  description: 'description',
  checklist: 'checklist',
};

const outlookTaskList: FieldTable = {
  id: 'id',
  displayName: 'displayName',
  isOwner: 'isOwner',
  isShared: 'isShared',
  wellknownListName: 'wellknownListName',
  tasks: null,
  tasksDelta: null,
};

const outlookTask: FieldTable = {
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
  const table = GRAPH_PROPERTY_TABLES[typeName];
  return Object.hasOwn(table, fieldName) ? table[fieldName] : null;
}

/** Every property of a type in table order (once, though several fields may share one): the canonical order of `$select` lists. */
export function propertyOrder(typeName: SelectableType): readonly string[] {
  const properties = Object.values(GRAPH_PROPERTY_TABLES[typeName]).filter(
    (property): property is string => property !== null,
  );
  return [...new Set(properties)];
}

/**
 * Throws unless every selectable type of `schema` has exactly one entry per field: a field without
 * one would never be fetched (`$select` would leave it out), an entry without a field is stale.
 */
export function checkGraphPropertyTables(schema: GraphQLSchema): void {
  const problems: string[] = [];
  for (const [typeName, table] of Object.entries(GRAPH_PROPERTY_TABLES)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) {
      problems.push(`type ${typeName} is not in the schema`);
      continue;
    }
    const fields = Object.keys(type.getFields());
    for (const field of fields) if (!Object.hasOwn(table, field)) problems.push(`${typeName}.${field} has no entry`);
    for (const field of Object.keys(table))
      if (!fields.includes(field)) problems.push(`${typeName}.${field} is no field of the schema`);
  }
  if (problems.length > 0) {
    throw new Error(
      `The Graph property tables (src/analysis/graph-properties.ts) do not match the schema: ${problems.join('; ')}.`,
    );
  }
}
