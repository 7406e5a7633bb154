/**
 * To Do lists and tasks as the resolvers carry them: Graph's object plus whose To Do it came
 * from (and, for a task, its list), since every later read of it (`tasks`, `list`) needs the path.
 */
import type { GraphTodoTask, GraphTodoTaskList, UserRef } from '../graph/client';

export type OutlookTaskListModel = GraphTodoTaskList & { owner: UserRef };
export type OutlookTaskModel = GraphTodoTask & { owner: UserRef; listId: string };

export function listModel(list: GraphTodoTaskList, owner: UserRef): OutlookTaskListModel {
  return { ...list, owner };
}

export function taskModel(task: GraphTodoTask, owner: UserRef, listId: string): OutlookTaskModel {
  return { ...task, owner, listId };
}
