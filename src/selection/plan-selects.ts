/**
 * Turns a whole GraphQL operation into the `$select` list of each Graph entity type, once per
 * operation. Every read of one type in the operation then sends the same list, which is what
 * lets the Graph client's list results prime its by-id reads.
 *
 * The walk follows fields, aliases (an alias does not change the field), inline fragments and
 * fragment spreads, narrowing the set of possible concrete types at each type condition, so
 * `members { nodes { ... on User { mail } } }` adds `mail` to users only.
 */
import {
  getNamedType,
  isAbstractType,
  isObjectType,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { GRAPH_PROPERTY_TABLES, graphPropertyOf, isSelectableType, propertyOrder, type SelectableType } from './graph-properties';
import { isIncluded } from './selects-field';

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

export interface OperationShape {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  variableValues: Readonly<Record<string, unknown>>;
}

type Needs = Record<SelectableType, Set<string>>;

export function planSelects(shape: OperationShape): GraphSelects {
  const needs = Object.fromEntries(
    Object.keys(GRAPH_PROPERTY_TABLES).map((typeName) => [typeName, new Set(['id'])]),
  ) as Needs;
  const root = shape.schema.getRootType(shape.operation.operation);
  if (root) walk(shape, shape.operation.selectionSet, [root], needs, 0);

  const user = ordered('User', needs.User);
  const group = ordered('Group', needs.Group);
  const other = ordered('OtherDirectoryObject', needs.OtherDirectoryObject);
  return {
    user,
    group,
    directoryObject: union(user, group, other),
    plannerPlan: ordered('PlannerPlan', needs.PlannerPlan),
    plannerBucket: ordered('PlannerBucket', needs.PlannerBucket),
    plannerTask: ordered('PlannerTask', needs.PlannerTask),
    plannerTaskDetails: ordered('PlannerTaskDetails', needs.PlannerTaskDetails),
    todoTaskList: ordered('OutlookTaskList', needs.OutlookTaskList),
    todoTask: ordered('OutlookTask', needs.OutlookTask),
  };
}

// Valid operations cannot nest fragments cyclically; the depth bound only guards the walk.
const MAX_DEPTH = 64;

function walk(
  shape: OperationShape,
  selectionSet: SelectionSetNode,
  possibleTypes: readonly GraphQLObjectType[],
  needs: Needs,
  depth: number,
): void {
  if (depth > MAX_DEPTH || possibleTypes.length === 0) return;
  for (const selection of selectionSet.selections) {
    if (!isIncluded(shape, selection)) continue;
    switch (selection.kind) {
      case 'Field':
        walkField(shape, selection.name.value, selection.selectionSet, possibleTypes, needs, depth);
        break;
      case 'InlineFragment': {
        const typeCondition = selection.typeCondition?.name.value;
        const condition = typeCondition ? shape.schema.getType(typeCondition) : undefined;
        walk(shape, selection.selectionSet, narrow(shape.schema, possibleTypes, condition), needs, depth + 1);
        break;
      }
      case 'FragmentSpread': {
        const fragment = shape.fragments[selection.name.value];
        if (!fragment) break;
        const condition = shape.schema.getType(fragment.typeCondition.name.value);
        walk(shape, fragment.selectionSet, narrow(shape.schema, possibleTypes, condition), needs, depth + 1);
        break;
      }
    }
  }
}

function walkField(
  shape: OperationShape,
  fieldName: string,
  selectionSet: SelectionSetNode | undefined,
  possibleTypes: readonly GraphQLObjectType[],
  needs: Needs,
  depth: number,
): void {
  if (fieldName.startsWith('__')) return;
  const returnTypes = new Map<string, GraphQLNamedType>();
  for (const type of possibleTypes) {
    const field = type.getFields()[fieldName];
    if (!field) continue;
    if (isSelectableType(type.name)) {
      const property = graphPropertyOf(type.name, fieldName);
      if (property) needs[type.name].add(property);
    }
    const named = getNamedType(field.type);
    returnTypes.set(named.name, named);
  }
  if (!selectionSet) return;
  for (const named of returnTypes.values()) {
    walk(shape, selectionSet, concreteTypes(shape.schema, named), needs, depth + 1);
  }
}

function concreteTypes(schema: GraphQLSchema, type: GraphQLNamedType | undefined | null): readonly GraphQLObjectType[] {
  if (!type) return [];
  if (isObjectType(type)) return [type];
  if (isAbstractType(type)) return schema.getPossibleTypes(type);
  return [];
}

function narrow(
  schema: GraphQLSchema,
  possibleTypes: readonly GraphQLObjectType[],
  condition: GraphQLNamedType | undefined | null,
): readonly GraphQLObjectType[] {
  if (condition === undefined) return possibleTypes;
  const allowed = new Set(concreteTypes(schema, condition).map((type) => type.name));
  return possibleTypes.filter((type) => allowed.has(type.name));
}

function ordered(typeName: SelectableType, needed: ReadonlySet<string>): readonly string[] {
  return propertyOrder(typeName).filter((property) => needed.has(property));
}

function union(...lists: ReadonlyArray<readonly string[]>): readonly string[] {
  return [...new Set(lists.flat())];
}
