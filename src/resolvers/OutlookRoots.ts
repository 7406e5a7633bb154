/** Where To Do hangs off `User`: `outlookTaskLists` and `outlookTasks` (across the user's lists). */
import type { UserResolvers } from '../__generated__/resolvers-types';
import type { TaskOwner } from '../graph/client';
import { statusToGraph } from './OutlookEnums';
import { listModel, taskModel } from './OutlookModels';
import { checkFirst, NESTED_LIST_DEFAULT_FIRST } from './paging';

export const outlookUserFields: UserResolvers = {
  outlookTaskLists: async (user, _args, { graph, selects }, info) => {
    const owner: TaskOwner = { userId: user.id };
    const lists = await graph.listTodoTaskLists(owner, selects(info).todoTaskList);
    return lists.map((list) => listModel(list, owner));
  },
  outlookTasks: async (user, args, { graph, selects }, info) => {
    const first = checkFirst(args.first, NESTED_LIST_DEFAULT_FIRST);
    const owner: TaskOwner = { userId: user.id };
    const { todoTaskList, todoTask } = selects(info);
    const lists = await graph.listTodoTaskLists(owner, todoTaskList);
    // Every list's first `first` tasks in one wave; the answer takes `first` of them in list order.
    const pages = await Promise.all(
      lists.map((list) =>
        graph.listTodoTasks(owner, list.id, { select: todoTask, page: { first }, ...(args.status ? { status: statusToGraph(args.status) } : {}) }),
      ),
    );
    return pages.flatMap((page, index) => page.items.map((task) => taskModel(task, owner, lists[index].id))).slice(0, first);
  },
};
