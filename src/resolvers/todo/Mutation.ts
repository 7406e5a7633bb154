import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { taskModel } from '../../models/todo';
import { newTodoTaskBody, taskOwnerOf, todoTaskChangesBody } from './task-input';

export const Mutation: Pick<MutationResolvers, 'createOutlookTask' | 'updateOutlookTask' | 'deleteOutlookTask'> = {
  createOutlookTask: async (_root, { input }, context) => {
    const owner = taskOwnerOf(input.userId, context, 'createOutlookTask');
    const task = await context.graph.createTodoTask(owner, input.listId, newTodoTaskBody(input));
    return { task: taskModel(task, owner, input.listId) };
  },
  updateOutlookTask: async (_root, { input }, context) => {
    const owner = taskOwnerOf(input.userId, context, 'updateOutlookTask');
    const task = await context.graph.updateTodoTask(owner, input.listId, input.id, todoTaskChangesBody(input));
    return { task: taskModel(task, owner, input.listId) };
  },
  deleteOutlookTask: async (_root, { input }, context) => {
    const owner = taskOwnerOf(input.userId, context, 'deleteOutlookTask');
    await context.graph.deleteTodoTask(owner, input.listId, input.id);
    return { id: input.id };
  },
};
