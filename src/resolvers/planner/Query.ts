import type { QueryResolvers } from '../../__generated__/resolvers-types';
import { entityReads } from '../entity-reads';

export const Query: Pick<QueryResolvers, 'plannerPlan' | 'plannerTask'> = {
  plannerPlan: (_root, { id }, context, info) => entityReads.plannerPlan(id, context, info),
  plannerTask: (_root, { id }, context, info) => entityReads.plannerTask(id, context, info),
};
