/**
 * `npm run bench`: every scenario against this gateway, the ceiling (the same schema answering the
 * gateway's response from memory), the I/O floor (the ceiling plus the gateway's Graph requests),
 * the naive baseline and GraphQL Mesh, each over its own Graph emulator on 127.0.0.1 (the ceiling
 * needs none; the floor uses the gateway's); prints the table, and after a full run writes
 * bench/results/latest.json and keeps the table in bench/README.md. Options: `npm run bench -- --help`.
 */
import { parseArgs, USAGE } from './lib/args.mjs';
import { ensurePrerequisites } from './lib/setup.mjs';
import { stopAll, stopChildrenOnExit } from './lib/processes.mjs';
import { CONTENDERS } from './lib/contenders.mjs';
import { SCENARIOS } from './scenarios/index.mjs';
import { runContender, runFromMemoryScenario } from './lib/run-contender.mjs';
import { assessScenario } from './lib/assess.mjs';
import { describeMachine, renderMarkdown, updateReadme, writeResults } from './lib/report.mjs';
import { BATCH_LIMIT } from './lib/plan.mjs';
import { renderLiveMarkdown, runLiveBench } from './lib/live.mjs';
import { build, isStale } from '../scripts/build.mjs';

/** The gateway runs as `npm start` runs it: compiled, built first when the build is stale. */
function ensureGatewayBuild() {
  const reason = isStale();
  if (!reason) return;
  process.stderr.write(`bench: building the gateway (${reason})\n`);
  build();
}

function pick(all, wanted, what) {
  if (wanted.length === 0) return all;
  const unknown = wanted.filter((name) => !all.some((item) => item.name === name));
  if (unknown.length > 0)
    throw new Error(`Unknown ${what} ${unknown.join(', ')} (known: ${all.map((item) => item.name).join(', ')}).`);
  return all.filter((item) => wanted.includes(item.name));
}

async function main() {
  const parsed = parseArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`${parsed.problems.map((p) => `bench: ${p}`).join('\n')}\n\n${USAGE}\n`);
    process.exit(2);
  }
  const { options } = parsed;
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (options.live) {
    await runLive(options);
    return;
  }
  // Every scenario and contender: the live section too (about 20 s more).
  const everything = options.scenarios.length === 0 && options.contenders.length === 0;
  const scenarios = pick(SCENARIOS, options.scenarios, 'scenario');
  const contenders = pick(CONTENDERS, options.contenders, 'contender');
  ensurePrerequisites();
  if (!options.tsx && contenders.some((contender) => contender.name === 'gateway')) ensureGatewayBuild();
  stopChildrenOnExit();

  const startedAt = Date.now();
  const loadAverageAtStart = describeMachine().loadAverage1m;
  const byContender = {};
  // The ceiling and the floor run each scenario right after the gateway's (its answer and its Graph
  // requests captured there; the floor sends those to the gateway's emulator, still up).
  const withGateway = contenders.some((contender) => contender.name === 'gateway');
  const afterGateway = withGateway ? contenders.filter((contender) => contender.fromMemory) : [];
  for (const contender of afterGateway) byContender[contender.name] = {};
  for (const contender of contenders) {
    if (afterGateway.includes(contender)) continue;
    byContender[contender.name] = await runContender({
      contender,
      scenarios,
      options,
      gatewayResults: byContender.gateway,
      afterScenario:
        contender.name === 'gateway' && afterGateway.length > 0
          ? async (scenario, gatewayResult, emulator) => {
              for (const fromMemory of afterGateway)
                byContender[fromMemory.name][scenario.name] = await runFromMemoryScenario({
                  contender: fromMemory,
                  scenario,
                  options,
                  gatewayResult,
                  emulator,
                });
            }
          : undefined,
    });
  }

  const report = {
    generatedAt: new Date().toISOString(),
    durationSeconds: Math.round((Date.now() - startedAt) / 1000),
    machine: { ...describeMachine(), loadAverageAtStart },
    settings: {
      quick: options.quick,
      users: options.users,
      seed: options.seed,
      latencyMs: options.latencyMs,
      countLatencyMs: options.countLatencyMs,
      samples: options.samples,
      warmup: options.warmup,
      concurrency: options.concurrency,
      seconds: options.seconds,
      batchLimit: BATCH_LIMIT,
      gatewayRuntime: options.tsx ? 'tsx' : 'compiled',
      gatewayMaxConcurrency: options.maxConcurrency,
    },
    scenarios: scenarios.map((scenario) => {
      const results = Object.fromEntries(
        contenders.map((contender) => [contender.name, byContender[contender.name][scenario.name]]),
      );
      return {
        name: scenario.name,
        title: scenario.title,
        auth: scenario.auth,
        ...assessScenario({ scenario, results, latencyMs: options.latencyMs }),
        results,
      };
    }),
  };
  const markdown = renderMarkdown(report);
  process.stdout.write(`\n${markdown}\n\n`);
  if (everything) await runLive(options);
  if (options.write) {
    const section = options.maxConcurrency === null ? 'results' : 'tuned';
    const file = writeResults(report, section);
    const kept = updateReadme(markdown, section);
    process.stdout.write(
      `Results: ${file}${kept ? ' (table also in bench/README.md)' : ''}; ${report.durationSeconds} s in all.\n`,
    );
  }
}

/** The live data section (its own gateway in embedded mode; about 20 s): alone with `--live`, or after every scenario. */
async function runLive(options) {
  if (!options.live) process.stderr.write('bench: live data\n');
  else {
    if (!options.tsx) ensureGatewayBuild();
    stopChildrenOnExit();
  }
  const startedAt = Date.now();
  const loadAverageAtStart = describeMachine().loadAverage1m;
  // --samples counts changes only with --live; after the scenarios the live section takes its own default.
  const live = await runLiveBench({
    quick: options.quick,
    tsx: options.tsx,
    samples: options.live ? options.samples : undefined,
  });
  const report = {
    generatedAt: new Date().toISOString(),
    durationSeconds: Math.round((Date.now() - startedAt) / 1000),
    machine: { ...describeMachine(), loadAverageAtStart },
    settings: { quick: options.quick, gatewayRuntime: options.tsx ? 'tsx' : 'compiled' },
    live,
  };
  const markdown = renderLiveMarkdown(report);
  process.stdout.write(`\n${markdown}\n\n`);
  if (options.write) {
    const file = writeResults(report, 'live');
    const kept = updateReadme(markdown, 'live');
    process.stdout.write(
      `Results: ${file}${kept ? ' (table also in bench/README.md)' : ''}; ${report.durationSeconds} s in all.\n`,
    );
  }
}

main()
  .catch((error) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => stopAll());
