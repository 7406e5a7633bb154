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
import { messageOf, readWholeCollection, refusedForGood, withAnyReader, type GraphReader } from './graph-readers';

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
  let timer: NodeJS.Timeout | null = null;
  let watch: { stop(): void } | null = null;

  return {
    start(sink: ChangeSink<EntityChange>, readers: () => readonly GraphReader[]) {
      let baseline: Map<string, string> | null = null;
      // Reads one after another: a resync never races the poll or another resync.
      let reading: Promise<void> = Promise.resolve();

      /** Reads the tasks and reports what differs from the baseline: `failed` for a transient failure. */
      const compare = (): Promise<'read' | 'failed' | 'ended'> => {
        const run = reading.then(async () => {
          try {
            const current = await withAnyReader(readers(), (graph) => readVersions(graph, owner, listId));
            if (stopped) return 'ended';
            if (baseline) {
              const changes = changesBetween(baseline, current);
              if (changes.length > 0) sink.publish(changes);
            }
            baseline = current;
          } catch (error) {
            if (stopped) return 'ended';
            const end = refusedForGood(error, `task list ${listId}`);
            if (end) {
              sink.end(end);
              return 'ended';
            }
            logger.warn('Reading a task list failed; trying again later', { listId, message: messageOf(error) });
            return 'failed';
          }
          return 'read';
        });
        reading = run.then(() => undefined);
        return run;
      };

      const poll = async () => {
        timer = null;
        if ((await compare()) !== 'ended' && !stopped) {
          timer = setTimeout(() => void poll(), options.pollIntervalMs);
          timer.unref();
        }
      };

      const startPolling = () => {
        if (stopped || timer) return;
        timer = setTimeout(() => void poll(), options.pollIntervalMs);
        timer.unref();
      };

      /** A resync that failed is tried again after an interval: its changes are known to nobody else. */
      const resync = async () => {
        if ((await compare()) === 'failed' && !stopped && !timer) {
          timer = setTimeout(() => {
            timer = null;
            void resync();
          }, options.pollIntervalMs);
          timer.unref();
        }
      };

      const notified = (received: readonly ReceivedChange[]) => {
        const changes: EntityChange[] = [];
        for (const change of received) {
          const changeType = CHANGE_TYPES[change.changeType.toLowerCase()];
          if (!changeType) continue;
          changes.push({ changeType, id: change.id });
          if (!baseline) continue;
          if (changeType === 'DELETED') baseline.delete(change.id);
          else baseline.set(change.id, change.etag ?? baseline.get(change.id) ?? '');
        }
        if (changes.length > 0) sink.publish(changes);
      };

      if (!options.notifications?.available()) {
        void compare().then((going) => {
          if (going !== 'ended') startPolling();
        });
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
          resync: () => void resync(),
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
            void compare().then((going) => {
              if (going !== 'ended') startPolling();
            });
          },
        },
      );
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      watch?.stop();
      watch = null;
    },
  };
}
