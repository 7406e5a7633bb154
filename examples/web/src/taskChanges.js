import { BOARD_TASK } from './operations.js';

/**
 * Applies one `plannerTaskChanged` event of plan `planId` to the Apollo cache, so every query
 * showing the plan's tasks re-renders without asking the gateway again:
 * - UPDATED: the task's entity (normalized by id) gets the fresh fields;
 * - CREATED: the task is written and appended to the plan's `tasks` lists;
 * - DELETED (or `task` null: no longer visible): the task leaves the plan's lists and the cache.
 */
export function applyTaskChange(cache, planId, { changeType, taskId, task }) {
  const plan = cache.identify({ __typename: 'PlannerPlan', id: planId });
  if (changeType === 'DELETED' || task === null) {
    cache.modify({
      id: plan,
      fields: {
        tasks: (connection, { readField }) => ({
          ...connection,
          nodes: connection.nodes.filter((node) => node === null || readField('id', node) !== taskId),
        }),
      },
    });
    cache.evict({ id: cache.identify({ __typename: 'PlannerTask', id: taskId }) });
    cache.gc();
    return;
  }
  const ref = cache.writeFragment({ fragment: BOARD_TASK, data: task });
  if (changeType !== 'CREATED') return;
  cache.modify({
    id: plan,
    fields: {
      // Every `tasks(...)` list of the plan; a task already there (an UPDATED seen first) stays once.
      tasks: (connection, { readField }) =>
        connection.nodes.some((node) => node !== null && readField('id', node) === taskId)
          ? connection
          : { ...connection, nodes: [...connection.nodes, ref] },
    },
  });
}
