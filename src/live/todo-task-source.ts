/**
 * A To Do list's tasks, watched through Graph change notifications on
 * `/me/todo/lists/{id}/tasks` (or `/users/{id}/...`; graph-api.md Part 2 §3.3) when Graph can
 * reach the gateway, else polled every interval.
 *
 * The baseline is each task's `@odata.etag` plus a delta token taken just before it
 * (`tasks/delta?$deltatoken=latest`, then `GET .../tasks?$select=id`: two requests, where an
 * initial delta round would page ten tasks at a time). A poll, and a resync (`missed`, a
 * reauthorization pause, a recreated subscription), follows the delta token: one request that
 * returns only what changed since, compared by etag, so a change both notified and returned by
 * delta is reported once. A token Graph no longer holds (410) means a new baseline, compared with
 * the old one. Each notification moves the baseline along.
 */
import type { GraphClient, GraphTodoTask, UserRef } from '../graph/client';
import { LATEST_TOKEN } from '../graph/delta';
import type { Logger } from '../logger';
import type { ChangeSink, ChangeSource } from './change-source';
import { changesBetween, versionsOf, type ChangeType, type EntityChange } from './etag-changes';
import { TODO_TASK_SUBSCRIPTION_MINUTES, type GraphSubscriptions, type ReceivedChange } from './graph-subscriptions';
import { createBaselineWatch } from './baseline-watch';
import { startNotifiedWatch } from './notified-watch';
import {
  isLostDeltaToken,
  readDeltaRound,
  readWholeCollection,
  refusedForGood,
  type DeltaRound,
  type GraphReader,
} from './graph-readers';

const CHANGE_TYPES: Readonly<Record<string, ChangeType>> = {
  created: 'CREATED',
  updated: 'UPDATED',
  deleted: 'DELETED',
};

export interface TodoTaskSourceOptions {
  owner: UserRef;
  listId: string;
  pollIntervalMs: number;
  /** Null: always poll. */
  notifications: GraphSubscriptions | null;
  /** The Graph subscription's requested lifetime (tests shorten it with the emulator's). */
  subscriptionMinutes?: number;
  logger: Logger;
}

/** Each task's version, and the delta token that returns the changes made after they were read. */
interface TaskListState {
  versions: Map<string, string>;
  deltaToken: string;
}

async function readBaseline(graph: GraphClient, owner: UserRef, listId: string): Promise<TaskListState> {
  // The token first: a change made between the two calls is in both, and the etags tell it once.
  const { nextToken } = await graph.todoTasksDelta(owner, listId, LATEST_TOKEN);
  const tasks = await readWholeCollection(
    (page) => graph.listTodoTasks(owner, listId, { select: ['id'], page }),
    `The task list ${listId}`,
  );
  return { versions: versionsOf(tasks), deltaToken: nextToken };
}

/** The baseline moved on by the changes since its token; null when Graph no longer holds the sync state. */
async function readSince(
  graph: GraphClient,
  owner: UserRef,
  listId: string,
  previous: TaskListState,
): Promise<TaskListState | null> {
  let round: DeltaRound<GraphTodoTask>;
  try {
    round = await readDeltaRound(
      (token) => graph.todoTasksDelta(owner, listId, token),
      previous.deltaToken,
      `the task list ${listId}`,
    );
  } catch (error) {
    if (isLostDeltaToken(error)) return null;
    throw error;
  }
  const versions = new Map(previous.versions);
  for (const id of round.removedIds) versions.delete(id);
  for (const [id, version] of versionsOf(round.changed)) versions.set(id, version);
  return { versions, deltaToken: round.deltaToken };
}

async function readTasks(
  graph: GraphClient,
  owner: UserRef,
  listId: string,
  previous: TaskListState | undefined,
): Promise<TaskListState> {
  const moved = previous ? await readSince(graph, owner, listId, previous) : null;
  return moved ?? readBaseline(graph, owner, listId);
}

export function createTodoTaskSource(options: TodoTaskSourceOptions): ChangeSource<EntityChange, GraphReader> {
  const { owner, listId, logger } = options;
  let watch: { stop(): void } | null = null;

  return {
    start(sink: ChangeSink<EntityChange>, readers: () => readonly GraphReader[]) {
      const tasks = createBaselineWatch<TaskListState>(
        {
          read: (graph, previous) => readTasks(graph, owner, listId, previous),
          changes: (previous, current) => changesBetween(previous.versions, current.versions),
          endFor: (error) => refusedForGood(error, `task list ${listId}`),
          intervalMs: options.pollIntervalMs,
          logger,
          failureMessage: 'Reading a task list failed; trying again later',
          context: { listId },
        },
        sink,
        readers,
      );

      const notified = (received: readonly ReceivedChange[]) => {
        const changes: EntityChange[] = [];
        for (const change of received) {
          const changeType = CHANGE_TYPES[change.changeType.toLowerCase()];
          if (!changeType) continue;
          changes.push({ changeType, id: change.id });
          tasks.moveBaseline((baseline) => {
            if (!baseline) return baseline;
            const { versions } = baseline;
            if (changeType === 'DELETED') versions.delete(change.id);
            else versions.set(change.id, change.etag ?? versions.get(change.id) ?? '');
            return baseline;
          });
        }
        if (changes.length > 0) sink.publish(changes);
      };

      watch = startNotifiedWatch({
        baseline: tasks,
        notifications: options.notifications,
        spec: {
          resourceOf: (graph) => graph.todoTasksResource(owner, listId),
          changeType: 'created,updated,deleted',
          lifetimeMinutes: options.subscriptionMinutes ?? TODO_TASK_SUBSCRIPTION_MINUTES,
        },
        readers,
        changes: notified,
        logger,
        // The subscriber's own read proved access: Graph refusing the subscription (app-only To
        // Do, an unreachable URL) leaves polling, which needs nothing but that read.
        fallbackMessage: 'No Graph subscription for a task list; polling it instead',
        context: { listId },
      });
    },
    stop() {
      watch?.stop();
      watch = null;
    },
  };
}
