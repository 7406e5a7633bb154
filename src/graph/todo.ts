/**
 * Microsoft To Do through the client (`/me/todo/...` or `/users/{id}/todo/...`). Reads join the
 * operation's wave and by-id cache (lists and tasks listed prime their by-id reads); a status
 * filter travels as `$filter=status eq '...'`. Writes go out alone; To Do needs no `If-Match`.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { GraphClient, GraphTodoTask, GraphTodoTaskList, UserRef } from './client';
import { isDeltaSegment, type DeltaFeed, type DeltaReader } from './delta';
import { typedAs, type EntityRead } from './entity-cache';
import { GraphInputError } from './errors';
import { entityPath, filterFor } from './odata';
import { entityOf } from './response';
import { collection, expectStatus, WHOLE_SMALL_COLLECTION, type TaskApiDeps } from './task-api';

export type TodoApi = Pick<
  GraphClient,
  | 'listTodoTaskLists'
  | 'getTodoTaskList'
  | 'listTodoTasks'
  | 'getTodoTask'
  | 'createTodoTask'
  | 'updateTodoTask'
  | 'deleteTodoTask'
  | 'todoTasksResource'
  | 'todoTasksDelta'
>;

export const TODO_TASK_STATUSES: readonly Graph.TaskStatus[] = [
  'notStarted',
  'inProgress',
  'completed',
  'waitingOnOthers',
  'deferred',
];

const statusFilter = filterFor(['status']);

/** `$filter` for the tasks in one status. */
export function todoStatusFilter(status: Graph.TaskStatus): string {
  if (!TODO_TASK_STATUSES.includes(status)) {
    throw new GraphInputError(
      'status',
      `status must be one of ${TODO_TASK_STATUSES.join(', ')}, got '${String(status)}'.`,
    );
  }
  return statusFilter.eq('status', status);
}

const TASK_LIST: EntityRead<GraphTodoTaskList> = { notFound: 'null', kind: null };
const TASK: EntityRead<GraphTodoTask> = { notFound: 'null', kind: null };

/**
 * Whether a link names the list's tasks delta. Graph answers a `/me/...` call with links under
 * `/users/{id}/...`, and a call by user principal name with the user's id, so the owner segment
 * is not compared: the list id is, and only the link's token is used.
 */
function ownsTasksDeltaLink(listId: string, segments: readonly string[]): boolean {
  const [root, ...rest] = segments;
  const below = root === 'me' ? rest : root === 'users' ? rest.slice(1) : [];
  return (
    below.length === 5 &&
    below[0] === 'todo' &&
    below[1] === 'lists' &&
    below[2] === listId &&
    below[3] === 'tasks' &&
    isDeltaSegment(below[4])
  );
}

export function createTodoApi(deps: TaskApiDeps, deltas: DeltaReader): TodoApi {
  const { writer } = deps;
  const listsPath = (owner: UserRef) => `${deps.owners.pathOf(owner)}/todo/lists`;
  const listPath = (owner: UserRef, listId: string) =>
    `${deps.owners.pathOf(owner)}/todo${entityPath('lists', listId, 'listId')}`;
  const tasksPath = (owner: UserRef, listId: string) => `${listPath(owner, listId)}/tasks`;
  const taskPath = (owner: UserRef, listId: string, taskId: string) =>
    `${listPath(owner, listId)}${entityPath('tasks', taskId, 'taskId')}`;

  return {
    async listTodoTaskLists(owner, select) {
      const lists = collection<GraphTodoTaskList>(listsPath(owner), (id) => listPath(owner, id));
      const page = await deps.reads().lists.read(lists, { select, page: WHOLE_SMALL_COLLECTION });
      return page.items;
    },

    async getTodoTaskList(owner, listId, select) {
      return deps.reads().entities.read(listPath(owner, listId), select, TASK_LIST);
    },

    async listTodoTasks(owner, listId, options) {
      const filter = options.status === undefined ? undefined : todoStatusFilter(options.status);
      const tasks = collection<GraphTodoTask>(tasksPath(owner, listId), (id) => taskPath(owner, listId, id));
      return deps.reads().lists.read(tasks, {
        select: options.select,
        page: options.page,
        ...(filter === undefined ? {} : { filter }),
      });
    },

    async getTodoTask(owner, listId, taskId, select) {
      return deps.reads().entities.read(taskPath(owner, listId, taskId), select, TASK);
    },

    async createTodoTask(owner, listId, task) {
      const path = tasksPath(owner, listId);
      const answer = await writer.send({ method: 'POST', path, body: task });
      expectStatus(answer, 201, 200);
      deps.afterWrite();
      const created = entityOf(answer, `POST ${path}`);
      deps.reads().entities.prime(taskPath(owner, listId, created.id), Object.keys(created), created);
      return typedAs(TASK, created);
    },

    async updateTodoTask(owner, listId, taskId, changes) {
      const path = taskPath(owner, listId, taskId);
      const answer = await writer.send({ method: 'PATCH', path, body: changes });
      expectStatus(answer, 200);
      deps.afterWrite();
      const updated = entityOf(answer, `PATCH ${path}`);
      deps.reads().entities.prime(path, Object.keys(updated), updated);
      return typedAs(TASK, updated);
    },

    async deleteTodoTask(owner, listId, taskId) {
      const answer = await writer.send({ method: 'DELETE', path: taskPath(owner, listId, taskId) });
      expectStatus(answer, 204, 200);
      deps.afterWrite();
    },

    async todoTasksDelta(owner, listId, token) {
      const feed: DeltaFeed = {
        path: `${tasksPath(owner, listId)}/delta`,
        // Bound to the list (a token of one list is refused on another); the caller binding
        // keeps one user's token from another user.
        binding: `/todo/lists/${listId}/tasks/delta`,
        sendsSelect: () => false,
        ownsLink: (segments) => ownsTasksDeltaLink(listId, segments),
      };
      return deltas.read<GraphTodoTask>(feed, { token, select: [] });
    },

    // What a change-notification subscription names: the same path the tasks are read from.
    todoTasksResource: tasksPath,
  };
}
