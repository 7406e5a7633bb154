import type { UserResolvers } from '../../__generated__/resolvers-types';
import { statusToGraph } from './enums';
import { listModel, taskModel } from '../../models/todo';
import { firstOrDefault, NESTED_LIST_DEFAULT_FIRST } from '../paging';
import { userReads } from '../relationship-reads';

export const User: Pick<UserResolvers, 'outlookTaskLists' | 'outlookTasks'> = {
  outlookTaskLists: async (user, args, context, info) => {
    const lists = await userReads.outlookTaskLists(user.id, args, context, info);
    const owner = user.id;
    const wanted = args.id === undefined || args.id === null ? lists : lists.filter((list) => list.id === args.id);
    return wanted.map((list) => listModel(list, owner));
  },
  outlookTasks: async (user, args, context, info) => {
    const first = firstOrDefault(args.first, NESTED_LIST_DEFAULT_FIRST);
    const owner = user.id;
    const { todoTask } = context.analysis.of(info).selects;
    const lists = await userReads.outlookTaskLists(user.id, args, context, info);
    // Every list's first `first` tasks in one wave; the answer takes `first` of them in list order.
    const pages = await Promise.all(
      lists.map((list) =>
        context.graph.listTodoTasks(owner, list.id, {
          select: todoTask,
          page: { first },
          ...(args.status ? { status: statusToGraph(args.status) } : {}),
        }),
      ),
    );
    return pages
      .flatMap((page, index) => page.items.map((task) => taskModel(task, owner, lists[index].id)))
      .slice(0, first);
  },
};
