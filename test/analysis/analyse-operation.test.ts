/**
 * The one walk over an operation: what it counts for the limits, which `first` values it finds,
 * which `$select` lists and selected fields it hands the resolvers, through fragments, aliases,
 * `@skip`/`@include`, abstract types and `_entities`.
 */
import { buildSchema, isObjectType, Kind, parse, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { checkGraphPropertyTables } from '../../src/analysis';
import { NESTED_LIST_DEFAULT_FIRST, ROOT_LIST_DEFAULT_FIRST } from '../../src/analysis/page-sizes';
import { analyse, gatewaySchema, measure } from '../kit/analysis';

function rootField(query: string): { fieldNodes: readonly FieldNode[]; variables?: Record<string, unknown> } {
  const operation = parse(query).definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const field = operation?.selectionSet.selections[0];
  if (field?.kind !== Kind.FIELD) throw new Error('no root field');
  return { fieldNodes: [field] };
}

function objectType(name: string) {
  const type = gatewaySchema.getType(name);
  if (!isObjectType(type)) throw new Error(name);
  return type;
}

describe('depth, aliases and cost', () => {
  it('counts each field one level deeper than its parent, fragments adding no level', () => {
    expect(measure('{ me { ...M } } fragment M on User { manager { ... on User { id } } }').depth).toBe(3);
  });

  it('counts an alias in a fragment once however often the fragment is spread', () => {
    const query = '{ a: me { ...F } b: me { ...F } } fragment F on User { x: displayName y: mail }';
    expect(measure(query).aliases).toBe(4);
  });

  it('costs a selection on an interface once and each type condition inside it by its own fields', () => {
    const query =
      '{ group(id: "g") { members(first: 10) { nodes { id ... on User { manager { id } } ... on Group { owners(first: 2) { nodes { id } } } } } } }';
    expect(measure(query).cost).toBe(1 + 10 * (1 + (1 + (1 + 2 * (1 + 1)))));
  });

  it('leaves out of depth, aliases and cost what @skip and @include leave out, reading their variables', () => {
    const query =
      'query($deep: Boolean!) { me { m: manager @include(if: $deep) { manager { id } } memberOf(first: 10) @skip(if: $deep) { nodes { id } } } }';
    expect(measure(query, { deep: true })).toEqual({ depth: 4, aliases: 1, cost: 1 + (1 + 1), representations: 0 });
    expect(measure(query, { deep: false })).toEqual({
      depth: 4,
      aliases: 0,
      cost: 1 + 10 * (1 + 1),
      representations: 0,
    });
  });

  it('applies the default of a variable the request leaves out', () => {
    const query = 'query($deep: Boolean = false) { me { manager @include(if: $deep) { id } } }';
    expect(measure(query).cost).toBe(1);
    expect(measure(query, { deep: true }).cost).toBe(2);
  });

  it('costs _entities per representation by the selection of its own type, and its depth over every type', () => {
    const query =
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { manager { id } } ... on Group { owners(first: 4) { nodes { id } } } } }';
    const representations = [
      { __typename: 'User', id: 'a' },
      { __typename: 'User', id: 'b' },
      { __typename: 'Group', id: 'g' },
    ];
    expect(measure(query, { r: representations })).toEqual({
      depth: 4,
      aliases: 0,
      cost: 2 * (1 + 1) + 1 * (1 + 4 * (1 + 1)),
      representations: 3,
    });
  });

  it('measures a fragment bomb of 2^40 spreads in linear time, its cost counted in full', () => {
    const fragments = Array.from({ length: 40 }, (_, i) => `fragment F${i} on User { ...F${i + 1} ...F${i + 1} }`);
    const analysis = analyse(`{ me { ...F0 } } ${fragments.join(' ')} fragment F40 on User { manager { mail } }`);
    expect(analysis.cost).toBe(1 + 2 ** 40);
    expect(analysis.selects.user).toEqual(['id', 'mail']);
  });
});

describe('page sizes', () => {
  it('finds every first the operation gives, literally or through a variable, with the field it is on', () => {
    const query =
      'query($n: Int) { users(first: $n) { nodes { ...G } } group(id: "g") { members(first: 1000) { nodes { id } } } } fragment G on User { memberOf(first: 0) { nodes { id } } }';
    expect(analyse(query, { n: 2 ** 40 }).pageSizes).toEqual([
      { first: 2 ** 40, where: 'Query.users' },
      { first: 0, where: 'User.memberOf' },
      { first: 1000, where: 'Group.members' },
    ]);
  });

  it('lists an argument once however often its fragment is spread, and none that is null or skipped', () => {
    const query =
      'query($n: Int) { a: me { ...F } b: me { ...F } users(first: $n) { nodes { id } } } fragment F on User { memberOf(first: 3) { nodes { id } } directReports(first: 0) @skip(if: true) { nodes { id } } }';
    expect(analyse(query, { n: null }).pageSizes).toEqual([{ first: 3, where: 'User.memberOf' }]);
  });

  it('declares in the schema the defaults the resolvers apply to first: null', () => {
    const checked: string[] = [];
    for (const type of Object.values(gatewaySchema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const first = field.args.find((argument) => argument.name === 'first');
        if (!first) continue;
        const expected = type === gatewaySchema.getQueryType() ? ROOT_LIST_DEFAULT_FIRST : NESTED_LIST_DEFAULT_FIRST;
        expect([`${type.name}.${field.name}`, first.defaultValue]).toEqual([`${type.name}.${field.name}`, expected]);
        checked.push(`${type.name}.${field.name}`);
      }
    }
    // A root list and a nested one at least, so the loop cannot pass by finding no `first`.
    expect(checked).toEqual(expect.arrayContaining(['Query.users', 'User.memberOf']));
  });
});

describe('fields selected on a result', () => {
  it('collects the fields of a result of one type through aliases, fragments and type conditions', () => {
    const query =
      '{ user(id: "u") { m: manager { id } ...R ... on DirectoryObject { id } ... on Group { owners { nodes { id } } } } } fragment R on User { memberOf(first: 1) { nodes { id } } }';
    const { fieldNodes } = rootField(query);
    const names = analyse(query)
      .fields.of(fieldNodes, objectType('User'))
      .map((field) => field.alias?.value ?? field.name.value);
    expect(names).toEqual(['m', 'memberOf', 'id']);
  });

  it('tells whether a connection selects totalCount, through a fragment and not under @skip', () => {
    const counted = '{ users { ...C } } fragment C on UserConnection { totalCount }';
    const skipped = 'query($s: Boolean!) { users { nodes { id } totalCount @skip(if: $s) } }';
    expect(analyse(counted).fields.includes(rootField(counted).fieldNodes, 'totalCount')).toBe(true);
    expect(analyse(skipped, { s: true }).fields.includes(rootField(skipped).fieldNodes, 'totalCount')).toBe(false);
    expect(analyse(skipped, { s: false }).fields.includes(rootField(skipped).fieldNodes, 'totalCount')).toBe(true);
  });
});

describe('Graph property tables', () => {
  it('give every field of the selectable types of the schema an entry', () => {
    expect(() => checkGraphPropertyTables(gatewaySchema)).not.toThrow();
  });

  it('refuse a schema with a field they have no entry for', () => {
    const schema = buildSchema(`
      type Query { me: User }
      type User { id: ID! nickname: String }
    `);
    expect(() => checkGraphPropertyTables(schema)).toThrow(/User\.nickname has no entry/);
  });
});
