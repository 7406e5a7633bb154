/**
 * One contender through every scenario: a fresh emulator for the contender, then per scenario a
 * fresh contender process (so its peak RSS is the scenario's), counts, latency, throughput, stop.
 * The gateway also captures its answer and keeps the Graph requests it sent, for the ceiling
 * (which runs without an emulator) and the I/O floor (which sends those requests to the
 * gateway's emulator); both run right after each scenario of the gateway's.
 */
import { fileURLToPath } from 'node:url';
import { captureResponse } from './capture.mjs';
import { startEmulator } from './emulator.mjs';
import { measureCounts, measureLatency, measureThroughput, postOperation } from './measure.mjs';
import { peakRssMiB } from './processes.mjs';
import { projectSchemaProblems } from './schema-check.mjs';

const PROFILE_DIR = fileURLToPath(new URL('../results/profiles/', import.meta.url));

/**
 * Extra node options of a contender process: CPU profiles written when it exits, one file per
 * thread (tsx's loader runs in a thread of its own; the busiest file is the server's).
 */
function nodeArgsFor(contender, scenario, options) {
  if (!options.cpuProf) return [];
  return ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}${contender.name}-${scenario.name}`];
}

function log(line) {
  process.stderr.write(`bench: ${line}\n`);
}

function operationFor(contender, scenario, variables) {
  if (contender.name !== 'mesh') return { query: scenario.operation, variables };
  return {
    query: scenario.mesh.operation,
    variables: scenario.mesh.variables ? scenario.mesh.variables(variables) : {},
  };
}

function startOptions(options, extra = {}) {
  return { tsx: options.tsx, maxConcurrency: options.maxConcurrency, ...extra };
}

async function latencyAndThroughput({ contender, scenario, emulator, target, operation, options }) {
  const latencyMs = emulator ? options.latencyMs : 0;
  log(`${contender.name} · ${scenario.name}: latency (${options.samples} operations at ${latencyMs} ms)`);
  const latency = await measureLatency({
    emulator,
    target,
    operation,
    latencyMs,
    warmup: options.warmup,
    samples: options.samples,
  });
  log(
    `${contender.name} · ${scenario.name}: throughput (${options.concurrency} in flight for ${options.seconds} s at 0 ms)`,
  );
  const throughput = await measureThroughput({
    emulator,
    target,
    operation,
    concurrency: options.concurrency,
    seconds: options.seconds,
    warmupSeconds: options.warmupSeconds,
  });
  return { latency, throughput };
}

/** Why a contender answering from memory cannot run a scenario, or null when it can. */
function missingFromGateway(contender, gatewayResult, emulator) {
  if (gatewayResult?.status !== 'ok' || !gatewayResult.capture)
    return 'needs an answer of the gateway from the same run (--contender gateway)';
  if (contender.readsGraph && (!emulator || !gatewayResult.exchanges))
    return "needs the gateway's Graph requests and emulator from the same run (--contender gateway)";
  return null;
}

/**
 * The ceiling or the I/O floor on one scenario: the gateway's captured answer served from
 * memory, its first answer must be the gateway's data; the floor first sends the gateway's Graph
 * requests to the gateway's emulator for each operation, so it is counted like the others. Then
 * latency (none behind the ceiling) and throughput.
 */
async function runFromMemory({ contender, scenario, options, gatewayResult, emulator }) {
  const missing = missingFromGateway(contender, gatewayResult, emulator);
  if (missing) return { status: 'skipped', reason: missing };
  const graph = contender.readsGraph ? emulator : null;
  const operation = { query: scenario.operation, variables: gatewayResult.variables };
  const target = await contender.start(
    graph,
    scenario,
    nodeArgsFor(contender, scenario, options),
    startOptions(options, { capture: gatewayResult.capture, exchanges: gatewayResult.exchanges }),
  );
  try {
    let counts = {};
    if (graph) {
      log(`${contender.name} · ${scenario.name}: counting (latency ${options.countLatencyMs} ms)`);
      const { exchanges: _exchanges, ...measured } = await measureCounts({
        emulator: graph,
        target,
        operation,
        latencyMs: options.countLatencyMs,
      });
      if (measured.firstError) return { status: 'failed', reason: measured.firstError };
      counts = { ...measured, waves: measured.wavesObserved, wavesSource: 'timeline' };
    } else {
      const first = await postOperation(target, operation);
      const errors = first.body.errors ?? [];
      if (first.status !== 200 || errors.length > 0)
        return { status: 'failed', reason: errors[0]?.message ?? `HTTP ${first.status}` };
      counts = { data: first.body.data ?? null };
    }
    const measured = await latencyAndThroughput({ contender, scenario, emulator: graph, target, operation, options });
    return {
      status: 'ok',
      ...counts,
      dataMatchesGateway: JSON.stringify(counts.data) === JSON.stringify(gatewayResult.data),
      ...measured,
      peakRssMiB: peakRssMiB(target.pid),
    };
  } finally {
    await target.stop();
  }
}

async function runScenario({ contender, scenario, emulator, options }) {
  if (contender.name !== 'mesh') {
    const problems = await projectSchemaProblems(scenario.operation);
    if (problems.length > 0)
      return { status: 'pending', reason: `schema/*.graphql cannot run the operation yet: ${problems.join(' ')}` };
  }
  const variables = await scenario.variables(emulator);
  const operation = operationFor(contender, scenario, variables);
  const target = await contender.start(
    emulator,
    scenario,
    nodeArgsFor(contender, scenario, options),
    startOptions(options),
  );
  try {
    log(`${contender.name} · ${scenario.name}: counting (latency ${options.countLatencyMs} ms)`);
    const { exchanges, ...counts } = await measureCounts({
      emulator,
      target,
      operation,
      latencyMs: options.countLatencyMs,
    });
    if (counts.firstError) {
      return { status: 'failed', reason: counts.firstError, ...counts, peakRssMiB: peakRssMiB(target.pid) };
    }
    // The ceiling's and the floor's answer, captured once (the same data, with typenames).
    const capture = contender.name === 'gateway' ? await captureResponse(target, operation) : undefined;
    const { latency, throughput } = await latencyAndThroughput({
      contender,
      scenario,
      emulator,
      target,
      operation,
      options,
    });
    return {
      status: 'ok',
      ...counts,
      // The floor replays the Graph requests of the counted operation.
      ...(capture ? { capture, variables, exchanges } : {}),
      waves: counts.wavesReported ?? counts.wavesObserved,
      wavesSource: counts.wavesReportedBy ?? 'timeline',
      latency,
      throughput,
      peakRssMiB: peakRssMiB(target.pid),
      ...(contender.name === 'mesh' && scenario.mesh.note ? { note: scenario.mesh.note } : {}),
    };
  } finally {
    await target.stop();
  }
}

function logResult(contender, scenario, result) {
  log(
    `${contender.name} · ${scenario.name}: ${result.status}${result.reason ? ` (${result.reason.split('\n')[0].slice(0, 200)})` : ''}`,
  );
}

/**
 * The ceiling or the I/O floor on one scenario, given the gateway's result of it and, for the
 * floor, the gateway's emulator, still up (never throws).
 * @param {{ contender: object, scenario: object, options: object, gatewayResult: object | undefined, emulator?: object | null }} run
 */
export async function runFromMemoryScenario({ contender, scenario, options, gatewayResult, emulator = null }) {
  let result;
  try {
    result = await runFromMemory({ contender, scenario, options, gatewayResult, emulator });
  } catch (error) {
    result = { status: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
  logResult(contender, scenario, result);
  return result;
}

/**
 * @param {{ contender: object, scenarios: object[], options: object, gatewayResults?: Record<string, object>, afterScenario?: (scenario: object, result: object, emulator: object) => Promise<void> }} run
 *   `gatewayResults`: the gateway's results of this run, for the ceiling and the floor;
 *   `afterScenario`: run right after each scenario of this contender, with its emulator still up
 *   (the ceiling and the floor after the gateway's, so that all three measure on the machine as
 *   busy as it was)
 * @returns {Promise<Record<string, object>>} scenario name → this contender's result
 */
export async function runContender({ contender, scenarios, options, gatewayResults = {}, afterScenario }) {
  const results = {};
  if (contender.fromMemory) {
    for (const scenario of scenarios)
      results[scenario.name] = await runFromMemoryScenario({
        contender,
        scenario,
        options,
        gatewayResult: gatewayResults[scenario.name],
      });
    return results;
  }
  const runnable = scenarios.filter((scenario) => !(contender.name === 'mesh' && scenario.mesh.unsupported));
  for (const scenario of scenarios) {
    if (contender.name === 'mesh' && scenario.mesh.unsupported)
      results[scenario.name] = { status: 'unsupported', reason: scenario.mesh.unsupported };
  }
  if (runnable.length === 0) return results;

  log(`${contender.name}: starting the emulator (${options.users} users, seed ${options.seed})`);
  // With --cpu-prof the emulator is profiled too (one directory per contender's emulator).
  const emulatorNodeArgs = options.cpuProf
    ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}emulator-${contender.name}`]
    : [];
  const emulator = await startEmulator({ users: options.users, seed: options.seed, nodeArgs: emulatorNodeArgs });
  try {
    if (contender.prepare) await contender.prepare(emulator);
    for (const scenario of runnable) {
      try {
        results[scenario.name] = await runScenario({ contender, scenario, emulator, options });
      } catch (error) {
        results[scenario.name] = { status: 'failed', reason: error instanceof Error ? error.message : String(error) };
      }
      logResult(contender, scenario, results[scenario.name]);
      if (afterScenario) await afterScenario(scenario, results[scenario.name], emulator);
    }
  } finally {
    await emulator.stop();
  }
  return results;
}
