import type { FederationReferenceTypes, GroupResolvers, GroupVisibility } from '../__generated__/resolvers-types';
import { badUserInput } from '../errors';
import { prefetchGroupChildren } from './prefetch';
import { groupReads } from './relationship-reads';

function groupKey(reference: FederationReferenceTypes['Group']): string {
  const id: unknown = reference.id;
  if (typeof id === 'string' && id !== '') return id;
  throw badUserInput('A Group reference needs its key: id.');
}

// Graph spells the values `Public`, `Private`, `Hiddenmembership`; compared case-insensitively.
const VISIBILITY_FROM_GRAPH: Readonly<Record<string, GroupVisibility>> = {
  public: 'PUBLIC',
  private: 'PRIVATE',
  hiddenmembership: 'HIDDEN_MEMBERSHIP',
};

export const Group: GroupResolvers = {
  __resolveReference: async (reference, context, info) => {
    const id = groupKey(reference);
    const group = context.graph.getGroup(id, context.selects(info).group);
    prefetchGroupChildren(id, context, info);
    return group;
  },
  groupTypes: (group) => group.groupTypes ?? [],
  visibility: (group) => (group.visibility ? (VISIBILITY_FROM_GRAPH[group.visibility.toLowerCase()] ?? null) : null),
  members: (group, args, context, info) => groupReads.members.connection(group.id, args, context, info),
  owners: (group, args, context, info) => groupReads.owners.connection(group.id, args, context, info),
};
