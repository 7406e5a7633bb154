/** The Graph traffic an operation reports in `extensions.graphStats` (asked for with `x-graph-stats`). */

export interface GraphStats {
  httpRequests: number;
  batchRequests: number;
  subRequests: number;
  retries: number;
  waves: number;
}

/** The `graphStats` of an operation Graph answered without a retry: these counts and `retries: 0`. */
export function graphStats(counts: Omit<GraphStats, 'retries'>): GraphStats {
  return { ...counts, retries: 0 };
}

/** The `graphStats` of an operation read in one wave: `batches` `$batch` requests (default 1) carrying `subRequests` reads. */
export function oneBatchedWave(subRequests: number, batches = 1): GraphStats {
  return graphStats({ httpRequests: batches, batchRequests: batches, subRequests, waves: 1 });
}
