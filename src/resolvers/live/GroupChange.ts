import type { GroupChangeResolvers } from '../../__generated__/resolvers-types';
import { GraphApiError } from '../../graph/errors';
import { entityReads } from '../entity-reads';

export const GroupChange: GroupChangeResolvers = {
  changeType: (change) => change.changeType,
  groupId: (change) => change.groupId,
  async group(change, _args, context, info) {
    // A deleted group is gone: no read to spend.
    if (change.changeType === 'DELETED') return null;
    try {
      return await entityReads.group(change.groupId, context, info);
    } catch (error) {
      // No longer visible to this subscriber: the change is still reported, without the group.
      if (error instanceof GraphApiError && error.kind === 'http' && error.status === 403) return null;
      throw error;
    }
  },
};
