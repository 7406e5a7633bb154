/**
 * Planner has no change notifications in Graph: a plan's tasks are watched by reading
 * `GET /planner/plans/{id}/tasks?$select=id` every interval and comparing each task's
 * `@odata.etag` (which Planner changes on every write) with the previous read. The first read is
 * the baseline and yields no events. One poller serves every subscriber of the plan in one
 * identity scope, reading with the newest subscriber's identity that still authenticates.
 *
 * A read Graph refuses for good (403: the scope lost access; 404: the plan is gone) ends the
 * watch; a transient failure (throttling, an outage) keeps the last baseline and tries again at
 * the next interval, so no change is lost, only seen later.
 */
import type { GraphClient } from '../graph/client';
import type { Logger } from '../logger';
import type { ChangeSink, ChangeSource } from './change-source';
import { messageOf, readWholeCollection, refusedForGood, withAnyReader, type GraphReader } from './graph-readers';
import { changesBetween, versionsOf, type EntityChange, type Versions } from './etag-changes';

export interface PlannerTaskPollerOptions {
  planId: string;
  intervalMs: number;
  logger: Logger;
}

/** Every task's version: the whole plan, following Graph's pages. */
async function readVersions(graph: GraphClient, planId: string): Promise<Map<string, string>> {
  const tasks = await readWholeCollection(
    (page) => graph.listPlannerPlanTasks(planId, { select: ['id'], page }),
    `The plan ${planId}`,
  );
  return versionsOf(tasks);
}

export function createPlannerTaskPoller(options: PlannerTaskPollerOptions): ChangeSource<EntityChange, GraphReader> {
  const { planId, intervalMs, logger } = options;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  return {
    start(sink: ChangeSink<EntityChange>, readers: () => readonly GraphReader[]) {
      let baseline: Versions | null = null;

      const poll = async () => {
        timer = null;
        try {
          const current = await withAnyReader(readers(), (graph) => readVersions(graph, planId));
          if (stopped) return;
          if (baseline) {
            const changes = changesBetween(baseline, current);
            if (changes.length > 0) sink.publish(changes);
          }
          baseline = current;
        } catch (error) {
          if (stopped) return;
          const end = refusedForGood(error, `plan ${planId}`);
          if (end) {
            sink.end(end);
            return;
          }
          logger.warn('Polling a plan failed; trying again at the next interval', {
            planId,
            message: messageOf(error),
          });
        }
        if (!stopped) schedule();
      };

      const schedule = () => {
        timer = setTimeout(() => void poll(), intervalMs);
        timer.unref();
      };

      // The baseline is read at once, so changes made right after subscribing are seen.
      void poll();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
