import type { OutlookTaskResolvers } from '../../__generated__/resolvers-types';
import { utcFromTodoDateTime } from '../../graph/todo-date-time';
import { bodyTypeFromGraph, importanceFromGraph, statusFromGraph } from './enums';
import { listModel } from '../../models/todo';
import { missing } from '../shared/graph-answers';

export const OutlookTask: OutlookTaskResolvers = {
  title: (task) => task.title ?? '',
  status: (task) => statusFromGraph(task.status),
  importance: (task) => importanceFromGraph(task.importance),
  body: (task) =>
    task.body ? { content: task.body.content ?? '', contentType: bodyTypeFromGraph(task.body.contentType) } : null,
  isReminderOn: (task) => task.isReminderOn ?? false,
  reminderDateTime: (task) => utcFromTodoDateTime(task.reminderDateTime),
  startDateTime: (task) => utcFromTodoDateTime(task.startDateTime),
  dueDateTime: (task) => utcFromTodoDateTime(task.dueDateTime),
  completedDateTime: (task) => utcFromTodoDateTime(task.completedDateTime),
  categories: (task) => task.categories ?? [],
  list: async (task, _args, { graph, analysis }, info) => {
    const list = await graph.getTodoTaskList(task.owner, task.listId, analysis.of(info).selects.todoTaskList);
    if (!list) throw missing(`The list of task '${task.id}'`);
    return listModel(list, task.owner);
  },
};
