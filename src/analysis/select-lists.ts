/**
 * The `$select` list of each Graph entity type, from the Graph properties the operation needs of
 * each GraphQL type. Every read of one type in the operation sends the same list, which is what
 * lets the Graph client's list results prime its by-id reads.
 */
import { GRAPH_PROPERTY_TABLES, propertyOrder, type SelectableType } from './graph-properties';

export interface GraphSelects {
  /** `$select` for every read of users (`/users`, `/me`, `/manager`, `/directReports`...). */
  readonly user: readonly string[];
  /** `$select` for every read of groups (`/groups`, `/memberOf`...). */
  readonly group: readonly string[];
  /**
   * `$select` for mixed directory-object collections (`/groups/{id}/members`, `/owners`): the
   * union of what users, groups and other objects need, since one list returns all kinds.
   */
  readonly directoryObject: readonly string[];
  /** `$select` for Planner plans (`/planner/plans/{id}`, `/groups/{id}/planner/plans`). */
  readonly plannerPlan: readonly string[];
  /** `$select` for Planner buckets (`/planner/buckets/{id}`, `/planner/plans/{id}/buckets`). */
  readonly plannerBucket: readonly string[];
  /** `$select` for Planner tasks (`/planner/tasks/{id}`, `.../planner/tasks` lists). */
  readonly plannerTask: readonly string[];
  /** `$select` for `/planner/tasks/{id}/details`. */
  readonly plannerTaskDetails: readonly string[];
  /** `$select` for To Do lists (`.../todo/lists`). */
  readonly todoTaskList: readonly string[];
  /** `$select` for To Do tasks (`.../todo/lists/{listId}/tasks`). */
  readonly todoTask: readonly string[];
}

/** Graph properties needed per GraphQL type; `id` always. */
export type PropertyNeeds = Record<SelectableType, Set<string>>;

export function noPropertyNeeds(): PropertyNeeds {
  return Object.fromEntries(
    Object.keys(GRAPH_PROPERTY_TABLES).map((typeName) => [typeName, new Set(['id'])]),
  ) as PropertyNeeds;
}

export function selectLists(needs: PropertyNeeds): GraphSelects {
  const user = ordered('User', needs.User);
  const group = ordered('Group', needs.Group);
  const other = ordered('OtherDirectoryObject', needs.OtherDirectoryObject);
  return {
    user,
    group,
    directoryObject: [...new Set([...user, ...group, ...other])],
    plannerPlan: ordered('PlannerPlan', needs.PlannerPlan),
    plannerBucket: ordered('PlannerBucket', needs.PlannerBucket),
    plannerTask: ordered('PlannerTask', needs.PlannerTask),
    plannerTaskDetails: ordered('PlannerTaskDetails', needs.PlannerTaskDetails),
    todoTaskList: ordered('OutlookTaskList', needs.OutlookTaskList),
    todoTask: ordered('OutlookTask', needs.OutlookTask),
  };
}

/** In table order: the same needs always give the same list. */
function ordered(typeName: SelectableType, needed: ReadonlySet<string>): readonly string[] {
  return propertyOrder(typeName).filter((property) => needed.has(property));
}
