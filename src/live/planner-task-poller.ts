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
import { createBaselineWatch, type BaselineWatch } from './baseline-watch';
import { readWholeCollection, refusedForGood, type GraphReader } from './graph-readers';
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
  const { planId } = options;
  let watch: BaselineWatch<Versions> | null = null;
  return {
    start(sink: ChangeSink<EntityChange>, readers: () => readonly GraphReader[]) {
      watch = createBaselineWatch<Versions>(
        {
          read: (graph) => readVersions(graph, planId),
          changes: changesBetween,
          endFor: (error) => refusedForGood(error, `plan ${planId}`),
          intervalMs: options.intervalMs,
          logger: options.logger,
          failureMessage: 'Polling a plan failed; trying again at the next interval',
          context: { planId },
        },
        sink,
        readers,
      );
      // The baseline is read at once, so changes made right after subscribing are seen.
      watch.poll();
    },
    stop() {
      watch?.stop();
    },
  };
}
