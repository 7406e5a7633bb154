/**
 * Refuses an operation over the depth, alias, representation or cost limit once Apollo has parsed
 * and validated it, before the context's Graph client sees a single call (HTTP 400,
 * QUERY_TOO_COMPLEX). At start-up, checks that every list of the schema declares its size.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type FragmentDefinitionNode } from 'graphql';
import type { Context } from '../context';
import { queryTooComplex, type LimitExceeded } from './errors';
import { listSizesOf } from './list-sizes';
import { measureOperation, type OperationMeasure } from './measure';
import type { OperationLimits } from './settings';

export function operationLimitsPlugin(limits: OperationLimits): ApolloServerPlugin<Context> {
  return {
    async serverWillStart({ schema }) {
      listSizesOf(schema);
    },
    async requestDidStart() {
      return {
        async didResolveOperation({ document, schema, request, operation }) {
          if (!operation) return;
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
          }
          const measured = measureOperation(schema, operation, fragments, request.variables ?? {});
          const exceeded = firstExceeded(measured, limits);
          if (exceeded) throw queryTooComplex(exceeded);
        },
      };
    },
  };
}

function firstExceeded(measured: OperationMeasure, limits: OperationLimits): LimitExceeded | null {
  if (measured.depth > limits.maxDepth) return { limit: 'maxDepth', value: measured.depth, max: limits.maxDepth };
  if (measured.aliases > limits.maxAliases) return { limit: 'maxAliases', value: measured.aliases, max: limits.maxAliases };
  // Before the cost: thousands of representations are refused as such, whatever they select.
  if (measured.representations > limits.maxRepresentations) {
    return { limit: 'maxRepresentations', value: measured.representations, max: limits.maxRepresentations };
  }
  if (measured.cost > limits.maxCost) return { limit: 'maxCost', value: measured.cost, max: limits.maxCost };
  return null;
}
