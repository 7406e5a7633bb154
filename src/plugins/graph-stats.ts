import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context';

/**
 * Adds `extensions.graphStats = { httpRequests, batchRequests, subRequests, retries, waves,
 * roundTrips, resourceUnits }` (the Graph traffic of this operation, and what Graph charged for
 * it) when the context asks for it.
 */
export function graphStatsPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (!contextValue.reportGraphStats || response.body.kind !== 'single') return;
          const { httpRequests, batchRequests, subRequests, retries, waves, roundTrips, resourceUnits } =
            contextValue.graph.stats();
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            graphStats: { httpRequests, batchRequests, subRequests, retries, waves, roundTrips, resourceUnits },
          };
        },
      };
    },
  };
}
