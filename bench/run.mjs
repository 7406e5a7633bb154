/**
 * `npm run bench`: every scenario against this gateway, the naive baseline and GraphQL Mesh, each
 * over its own Graph emulator on 127.0.0.1; writes bench/results/latest.json, prints the table and
 * keeps it in bench/README.md. Options: `npm run bench -- --help`.
 */
import { parseArgs, USAGE } from './lib/args.mjs';
import { ensurePrerequisites } from './lib/setup.mjs';
import { stopAll, stopChildrenOnExit } from './lib/processes.mjs';
import { CONTENDERS } from './lib/contenders.mjs';
import { SCENARIOS } from './scenarios/index.mjs';
import { runContender } from './lib/run-contender.mjs';
import { assessScenario } from './lib/assess.mjs';
import { describeMachine, renderMarkdown, RESULTS_FILE, updateReadme, writeResults } from './lib/report.mjs';
import { BATCH_LIMIT } from './lib/plan.mjs';

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
  const scenarios = pick(SCENARIOS, options.scenarios, 'scenario');
  const contenders = pick(CONTENDERS, options.contenders, 'contender');
  ensurePrerequisites();
  stopChildrenOnExit();

  const startedAt = Date.now();
  const loadAverageAtStart = describeMachine().loadAverage1m;
  const byContender = {};
  for (const contender of contenders)
    byContender[contender.name] = await runContender({ contender, scenarios, options });

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
  if (options.write) {
    writeResults(report);
    const kept = updateReadme(markdown);
    process.stdout.write(
      `Results: ${RESULTS_FILE}${kept ? ' (table also in bench/README.md)' : ''}; ${report.durationSeconds} s in all.\n`,
    );
  }
}

main()
  .catch((error) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => stopAll());
