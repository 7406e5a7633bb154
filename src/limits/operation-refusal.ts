/**
 * The static checks every operation passes before it runs, over HTTP (the limits plugin) and
 * over WebSocket (subscriptions) alike: page sizes within Graph's range, then depth, aliases,
 * representations and cost within the limits.
 */
import type { GraphQLError } from 'graphql';
import type { OperationAnalysis } from '../analysis';
import { badUserInput } from '../errors';
import { isPageSize, MAX_PAGE_SIZE } from '../graph/paging';
import { queryTooComplex, type LimitExceeded } from './errors';
import type { OperationLimits } from './settings';

/** The error refusing the analysed operation (a request error, HTTP 400), or null when it may run. */
export function operationRefusal(analysis: OperationAnalysis, limits: OperationLimits): GraphQLError | null {
  // Page sizes first: an out-of-range `first` is named as such, not as a cost.
  const pageSize = analysis.pageSizes.find(({ first }) => !isPageSize(first));
  if (pageSize) {
    return badUserInput(`first must be between 1 and ${MAX_PAGE_SIZE} (got ${pageSize.first} on ${pageSize.where}).`, {
      argument: 'first',
      httpStatus: 400,
    });
  }
  const exceeded = firstExceeded(analysis, limits);
  return exceeded ? queryTooComplex(exceeded) : null;
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
