import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { GraphApiError } from '../../graph/errors';
import { badUserInput } from '../../errors';
import { newTodoTaskBody, taskOwnerOf, todoTaskChangesBody } from '../todo/task-input';
import { taskModel } from '../../models/todo';
import { newPlannerTaskBody, plannerTaskChangesBody } from './task-input';

export const Mutation: MutationResolvers = {
  createPlannerTask: async (_root, { input }, { graph }) => {
    const body = newPlannerTaskBody(input);
    try {
      return { task: await graph.createPlannerTask(body) };
    } catch (error) {
      // POST /planner/tasks answers 404 when the plan in the body does not exist.
      if (error instanceof GraphApiError && error.status === 404) {
        throw badUserInput(`There is no plan with id '${input.planId}' (Planner answered 404).`, { argument: 'planId' });
      }
      throw error;
    }
  },
  updatePlannerTask: async (_root, { input }, { graph }) => {
    const changes = plannerTaskChangesBody(input);
    return { task: await graph.updatePlannerTask(input.id, input.etag, changes) };
  },
  deletePlannerTask: async (_root, { input }, { graph }) => {
    await graph.deletePlannerTask(input.id, input.etag);
    return { id: input.id };
  },

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
