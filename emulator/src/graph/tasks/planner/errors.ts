/**
 * Planner's own error bodies. Planner answers with an empty `code` and a message
 * (graph-api.md §7, observed in docs-contrib#7153 and pnp/pnpjs#841/#1033).
 */
import { graphError } from '../../../http/errors';
import type { GraphReply } from '../../../http/types';

export function plannerError(status: number, message: string): GraphReply {
  return graphError(status, '', message);
}

/** Unknown plan, bucket or task id (also a task deleted earlier). */
export function plannerNotFound(): GraphReply {
  return plannerError(404, 'The requested item is not found.');
}

/** A delegated caller outside the plan's group, or reading another user's Planner tasks. */
export function plannerForbidden(): GraphReply {
  return plannerError(403, 'You do not have the required permissions to access this item.');
}

export function plannerBadRequest(message: string): GraphReply {
  return plannerError(400, message);
}

export const IF_MATCH_MISSING = 'The If-Match header must be specified for this kind of request.';
export const IF_MATCH_INVALID = 'The If-Match header contains an invalid value.';
/**
 * Graph answers a conflicting change with 409 and this message, and may accept a stale etag
 * whose change does not conflict. The emulator refuses every stale etag with 412 and this
 * message (clients must re-read on both 409 and 412).
 */
export const IF_MATCH_STALE =
  'The attempted changes conflicted with already accepted changes. Read the latest state and resolve differences.';

/**
 * Unknown properties are refused by the OData layer before Planner sees the request, hence
 * OData's `BadRequest` code rather than Planner's empty one.
 */
export function unknownProperty(name: string, type: string): GraphReply {
  return graphError(
    400,
    'BadRequest',
    `The property '${name}' does not exist on type 'microsoft.graph.${type}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
  );
}
