/**
 * Depth, aliases, Graph-aware cost and entity representations of one operation, fragments
 * included. Each fragment is measured once per type it is spread on and remembered, so a
 * fragment "bomb" (fragments spreading others many times) costs linear time to measure while its
 * multiplied cost is still counted in full.
 *
 * Cost counts the objects the operation may read from Graph: every object-typed field costs 1
 * plus what is selected inside it; a list field costs its size times that, so nested lists
 * multiply. A list's size is declared in the schema with `@listSize` (list-sizes.ts): a paged
 * list's `first` (or its default), a list Graph returns whole its `assumedSize`. `_entities`
 * costs, per representation, 1 plus the selection that applies to the representation's type.
 * Scalars cost nothing: they come in the same `$select`.
 */
import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  valueFromAST,
  valueFromASTUntyped,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { listSizesOf, type AnyField } from './list-sizes';

export interface OperationMeasure {
  depth: number;
  aliases: number;
  cost: number;
  /** Representations given to `_entities`, all its fields together. */
  representations: number;
}

interface SelectionMeasure {
  depth: number;
  cost: number;
}

const NOTHING: SelectionMeasure = { depth: 0, cost: 0 };

export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): OperationMeasure {
  const rootType = schema.getRootType(operation.operation);
  const listSizes = listSizesOf(schema);
  // Keyed by fragment name and the type it is measured on (its own condition, or the object
  // type it is spread on when that narrows it).
  const fragmentMeasures = new Map<string, SelectionMeasure>();
  const inProgress = new Set<string>();
  let aliases = 0;
  let representations = 0;
  const aliasCounted = new Set<SelectionSetNode>();

  function fieldOf(parent: GraphQLCompositeType, name: string): AnyField | undefined {
    return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
  }

  /** Items the field is costed at: its `@listSize`, or 1 for a single object. */
  function listSize(field: AnyField, node: FieldNode): number {
    const declared = listSizes.of(field);
    if (!declared) return 1;
    let sliced: number | null = null;
    for (const name of declared.slicingArguments) {
      const definition = field.args.find((argument) => argument.name === name);
      if (!definition) continue;
      const given = node.arguments?.find((argument) => argument.name.value === name);
      const value: unknown = given ? valueFromAST(given.value, definition.type, variables) : undefined;
      // Left out or null: the resolvers apply the argument's default.
      const size = value === undefined || value === null ? definition.defaultValue : value;
      if (typeof size === 'number' && Number.isFinite(size) && size > 0) sliced = Math.max(sliced ?? 0, Math.ceil(size));
    }
    return sliced ?? declared.assumedSize ?? 1;
  }

  /**
   * Whether a fragment on `condition` can apply inside `parent`. On an object type only its own
   * fragments and those of its interfaces and unions do, which narrows `_entities`' selection to
   * each representation's type; elsewhere validation has already ruled out impossible spreads.
   */
  function applies(condition: GraphQLCompositeType, parent: GraphQLCompositeType): boolean {
    if (condition === parent || !isObjectType(parent)) return true;
    return isAbstractType(condition) && schema.isSubType(condition, parent);
  }

  /** The type a fragment's selection is measured on: the object type it narrows to, if any. */
  function narrowed(condition: GraphQLCompositeType, parent: GraphQLCompositeType): GraphQLCompositeType {
    return isObjectType(parent) ? parent : condition;
  }

  function measureEntities(node: FieldNode, entityType: GraphQLCompositeType): SelectionMeasure {
    const given = node.arguments?.find((argument) => argument.name.value === 'representations');
    const value: unknown = given ? valueFromASTUntyped(given.value, variables) : undefined;
    const items: unknown[] = Array.isArray(value) ? value : [];
    representations += items.length;
    const perType = new Map<string, number>();
    for (const item of items) {
      const typename = typeof item === 'object' && item !== null && '__typename' in item ? String(item.__typename) : '';
      perType.set(typename, (perType.get(typename) ?? 0) + 1);
    }
    // Depth over every type the selection names, cost per representation's own type.
    const all = node.selectionSet ? measureSet(node.selectionSet, entityType) : NOTHING;
    let cost = 0;
    for (const [typename, count] of perType) {
      const type = schema.getType(typename);
      const inner = node.selectionSet && type && isObjectType(type) ? measureSet(node.selectionSet, type) : NOTHING;
      cost += count * (1 + inner.cost);
    }
    return { depth: 1 + all.depth, cost };
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
        if (field && type && isCompositeType(type) && parent === rootType && field.name === '_entities') {
          const entities = measureEntities(selection, type);
          depth = Math.max(depth, entities.depth);
          cost += entities.cost;
          continue;
        }
        let inner: SelectionMeasure = NOTHING;
        if (selection.selectionSet && type && isCompositeType(type)) inner = measureSet(selection.selectionSet, type);
        depth = Math.max(depth, 1 + inner.depth);
        if (field && type && isCompositeType(type)) cost += listSize(field, selection) * (1 + inner.cost);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const named = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        const condition = named && isCompositeType(named) ? named : parent;
        if (!applies(condition, parent)) continue;
        const inner = measureSet(selection.selectionSet, narrowed(condition, parent));
        depth = Math.max(depth, inner.depth);
        cost += inner.cost;
      } else {
        const inner = measureFragment(selection.name.value, parent);
        depth = Math.max(depth, inner.depth);
        cost += inner.cost;
      }
    }
    return { depth, cost };
  }

  function measureFragment(name: string, parent: GraphQLCompositeType): SelectionMeasure {
    const fragment = fragments.get(name);
    const named = fragment ? schema.getType(fragment.typeCondition.name.value) : undefined;
    // Unknown or cyclic spreads fail validation before this runs; measure them as empty.
    if (!fragment || !named || !isCompositeType(named) || !applies(named, parent)) return NOTHING;
    const on = narrowed(named, parent);
    const key = `${name} on ${on.name}`;
    const known = fragmentMeasures.get(key);
    if (known) return known;
    if (inProgress.has(key)) return NOTHING;
    inProgress.add(key);
    const measured = measureSet(fragment.selectionSet, on);
    inProgress.delete(key);
    fragmentMeasures.set(key, measured);
    return measured;
  }

  if (!rootType) return { depth: 0, aliases: 0, cost: 0, representations: 0 };
  const measured = measureSet(operation.selectionSet, rootType);
  return { depth: measured.depth, aliases, cost: measured.cost, representations };
}
