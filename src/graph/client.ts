/**
 * The typed face of Microsoft Graph that resolvers see (through the per-request context).
 * It knows nothing of GraphQL. Every read is deferred into the current wave of the
 * per-request wave queue, so resolvers may call these methods freely: reads issued in the same
 * tick share `$batch` requests, and the same read is never sent twice in one operation.
 *
 * `select` lists Graph property names for `$select`. Callers pass the same list for every
 * read of one entity type within an operation, which is what lets list results prime the
 * by-id reads (a member listed by `/groups/{id}/members` is not fetched again by `getUser`).
 *
 * Writes (Planner and To Do tasks) are sent alone, in call order, never batched; after a
 * successful write the operation's reads start from fresh caches, so they see the change.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';

export type GraphUser = Graph.User & { id: string };
export type GraphGroup = Graph.Group & { id: string };
/** A member or owner of a group: `@odata.type` says which kind (`#microsoft.graph.user`, ...). */
export type GraphDirectoryObject = Graph.DirectoryObject & { id: string; '@odata.type': string } & Record<
    string,
    unknown
  >;

/** Forward paging over a Graph collection. */
export interface PageRequest {
  /** How many items the caller wants (1..999); more than one Graph page follows `@odata.nextLink`. */
  first: number;
  /**
   * A cursor from a previous `Page` of the same list, for the same caller (sealed: see
   * `graph/paging`); the read continues after that position. Any other value is refused with a
   * `GraphInputError` on `after` before Graph is called.
   */
  after?: string | null;
}

export interface Page<T> {
  items: T[];
  /** Graph has more items after this page. */
  hasNextPage: boolean;
  /** Cursor for the items after this page, or null when Graph has no more (sealed when first read). */
  readonly endCursor: string | null;
  /** Cursor for the items after `items[index]` (a connection edge's cursor). */
  cursorAfter(index: number): string;
  /** `@odata.count`, present only when `count: true` was asked for. */
  totalCount?: number;
}

/** One call of a delta feed (see `graph/delta`). */
export interface DeltaRequest {
  /**
   * null for the first call of an initial sync; `latest` to start from now (`$deltatoken=latest`);
   * else a `nextToken` of a previous page of the same feed, for the same caller. Any other value
   * is refused with a `GraphInputError` on `token` before Graph is called.
   */
  token: string | null;
  /** `$select` of the changed entities (sent where the feed takes it). */
  select: readonly string[];
  /**
   * Only these objects (directory feeds: `$filter=id eq '…' or …`, at most 50), sent with the
   * round's first call; Graph keeps the filter in its tokens, which are bound to these ids.
   */
  ids?: readonly string[];
}

/** One Graph page of a delta round. */
export interface DeltaPage<T> {
  /** Entities created or changed (as Graph returned them: `id` plus at least the tracked properties). */
  changed: T[];
  /** Ids Graph reported `@removed` (deleted, or no longer in the feed). */
  removedIds: string[];
  /** Token for the next call: the rest of this round when `hasMore`, else the changes made from now. */
  nextToken: string;
  /** Graph answered with an `@odata.nextLink`: the round has more pages. */
  hasMore: boolean;
}

/** Planner and To Do resources carry their version in `@odata.etag`. */
type Versioned = { '@odata.etag'?: string };
export type GraphPlannerPlan = Graph.PlannerPlan & Versioned & { id: string };
export type GraphPlannerBucket = Graph.PlannerBucket & Versioned & { id: string };
/** `assignments` keys are user ids; `appliedCategories` keys are `category1`..`category25`. */
export type GraphPlannerTask = Graph.PlannerTask & Versioned & { id: string };
export type GraphPlannerTaskDetails = Graph.PlannerTaskDetails & Versioned & { id: string };
export type GraphTodoTaskList = Graph.TodoTaskList & Versioned & { id: string };
/** `dueDateTime`, `completedDateTime`... are `{dateTime, timeZone}` pairs (see `graph/todo-date-time`). */
export type GraphTodoTask = Graph.TodoTask & Versioned & { id: string };

/** A change-notification subscription to create (`POST /subscriptions`). */
export interface NewGraphSubscription {
  /** Relative to the version root, e.g. `/me/todo/lists/{id}/tasks`. */
  resource: string;
  /** Comma-separated `created`, `updated`, `deleted`. */
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string;
  expirationDateTime: string;
  clientState: string;
}

export interface GraphSubscription {
  id: string;
  /** When Graph will delete it unless renewed (ISO 8601, UTC). */
  expirationDateTime: string;
}

/** Names the signed-in user where a user id is expected, before the id is known (reads `/me/...`). */
export const SIGNED_IN_USER: unique symbol = Symbol('the signed-in user');

/**
 * A user whose relationships, Planner tasks or To Do a call reaches: a user id, or
 * `SIGNED_IN_USER` (`/me/...`, delegated tokens only). A user id that is the signed-in user's
 * (once `/me` was read in this operation) also goes to `/me/...` and shares its answers.
 */
export type UserRef = string | typeof SIGNED_IN_USER;

/** The properties a Planner task write may carry (read-only ones are left out). */
export type PlannerTaskChanges = Pick<
  Graph.PlannerTask,
  'title' | 'bucketId' | 'percentComplete' | 'priority' | 'startDateTime' | 'dueDateTime' | 'orderHint'
> & {
  /** Open type: a user id → an assignment (`@odata.type` + `orderHint`), or null to unassign. */
  assignments?: Record<string, PlannerAssignmentWrite | null>;
  /** Open type: `category1`..`category25` → true to apply, false to remove. */
  appliedCategories?: Record<string, boolean>;
};

export interface PlannerAssignmentWrite {
  '@odata.type': '#microsoft.graph.plannerAssignment';
  orderHint: string;
}

export type NewPlannerTask = PlannerTaskChanges & { planId: string; title: string };

/** The properties a To Do task write may carry. */
export type TodoTaskChanges = Pick<
  Graph.TodoTask,
  | 'title'
  | 'status'
  | 'importance'
  | 'isReminderOn'
  | 'categories'
  | 'body'
  | 'dueDateTime'
  | 'startDateTime'
  | 'completedDateTime'
  | 'reminderDateTime'
>;

export interface ListOptions {
  select: readonly string[];
  page: PageRequest;
  /** A complete OData `$filter` expression, built with the escaping helpers of `graph/odata`. */
  filter?: string;
  /** A complete `$search` expression, e.g. `"displayName:ada"` (built with `graph/odata`). */
  search?: string;
  /** Ask Graph for `@odata.count` (sends `$count=true` with `ConsistencyLevel: eventual`). */
  count?: boolean;
}

/**
 * A directory relationship read (`memberOf`, `members`...): Graph counts these too, so `count`
 * asks for `@odata.count` as on `/users`. A counted read also answers an uncounted read of the
 * same page in the operation (the items are the same), so selecting both costs one read.
 */
export type DirectoryRelationOptions = Pick<ListOptions, 'select' | 'page' | 'count'>;

export interface GraphRequestStats {
  /** HTTP requests sent to Graph (a `$batch` POST counts once). */
  httpRequests: number;
  batchRequests: number;
  /** Steps inside `$batch` requests. */
  subRequests: number;
  /** Reads re-sent after 429/503/504. */
  retries: number;
  /** Waves the queue handed to the batch sender: reads that could go out together went out in one wave. */
  waves: number;
  /**
   * HTTP exchanges awaited one after another: the depth of the longest chain of requests each
   * sent after the previous was answered. A wave sent at once is one; a wave split into turns
   * by the concurrency limit is two; a retry round adds one.
   */
  roundTrips: number;
  /** Resource units Graph charged (`x-ms-resource-unit` of answers and `$batch` steps, retries included). */
  resourceUnits: number;
}

export interface GraphClient {
  /** `GET /me`: the signed-in user (delegated tokens only). */
  getMe(select: readonly string[]): Promise<GraphUser>;
  /**
   * `GET /users/{id | userPrincipalName}`; null when Graph answers 404 (or, merged with other
   * by-key reads of its wave into `/users?$filter=id in (...)`, does not list the user).
   */
  getUser(idOrUpn: string, select: readonly string[]): Promise<GraphUser | null>;
  /** `GET /users` */
  listUsers(options: ListOptions): Promise<Page<GraphUser>>;
  /** `GET /users/{id}/manager`; null when the user has no manager (Graph answers 404). */
  getManager(user: UserRef, select: readonly string[]): Promise<GraphUser | null>;
  /** `GET /users/{id}/directReports/microsoft.graph.user` */
  listDirectReports(user: UserRef, options: DirectoryRelationOptions): Promise<Page<GraphUser>>;
  /** `GET /users/{id}/memberOf/microsoft.graph.group` (groups only). */
  listMemberOf(user: UserRef, options: DirectoryRelationOptions): Promise<Page<GraphGroup>>;
  /** `GET /users/{id}/transitiveMemberOf/microsoft.graph.group` (groups only). */
  listTransitiveMemberOf(user: UserRef, options: DirectoryRelationOptions): Promise<Page<GraphGroup>>;
  /** `GET /groups/{id}` (or a share of `/groups?$filter=id in (...)`); null when Graph has no such group. */
  getGroup(id: string, select: readonly string[]): Promise<GraphGroup | null>;
  /** `GET /groups` */
  listGroups(options: ListOptions): Promise<Page<GraphGroup>>;
  /** `GET /groups/{id}/members`: users, groups and other directory objects. */
  listGroupMembers(groupId: string, options: DirectoryRelationOptions): Promise<Page<GraphDirectoryObject>>;
  /** `GET /groups/{id}/owners` */
  listGroupOwners(groupId: string, options: DirectoryRelationOptions): Promise<Page<GraphDirectoryObject>>;

  /** `GET /users/delta`: a page of a delta round over every user, tracking the selected properties. */
  usersDelta(request: DeltaRequest): Promise<DeltaPage<GraphUser>>;
  /**
   * `GET /groups/delta` with `members` selected too, so a membership change reports the group:
   * a page of a delta round over every group.
   */
  groupsDelta(request: DeltaRequest): Promise<DeltaPage<GraphGroup>>;

  /** `GET /planner/plans/{id}`; null when Graph answers 404. */
  getPlannerPlan(id: string, select: readonly string[]): Promise<GraphPlannerPlan | null>;
  /** `GET /planner/buckets/{id}`; null when Graph answers 404. */
  getPlannerBucket(id: string, select: readonly string[]): Promise<GraphPlannerBucket | null>;
  /** `GET /planner/tasks/{id}`; null when Graph answers 404 (also a deleted task). */
  getPlannerTask(id: string, select: readonly string[]): Promise<GraphPlannerTask | null>;
  /** `GET /planner/tasks/{id}/details`; null when Graph answers 404. */
  getPlannerTaskDetails(taskId: string, select: readonly string[]): Promise<GraphPlannerTaskDetails | null>;
  /** `GET /groups/{id}/planner/plans`: every plan of the group (Planner ignores `$top`). */
  listGroupPlannerPlans(groupId: string, select: readonly string[]): Promise<GraphPlannerPlan[]>;
  /** `GET /planner/plans/{id}/buckets`: every bucket of the plan. */
  listPlannerBuckets(planId: string, select: readonly string[]): Promise<GraphPlannerBucket[]>;
  /** `GET /planner/plans/{id}/tasks`; the tasks prime `getPlannerTask`. */
  listPlannerPlanTasks(planId: string, options: Pick<ListOptions, 'select' | 'page'>): Promise<Page<GraphPlannerTask>>;
  /** `GET /planner/buckets/{id}/tasks`; the tasks prime `getPlannerTask`. */
  listPlannerBucketTasks(
    bucketId: string,
    options: Pick<ListOptions, 'select' | 'page'>,
  ): Promise<Page<GraphPlannerTask>>;
  /** `GET /me/planner/tasks` or `/users/{id}/planner/tasks`: tasks assigned to the user. */
  listUserPlannerTasks(owner: UserRef, options: Pick<ListOptions, 'select' | 'page'>): Promise<Page<GraphPlannerTask>>;
  /** `POST /planner/tasks`: the created task as Graph returned it. */
  createPlannerTask(task: NewPlannerTask): Promise<GraphPlannerTask>;
  /**
   * `PATCH /planner/tasks/{id}` with `If-Match: etag` and `Prefer: return=representation`: the
   * updated task. A stale etag (409/412) throws a `PlannerConflictError` carrying the current etag.
   */
  updatePlannerTask(id: string, etag: string, changes: PlannerTaskChanges): Promise<GraphPlannerTask>;
  /** `DELETE /planner/tasks/{id}` with `If-Match: etag` (a stale etag as for updates). */
  deletePlannerTask(id: string, etag: string): Promise<void>;

  /** `GET /me/todo/lists` or `/users/{id}/todo/lists`: every list of the user. */
  listTodoTaskLists(owner: UserRef, select: readonly string[]): Promise<GraphTodoTaskList[]>;
  /** `GET .../todo/lists/{listId}`; null when Graph answers 404. */
  getTodoTaskList(owner: UserRef, listId: string, select: readonly string[]): Promise<GraphTodoTaskList | null>;
  /** `GET .../todo/lists/{listId}/tasks`, with `status` sent as `$filter=status eq '...'`. */
  listTodoTasks(
    owner: UserRef,
    listId: string,
    options: Pick<ListOptions, 'select' | 'page'> & { status?: Graph.TaskStatus },
  ): Promise<Page<GraphTodoTask>>;
  /** `GET .../todo/lists/{listId}/tasks/{taskId}`; null when Graph answers 404. */
  getTodoTask(owner: UserRef, listId: string, taskId: string, select: readonly string[]): Promise<GraphTodoTask | null>;
  /** `POST .../todo/lists/{listId}/tasks`: the created task. */
  createTodoTask(owner: UserRef, listId: string, task: TodoTaskChanges & { title: string }): Promise<GraphTodoTask>;
  /** `PATCH .../todo/lists/{listId}/tasks/{taskId}`: the updated task (To Do needs no `If-Match`). */
  updateTodoTask(owner: UserRef, listId: string, taskId: string, changes: TodoTaskChanges): Promise<GraphTodoTask>;
  /** `DELETE .../todo/lists/{listId}/tasks/{taskId}` */
  deleteTodoTask(owner: UserRef, listId: string, taskId: string): Promise<void>;
  /**
   * `GET .../todo/lists/{listId}/tasks/delta`: a page of a delta round over the list's tasks.
   * Sent without `$select` (To Do fixes a round's options at its first call, and a sync outlives
   * the query that started it): every task comes whole, whatever a later query selects.
   */
  todoTasksDelta(owner: UserRef, listId: string, token: string | null): Promise<DeltaPage<GraphTodoTask>>;

  /** `POST /subscriptions` (Graph validates the notification URLs first): the created subscription. */
  createSubscription(subscription: NewGraphSubscription): Promise<GraphSubscription>;
  /** `PATCH /subscriptions/{id}` with a new `expirationDateTime` (renewing also reauthorizes). */
  renewSubscription(id: string, expirationDateTime: string): Promise<GraphSubscription>;
  /** `POST /subscriptions/{id}/reauthorize`: answers `reauthorizationRequired` without extending. */
  reauthorizeSubscription(id: string): Promise<void>;
  /** `DELETE /subscriptions/{id}` */
  deleteSubscription(id: string): Promise<void>;
  /** The subscription resource string of a To Do list's tasks: `/me/todo/lists/{id}/tasks` or `/users/{id}/...`. */
  todoTasksResource(owner: UserRef, listId: string): string;

  /** Counters for this client's operation so far (for `extensions.graphStats`). */
  stats(): GraphRequestStats;
}
