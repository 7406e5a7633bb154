import type { OutlookTaskChangeResolvers } from '../../__generated__/resolvers-types';
import { taskModel } from '../../models/todo';
import { changedEntity } from './changed-entity';

export const OutlookTaskChange: OutlookTaskChangeResolvers = {
  changeType: (change) => change.changeType,
  taskId: (change) => change.taskId,
  task: (change, _args, { graph, analysis }, info) =>
    changedEntity(change, async () => {
      const task = await graph.getTodoTask(
        change.owner,
        change.listId,
        change.taskId,
        analysis.of(info).selects.todoTask,
      );
      return task ? taskModel(task, change.owner, change.listId) : null;
    }),
};
