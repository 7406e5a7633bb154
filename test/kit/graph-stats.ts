import type { GraphRequestStats } from '../../src/graph/client';

/** The Graph traffic an operation reports in `extensions.graphStats` (asked for with `x-graph-stats`). */
export type GraphStats = GraphRequestStats;

type Counts = Omit<GraphStats, 'retries' | 'roundTrips' | 'resourceUnits'> &
  Partial<Pick<GraphStats, 'roundTrips' | 'resourceUnits'>>;

/**
 * The `graphStats` of an operation Graph answered without a retry: these counts and `retries: 0`;
 * `roundTrips` as many as `waves` unless given (every wave went out at once); `resourceUnits`
 * any number unless given (the tests of Graph's costs give it).
 */
export function graphStats(counts: Counts): GraphStats {
  return {
    ...counts,
    retries: 0,
    roundTrips: counts.roundTrips ?? counts.waves,
    resourceUnits: counts.resourceUnits ?? (expect.any(Number) as number),
  };
}

/** The `graphStats` of an operation read in one wave: `batches` `$batch` requests (default 1) carrying `subRequests` reads. */
export function oneBatchedWave(subRequests: number, batches = 1): GraphStats {
  return graphStats({ httpRequests: batches, batchRequests: batches, subRequests, waves: 1 });
}
