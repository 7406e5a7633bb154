/** `npm run bench -- [options]`: the options and their defaults. */

export const USAGE = `Usage: npm run bench -- [options]

  --quick                  few operations per measurement (a smoke run of a minute or so)
  --scenario NAME          only this scenario (repeat or comma-separate for several)
  --contender NAME         only this contender: gateway, naive, mesh (repeat or comma-separate)
  --users N                users in the emulated tenant (default 200)
  --seed S                 tenant seed (default 1)
  --latency-ms L           emulator latency for the p50/p95 measurement (default 50)
  --count-latency-ms L     emulator latency while counting requests and waves (default 200)
  --samples N              sequential operations for p50/p95 (default 25; quick 5)
  --concurrency C          operations in flight for throughput (default 8)
  --seconds S              throughput measurement time per scenario (default 4; quick 1)
  --no-write               print the table only (no bench/results/latest.json, no README update)
  --cpu-prof               write V8 CPU profiles of every contender process to
                           bench/results/profiles/<contender>-<scenario>/ (summarise with
                           node bench/lib/profile-summary.mjs DIR-OR-FILE)
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
  write: true,
  cpuProf: false,
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
};

/** @returns {{ ok: true, options: typeof DEFAULTS } | { ok: false, problems: string[] }} */
export function parseArgs(argv) {
  const options = { ...DEFAULTS, scenarios: [], contenders: [] };
  const problems = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    const value = () => inline ?? argv[++i];
    if (flag === '--quick') options.quick = true;
    else if (flag === '--no-write') options.write = false;
    else if (flag === '--cpu-prof') options.cpuProf = true;
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
  options.samples ??= options.quick ? 5 : 25;
  options.warmup = options.quick ? 1 : 3;
  options.seconds ??= options.quick ? 1 : 4;
  options.warmupSeconds = options.quick ? 0.3 : 1;
  return problems.length > 0 ? { ok: false, problems } : { ok: true, options };
}
