/**
 * The three measurements of one contender on one scenario:
 * - counts: one operation alone, emulator stats reset before it (HTTP requests, `$batch`
 *   requests, sub-requests; waves as the contender reports them, and from the emulator's
 *   request timeline for everyone; the timeline's requests themselves, for the I/O floor);
 * - latency: sequential operations at the benchmark latency, p50 and p95;
 * - throughput: a fixed number of operations in flight for a fixed time at latency 0.
 */
import { performance } from 'node:perf_hooks';
import { cpuTimeMs } from './processes.mjs';
import { graphBusyMs, resourceUnitsFromTimeline, wavesFromTimeline } from './waves.mjs';

/** One GraphQL POST; never throws for GraphQL errors (they are in `body.errors`). */
export async function postOperation(target, operation) {
  const response = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...target.headers },
    body: JSON.stringify({ query: operation.query, variables: operation.variables ?? {} }),
  });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 200)}` }] };
  }
  return { status: response.status, body };
}

function failed(result) {
  return result.status !== 200 || (Array.isArray(result.body.errors) && result.body.errors.length > 0);
}

function firstError(result) {
  const error = result.body.errors?.[0];
  return error
    ? `${error.extensions?.code ? `${error.extensions.code}: ` : ''}${error.message}`
    : `HTTP ${result.status}`;
}

export function percentile(sortedValues, fraction) {
  if (sortedValues.length === 0) return null;
  const index = Math.min(sortedValues.length - 1, Math.max(0, Math.ceil(fraction * sortedValues.length) - 1));
  return sortedValues[index];
}

const COUNT_WARMUP = 2;

const round1 = (value) => (value === null ? null : Math.round(value * 10) / 10);

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const PLANNER_ID = /(?<=\/)[A-Za-z0-9_-]{28}(?=\/|$)/g;

/** `GET /users/{id}/manager` → count: the emulator's per-path counters with ids folded. */
function pathKinds(byPath) {
  const kinds = {};
  for (const [path, count] of Object.entries(byPath)) {
    const kind = path.replace(GUID, '{id}').replace(PLANNER_ID, '{id}');
    kinds[kind] = (kinds[kind] ?? 0) + count;
  }
  return kinds;
}

/** @param {{ emulator: object, target: object, operation: object, latencyMs: number }} options */
export async function measureCounts({ emulator, target, operation, latencyMs }) {
  // Warm first (JIT, the contender's token cache), so the time split shows the steady state.
  await emulator.setLatency(0);
  for (let i = 0; i < COUNT_WARMUP; i++) await postOperation(target, operation);
  await emulator.setLatency(latencyMs);
  await emulator.reset();
  const started = performance.now();
  const result = await postOperation(target, operation);
  const operationMs = performance.now() - started;
  const stats = await emulator.stats();
  const timeline = await emulator.timeline();
  // The gateway reports its waves (`graphStats`), the naive baseline its fetch-chain depth (`naiveStats`).
  const extensions = result.body.extensions ?? {};
  const reported = extensions.graphStats
    ? { waves: extensions.graphStats.waves, source: 'graphStats' }
    : extensions.naiveStats
      ? { waves: extensions.naiveStats.waves, source: 'naiveStats' }
      : null;
  const busyMs = graphBusyMs(timeline);
  // Reported by the gateway (`graphStats`) where it counts them; absent before it did.
  const graphStats = extensions.graphStats ?? {};
  const numberOrNull = (value) => (typeof value === 'number' ? value : null);
  return {
    data: result.body.data ?? null,
    errorCount: result.body.errors?.length ?? (result.status === 200 ? 0 : 1),
    firstError: failed(result) ? firstError(result) : null,
    httpRequests: stats.httpRequests,
    batchRequests: stats.batchRequests,
    subRequests: stats.subRequests,
    graphReads: stats.httpRequests - stats.batchRequests + stats.subRequests,
    wavesReported: reported ? reported.waves : null,
    wavesReportedBy: reported ? reported.source : null,
    wavesObserved: wavesFromTimeline(timeline),
    roundTripsReported: numberOrNull(graphStats.roundTrips),
    // Graph's throttling cost: the gateway's own count, else the emulator's `x-ms-resource-unit`
    // answers on the timeline (null when an answer did not carry one).
    resourceUnits: numberOrNull(graphStats.resourceUnits) ?? resourceUnitsFromTimeline(timeline),
    // Where the counted operation's time went: Graph requests in flight (the injected latency
    // plus the emulator's own work) and the rest (the contender, and HTTP to it).
    timeSplit: {
      latencyMs,
      operationMs: round1(operationMs),
      graphBusyMs: round1(busyMs),
      outsideGraphMs: round1(operationMs - busyMs),
    },
    requestsByPath: pathKinds(stats.byPath),
    // What the contender sent Graph (with the bodies and headers a replay needs): the I/O floor
    // replays the gateway's.
    exchanges: timeline,
  };
}

/**
 * `emulator` is null for a contender with no Graph behind it (the ceiling).
 * @param {{ emulator: object | null, target: object, operation: object, latencyMs: number, warmup: number, samples: number }} options
 */
export async function measureLatency({ emulator, target, operation, latencyMs, warmup, samples }) {
  await emulator?.setLatency(latencyMs);
  for (let i = 0; i < warmup; i++) await postOperation(target, operation);
  const times = [];
  let errors = 0;
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    const result = await postOperation(target, operation);
    times.push(performance.now() - started);
    if (failed(result)) errors++;
  }
  times.sort((a, b) => a - b);
  return { p50Ms: round1(percentile(times, 0.5)), p95Ms: round1(percentile(times, 0.95)), samples, errors };
}

/** @param {{ emulator: object | null, target: object, operation: object, concurrency: number, seconds: number, warmupSeconds: number }} options */
export async function measureThroughput({ emulator, target, operation, concurrency, seconds, warmupSeconds }) {
  await emulator?.setLatency(0);
  async function runFor(durationMs) {
    const deadline = performance.now() + durationMs;
    let completed = 0;
    let errors = 0;
    async function worker() {
      while (performance.now() < deadline) {
        const result = await postOperation(target, operation);
        completed++;
        if (failed(result)) errors++;
      }
    }
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    return { completed, errors, elapsedMs: performance.now() - started };
  }
  await runFor(warmupSeconds * 1000);
  const cpuBefore = { contender: cpuTimeMs(target.pid), emulator: emulator ? cpuTimeMs(emulator.pid) : null };
  const run = await runFor(seconds * 1000);
  const perOp = (before, pid) => {
    const after = cpuTimeMs(pid);
    return before === null || after === null || run.completed === 0 ? null : round1((after - before) / run.completed);
  };
  return {
    opsPerSec: round1((run.completed / run.elapsedMs) * 1000),
    completed: run.completed,
    errors: run.errors,
    concurrency,
    seconds,
    // What one operation cost each process, from /proc/<pid>/stat: the contender's own work
    // apart from the emulator's (they share the machine's cores during the measurement).
    contenderCpuMsPerOp: perOp(cpuBefore.contender, target.pid),
    emulatorCpuMsPerOp: emulator ? perOp(cpuBefore.emulator, emulator.pid) : null,
  };
}
