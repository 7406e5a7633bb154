/**
 * Child processes of the bench: started with a readiness line to wait for, stopped by pid
 * (SIGTERM, then SIGKILL), and all stopped when the bench exits, fails or is interrupted.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const GUARD = new URL('./parent-guard.mjs', import.meta.url).href;
const STOP_GRACE_MS = 3000;
/** USER_HZ, the unit of /proc/<pid>/stat times: 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;
/** @type {Set<import('node:child_process').ChildProcess>} */
const running = new Set();

/** Node arguments that make a child leave when the bench dies. */
export function guardedNodeArgs(...args) {
  return ['--import', GUARD, ...args];
}

/**
 * Starts a process and resolves once a stdout line matches `ready` (with the match), rejects
 * when it exits first or does not get ready in time (its stderr tail in the message).
 * @param {{ name: string, command: string, args: string[], cwd?: string, env?: NodeJS.ProcessEnv, ready: RegExp, timeoutMs?: number }} options
 */
export function startProcess({ name, command, args, cwd, env, ready, timeoutMs = 60_000 }) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not get ready within ${timeoutMs} ms`), timeoutMs);
    function fail(why) {
      clearTimeout(timer);
      stopProcess(child);
      reject(
        new Error(
          `${name} ${why}.${stderr.trim() ? `\n--- its stderr ---\n${stderr.trim()}` : ''}${stdout.trim() ? `\n--- its stdout ---\n${stdout.trim().slice(-2000)}` : ''}`,
        ),
      );
    }
    child.once('error', (error) => fail(`could not start (${error.message})`));
    // 'close' (not 'exit'): by then its stdout and stderr have been read to the end.
    child.once('close', (code, signal) => fail(`exited (${signal ?? `status ${code}`}) before it was ready`));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', function onData(chunk) {
      stdout = (stdout + chunk).slice(-4000);
      const match = ready.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('close');
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve({ child, pid: child.pid, match, stderrTail: () => stderr });
    });
  });
}

/** SIGTERM, then SIGKILL after a grace period; resolves when the process has gone. */
export function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function stopAll() {
  await Promise.all([...running].map(stopProcess));
}

/** Stops every child however the bench ends. */
export function stopChildrenOnExit() {
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping its processes\n`);
      void stopAll().finally(() => process.exit(130));
    });
  }
}

/** Peak resident set size of a process (VmHWM), in MiB; null once it has gone. */
export function peakRssMiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return kb ? Math.round((Number(kb[1]) / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

/** CPU time a process has used so far (user + system, all threads), in ms; null once it has gone. */
export function cpuTimeMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** A free TCP port on 127.0.0.1 (for servers that take no port 0). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
