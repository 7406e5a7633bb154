import { useSubscription } from '@apollo/client/react';
import { BOARD_TASK, PLAN_TASK_CHANGED, TODO_TASK, TODO_TASK_CHANGED } from './operations.js';

/**
 * A kind of task list the app keeps live: the list's and the task's types in the cache, the
 * fields every view shows of a task, and the subscription that reports the list's changes.
 */
export const PLAN_TASKS = {
  listType: 'PlannerPlan',
  taskType: 'PlannerTask',
  fragment: BOARD_TASK,
  subscription: PLAN_TASK_CHANGED,
  variables: (planId) => ({ planId }),
  event: 'plannerTaskChanged',
};

export const TODO_TASKS = {
  listType: 'OutlookTaskList',
  taskType: 'OutlookTask',
  fragment: TODO_TASK,
  subscription: TODO_TASK_CHANGED,
  variables: (listId) => ({ listId }),
  event: 'outlookTaskChanged',
};

/**
 * Applies one change event of the list `listId` (a plan or a To Do list, as `kind` says) to the
 * Apollo cache, so every query showing the list's tasks re-renders without asking the gateway again:
 * - UPDATED: the task's entity (normalized by id) gets the fresh fields;
 * - CREATED: the task is written and appended to the list's `tasks` connections;
 * - DELETED (or `task` null: no longer visible): the task leaves the list's connections and the cache.
 */
export function applyTaskChange(cache, kind, listId, { changeType, taskId, task }) {
  const list = cache.identify({ __typename: kind.listType, id: listId });
  if (changeType === 'DELETED' || task === null) {
    cache.modify({
      id: list,
      fields: {
        tasks: (connection, { readField }) => ({
          ...connection,
          nodes: connection.nodes.filter((node) => node === null || readField('id', node) !== taskId),
        }),
      },
    });
    cache.evict({ id: cache.identify({ __typename: kind.taskType, id: taskId }) });
    cache.gc();
    return;
  }
  const ref = cache.writeFragment({ fragment: kind.fragment, data: task });
  if (changeType !== 'CREATED') return;
  cache.modify({
    id: list,
    fields: {
      // Every `tasks(...)` connection of the list; a task already there (an UPDATED seen first) stays once.
      tasks: (connection, { readField }) =>
        connection.nodes.some((node) => node !== null && readField('id', node) === taskId)
          ? connection
          : { ...connection, nodes: [...connection.nodes, ref] },
    },
  });
}

/** Keeps the list `listId` of `kind` current while the component is mounted; returns the subscription's state. */
export function useTaskChanges(kind, listId) {
  return useSubscription(kind.subscription, {
    variables: kind.variables(listId),
    onData: ({ client, data }) => {
      if (data.data) applyTaskChange(client.cache, kind, listId, data.data[kind.event]);
    },
  });
}
