/** Analyses an operation text against the gateway's schema, as the limits plugin does before execution. */
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { analyseOperation, requestOperationInput, type OperationAnalysis } from '../../src/analysis';
import { buildGatewaySchema } from '../../src/server';

export const gatewaySchema = buildGatewaySchema();

export function analyse(query: string, variables: Record<string, unknown> = {}): OperationAnalysis {
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (!operation) throw new Error('no operation');
  return analyseOperation(requestOperationInput(gatewaySchema, document, operation, variables));
}

/** What the limits check of an operation. */
export function measure(query: string, variables: Record<string, unknown> = {}) {
  const { depth, aliases, cost, representations } = analyse(query, variables);
  return { depth, aliases, cost, representations };
}
