/** Reading the gateway's Prometheus exposition. */

/** The value of one Prometheus sample line, e.g. `graphql_operations_total{type="query",name="Me"}`; 0 when absent. */
export function sample(metricsText: string, series: string): number {
  const line = metricsText.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

/** The gateway's `/metrics` exposition at `origin`. */
export async function metricsText(origin: string): Promise<string> {
  const response = await fetch(`${origin}/metrics`);
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  return response.text();
}
