/** What the walk needs of an operation, from a parsed request or from a resolver's `info`. */
import {
  Kind,
  typeFromAST,
  valueFromAST,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { OperationInput } from './analyse-operation';

/**
 * Before execution: the request's variables as sent (so a `first` out of Int's range is still
 * named as a page size), plus the default of every variable the request leaves out (which
 * `@skip`/`@include` may read).
 */
export function requestOperationInput(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  requestVariables: Readonly<Record<string, unknown>>,
): OperationInput {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  const variables: Record<string, unknown> = { ...requestVariables };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (Object.hasOwn(variables, name) || !definition.defaultValue) continue;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (type) variables[name] = valueFromAST(definition.defaultValue, type);
  }
  return { schema, operation, fragments, variables };
}

/** During execution: what graphql-js hands a resolver (variables already coerced). */
export function resolverOperationInput(info: GraphQLResolveInfo): OperationInput {
  return { schema: info.schema, operation: info.operation, fragments: info.fragments, variables: info.variableValues };
}
