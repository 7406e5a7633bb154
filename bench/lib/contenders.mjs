/**
 * The three contenders, each one process started against a given emulator for one scenario, all
 * with NODE_ENV=production (`mesh start` sets it itself; graphql-js and express run their
 * production paths only then):
 * - `gateway`: this project (`npm start`'s `tsx src/main.ts`, as one node process), in
 *   `on-behalf-of` mode, or `app` mode where the scenario needs app permissions;
 * - `naive`: bench/naive/server.mjs, one Graph request per field and parent;
 * - `mesh`: GraphQL Mesh's OData handler (`mesh start`, one process: FORK=0) over the
 *   emulator's `$metadata`, with `batch: json`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ROOT_DIR } from './emulator.mjs';
import { freePort, guardedNodeArgs, startProcess, stopProcess } from './processes.mjs';

const NAIVE_SERVER = fileURLToPath(new URL('../naive/server.mjs', import.meta.url));
const MESH_DIR = fileURLToPath(new URL('../mesh/', import.meta.url));
const MESH_BIN = fileURLToPath(new URL('../node_modules/@graphql-mesh/cli/cjs/bin.js', import.meta.url));

/**
 * @typedef {{ url: string, pid: number, headers: Record<string, string>, stop: () => Promise<void> }} RunningContender
 * @typedef {{ name: string, label: string, prepare?: (emulator: object) => Promise<void>, start: (emulator: object, scenario: object, nodeArgs: string[]) => Promise<RunningContender> }} Contender
 */

/** `GRAPH_MAX_CONCURRENCY` of the gateway in the bench: enough for every scenario's largest wave at once. */
export const GATEWAY_MAX_CONCURRENCY = 16;

/** @type {Contender} */
const gateway = {
  name: 'gateway',
  label: 'this gateway',
  async start(emulator, scenario, nodeArgs) {
    const started = await startProcess({
      name: 'the gateway',
      command: process.execPath,
      args: guardedNodeArgs(...nodeArgs, '--import', 'tsx', 'src/main.ts'),
      cwd: ROOT_DIR,
      env: {
        ...emulator.azureEnv,
        GRAPH_AUTH_MODE: scenario.auth === 'app' ? 'app' : 'on-behalf-of',
        // The product default (8, DESIGN §3) would send a wave of 10-12 `$batch` requests in two
        // turns; the naive baseline has no limit at all. The largest wave here is 11 requests.
        GRAPH_MAX_CONCURRENCY: String(GATEWAY_MAX_CONCURRENCY),
        PORT: '0',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
      },
      ready: /GraphQL API ready at http:\/\/localhost:(\d+)(\/\S*)/,
    });
    return {
      url: `http://127.0.0.1:${started.match[1]}${started.match[2]}`,
      pid: started.pid,
      headers: { authorization: `Bearer ${await emulator.apiUserToken()}`, 'x-graph-stats': '1' },
      stop: () => stopProcess(started.child),
    };
  },
};

/** @type {Contender} */
const naive = {
  name: 'naive',
  label: 'naive baseline',
  async start(emulator, scenario, nodeArgs) {
    const started = await startProcess({
      name: 'the naive baseline',
      command: process.execPath,
      args: guardedNodeArgs(...nodeArgs, NAIVE_SERVER),
      cwd: ROOT_DIR,
      env: {
        ...emulator.azureEnv,
        NAIVE_AUTH_MODE: scenario.auth === 'app' ? 'app' : 'obo',
        PORT: '0',
        NODE_ENV: 'production',
      },
      ready: /Naive baseline ready at (http:\/\/\S+)/,
    });
    return {
      url: started.match[1],
      pid: started.pid,
      headers: { authorization: `Bearer ${await emulator.apiUserToken()}`, 'x-graph-stats': '1' },
      stop: () => stopProcess(started.child),
    };
  },
};

const HEALTH_TIMEOUT_MS = 30_000;

async function waitForHealth(url) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${HEALTH_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function meshEnv(emulator) {
  return { MESH_GRAPH_ENDPOINT: `${emulator.url}/v1.0/`, FORK: '0', NODE_ENV: 'production' };
}

/** @type {Contender} */
const mesh = {
  name: 'mesh',
  label: 'GraphQL Mesh (OData)',
  /** `mesh build` reads the emulator's `$metadata` once; `mesh start` serves the artifacts. */
  async prepare(emulator) {
    const build = spawnSync(process.execPath, [MESH_BIN, 'build'], {
      cwd: MESH_DIR,
      env: { ...process.env, ...meshEnv(emulator) },
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (build.status !== 0)
      throw new Error(
        `mesh build failed (${build.status ?? build.signal}):\n${(build.stderr || build.stdout).slice(-3000)}`,
      );
  },
  async start(emulator, scenario, nodeArgs) {
    const port = await freePort();
    const started = await startProcess({
      name: 'GraphQL Mesh',
      command: process.execPath,
      args: guardedNodeArgs(...nodeArgs, MESH_BIN, 'start', '--port', String(port)),
      cwd: MESH_DIR,
      env: meshEnv(emulator),
      ready: /Serving GraphQL Mesh: (http:\/\/\S+)/,
    });
    // Mesh prints its URL before the socket accepts requests.
    await waitForHealth(`http://127.0.0.1:${port}/healthcheck`);
    // Mesh has no token exchange: it forwards the caller's Graph token (passthrough).
    const token = scenario.auth === 'app' ? await emulator.graphAppToken() : await emulator.graphUserToken();
    return {
      url: `http://127.0.0.1:${port}/graphql`,
      pid: started.pid,
      headers: { authorization: `Bearer ${token}` },
      stop: () => stopProcess(started.child),
    };
  },
};

export const CONTENDERS = [gateway, naive, mesh];
