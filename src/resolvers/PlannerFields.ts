/** What Planner and To Do resolvers share: keys of federation references, identity sets, missing parents. */
import type * as Graph from '@microsoft/microsoft-graph-types';
import { GraphQLError } from 'graphql';
import type { Context } from '../context';
import type { GraphUser } from '../graph/client';
import { badUserInput, ErrorCode } from '../errors';

export function referenceId(reference: { id?: unknown }, typeName: string): string {
  if (typeof reference.id === 'string' && reference.id !== '') return reference.id;
  throw badUserInput(`A ${typeName} reference needs its key: id.`);
}

/** The user of a Planner identity set (`createdBy`, `completedBy`); null when an application acted. */
export function userOfIdentitySet(
  identity: Graph.IdentitySet | null | undefined,
  { graph }: Context,
  select: readonly string[],
): Promise<GraphUser | null> | null {
  const id = identity?.user?.id;
  return typeof id === 'string' && id !== '' ? graph.getUser(id, select) : null;
}

/** A non-null relationship Graph no longer answers (the plan of a task deleted meanwhile...). */
export function missing(what: string): GraphQLError {
  return new GraphQLError(`${what} was not found in Microsoft Graph.`, { extensions: { code: ErrorCode.NOT_FOUND } });
}

/** Graph's `@odata.etag`, which every Planner and To Do entity carries. */
export function etagOf(entity: { '@odata.etag'?: string }, what: string): string {
  const etag = entity['@odata.etag'];
  if (typeof etag !== 'string') throw new GraphQLError(`Microsoft Graph answered ${what} without an etag.`, { extensions: { code: ErrorCode.GRAPH_ERROR } });
  return etag;
}
