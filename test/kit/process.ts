/**
 * The gateway as a user starts it, in a child process: `tsx src/main.ts` (what `npm run dev`
 * runs) or `npm start`'s own script, with the parent's environment minus every gateway setting.
 *
 *   const child = spawnGateway({ env: gatewayEnv({ METRICS_PORT: '0' }) });
 *   const lines = await waitForLines(child, (printed) => printed.some((line) => line.startsWith('Health: ')));
 *   await stopProcess(child);   // SIGTERM, resolves with the exit code
 */
import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
/** How long `tsx src/main.ts` may take to print its banner on a busy machine. */
export const STARTUP_TIMEOUT_MS = 45_000;

const GATEWAY_SETTING = /^(AZURE_|GRAPH_|GATEWAY_|CORS_|REDIS_|PORT$|METRICS_PORT$|HOST$|LOG_LEVEL$)/;

/** The parent's environment without any gateway setting, on a free port with warn-level logs, plus `extra`. */
export function gatewayEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!GATEWAY_SETTING.test(name)) env[name] = value;
  }
  return { ...env, PORT: '0', LOG_LEVEL: 'warn', ...extra };
}

/** Starts the gateway: `tsx src/main.ts` by default, or `npm start`'s script (compiled, building first when dist/ is stale). */
export function spawnGateway({
  env = gatewayEnv(),
  via = 'tsx',
}: { env?: NodeJS.ProcessEnv; via?: 'tsx' | 'npm-start' } = {}): ChildProcessWithoutNullStreams {
  // node with tsx's loader, not the tsx CLI: the CLI runs the gateway in a child of its own, which
  // a SIGKILL to the CLI would leave running (and holding jest's pipes open).
  if (via === 'tsx') return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env });
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts;
  const [command, ...args] = (scripts.start ?? '').split(' ');
  if (command !== 'node') throw new Error(`npm start runs ${command}, not node`);
  return spawn(process.execPath, args, { cwd: ROOT, env });
}

/**
 * Resolves with the child's stdout lines (colour codes removed) once `done(lines)` holds; rejects
 * when the child exits first or after `timeoutMs`, with everything it printed on both streams.
 */
export function waitForLines(
  child: ChildProcessWithoutNullStreams,
  done: (lines: string[]) => boolean,
  { timeoutMs = STARTUP_TIMEOUT_MS, what = 'the process' }: { timeoutMs?: number; what?: string } = {},
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      child.stdout.off('data', onOutput);
      child.stderr.off('data', onErrors);
      child.off('exit', onExit);
      settle();
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error(`${what}: no expected lines within ${timeoutMs} ms:\n${output}\n${errors}`))),
      timeoutMs,
    );
    const onErrors = (chunk: Buffer) => {
      errors += chunk.toString();
    };
    const onOutput = (chunk: Buffer) => {
      output += chunk.toString();
      const lines = output.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
      if (done(lines)) finish(() => resolve(lines));
    };
    const onExit = (code: number | null) =>
      finish(() =>
        reject(new Error(`${what} exited with ${code} before printing the expected lines:\n${output}\n${errors}`)),
      );
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onErrors);
    child.once('exit', onExit);
  });
}

/** Resolves with the first match of `pattern` in the child's stdout (matched across lines). */
export async function waitForOutput(
  child: ChildProcessWithoutNullStreams,
  pattern: RegExp,
  options: { timeoutMs?: number; what?: string } = {},
): Promise<RegExpExecArray> {
  let match: RegExpExecArray | null = null;
  await waitForLines(child, (lines) => (match = pattern.exec(lines.join('\n'))) !== null, options);
  return match as unknown as RegExpExecArray;
}

/** The `/graphql` URL the gateway prints in its first banner line (`http://localhost:<port>/graphql`). */
export async function gatewayUrl(
  child: ChildProcessWithoutNullStreams,
  options: { timeoutMs?: number } = {},
): Promise<string> {
  const [, url] = await waitForOutput(child, /GraphQL API ready at (http:\/\/\S+\/graphql)/, {
    what: 'the gateway',
    ...options,
  });
  return url ?? '';
}

/** The child's exit code, once it has exited. */
export function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/**
 * Sends SIGTERM (when still running) and resolves with the exit code. A child still running
 * `graceMs` later is killed (exit code null): a process that does not stop fails its test
 * instead of keeping jest from ever exiting.
 */
export function stopProcess(child: ChildProcess | undefined, graceMs = 10_000): Promise<number | null> {
  if (!child) return Promise.resolve(null);
  const exited = exitCode(child);
  if (child.exitCode !== null || child.signalCode !== null) return exited;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  killer.unref();
  return exited.finally(() => clearTimeout(killer));
}
