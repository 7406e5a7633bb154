import type { GroupResolvers, GroupVisibility } from '../../__generated__/resolvers-types';
import { referenceId, referenceResolver } from '../shared/reference';
import { entityReads } from '../entity-reads';
import { groupReads } from '../relationship-reads';

// Graph spells the values `Public`, `Private`, `Hiddenmembership`; compared case-insensitively.
const VISIBILITY_FROM_GRAPH: Readonly<Record<string, GroupVisibility>> = {
  public: 'PUBLIC',
  private: 'PRIVATE',
  hiddenmembership: 'HIDDEN_MEMBERSHIP',
};

export const Group: Pick<GroupResolvers, '__resolveReference' | 'groupTypes' | 'visibility' | 'members' | 'owners'> = {
  __resolveReference: referenceResolver((reference) => referenceId(reference, 'Group'), entityReads.group),
  groupTypes: (group) => group.groupTypes ?? [],
  visibility: (group) => (group.visibility ? (VISIBILITY_FROM_GRAPH[group.visibility.toLowerCase()] ?? null) : null),
  members: (group, args, context, info) => groupReads.members.connection(group.id, args, context, info),
  owners: (group, args, context, info) => groupReads.owners.connection(group.id, args, context, info),
};
