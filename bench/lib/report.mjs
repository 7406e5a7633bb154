/** The results as JSON, as a Markdown table (printed, and kept in bench/README.md), and the machine they came from. */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));
const README_FILE = fileURLToPath(new URL('../README.md', import.meta.url));

/** Where a run's results go: `latest.json` at product defaults, `tuned.json` for a tuned run, `live.json` for `--live`. */
export function resultsFile(section) {
  return `${RESULTS_DIR}${section === 'results' ? 'latest' : section}.json`;
}

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

const LABELS = {
  gateway: 'this gateway',
  ceiling: 'ceiling (bare Apollo Server, from memory)',
  floor: "I/O floor (the ceiling + the gateway's Graph requests)",
  naive: 'naive baseline',
  mesh: 'GraphQL Mesh',
};
const CONTENDER_ORDER = ['gateway', 'ceiling', 'floor', 'naive', 'mesh'];

const COLUMNS = [
  'scenario',
  'contender',
  'HTTP requests',
  'sub-requests',
  'waves',
  'round trips',
  'resource units',
  'p50 ms',
  'p95 ms',
  'ops/s',
  'CPU ms/op',
  'CPU × ceiling',
  'peak RSS MiB',
  'notes',
];

function cell(value, suffix = '') {
  return value === null || value === undefined ? '–' : `${value}${suffix}`;
}

const escapePipes = (text) => text.replace(/\|/g, '\\|');

/** A row whose second cell spans the rest of the table. */
function spanRow(first, second) {
  return `|${first ? ` ${first} ` : ' '}| ${second} ${'|'.repeat(COLUMNS.length - 1)}`;
}

/** CPU ms/op of a contender as a multiple of another's (the ceiling's, the floor's), measured in the same run. */
export function cpuTimes(result, reference) {
  const own = result?.throughput?.contenderCpuMsPerOp;
  const base = reference?.status === 'ok' ? reference.throughput.contenderCpuMsPerOp : null;
  if (typeof own !== 'number' || typeof base !== 'number' || base <= 0) return null;
  return Math.round((own / base) * 10) / 10;
}

/** The contender's own round-trip count; the naive baseline's and Mesh's from the emulator's timeline (`*`). */
function roundTripsCell(result) {
  if (typeof result.roundTripsReported === 'number') return String(result.roundTripsReported);
  if (result.wavesSource === 'graphStats') return '–';
  return typeof result.wavesObserved === 'number' ? `${result.wavesObserved}*` : '–';
}

function resultRow(entry, contenderName, result) {
  const label = LABELS[contenderName] ?? contenderName;
  if (!result) return null;
  if (result.status !== 'ok') {
    const why = (result.reason ?? '').split('\n')[0];
    return `| | ${label} | ${escapePipes(`${result.status}: ${why}`)} ${'|'.repeat(COLUMNS.length - 2)}`;
  }
  const errors = result.latency.errors + result.throughput.errors;
  const ratio = cpuTimes(result, entry.results.ceiling);
  if (contenderName === 'ceiling') {
    const notes = [
      result.dataMatchesGateway === false ? "**its data differ from the gateway's**" : null,
      errors > 0 ? `${errors} failed operations` : null,
    ].filter(Boolean);
    // No Graph behind it: request counts and latency do not apply.
    return `| | ${label} | – | – | – | – | – | – | – | ${cell(result.throughput.opsPerSec)} | ${cell(result.throughput.contenderCpuMsPerOp)} | 1 | ${cell(result.peakRssMiB)} | ${escapePipes(notes.join('; '))} |`;
  }
  // The timeline shows more sequential round trips than the contender reports waves: a wave's
  // requests went out in turns (the gateway sends at most GRAPH_MAX_CONCURRENCY at once).
  const roundTripsSeen =
    result.wavesSource === 'graphStats' && result.wavesObserved > Math.max(result.waves, result.roundTripsReported ?? 0)
      ? `the emulator's timeline shows ${result.wavesObserved} round trips`
      : null;
  const waves = `${result.waves}${result.wavesSource === 'timeline' ? '*' : ''}`;
  // How much of the gateway's CPU is its own work rather than the Graph I/O any server pays.
  const floorRatio = contenderName === 'gateway' ? cpuTimes(result, entry.results.floor) : null;
  const notes = [
    floorRatio === null ? null : `CPU × floor ${floorRatio}×`,
    result.note,
    roundTripsSeen,
    contenderName === 'floor' && result.dataMatchesGateway === false ? "**its data differ from the gateway's**" : null,
    errors > 0 ? `${errors} failed operations` : null,
  ]
    .filter(Boolean)
    .join('; ');
  return `| | ${label} | ${result.httpRequests} | ${result.subRequests} | ${waves} | ${roundTripsCell(result)} | ${cell(result.resourceUnits)} | ${cell(result.latency.p50Ms)} | ${cell(result.latency.p95Ms)} | ${cell(result.throughput.opsPerSec)} | ${cell(result.throughput.contenderCpuMsPerOp)} | ${cell(ratio, '×')} | ${cell(result.peakRssMiB)} | ${escapePipes(notes)} |`;
}

function targetsLine(assessment) {
  const t = assessment.targets;
  if (!t) return null;
  const mark = (ok) => (ok ? 'met' : '**missed**');
  const parts = [
    `HTTP at minimal: ${mark(t.httpRequestsAtMinimal)}`,
    `waves at minimal: ${mark(t.wavesAtMinimal)}`,
    `round trips at minimal: ${mark(t.roundTripsAtMinimal)}`,
    `p50 ≤ ${t.p50BudgetMs} ms: ${mark(t.p50WithinBudget)}`,
  ];
  if ('cpuWithinCeiling' in t)
    parts.push(
      `CPU ≤ ${t.ceilingFactor}× ceiling: ${t.cpuWithinCeiling === null ? 'not measured' : mark(t.cpuWithinCeiling)}`,
    );
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
  const gatewaySettings =
    settings.gatewayMaxConcurrency === null || settings.gatewayMaxConcurrency === undefined
      ? 'the gateway at its product defaults'
      : `**tuned**: the gateway with GRAPH_MAX_CONCURRENCY=${settings.gatewayMaxConcurrency}`;
  const lines = [
    `Measured ${report.generatedAt.slice(0, 10)} on ${machine.nproc} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node} (${machine.os}); ` +
      `${gatewaySettings}, ${settings.gatewayRuntime === 'tsx' ? 'under tsx' : 'compiled (as `npm start` runs it)'}; ` +
      `emulator with ${settings.users} users (seed ${settings.seed}); p50/p95 over ${settings.samples} sequential operations at ${settings.latencyMs} ms emulator latency; ` +
      `throughput with ${settings.concurrency} operations in flight for ${settings.seconds} s at 0 ms, where CPU ms/op is the contender process's own CPU time per operation; ` +
      `every contender one process; load average ${machine.loadAverageAtStart} at the start, ${machine.loadAverage1m} at the end${settings.quick ? '; **quick run** (few samples)' : ''}.`,
    '',
    `| ${COLUMNS.join(' | ')} |`,
    `| --- | --- | ${COLUMNS.slice(2, -1)
      .map(() => '---:')
      .join(' | ')} | --- |`,
  ];
  for (const entry of report.scenarios) {
    const plan = entry.minimalPlan;
    const planText = plan
      ? `minimal plan: **${plan.httpRequests}** HTTP, **${plan.waves}** waves (reads per wave ${plan.readsPerWave.join(' + ')})`
      : 'minimal plan: –';
    lines.push(spanRow(`**${entry.title}**`, planText));
    for (const name of CONTENDER_ORDER) {
      const row = resultRow(entry, name, entry.results[name]);
      if (row) lines.push(row);
    }
    const targets = targetsLine(entry);
    if (targets) lines.push(spanRow('', `gateway targets: ${targets}`));
    if (entry.gatewayDataMatchesNaive === false)
      lines.push(spanRow('', "**the gateway's data differ from the naive baseline's**"));
  }
  lines.push(
    '',
    "Waves: the gateway's own count (`extensions.graphStats.waves`); the naive baseline's own count of its longest chain of dependent requests; " +
      "`*` counted from the emulator's request timeline (longest chain of requests each started after the previous one was answered). " +
      "Round trips: the gateway's own count (`extensions.graphStats.roundTrips`; – where it does not report one), else the timeline's (`*`). " +
      "Resource units: Graph's throttling cost of the operation, the gateway's own count (`extensions.graphStats.resourceUnits`), else the sum of the emulator's `x-ms-resource-unit` answers (– where an answer carried none). " +
      "CPU × ceiling: the contender's CPU ms/op over the ceiling's, measured in the same run; the ceiling answers the gateway's response from memory, so it has no Graph requests and no latency to show. " +
      "The I/O floor is the ceiling that first sends Graph the requests the gateway sent (round by round, each answer parsed and kept until the response is sent): the gateway's Graph I/O and none of its own work; the gateway's notes give its CPU × floor.",
  );
  return lines.join('\n');
}

export function writeResults(report, section = 'results') {
  const file = resultsFile(section);
  mkdirSync(dirname(file), { recursive: true });
  const withoutData = !report.scenarios
    ? report
    : {
        ...report,
        scenarios: report.scenarios.map((entry) => ({
          ...entry,
          results: Object.fromEntries(
            Object.entries(entry.results).map(([name, result]) => {
              const { data: _data, capture: _capture, variables: _variables, exchanges: _exchanges, ...rest } = result;
              return [name, rest];
            }),
          ),
        })),
      };
  writeFileSync(file, `${JSON.stringify(withoutData, null, 2)}\n`);
  return file;
}

/**
 * Replaces a section of bench/README.md between its markers: `results` (product defaults) or
 * `tuned` (a run with --max-concurrency).
 */
export function updateReadme(markdown, section = 'results') {
  const startMark = `<!-- bench:${section}:start -->`;
  const endMark = `<!-- bench:${section}:end -->`;
  const readme = readFileSync(README_FILE, 'utf8');
  const start = readme.indexOf(startMark);
  const end = readme.indexOf(endMark);
  if (start === -1 || end === -1 || end < start) return false;
  writeFileSync(README_FILE, `${readme.slice(0, start + startMark.length)}\n${markdown}\n${readme.slice(end)}`);
  return true;
}
