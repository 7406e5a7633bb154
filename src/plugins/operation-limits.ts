/**
 * Analyses each operation once Apollo has parsed and validated it (`src/analysis`), before the
 * context's Graph client sees a single call, and refuses it with HTTP 400 when a `first` is out
 * of Graph's page-size range (BAD_USER_INPUT) or it is over the depth, alias, representation or
 * cost limit (QUERY_TOO_COMPLEX). The analysis is then handed to the context, whose resolvers
 * read their `$select` lists and prefetch decisions from it. At start-up, checks that every list
 * of the schema declares its size and every selectable field its Graph property.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { analyseOperation, checkGraphPropertyTables, listSizesOf, requestOperationInput } from '../analysis';
import type { Context } from '../context';
import { operationRefusal } from '../limits/operation-refusal';
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
          const refusal = operationRefusal(analysis, limits);
          if (refusal) throw refusal;
          contextValue.analysis.record(operation, analysis);
        },
      };
    },
  };
}
