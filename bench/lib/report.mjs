/** The results as JSON, as a Markdown table (printed, and kept in bench/README.md), and the machine they came from. */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_FILE = fileURLToPath(new URL('../results/latest.json', import.meta.url));
const README_FILE = fileURLToPath(new URL('../README.md', import.meta.url));
const START_MARK = '<!-- bench:results:start -->';
const END_MARK = '<!-- bench:results:end -->';

export function describeMachine() {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpuModel;
  } catch {
    // not Linux: os.cpus() said it
  }
  return {
    nproc: cpus().length,
    cpuModel,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: `${process.platform} ${release()}`,
    /** The machine is shared: other work running during the bench shows here. */
    loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
  };
}

const LABELS = { gateway: 'this gateway', naive: 'naive baseline', mesh: 'GraphQL Mesh' };

function cell(value, suffix = '') {
  return value === null || value === undefined ? '–' : `${value}${suffix}`;
}

function resultRow(scenario, contenderName, result) {
  const label = LABELS[contenderName] ?? contenderName;
  if (!result) return null;
  if (result.status !== 'ok') {
    const why = (result.reason ?? '').split('\n')[0].replace(/\|/g, '\\|');
    return `| | ${label} | ${result.status}: ${why} |||||||||`;
  }
  // More round trips than waves: a wave's batches went out in turns (the gateway sends at most
  // GRAPH_MAX_CONCURRENCY requests at once).
  const roundTrips =
    result.wavesSource === 'graphStats' && result.wavesObserved > result.waves
      ? ` (${result.wavesObserved} round trips)`
      : '';
  const waves = `${result.waves}${result.wavesSource === 'timeline' ? '*' : ''}${roundTrips}`;
  const errors = result.latency.errors + result.throughput.errors;
  const notes = [result.note, errors > 0 ? `${errors} failed operations` : null].filter(Boolean).join('; ');
  return `| | ${label} | ${result.httpRequests} | ${result.subRequests} | ${waves} | ${cell(result.latency.p50Ms)} | ${cell(result.latency.p95Ms)} | ${cell(result.throughput.opsPerSec)} | ${cell(result.throughput.contenderCpuMsPerOp)} | ${cell(result.peakRssMiB)} | ${notes.replace(/\|/g, '\\|')} |`;
}

function targetsLine(assessment) {
  const t = assessment.targets;
  if (!t) return null;
  const mark = (ok) => (ok ? 'met' : '**missed**');
  const parts = [
    `HTTP at minimal: ${mark(t.httpRequestsAtMinimal)}`,
    `waves at minimal: ${mark(t.wavesAtMinimal)}`,
    `p50 ≤ ${t.p50BudgetMs} ms: ${mark(t.p50WithinBudget)}`,
  ];
  if ('tenTimesFewerThanNaive' in t) parts.push(`≥10× fewer HTTP than naive: ${mark(t.tenTimesFewerThanNaive)}`);
  if ('lowerP50ThanMesh' in t)
    parts.push(
      `p50 below Mesh: ${mark(t.lowerP50ThanMesh)}`,
      `throughput above Mesh: ${mark(t.higherThroughputThanMesh)}`,
    );
  return parts.join(' · ');
}

/** @param {{ generatedAt: string, machine: object, settings: object, scenarios: object[] }} report */
export function renderMarkdown(report) {
  const { machine, settings } = report;
  const lines = [
    `Measured ${report.generatedAt.slice(0, 10)} on ${machine.nproc} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node} (${machine.os}); ` +
      `emulator with ${settings.users} users (seed ${settings.seed}); p50/p95 over ${settings.samples} sequential operations at ${settings.latencyMs} ms emulator latency; ` +
      `throughput with ${settings.concurrency} operations in flight for ${settings.seconds} s at 0 ms, where CPU ms/op is the contender process's own CPU time per operation; ` +
      `every contender one process; load average ${machine.loadAverageAtStart} at the start, ${machine.loadAverage1m} at the end${settings.quick ? '; **quick run** (few samples)' : ''}.`,
    '',
    '| scenario | contender | HTTP requests | sub-requests | waves | p50 ms | p95 ms | ops/s | CPU ms/op | peak RSS MiB | notes |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const entry of report.scenarios) {
    const plan = entry.minimalPlan;
    const planText = plan
      ? `minimal plan: **${plan.httpRequests}** HTTP, **${plan.waves}** waves (reads per wave ${plan.readsPerWave.join(' + ')})`
      : 'minimal plan: –';
    lines.push(`| **${entry.title}** | ${planText} ||||||||||`);
    for (const name of ['gateway', 'naive', 'mesh']) {
      const row = resultRow(entry, name, entry.results[name]);
      if (row) lines.push(row);
    }
    const targets = targetsLine(entry);
    if (targets) lines.push(`| | gateway targets: ${targets} ||||||||||`);
    if (entry.gatewayDataMatchesNaive === false)
      lines.push("| | **the gateway's data differ from the naive baseline's** ||||||||||");
  }
  lines.push(
    '',
    "Waves: the gateway's own count (`extensions.graphStats.waves`); the naive baseline's own count of its longest chain of dependent requests; " +
      "`*` counted from the emulator's request timeline (longest chain of requests each started after the previous one was answered); " +
      '"round trips" where that timeline shows more sequential round trips than the contender\'s own count of waves.',
  );
  return lines.join('\n');
}

export function writeResults(report) {
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  const withoutData = {
    ...report,
    scenarios: report.scenarios.map((entry) => ({
      ...entry,
      results: Object.fromEntries(
        Object.entries(entry.results).map(([name, result]) => {
          const { data: _data, ...rest } = result;
          return [name, rest];
        }),
      ),
    })),
  };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(withoutData, null, 2)}\n`);
}

/** Replaces the results section of bench/README.md (between its markers). */
export function updateReadme(markdown) {
  const readme = readFileSync(README_FILE, 'utf8');
  const start = readme.indexOf(START_MARK);
  const end = readme.indexOf(END_MARK);
  if (start === -1 || end === -1 || end < start) return false;
  writeFileSync(README_FILE, `${readme.slice(0, start + START_MARK.length)}\n${markdown}\n${readme.slice(end)}`);
  return true;
}
