/** `npm run bench -- [options]`: the options and their defaults. */

export const USAGE = `Usage: npm run bench -- [options]

  --quick                  few operations per measurement (a smoke run of a minute or so)
  --scenario NAME          only this scenario (repeat or comma-separate for several)
  --contender NAME         only this contender: gateway, ceiling, floor, naive, mesh (repeat
                           or comma-separate); the ceiling and the floor (the I/O floor: the
                           ceiling plus the Graph requests the gateway sent) need the gateway
                           in the same run
  --tsx                    run the gateway from its TypeScript sources under tsx (default: the
                           compiled build, as \`npm start\` runs it; built first when stale)
  --max-concurrency N      run the gateway with GRAPH_MAX_CONCURRENCY=N (a tuned run; its table
                           goes to its own section of bench/README.md)
  --users N                users in the emulated tenant (default 200)
  --seed S                 tenant seed (default 1)
  --latency-ms L           emulator latency for the p50/p95 measurement (default 50)
  --count-latency-ms L     emulator latency while counting requests and waves (default 200)
  --samples N              sequential operations for p50/p95 (default 25; quick 5)
  --concurrency C          operations in flight for throughput (default 8)
  --seconds S              throughput measurement time per scenario (default 4; quick 1)
  --write                  write bench/results/latest.json and the README table also after a
                           quick or partial run
  --no-write               print the table only, also after a full run
  --cpu-prof               write V8 CPU profiles of every contender process to
                           bench/results/profiles/<contender>-<scenario>/ (summarise with
                           node bench/lib/profile-summary.mjs DIR-OR-FILE)
  --live                   only the live data section (a full run ends with it): notification
                           latency (p50/p95; --samples changes, default 50, quick 10), Graph
                           requests an hour of a polled plan and of re-running the board query
                           every 30 s; written to bench/results/live.json and the README's live
                           section after a run without --quick (or with --write)
  --help                   this text`;

const DEFAULTS = {
  quick: false,
  scenarios: [],
  contenders: [],
  users: 200,
  seed: 1,
  latencyMs: 50,
  countLatencyMs: 200,
  samples: null,
  warmup: null,
  concurrency: 8,
  seconds: null,
  warmupSeconds: null,
  /** Written by default only after a full run (no --quick, --scenario, --contender or --tsx). */
  write: null,
  tsx: false,
  maxConcurrency: null,
  cpuProf: false,
  live: false,
  help: false,
};

const NUMBER_FLAGS = {
  '--users': 'users',
  '--seed': 'seed',
  '--latency-ms': 'latencyMs',
  '--count-latency-ms': 'countLatencyMs',
  '--samples': 'samples',
  '--concurrency': 'concurrency',
  '--seconds': 'seconds',
  '--max-concurrency': 'maxConcurrency',
};

/** @returns {{ ok: true, options: typeof DEFAULTS } | { ok: false, problems: string[] }} */
export function parseArgs(argv) {
  const options = { ...DEFAULTS, scenarios: [], contenders: [] };
  const problems = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    const value = () => inline ?? argv[++i];
    if (flag === '--quick') options.quick = true;
    else if (flag === '--write') options.write = true;
    else if (flag === '--no-write') options.write = false;
    else if (flag === '--tsx') options.tsx = true;
    else if (flag === '--cpu-prof') options.cpuProf = true;
    else if (flag === '--live') options.live = true;
    else if (flag === '--help') options.help = true;
    else if (flag === '--scenario')
      options.scenarios.push(
        ...String(value() ?? '')
          .split(',')
          .filter(Boolean),
      );
    else if (flag === '--contender')
      options.contenders.push(
        ...String(value() ?? '')
          .split(',')
          .filter(Boolean),
      );
    else if (flag in NUMBER_FLAGS) {
      const raw = value();
      const number = Number(raw);
      if (raw === undefined || !Number.isFinite(number) || number < 0)
        problems.push(`${flag} needs a number (got '${raw}')`);
      else options[NUMBER_FLAGS[flag]] = number;
    } else problems.push(`unknown option '${argv[i]}'`);
  }
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1 || options.concurrency > 64)
    problems.push('--concurrency must be an integer from 1 to 64');
  if (options.samples !== null && (!Number.isInteger(options.samples) || options.samples < 1 || options.samples > 1000))
    problems.push('--samples must be an integer from 1 to 1000');
  if (options.seconds !== null && (options.seconds <= 0 || options.seconds > 120))
    problems.push('--seconds must be more than 0 and at most 120');
  if (options.maxConcurrency !== null && (!Number.isInteger(options.maxConcurrency) || options.maxConcurrency < 1))
    problems.push('--max-concurrency must be a positive integer');
  // A quick, partial or tsx run must not replace the tracked results of a full one.
  options.write ??= !options.quick && !options.tsx && options.scenarios.length === 0 && options.contenders.length === 0;
  if (options.live) options.samples ??= options.quick ? 10 : 50;
  else options.samples ??= options.quick ? 5 : 25;
  options.warmup = options.quick ? 1 : 3;
  options.seconds ??= options.quick ? 1 : 4;
  options.warmupSeconds = options.quick ? 0.3 : 1;
  return problems.length > 0 ? { ok: false, problems } : { ok: true, options };
}
