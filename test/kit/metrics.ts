/** Reading the gateway's Prometheus exposition. */

/** The value of one Prometheus sample line, e.g. `graphql_operations_total{type="query",name="Me"}`; 0 when absent. */
export function sample(metricsText: string, series: string): number {
  const line = metricsText.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}
