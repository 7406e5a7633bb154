/**
 * The response guard of the runtime caps: GATEWAY_MAX_RESULT_NODES (counted while the operation
 * runs, `limits/result-nodes.ts`) and GATEWAY_MAX_RESPONSE_BYTES (checked here, on the serialized
 * response before it is sent). The response is serialized once: here, and Apollo's
 * `stringifyResult` hands on the same text.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import type { Context } from '../context';
import { limitExtensions, limitMessage } from '../limits/errors';
import { resultNodesExceeded } from '../limits/result-nodes';
import type { OperationLimits } from '../limits/settings';

/** Serialized responses, by their `data`, so that `stringifyResult` does not serialize twice. */
const serialized = new WeakMap<object, { errors: unknown; extensions: unknown; text: string }>();

function serialize(result: FormattedExecutionResult): string {
  // Apollo's own order and trailing newline.
  return JSON.stringify({ errors: result.errors, data: result.data, extensions: result.extensions }) + '\n';
}

/** Apollo's `stringifyResult`: the text the response guard measured, else a fresh serialization. */
export function stringifyResult(value: FormattedExecutionResult): string {
  const known = value.data ? serialized.get(value.data) : undefined;
  if (known && known.errors === value.errors && known.extensions === value.extensions) return known.text;
  return serialize(value);
}

/**
 * Ends an operation that passed a runtime cap with QUERY_TOO_COMPLEX alone (HTTP 400): partial
 * data of a runaway operation helps nobody. Must come after every plugin that changes the
 * response in `willSendResponse` (Graph statistics, inline traces).
 */
export function resultGuardPlugin(limits: OperationLimits): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          let exceeded = resultNodesExceeded(contextValue);
          if (!exceeded) {
            const text = serialize(result);
            const bytes = Buffer.byteLength(text, 'utf8');
            if (bytes > limits.maxResponseBytes)
              exceeded = { limit: 'maxResponseBytes', value: bytes, max: limits.maxResponseBytes };
            else if (result.data)
              serialized.set(result.data, { errors: result.errors, extensions: result.extensions, text });
          }
          if (!exceeded) return;
          response.body.singleResult = {
            errors: [{ message: limitMessage(exceeded), extensions: limitExtensions(exceeded) }],
            ...(result.extensions ? { extensions: result.extensions } : {}),
          };
          response.http.status = 400;
        },
      };
    },
  };
}
