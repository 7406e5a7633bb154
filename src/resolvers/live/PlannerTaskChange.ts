import type { PlannerTaskChangeResolvers } from '../../__generated__/resolvers-types';
import { GraphApiError } from '../../graph/errors';
import { entityReads } from '../entity-reads';

export const PlannerTaskChange: PlannerTaskChangeResolvers = {
  changeType: (change) => change.changeType,
  taskId: (change) => change.taskId,
  async task(change, _args, context, info) {
    // A deleted task is gone: no read to spend.
    if (change.changeType === 'DELETED') return null;
    try {
      return await entityReads.plannerTask(change.taskId, context, info);
    } catch (error) {
      // No longer visible to this subscriber: the change is still reported, without the task.
      if (error instanceof GraphApiError && error.kind === 'http' && error.status === 403) return null;
      throw error;
    }
  },
};
