import type { UserResolvers } from '../../__generated__/resolvers-types';
import { userReads } from '../relationship-reads';

export const User: Pick<UserResolvers, 'plannerTasks'> = {
  plannerTasks: (user, args, context, info) => userReads.plannerTasks.connection(user.id, args, context, info),
};
