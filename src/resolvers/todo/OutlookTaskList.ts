import type { OutlookTaskListResolvers } from '../../__generated__/resolvers-types';
import { statusToGraph, wellknownListNameFromGraph } from './enums';
import { taskModel } from '../../models/todo';
import { loadConnection, mapPage, NESTED_LIST_DEFAULT_FIRST } from '../paging';

export const OutlookTaskList: OutlookTaskListResolvers = {
  displayName: (list) => list.displayName ?? '',
  isOwner: (list) => list.isOwner ?? true,
  isShared: (list) => list.isShared ?? false,
  wellknownListName: (list) => wellknownListNameFromGraph(list.wellknownListName),
  tasks: (list, args, { graph, analysis }, info) =>
    loadConnection(args, NESTED_LIST_DEFAULT_FIRST, async (page) => {
      const tasks = await graph.listTodoTasks(list.owner, list.id, {
        select: analysis.of(info).selects.todoTask,
        page,
        ...(args.status ? { status: statusToGraph(args.status) } : {}),
      });
      return mapPage(tasks, (task) => taskModel(task, list.owner, list.id));
    }),
};
