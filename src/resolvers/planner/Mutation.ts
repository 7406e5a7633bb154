import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { GraphApiError } from '../../graph/errors';
import { badUserInput } from '../../errors';
import { newPlannerTaskBody, plannerTaskChangesBody } from './task-input';

export const Mutation: Pick<MutationResolvers, 'createPlannerTask' | 'updatePlannerTask' | 'deletePlannerTask'> = {
  createPlannerTask: async (_root, { input }, { graph }) => {
    const body = newPlannerTaskBody(input);
    try {
      return { task: await graph.createPlannerTask(body) };
    } catch (error) {
      // POST /planner/tasks answers 404 when the plan in the body does not exist.
      if (error instanceof GraphApiError && error.status === 404) {
        throw badUserInput(`There is no plan with id '${input.planId}' (Planner answered 404).`, {
          argument: 'planId',
        });
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
};
