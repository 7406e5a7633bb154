/**
 * The emulated tenant's in-memory state. Records hold Graph's own property names and
 * values (as `GET` without `$select` would show them, plus the non-default properties the
 * emulator can return on `$select`); relationships live in separate indexes so that
 * navigation endpoints (`/memberOf`, `/members`, `/manager`...) read them without copying.
 *
 * Every map keeps insertion order, which is the emulator's stable listing order for paging.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';

/** The `@odata.type` of every directory object kind the emulator knows. */
export type DirectoryObjectKind = 'user' | 'group' | 'device' | 'servicePrincipal' | 'orgContact' | 'directoryRole';

export type UserRecord = Graph.User & { id: string; userPrincipalName: string; displayName: string };
export type GroupRecord = Graph.Group & { id: string; displayName: string };
export type DeviceRecord = Graph.Device & { id: string };
export type ServicePrincipalRecord = Graph.ServicePrincipal & { id: string };
export type OrgContactRecord = Graph.OrgContact & { id: string };
export type DirectoryRoleRecord = Graph.DirectoryRole & { id: string };

/** Any directory object, tagged with its kind so responses can carry the right `@odata.type`. */
export type DirectoryObject =
  | { kind: 'user'; record: UserRecord }
  | { kind: 'group'; record: GroupRecord }
  | { kind: 'device'; record: DeviceRecord }
  | { kind: 'servicePrincipal'; record: ServicePrincipalRecord }
  | { kind: 'orgContact'; record: OrgContactRecord }
  | { kind: 'directoryRole'; record: DirectoryRoleRecord };

/** Planner records carry their etag outside the Graph shape; responses add it as `@odata.etag`. */
export interface PlannerPlanRecord extends Graph.PlannerPlan {
  id: string;
  /** The owning Microsoft 365 group (Graph's `container.containerId` / deprecated `owner`). */
  groupId: string;
  etag: string;
  /** Set by the first `PATCH /planner/plans/{id}/details`; until then the details follow from the plan. */
  details?: PlannerPlanDetailsRecord;
}
/** What a plan's details PATCH stored: `sharedWith` holds the written entries only (true adds, false removes). */
export interface PlannerPlanDetailsRecord extends Graph.PlannerPlanDetails {
  id: string;
  etag: string;
}
export interface PlannerBucketRecord extends Graph.PlannerBucket {
  id: string;
  planId: string;
  etag: string;
}
export interface PlannerTaskRecord extends Graph.PlannerTask {
  id: string;
  planId: string;
  etag: string;
}
export interface PlannerTaskDetailsRecord extends Graph.PlannerTaskDetails {
  id: string;
  etag: string;
}

export interface TodoTaskListRecord extends Graph.TodoTaskList {
  id: string;
  ownerId: string;
  etag: string;
}
export interface TodoLinkedResourceRecord extends Graph.LinkedResource {
  id: string;
}
export interface TodoChecklistItemRecord extends Graph.ChecklistItem {
  id: string;
}
export interface TodoTaskRecord extends Graph.TodoTask {
  id: string;
  listId: string;
  etag: string;
  /** The task's linkedResources sub-resource, in creation order. */
  linkedResources?: TodoLinkedResourceRecord[];
  /** The task's checklistItems sub-resource, in creation order. */
  checklistItems?: TodoChecklistItemRecord[];
}

export interface Tenant {
  tenantId: string;
  /** Verified domain used in every UPN, e.g. `contoso.onmicrosoft.com`. */
  domain: string;
  seed: number;

  users: Map<string, UserRecord>;
  /** Lower-cased userPrincipalName → user id (UPN lookups are case-insensitive in Graph). */
  userIdsByUpn: Map<string, string>;
  groups: Map<string, GroupRecord>;
  /** Every directory object by id, users and groups included. */
  directoryObjects: Map<string, DirectoryObject>;

  /** userId → the id of the user's manager (absent when the user has none). */
  managerOf: Map<string, string>;
  /** managerId → ids of direct reports, in listing order. */
  directReportsOf: Map<string, string[]>;
  /** groupId → ids of direct members (users, groups, devices, service principals, contacts). */
  membersOf: Map<string, string[]>;
  /** groupId → ids of owners. */
  ownersOf: Map<string, string[]>;
  /** objectId → ids of the groups and directory roles it is a direct member of. */
  memberships: Map<string, string[]>;

  plans: Map<string, PlannerPlanRecord>;
  buckets: Map<string, PlannerBucketRecord>;
  tasks: Map<string, PlannerTaskRecord>;
  taskDetails: Map<string, PlannerTaskDetailsRecord>;

  /** userId → that user's To Do lists. */
  todoListsOf: Map<string, TodoTaskListRecord[]>;
  /** listId → the list's tasks. */
  todoTasksOf: Map<string, TodoTaskRecord[]>;
}
