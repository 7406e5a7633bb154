import type { OutlookTaskChangeResolvers } from '../../__generated__/resolvers-types';
import { GraphApiError } from '../../graph/errors';
import { taskModel } from '../../models/todo';

export const OutlookTaskChange: OutlookTaskChangeResolvers = {
  changeType: (change) => change.changeType,
  taskId: (change) => change.taskId,
  async task(change, _args, { graph, analysis }, info) {
    // A deleted task is gone: no read to spend.
    if (change.changeType === 'DELETED') return null;
    try {
      const task = await graph.getTodoTask(
        change.owner,
        change.listId,
        change.taskId,
        analysis.of(info).selects.todoTask,
      );
      return task ? taskModel(task, change.owner, change.listId) : null;
    } catch (error) {
      // No longer visible to this subscriber: the change is still reported, without the task.
      if (error instanceof GraphApiError && error.kind === 'http' && error.status === 403) return null;
      throw error;
    }
  },
};
