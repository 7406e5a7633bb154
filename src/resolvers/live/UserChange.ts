import type { UserChangeResolvers } from '../../__generated__/resolvers-types';
import { GraphApiError } from '../../graph/errors';
import { entityReads } from '../entity-reads';

export const UserChange: UserChangeResolvers = {
  changeType: (change) => change.changeType,
  userId: (change) => change.userId,
  async user(change, _args, context, info) {
    // A deleted user is gone: no read to spend.
    if (change.changeType === 'DELETED') return null;
    try {
      return await entityReads.user(change.userId, context, info);
    } catch (error) {
      // No longer visible to this subscriber: the change is still reported, without the user.
      if (error instanceof GraphApiError && error.kind === 'http' && error.status === 403) return null;
      throw error;
    }
  },
};
