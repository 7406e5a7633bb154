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
  type ArgumentNode,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { Context } from '../context';
import { badUserInput } from '../errors';
import { isValidFirst, MAX_FIRST } from '../resolvers/paging';

export function pageSizeLimitsPlugin(): ApolloServerPlugin<Context> {
  // Apollo hands the same parsed document to every request with the same query text: the walk
  // with type information runs once per document and operation, each request evaluates only
  // the `first` arguments it found.
  const pageSizes = new WeakMap<OperationDefinitionNode, readonly PageSizeArgument[]>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, schema, request, operation }) {
          if (!operation) return;
          let found = pageSizes.get(operation);
          if (!found) {
            const fragments = document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
            found = pageSizeArguments(schema, { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] });
            pageSizes.set(operation, found);
          }
          const problem = firstOutOfRange(found, request.variables ?? {});
          if (problem) throw badUserInput(problem, { argument: 'first', httpStatus: 400 });
        },
      };
    },
  };
}

interface PageSizeArgument {
  node: ArgumentNode;
  type: GraphQLInputType;
  /** `Type.field`, for the message. */
  where: string;
}

function pageSizeArguments(schema: GraphQLSchema, document: DocumentNode): PageSizeArgument[] {
  const typeInfo = new TypeInfo(schema);
  const found: PageSizeArgument[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        if (node.name.value !== 'first') return;
        const argument = typeInfo.getArgument();
        const parent = typeInfo.getParentType();
        if (!argument || !parent || !isCompositeType(getNamedType(parent))) return;
        found.push({ node, type: argument.type, where: `${parent.name}.${typeInfo.getFieldDef()?.name ?? 'a field'}` });
      },
    }),
  );
  return found;
}

function firstOutOfRange(found: readonly PageSizeArgument[], variables: Record<string, unknown>): string | null {
  for (const { node, type, where } of found) {
    const value: unknown = valueFromAST(node.value, type, variables);
    if (typeof value === 'number' && !isValidFirst(value)) {
      return `first must be between 1 and ${MAX_FIRST} (got ${value} on ${where}).`;
    }
  }
  return null;
}
