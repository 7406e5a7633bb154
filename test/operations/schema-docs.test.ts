import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
} from 'graphql';
import { buildGatewaySchema } from '../../src/server';

/** Types the federation library adds (`_Service`, `_Entity`, `_Any`...) document themselves or not at all. */
const isOurs = (name: string) =>
  !name.startsWith('_') && !name.startsWith('link__') && !name.startsWith('federation__');

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
      if (type.name.startsWith('__') || !isOurs(type.name) || (isScalarType(type) && isSpecifiedScalarType(type)))
        continue;
      check(type.name, type.description);
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!isOurs(field.name)) continue;
          check(`${type.name}.${field.name}`, field.description);
          for (const argument of field.args)
            check(`${type.name}.${field.name}(${argument.name})`, argument.description);
        }
      }
      if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.description);
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
      }
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
