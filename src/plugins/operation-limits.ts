/**
 * Analyses each operation once Apollo has parsed and validated it (`src/analysis`), before the
 * context's Graph client sees a single call, and refuses it with HTTP 400 when a `first` is out
 * of Graph's page-size range (BAD_USER_INPUT) or it is over the depth, alias, representation or
 * cost limit (QUERY_TOO_COMPLEX). The analysis is then handed to the context, whose resolvers
 * read their `$select` lists and prefetch decisions from it. At start-up, checks that every list
 * of the schema declares its size and every selectable field its Graph property.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  analyseOperation,
  checkGraphPropertyTables,
  listSizesOf,
  requestOperationInput,
  type OperationAnalysis,
} from '../analysis';
import type { Context } from '../context';
import { badUserInput } from '../errors';
import { isPageSize, MAX_PAGE_SIZE } from '../graph/paging';
import { queryTooComplex, type LimitExceeded } from '../limits/errors';
import type { OperationLimits } from '../limits/settings';

export function operationLimitsPlugin(limits: OperationLimits): ApolloServerPlugin<Context> {
  return {
    async serverWillStart({ schema }) {
      listSizesOf(schema);
      checkGraphPropertyTables(schema);
    },
    async requestDidStart() {
      return {
        async didResolveOperation({ document, schema, request, operation, contextValue }) {
          if (!operation) return;
          const analysis = analyseOperation(
            requestOperationInput(schema, document, operation, request.variables ?? {}),
          );
          // Page sizes first: an out-of-range `first` is named as such, not as a cost.
          const pageSize = analysis.pageSizes.find(({ first }) => !isPageSize(first));
          if (pageSize) {
            throw badUserInput(
              `first must be between 1 and ${MAX_PAGE_SIZE} (got ${pageSize.first} on ${pageSize.where}).`,
              {
                argument: 'first',
                httpStatus: 400,
              },
            );
          }
          const exceeded = firstExceeded(analysis, limits);
          if (exceeded) throw queryTooComplex(exceeded);
          contextValue.analysis.record(operation, analysis);
        },
      };
    },
  };
}

function firstExceeded(measured: OperationAnalysis, limits: OperationLimits): LimitExceeded | null {
  if (measured.depth > limits.maxDepth) return { limit: 'maxDepth', value: measured.depth, max: limits.maxDepth };
  if (measured.aliases > limits.maxAliases)
    return { limit: 'maxAliases', value: measured.aliases, max: limits.maxAliases };
  // Before the cost: thousands of representations are refused as such, whatever they select.
  if (measured.representations > limits.maxRepresentations) {
    return { limit: 'maxRepresentations', value: measured.representations, max: limits.maxRepresentations };
  }
  if (measured.cost > limits.maxCost) return { limit: 'maxCost', value: measured.cost, max: limits.maxCost };
  return null;
}
