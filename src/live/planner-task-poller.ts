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
import { GraphApiError } from '../graph/errors';
import { MAX_PAGE_SIZE } from '../graph/paging';
import { ErrorCode } from '../errors';
import type { Logger } from '../logger';
import type { ChangeSink, ChangeSource, LiveEnd } from './change-source';
import { withAnyReader, messageOf, type GraphReader } from './graph-readers';
import { changesBetween, type EntityChange, type Versions } from './etag-changes';

/** Plans hold a few thousand tasks at most; a bound keeps a runaway nextLink chain from looping. */
const MAX_PAGES_PER_POLL = 50;

export interface PlannerTaskPollerOptions {
  planId: string;
  intervalMs: number;
  logger: Logger;
}

function terminal(error: unknown, planId: string): LiveEnd | null {
  if (!(error instanceof GraphApiError) || error.kind !== 'http') return null;
  if (error.status === 404) return { code: ErrorCode.NOT_FOUND, message: `The plan ${planId} no longer exists.` };
  if (error.status === 403)
    return { code: ErrorCode.FORBIDDEN, message: `Access to the plan ${planId} was refused: ${error.message}` };
  return null;
}

/** Every task's version: the whole plan, following Graph's pages. */
async function readVersions(graph: GraphClient, planId: string): Promise<Map<string, string>> {
  const versions = new Map<string, string>();
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES_PER_POLL; page += 1) {
    const read = await graph.listPlannerPlanTasks(planId, {
      select: ['id'],
      page: { first: MAX_PAGE_SIZE, ...(after !== null ? { after } : {}) },
    });
    // A task without an etag (never seen from Planner) still counts: its id appearing or going is a change.
    for (const task of read.items) versions.set(task.id, task['@odata.etag'] ?? '');
    after = read.endCursor;
    if (after === null) return versions;
  }
  throw new Error(`The plan ${planId} has more than ${MAX_PAGES_PER_POLL * MAX_PAGE_SIZE} tasks; it is not polled.`);
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
          const end = terminal(error, planId);
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
