import type { UserChangeResolvers } from '../../__generated__/resolvers-types';
import { entityReads } from '../entity-reads';
import { changedEntity } from './changed-entity';

export const UserChange: UserChangeResolvers = {
  changeType: (change) => change.changeType,
  userId: (change) => change.userId,
  user: (change, _args, context, info) => changedEntity(change, () => entityReads.user(change.userId, context, info)),
};
