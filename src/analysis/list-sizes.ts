/**
 * How many items each list field of the schema is costed at, read from Federation's
 * demand-control directive `@listSize` in `schema/*.graphql` (the declaration a router's demand
 * control reads too). Read once per schema: measuring an operation only looks fields up.
 */
import {
  getDirectiveValues,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  type GraphQLDirective,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';

export interface ListSize {
  /** Items assumed when no slicing argument applies (lists Graph returns whole). */
  assumedSize: number | null;
  /** Arguments whose value is the list's size (`first`); their schema default applies when left out. */
  slicingArguments: readonly string[];
  /** Fields of the returned type that hold the sized items (a connection's `nodes`, `edges`). */
  sizedFields: readonly string[];
}

export type AnyField = GraphQLField<unknown, unknown>;

export interface ListSizes {
  /** The declaration on `field`, if any. */
  of(field: AnyField): ListSize | undefined;
  /** Whether `field` holds the items of a sized parent (counted by the parent's size, not again). */
  isSizedItems(field: AnyField): boolean;
}

/** Federation's own list field, costed per representation by the walk instead (analyse-operation.ts). */
const ENTITIES_FIELD = '_entities';

const cache = new WeakMap<GraphQLSchema, ListSizes>();

/**
 * The schema's list sizes. Throws when a field returning a list of objects declares no size and
 * is no sized field of one that does: such a list would be costed as one object whatever its
 * length, so the gateway refuses to start with it.
 */
export function listSizesOf(schema: GraphQLSchema): ListSizes {
  const known = cache.get(schema);
  if (known) return known;
  const directive = schema.getDirective('listSize') ?? schema.getDirective('federation__listSize');
  const declared = new Map<AnyField, ListSize>();
  const sizedItems = new Set<AnyField>();
  const fields = allFields(schema);
  for (const field of fields) {
    const size = directive ? read(directive, field) : undefined;
    if (!size) continue;
    declared.set(field, size);
    const returned = getNamedType(field.type);
    if (isObjectType(returned) || isInterfaceType(returned)) {
      for (const name of size.sizedFields) {
        const item = returned.getFields()[name];
        if (item) sizedItems.add(item);
      }
    }
  }
  const undeclared = fields.filter(
    (field) => isObjectList(field) && field.name !== ENTITIES_FIELD && !declared.has(field) && !sizedItems.has(field),
  );
  if (undeclared.length > 0) {
    const names = undeclared.map((field) => `\`${coordinate(schema, field)}\``).join(', ');
    throw new Error(`These list fields declare no size (add \`@listSize\` in schema/*.graphql): ${names}.`);
  }
  const sizes: ListSizes = { of: (field) => declared.get(field), isSizedItems: (field) => sizedItems.has(field) };
  cache.set(schema, sizes);
  return sizes;
}

function read(directive: GraphQLDirective, field: AnyField): ListSize | undefined {
  if (!field.astNode) return undefined;
  const values = getDirectiveValues(directive, field.astNode);
  if (!values) return undefined;
  const strings = (value: unknown): string[] =>
    Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  return {
    assumedSize: typeof values.assumedSize === 'number' ? values.assumedSize : null,
    slicingArguments: strings(values.slicingArguments),
    sizedFields: strings(values.sizedFields),
  };
}

function allFields(schema: GraphQLSchema): AnyField[] {
  const fields: AnyField[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type) || isInterfaceType(type)) fields.push(...Object.values(type.getFields()));
  }
  return fields;
}

function isObjectList(field: AnyField): boolean {
  return isListType(getNullableType(field.type)) && isCompositeType(getNamedType(field.type));
}

function coordinate(schema: GraphQLSchema, field: AnyField): string {
  for (const type of Object.values(schema.getTypeMap())) {
    if ((isObjectType(type) || isInterfaceType(type)) && type.getFields()[field.name] === field)
      return `${type.name}.${field.name}`;
  }
  return field.name;
}
