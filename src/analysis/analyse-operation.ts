/**
 * The one walk over an operation (DESIGN §5): fields, aliases, inline fragments and fragment
 * spreads, `@skip`/`@include` with the request's variables, abstract types narrowed at each type
 * condition, `_entities` per representation. It yields what the limits check (depth, aliases,
 * cost, representations, every `first`) and what the resolvers read (`$select` lists, the
 * fields selected on a result for prefetch and `totalCount`).
 *
 * Each fragment is walked once per type it is spread on and remembered, so a fragment "bomb"
 * (fragments spreading others many times) takes linear time while its multiplied cost is still
 * counted in full.
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
  type ArgumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { graphPropertyOf, isSelectableType } from './graph-properties';
import { isIncluded } from './included';
import { listSizesOf, type AnyField } from './list-sizes';
import { noPropertyNeeds, selectLists, type GraphSelects } from './select-lists';
import { selectedFields, type SelectedFields } from './selected-fields';

export interface OperationInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Readonly<Record<string, FragmentDefinitionNode | undefined>>;
  /** The request's variables, with the defaults of the variables it leaves out. */
  variables: Readonly<Record<string, unknown>>;
}

/** A `first` the operation gives (literally or through a variable), and where. */
export interface PageSizeArgument {
  first: number;
  /** `Type.field`, for messages. */
  where: string;
}

export interface OperationAnalysis {
  /** Deepest field nesting. */
  depth: number;
  /** Aliased fields, each selection set counted once however often it is spread. */
  aliases: number;
  cost: number;
  /** Representations given to `_entities`, all its fields together. */
  representations: number;
  /** Every numeric `first` of the fields the operation selects, each argument once. */
  pageSizes: readonly PageSizeArgument[];
  /** The `$select` list of every Graph entity type, for every read of that type in the operation. */
  selects: GraphSelects;
  /** The fields selected directly on a field's result. */
  fields: SelectedFields;
}

interface Scope {
  /** The type the selection is on: field definitions and the cost are looked up here. */
  type: GraphQLCompositeType;
  /** The object types the selection may be resolved as, narrowed by every type condition on the way. */
  possible: readonly GraphQLObjectType[];
}

interface Measure {
  depth: number;
  cost: number;
}

const NOTHING: Measure = { depth: 0, cost: 0 };

export function analyseOperation({ schema, operation, fragments, variables }: OperationInput): OperationAnalysis {
  const rootType = schema.getRootType(operation.operation);
  const listSizes = listSizesOf(schema);
  const needs = noPropertyNeeds();
  const pageSizes = new Map<ArgumentNode, PageSizeArgument>();
  // Keyed by fragment name and the scope it is walked in.
  const fragmentMeasures = new Map<string, Measure>();
  const inProgress = new Set<string>();
  const aliasCounted = new Set<SelectionSetNode>();
  let aliases = 0;
  let representations = 0;

  function scopeOf(type: GraphQLCompositeType): Scope {
    return { type, possible: isObjectType(type) ? [type] : schema.getPossibleTypes(type) };
  }

  function fieldOf(parent: GraphQLCompositeType, name: string): AnyField | undefined {
    return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
  }

  /** Adds the Graph property behind `name` to every type it may be selected on. */
  function need(name: string, possible: readonly GraphQLObjectType[]): void {
    for (const type of possible) {
      if (!isSelectableType(type.name) || !type.getFields()[name]) continue;
      const property = graphPropertyOf(type.name, name);
      if (property) needs[type.name].add(property);
    }
  }

  function recordPageSize(field: AnyField, node: FieldNode, parent: GraphQLCompositeType): void {
    const given = node.arguments?.find((argument) => argument.name.value === 'first');
    const definition = given && field.args.find((argument) => argument.name === 'first');
    if (!given || !definition || pageSizes.has(given)) return;
    const first: unknown = valueFromAST(given.value, definition.type, variables);
    if (typeof first === 'number') pageSizes.set(given, { first, where: `${parent.name}.${field.name}` });
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
      if (typeof size === 'number' && Number.isFinite(size) && size > 0)
        sliced = Math.max(sliced ?? 0, Math.ceil(size));
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

  /** The scope inside a fragment on `condition`: the object type it narrows to, if any. */
  function narrow(scope: Scope, condition: GraphQLCompositeType): Scope {
    if (condition === scope.type) return scope;
    const type = isObjectType(scope.type) ? scope.type : condition;
    const possible = isObjectType(condition)
      ? scope.possible.filter((candidate) => candidate === condition)
      : scope.possible.filter((candidate) => schema.isSubType(condition, candidate));
    return { type, possible };
  }

  function walkEntities(node: FieldNode, entityType: GraphQLCompositeType): Measure {
    const given = node.arguments?.find((argument) => argument.name.value === 'representations');
    const value: unknown = given ? valueFromASTUntyped(given.value, variables) : undefined;
    const items: unknown[] = Array.isArray(value) ? value : [];
    representations += items.length;
    const perType = new Map<string, number>();
    for (const item of items) {
      const typename = typeof item === 'object' && item !== null && '__typename' in item ? String(item.__typename) : '';
      perType.set(typename, (perType.get(typename) ?? 0) + 1);
    }
    // Depth and `$select` over every type the selection names, cost per representation's own type.
    const all = node.selectionSet ? walkSet(node.selectionSet, scopeOf(entityType)) : NOTHING;
    let cost = 0;
    for (const [typename, count] of perType) {
      const type = schema.getType(typename);
      const inner =
        node.selectionSet && type && isObjectType(type) ? walkSet(node.selectionSet, scopeOf(type)) : NOTHING;
      cost += count * (1 + inner.cost);
    }
    return { depth: 1 + all.depth, cost };
  }

  function walkSet(selectionSet: SelectionSetNode, scope: Scope): Measure {
    let depth = 0;
    let cost = 0;
    const countAliases = !aliasCounted.has(selectionSet);
    aliasCounted.add(selectionSet);
    for (const selection of selectionSet.selections) {
      if (!isIncluded(selection, variables)) continue;
      if (selection.kind === Kind.FIELD) {
        if (countAliases && selection.alias) aliases += 1;
        need(selection.name.value, scope.possible);
        const field = fieldOf(scope.type, selection.name.value);
        if (field) recordPageSize(field, selection, scope.type);
        const type = field ? getNamedType(field.type) : undefined;
        const composite = type && isCompositeType(type) ? type : undefined;
        if (field && composite && scope.type === rootType && field.name === '_entities') {
          const entities = walkEntities(selection, composite);
          depth = Math.max(depth, entities.depth);
          cost += entities.cost;
          continue;
        }
        const inner =
          selection.selectionSet && composite ? walkSet(selection.selectionSet, scopeOf(composite)) : NOTHING;
        depth = Math.max(depth, 1 + inner.depth);
        if (field && composite) cost += listSize(field, selection) * (1 + inner.cost);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const named = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : scope.type;
        const condition = named && isCompositeType(named) ? named : scope.type;
        if (!applies(condition, scope.type)) continue;
        const inner = walkSet(selection.selectionSet, narrow(scope, condition));
        depth = Math.max(depth, inner.depth);
        cost += inner.cost;
      } else {
        const inner = walkFragment(selection.name.value, scope);
        depth = Math.max(depth, inner.depth);
        cost += inner.cost;
      }
    }
    return { depth, cost };
  }

  function walkFragment(name: string, scope: Scope): Measure {
    const fragment = fragments[name];
    const named = fragment ? schema.getType(fragment.typeCondition.name.value) : undefined;
    // Unknown or cyclic spreads fail validation before this runs; walk them as empty.
    if (!fragment || !named || !isCompositeType(named) || !applies(named, scope.type)) return NOTHING;
    const inner = narrow(scope, named);
    const key = `${name} on ${inner.type.name} as ${inner.possible.map((type) => type.name).join('|')}`;
    const known = fragmentMeasures.get(key);
    if (known) return known;
    if (inProgress.has(key)) return NOTHING;
    inProgress.add(key);
    const measured = walkSet(fragment.selectionSet, inner);
    inProgress.delete(key);
    fragmentMeasures.set(key, measured);
    return measured;
  }

  const measured = rootType ? walkSet(operation.selectionSet, scopeOf(rootType)) : NOTHING;
  return {
    depth: measured.depth,
    aliases,
    cost: measured.cost,
    representations,
    pageSizes: [...pageSizes.values()],
    selects: selectLists(needs),
    fields: selectedFields(schema, fragments, variables),
  };
}
