import type { FederationReferenceTypes, GroupResolvers, GroupVisibility } from '../__generated__/resolvers-types';
import { badUserInput } from '../errors';
import { loadConnection, NESTED_LIST_DEFAULT_FIRST } from './paging';
import { prefetchGroupChildren } from './prefetch';

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
  members: (group, args, { graph, selects }, info) =>
    loadConnection(args, NESTED_LIST_DEFAULT_FIRST, (page) =>
      graph.listGroupMembers(group.id, { select: selects(info).directoryObject, page }),
    ),
  owners: (group, args, { graph, selects }, info) =>
    loadConnection(args, NESTED_LIST_DEFAULT_FIRST, (page) =>
      graph.listGroupOwners(group.id, { select: selects(info).directoryObject, page }),
    ),
};
