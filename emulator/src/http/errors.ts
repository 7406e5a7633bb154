/**
 * Graph's error body: `{"error":{"code","message","innerError":{date, request-id,
 * client-request-id}}}`. Handlers return `graphError(...)`; the dispatcher fills in the
 * innerError's ids and date for the call that produced it (so batch steps get their own).
 */
import type { GraphReply } from './types';

export interface GraphErrorBody {
  error: { code: string; message: string; innerError?: Record<string, unknown> };
}

export function graphError(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): GraphReply {
  const body: GraphErrorBody = { error: { code, message } };
  return { status, headers, body };
}

/** Graph's 404 for a missing directory object or navigation target (`'manager'`, an id, a UPN). */
export function resourceNotFound(resource: string): GraphReply {
  return graphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${resource}' does not exist or one of its queried reference-property objects are not present.`,
  );
}
