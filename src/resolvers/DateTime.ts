import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

// Graph's DateTimeOffset values are already UTC (`2024-05-01T08:30:00Z`); those pass unchanged.
const UTC_ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const ISO_8601_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function toUtcString(value: unknown): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new GraphQLError('DateTime cannot represent an invalid Date.');
    return value.toISOString();
  }
  if (typeof value === 'string') {
    if (UTC_ISO_8601.test(value)) return value;
    const parsed = new Date(value);
    if (ISO_8601_WITH_ZONE.test(value) && !Number.isNaN(parsed.getTime())) return parsed.toISOString();
  }
  throw new GraphQLError(`DateTime must be an ISO-8601 date and time with a time zone (got ${JSON.stringify(value)}).`);
}

export const DateTime = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  serialize: toUtcString,
  parseValue: toUtcString,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be given as a string.', { nodes: ast });
    return toUtcString(ast.value);
  },
});
