import type * as Graph from '@microsoft/microsoft-graph-types';
import type { Context } from '../../context';
import type { GraphUser } from '../../graph/client';

/** The user of a Planner identity set (`createdBy`, `completedBy`); null when an application acted. */
export function userOfIdentitySet(
  identity: Graph.IdentitySet | null | undefined,
  { graph }: Context,
  select: readonly string[],
): Promise<GraphUser | null> | null {
  const id = identity?.user?.id;
  return typeof id === 'string' && id !== '' ? graph.getUser(id, select) : null;
}
