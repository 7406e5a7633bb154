import { isSpecifiedScalarType, type GraphQLNamedType } from 'graphql';
import { buildGatewaySchema } from '../../src/server';

/** Types the federation library adds (`_Service`, `_Entity`, `_Any`...) document themselves or not at all. */
const isOurs = (name: string) =>
  !name.startsWith('_') && !name.startsWith('link__') && !name.startsWith('federation__');

/** A type, its fields (the federation library's own left out) with their arguments, and its enum values: each path and its docstring. */
function documentedParts(type: GraphQLNamedType): [string, string | null | undefined][] {
  const parts: [string, string | null | undefined][] = [[type.name, type.description]];
  const fields = 'getFields' in type ? Object.values(type.getFields()) : [];
  for (const field of fields.filter((candidate) => isOurs(candidate.name))) {
    parts.push([`${type.name}.${field.name}`, field.description]);
    for (const argument of 'args' in field ? field.args : [])
      parts.push([`${type.name}.${field.name}(${argument.name})`, argument.description]);
  }
  for (const value of 'getValues' in type ? type.getValues() : [])
    parts.push([`${type.name}.${value.name}`, value.description]);
  return parts;
}

describe('schema documentation', () => {
  it('documents every type, field, argument and enum value of the schema', () => {
    const schema = buildGatewaySchema();
    const undocumented: string[] = [];
    const checked: string[] = [];
    const check = (path: string, description: string | null | undefined) => {
      checked.push(path);
      if (!description?.trim()) undocumented.push(path);
    };
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || !isOurs(type.name) || isSpecifiedScalarType(type)) continue;
      for (const [path, description] of documentedParts(type)) check(path, description);
    }
    expect(checked).toEqual(
      expect.arrayContaining([
        'Query.users(filter)',
        'User.directReports(first)',
        'GroupVisibility.PUBLIC',
        'StringFilter.in',
        'DateTime',
      ]),
    );
    expect(undocumented).toEqual([]);
  });
});
