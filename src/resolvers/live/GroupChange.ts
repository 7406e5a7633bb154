import type { GroupChangeResolvers } from '../../__generated__/resolvers-types';
import { entityReads } from '../entity-reads';
import { changedEntity } from './changed-entity';

export const GroupChange: GroupChangeResolvers = {
  changeType: (change) => change.changeType,
  groupId: (change) => change.groupId,
  group: (change, _args, context, info) =>
    changedEntity(change, () => entityReads.group(change.groupId, context, info)),
};
