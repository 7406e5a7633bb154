/**
 * A To Do list's tasks, watched through Graph change notifications on
 * `/me/todo/lists/{id}/tasks` (or `/users/{id}/...`; graph-api.md Part 2 §3.3) when Graph can
 * reach the gateway, else polled: `GET .../tasks?$select=id` every interval, comparing each
 * task's `@odata.etag` with the previous read, as the Planner poller does.
 *
 * With notifications, the tasks are still read once at the start: that read is the baseline a
 * resync (`missed`, a reauthorization pause, a recreated subscription) compares with, so changes
 * Graph never notified are reported as well. Each notification moves the baseline along.
 */
import type { GraphClient, UserRef } from '../graph/client';
import type { Logger } from '../logger';
import type { ChangeSink, ChangeSource } from './change-source';
import { changesBetween, versionsOf, type ChangeType, type EntityChange } from './etag-changes';
import { TODO_TASK_SUBSCRIPTION_MINUTES, type GraphSubscriptions, type ReceivedChange } from './graph-subscriptions';
import { createBaselineWatch, type BaselineWatch } from './baseline-watch';
import { messageOf, readWholeCollection, refusedForGood, type GraphReader } from './graph-readers';

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

async function readVersions(graph: GraphClient, owner: UserRef, listId: string): Promise<Map<string, string>> {
  const tasks = await readWholeCollection(
    (page) => graph.listTodoTasks(owner, listId, { select: ['id'], page }),
    `The task list ${listId}`,
  );
  return versionsOf(tasks);
}

export function createTodoTaskSource(options: TodoTaskSourceOptions): ChangeSource<EntityChange, GraphReader> {
  const { owner, listId, logger } = options;
  let stopped = false;
  let baselineWatch: BaselineWatch<Map<string, string>> | null = null;
  let watch: { stop(): void } | null = null;

  return {
    start(sink: ChangeSink<EntityChange>, readers: () => readonly GraphReader[]) {
      const tasks = createBaselineWatch<Map<string, string>>(
        {
          read: (graph) => readVersions(graph, owner, listId),
          changes: changesBetween,
          endFor: (error) => refusedForGood(error, `task list ${listId}`),
          intervalMs: options.pollIntervalMs,
          logger,
          failureMessage: 'Reading a task list failed; trying again later',
          context: { listId },
        },
        sink,
        readers,
      );
      baselineWatch = tasks;

      const notified = (received: readonly ReceivedChange[]) => {
        const changes: EntityChange[] = [];
        for (const change of received) {
          const changeType = CHANGE_TYPES[change.changeType.toLowerCase()];
          if (!changeType) continue;
          changes.push({ changeType, id: change.id });
          tasks.moveBaseline((baseline) => {
            if (!baseline) return baseline;
            if (changeType === 'DELETED') baseline.delete(change.id);
            else baseline.set(change.id, change.etag ?? baseline.get(change.id) ?? '');
            return baseline;
          });
        }
        if (changes.length > 0) sink.publish(changes);
      };

      if (!options.notifications?.available()) {
        tasks.poll();
        return;
      }
      // The subscription first, then the baseline (its first `resync`): no change falls in between.
      watch = options.notifications.watch(
        {
          resourceOf: (graph) => graph.todoTasksResource(owner, listId),
          changeType: 'created,updated,deleted',
          lifetimeMinutes: options.subscriptionMinutes ?? TODO_TASK_SUBSCRIPTION_MINUTES,
        },
        readers,
        {
          changes: notified,
          resync: () => tasks.resync(),
          unavailable: (error) => {
            if (stopped) return;
            // The subscriber's own read proved access: Graph refusing the subscription (app-only
            // To Do, an unreachable URL) leaves polling, which needs nothing but that read.
            logger.warn('No Graph subscription for a task list; polling it instead', {
              listId,
              message: messageOf(error),
            });
            watch?.stop();
            watch = null;
            tasks.poll();
          },
        },
      );
    },
    stop() {
      stopped = true;
      baselineWatch?.stop();
      watch?.stop();
      watch = null;
    },
  };
}
