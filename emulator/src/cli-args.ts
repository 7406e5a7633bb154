/**
 * `npm run emulator -- [flags]` arguments. Every problem is collected so one message can list
 * them all (exit code 2), like the gateway's settings.
 */
import { resolveOptions, type EmulatorOptions } from './options';

export interface CliConfig {
  host: string;
  port: number;
  emulator: EmulatorOptions;
  /** Write the self-signed certificate here and serve https. */
  certOut: string | null;
  help: boolean;
  /** Print the gateway's settings for this emulator (shell `export` lines) and exit without serving. */
  printEnv: boolean;
}

export const USAGE = `Usage: npm run emulator -- [--port 4001] [--host 127.0.0.1] [--users N] [--seed S]
       [--latency-ms L] [--throttle-rate R] [--retry-after SECONDS] [--error-rate E]
       [--max-subscription-minutes M] [--https --cert-out FILE] [--print-env]

  --port           TCP port (0 picks a free one; default 4001)
  --host           interface to bind (default 127.0.0.1)
  --users          generated users (default 50)
  --seed           tenant seed: the same seed gives the same tenant (default 1)
  --latency-ms     every Graph HTTP request is answered L ms after it arrives
  --throttle-rate  fraction (0..1) of Graph calls answered 429
  --retry-after    Retry-After seconds on injected 429/503 (default 1)
  --error-rate     fraction (0..1) of Graph calls answered 503
  --max-subscription-minutes
                   caps change-notification subscription lifetimes at M minutes (fractions allowed)
  --https          serve TLS with a self-signed certificate for 127.0.0.1 and localhost
  --cert-out       file the certificate (PEM) is written to before listening (needed with --https)
  --print-env      print the gateway's settings for the emulator these flags start (export lines
                   for eval or a .env file) and exit; start the emulator itself without it`;

const VALUE_FLAGS = [
  'port',
  'host',
  'users',
  'seed',
  'latency-ms',
  'throttle-rate',
  'retry-after',
  'error-rate',
  'max-subscription-minutes',
  'cert-out',
] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

function isValueFlag(name: string): name is ValueFlag {
  return (VALUE_FLAGS as readonly string[]).includes(name);
}

export type CliParse = { ok: true; config: CliConfig } | { ok: false; problems: string[] };

export function parseCliArgs(argv: readonly string[]): CliParse {
  const problems: string[] = [];
  const values = new Map<ValueFlag, string>();
  let https = false;
  let help = false;
  let printEnv = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) {
      problems.push(`unexpected argument '${arg}'`);
      continue;
    }
    const name = match[1] as string;
    if (name === 'https' || name === 'help' || name === 'print-env') {
      if (match[2] !== undefined) problems.push(`--${name} takes no value`);
      if (name === 'https') https = true;
      else if (name === 'print-env') printEnv = true;
      else help = true;
      continue;
    }
    if (!isValueFlag(name)) {
      problems.push(`unknown flag --${name}`);
      continue;
    }
    let value = match[2];
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        problems.push(`--${name} needs a value`);
        continue;
      }
      value = next;
      i++;
    }
    if (values.has(name)) problems.push(`--${name} is given more than once`);
    values.set(name, value);
  }

  const number = (flag: ValueFlag): number | undefined => {
    const raw = values.get(flag);
    if (raw === undefined) return undefined;
    const parsed = raw.trim() === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(parsed)) {
      problems.push(`--${flag} must be a number (got '${raw}')`);
      return undefined;
    }
    return parsed;
  };

  const port = number('port') ?? 4001;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`--port must be an integer from 0 to 65535 (got ${port})`);
  const host = values.get('host') ?? '127.0.0.1';
  if (host.trim() === '') problems.push('--host must not be empty');
  const certOut = values.get('cert-out') ?? null;
  if (https && !certOut)
    problems.push('--https needs --cert-out FILE (clients trust the certificate with NODE_EXTRA_CA_CERTS=FILE)');
  if (!https && certOut) problems.push('--cert-out is only used with --https');
  if (printEnv && port === 0) problems.push('--print-env needs the fixed --port the emulator is started with (not 0)');

  const emulator: EmulatorOptions = {
    seed: number('seed'),
    users: number('users'),
    latencyMs: number('latency-ms'),
    throttleRate: number('throttle-rate'),
    retryAfterSeconds: number('retry-after'),
    errorRate: number('error-rate'),
    maxSubscriptionMinutes: number('max-subscription-minutes'),
  };
  const resolved = resolveOptions(emulator);
  if (!resolved.ok) {
    const flagNames: Record<string, string> = {
      latencyMs: '--latency-ms',
      throttleRate: '--throttle-rate',
      retryAfterSeconds: '--retry-after',
      errorRate: '--error-rate',
      seed: '--seed',
      users: '--users',
      maxSubscriptionMinutes: '--max-subscription-minutes',
    };
    problems.push(...resolved.problems.map((p) => p.replace(/^(\w+)/, (word) => flagNames[word] ?? word)));
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, config: { host, port, emulator, certOut: https ? certOut : null, help, printEnv } };
}
