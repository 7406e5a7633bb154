/**
 * One JSON log line and the metrics of every GraphQL operation: request id (the caller's
 * `x-request-id` or a new one, echoed in the response header), operation type and name,
 * duration, the operation's Graph traffic and the error codes returned. Nothing from the
 * request body, headers or variables is logged, so no token or secret can leak through here.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { Context } from '../context';
import type { Logger } from '../logger';
import type { GatewayMetrics } from '../observability/metrics';
import { REQUEST_ID_HEADER, requestIdFrom } from '../observability/request-id';

function errorCodes(errors: readonly GraphQLFormattedError[] | undefined): string[] {
  return (errors ?? []).map((error) => {
    const code = error.extensions?.code;
    return typeof code === 'string' ? code : 'UNKNOWN';
  });
}

export function operationLogPlugin(logger: Logger, metrics: GatewayMetrics): ApolloServerPlugin<Context> {
  return {
    async contextCreationDidFail({ error }) {
      const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
      metrics.error(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
    },
    async requestDidStart({ request }) {
      const started = process.hrtime.bigint();
      const requestId = requestIdFrom(request.http?.headers.get(REQUEST_ID_HEADER));
      return {
        async willSendResponse({ response, contextValue, operation, operationName }) {
          response.http.headers.set(REQUEST_ID_HEADER, requestId);
          const durationSeconds = Number(process.hrtime.bigint() - started) / 1e9;
          const codes = response.body.kind === 'single' ? errorCodes(response.body.singleResult.errors) : [];
          const stats = contextValue.graph.stats();
          const type = operation?.operation ?? 'unknown';
          const name = operation ? (operationName ?? null) : null;
          metrics.operation({
            type,
            name,
            succeeded: operation !== undefined && codes.length === 0,
            persisted: request.extensions?.persistedQuery !== undefined,
            caller: contextValue.principal ?? null,
            durationSeconds,
            errorCodes: codes,
            graphRetries: stats.retries,
          });
          logger.info('graphql operation', {
            requestId,
            operationType: type,
            operationName: name,
            durationMs: Math.round(durationSeconds * 1e4) / 10,
            graph: stats,
            ...(codes.length > 0 ? { errorCodes: codes } : {}),
          });
        },
      };
    },
  };
}
