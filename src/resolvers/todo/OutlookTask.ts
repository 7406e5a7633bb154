import type { OutlookTaskListResolvers, OutlookTaskResolvers } from '../../__generated__/resolvers-types';
import { utcFromTodoDateTime } from '../../graph/todo-date-time';
import { bodyTypeFromGraph, importanceFromGraph, statusFromGraph, statusToGraph, wellknownListNameFromGraph } from './enums';
import { listModel, taskModel } from '../../models/todo';
import { loadConnection, NESTED_LIST_DEFAULT_FIRST } from '../paging';
import { missing } from '../shared/graph-answers';

export const OutlookTaskList: OutlookTaskListResolvers = {
  displayName: (list) => list.displayName ?? '',
  isOwner: (list) => list.isOwner ?? true,
  isShared: (list) => list.isShared ?? false,
  wellknownListName: (list) => wellknownListNameFromGraph(list.wellknownListName),
  tasks: (list, args, { graph, selects }, info) =>
    loadConnection(args, NESTED_LIST_DEFAULT_FIRST, async (page) => {
      const tasks = await graph.listTodoTasks(list.owner, list.id, {
        select: selects(info).todoTask,
        page,
        ...(args.status ? { status: statusToGraph(args.status) } : {}),
      });
      return { ...tasks, items: tasks.items.map((task) => taskModel(task, list.owner, list.id)) };
    }),
};

export const OutlookTask: OutlookTaskResolvers = {
  title: (task) => task.title ?? '',
  status: (task) => statusFromGraph(task.status),
  importance: (task) => importanceFromGraph(task.importance),
  body: (task) => (task.body ? { content: task.body.content ?? '', contentType: bodyTypeFromGraph(task.body.contentType) } : null),
  isReminderOn: (task) => task.isReminderOn ?? false,
  reminderDateTime: (task) => utcFromTodoDateTime(task.reminderDateTime),
  startDateTime: (task) => utcFromTodoDateTime(task.startDateTime),
  dueDateTime: (task) => utcFromTodoDateTime(task.dueDateTime),
  completedDateTime: (task) => utcFromTodoDateTime(task.completedDateTime),
  categories: (task) => task.categories ?? [],
  list: async (task, _args, { graph, selects }, info) => {
    const list = await graph.getTodoTaskList(task.owner, task.listId, selects(info).todoTaskList);
    if (!list) throw missing(`The list of task '${task.id}'`);
    return listModel(list, task.owner);
  },
};
