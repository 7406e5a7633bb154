/** Checks on what Graph answered, shared by Planner and To Do: a relationship that is gone, an entity without its etag. */
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../errors';

/** A non-null relationship Graph no longer answers (the plan of a task deleted meanwhile...). */
export function missing(what: string): GraphQLError {
  return new GraphQLError(`${what} was not found in Microsoft Graph.`, { extensions: { code: ErrorCode.NOT_FOUND } });
}

/** Graph's `@odata.etag`, which every Planner and To Do entity carries. */
export function etagOf(entity: { '@odata.etag'?: string }, what: string): string {
  const etag = entity['@odata.etag'];
  if (typeof etag !== 'string')
    throw new GraphQLError(`Microsoft Graph answered ${what} without an etag.`, {
      extensions: { code: ErrorCode.GRAPH_ERROR },
    });
  return etag;
}
