/**
 * Checks every `first` argument of the operation before anything executes, so an out-of-range
 * page size anywhere in the query fails the request with BAD_USER_INPUT and no Graph call
 * (resolvers check again, but only once their parents have been read).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  isCompositeType,
  Kind,
  TypeInfo,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import type { Context } from '../context';
import { badUserInput } from '../errors';
import { MAX_FIRST } from '../resolvers/paging';

export function pageSizeLimitsPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, schema, request, operation }) {
          if (!operation) return;
          const fragments = document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
          const executed: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] };
          const problem = firstOutOfRange(schema, executed, request.variables ?? {});
          if (problem) throw badUserInput(problem, { argument: 'first', httpStatus: 400 });
        },
      };
    },
  };
}

function firstOutOfRange(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
): string | null {
  const typeInfo = new TypeInfo(schema);
  let problem: string | null = null;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        if (problem || node.name.value !== 'first') return;
        const argument = typeInfo.getArgument();
        const parent = typeInfo.getParentType();
        if (!argument || !parent || !isCompositeType(getNamedType(parent))) return;
        const value: unknown = valueFromAST(node.value, argument.type, variables);
        if (typeof value === 'number' && (!Number.isInteger(value) || value < 1 || value > MAX_FIRST)) {
          const field = typeInfo.getFieldDef()?.name ?? 'a field';
          problem = `first must be between 1 and ${MAX_FIRST} (got ${value} on ${parent.name}.${field}).`;
        }
      },
    }),
  );
  return problem;
}
