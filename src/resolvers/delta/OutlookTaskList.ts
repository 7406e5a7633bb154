import type { OutlookTaskListResolvers } from '../../__generated__/resolvers-types';
import { taskModel } from '../../models/todo';

/** `tasksDelta`: one Graph page of the list's tasks delta round; the tasks carry their list, as `tasks` does. */
export const OutlookTaskList: Pick<OutlookTaskListResolvers, 'tasksDelta'> = {
  tasksDelta: async (list, { token }, { graph }) => {
    const page = await graph.todoTasksDelta(list.owner, list.id, token ?? null);
    return { ...page, changed: page.changed.map((task) => taskModel(task, list.owner, list.id)) };
  },
};
