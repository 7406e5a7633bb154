import type { PlannerTaskChangeResolvers } from '../../__generated__/resolvers-types';
import { entityReads } from '../entity-reads';
import { changedEntity } from './changed-entity';

export const PlannerTaskChange: PlannerTaskChangeResolvers = {
  changeType: (change) => change.changeType,
  taskId: (change) => change.taskId,
  task: (change, _args, context, info) =>
    changedEntity(change, () => entityReads.plannerTask(change.taskId, context, info)),
};
