/**
 * Depth, aliases and Graph-aware cost of one operation, fragments included. Each fragment is
 * measured once and remembered, so a fragment "bomb" (fragments spreading others many times)
 * costs linear time to measure while its multiplied cost is still counted in full.
 *
 * Cost counts the objects the operation may read from Graph: every object-typed field costs 1
 * plus what is selected inside it; a paged list (a field with a `first` argument) costs its
 * page size times that (its `first`, or the resolvers' default: 100 at the root, 25 nested),
 * so nested lists multiply. Scalars cost nothing: they come in the same `$select`.
 */
import {
  getNamedType,
  isCompositeType,
  Kind,
  valueFromAST,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  isInterfaceType,
  isObjectType,
} from 'graphql';
import { NESTED_LIST_DEFAULT_FIRST, ROOT_LIST_DEFAULT_FIRST } from '../resolvers/paging';

export interface OperationMeasure {
  depth: number;
  aliases: number;
  cost: number;
}

interface SelectionMeasure {
  depth: number;
  cost: number;
}

export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): OperationMeasure {
  const rootType = schema.getRootType(operation.operation);
  const fragmentMeasures = new Map<string, SelectionMeasure>();
  const inProgress = new Set<string>();
  let aliases = 0;
  const aliasCounted = new Set<SelectionSetNode>();

  function fieldOf(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
    return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
  }

  function pageSize(field: GraphQLField<unknown, unknown>, node: FieldNode, atRoot: boolean): number | null {
    const definition = field.args.find((argument) => argument.name === 'first');
    if (!definition) return null;
    const given = node.arguments?.find((argument) => argument.name.value === 'first');
    const value: unknown = given ? valueFromAST(given.value, definition.type, variables) : undefined;
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return Math.ceil(value);
    return atRoot ? ROOT_LIST_DEFAULT_FIRST : NESTED_LIST_DEFAULT_FIRST;
  }

  function measureSet(selectionSet: SelectionSetNode, parent: GraphQLCompositeType): SelectionMeasure {
    let depth = 0;
    let cost = 0;
    const countAliases = !aliasCounted.has(selectionSet);
    aliasCounted.add(selectionSet);
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (countAliases && selection.alias) aliases += 1;
        const field = fieldOf(parent, selection.name.value);
        const type = field ? getNamedType(field.type) : undefined;
        let inner: SelectionMeasure = { depth: 0, cost: 0 };
        if (selection.selectionSet && type && isCompositeType(type)) inner = measureSet(selection.selectionSet, type);
        depth = Math.max(depth, 1 + inner.depth);
        if (field && type && isCompositeType(type)) {
          const size = pageSize(field, selection, parent === rootType);
          cost += (size ?? 1) * (1 + inner.cost);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        const inner = measureSet(selection.selectionSet, condition && isCompositeType(condition) ? condition : parent);
        depth = Math.max(depth, inner.depth);
        cost += inner.cost;
      } else {
        const inner = measureFragment(selection.name.value);
        depth = Math.max(depth, inner.depth);
        cost += inner.cost;
      }
    }
    return { depth, cost };
  }

  function measureFragment(name: string): SelectionMeasure {
    const known = fragmentMeasures.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    // Unknown or cyclic spreads fail validation before this runs; measure them as empty.
    if (!fragment || inProgress.has(name)) return { depth: 0, cost: 0 };
    inProgress.add(name);
    const condition = schema.getType(fragment.typeCondition.name.value);
    const measured =
      condition && isCompositeType(condition) ? measureSet(fragment.selectionSet, condition) : { depth: 0, cost: 0 };
    inProgress.delete(name);
    fragmentMeasures.set(name, measured);
    return measured;
  }

  if (!rootType) return { depth: 0, aliases: 0, cost: 0 };
  const measured = measureSet(operation.selectionSet, rootType);
  return { depth: measured.depth, aliases, cost: measured.cost };
}
