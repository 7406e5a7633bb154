import type { GraphQLResolveInfo, OperationDefinitionNode } from 'graphql';
import { analyseOperation, type OperationAnalysis } from './analyse-operation';
import { resolverOperationInput } from './operation-input';

/** The analyses of one request's operation, held by its context. */
export interface OperationAnalyses {
  /** Keeps the analysis the limits plugin made before execution, for the resolvers. */
  record(operation: OperationDefinitionNode, analysis: OperationAnalysis): void;
  /**
   * The analysis of the operation `info` belongs to. Keyed by the operation node, which
   * graphql-js hands every resolver as parsed; made here, once, if no plugin recorded one (an
   * operation executed without the gateway's plugins).
   */
  of(info: GraphQLResolveInfo): OperationAnalysis;
}

export function createOperationAnalyses(): OperationAnalyses {
  const analyses = new WeakMap<OperationDefinitionNode, OperationAnalysis>();
  return {
    record: (operation, analysis) => analyses.set(operation, analysis),
    of(info) {
      let analysis = analyses.get(info.operation);
      if (!analysis) {
        analysis = analyseOperation(resolverOperationInput(info));
        analyses.set(info.operation, analysis);
      }
      return analysis;
    },
  };
}
