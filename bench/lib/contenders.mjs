/**
 * The five contenders, each one process started for one scenario (against a given emulator, but
 * the ceiling), all with NODE_ENV=production (`mesh start` sets it itself; graphql-js and express
 * run their production paths only then):
 * - `gateway`: this project as `npm start` runs it (the compiled `dist/src/main.js`; with `--tsx`
 *   `src/main.ts` under tsx), at its product defaults, in `on-behalf-of` mode, or `app` mode where
 *   the scenario needs app permissions;
 * - `ceiling`: bench/ceiling/server.mjs, the same schema on a bare Apollo Server answering from
 *   memory the response the gateway returned for the scenario;
 * - `floor`: the same server as the ceiling, which first sends Graph (the gateway's emulator) the
 *   requests the gateway sent for the scenario, round by round, and parses the answers: the
 *   gateway's Graph I/O and nothing else of its work;
 * - `naive`: bench/naive/server.mjs, one Graph request per field and parent;
 * - `mesh`: GraphQL Mesh's OData handler (`mesh start`, one process: FORK=0) over the
 *   emulator's `$metadata`, with `batch: json`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT_DIR } from './emulator.mjs';
import { freePort, guardedNodeArgs, startProcess, stopProcess } from './processes.mjs';
import { roundsFromTimeline } from './waves.mjs';

const NAIVE_SERVER = fileURLToPath(new URL('../naive/server.mjs', import.meta.url));
const CEILING_SERVER = fileURLToPath(new URL('../ceiling/server.mjs', import.meta.url));
/** What `npm start` runs (scripts/start.mjs), built by scripts/build.mjs. */
const GATEWAY_BUILD = 'dist/src/main.js';
const MESH_DIR = fileURLToPath(new URL('../mesh/', import.meta.url));
const MESH_BIN = fileURLToPath(new URL('../node_modules/@graphql-mesh/cli/cjs/bin.js', import.meta.url));

/**
 * @typedef {{ url: string, pid: number, headers: Record<string, string>, stop: () => Promise<void> }} RunningContender
 * @typedef {{ tsx: boolean, maxConcurrency: number | null, capture?: object, exchanges?: object[] }} StartOptions
 * @typedef {{ name: string, label: string, fromMemory?: boolean, readsGraph?: boolean, prepare?: (emulator: object) => Promise<void>, start: (emulator: object | null, scenario: object, nodeArgs: string[], options: StartOptions) => Promise<RunningContender> }} Contender
 *   `fromMemory`: answers the gateway's captured response (run after each scenario of the
 *   gateway's, see run-contender.mjs); `readsGraph`: one of those that also needs the gateway's
 *   emulator (and its recorded Graph requests)
 */

/** @type {Contender} */
const gateway = {
  name: 'gateway',
  label: 'this gateway',
  async start(emulator, scenario, nodeArgs, { tsx, maxConcurrency }) {
    const main = tsx ? ['--import', 'tsx', 'src/main.ts'] : [GATEWAY_BUILD];
    const started = await startProcess({
      name: 'the gateway',
      command: process.execPath,
      args: guardedNodeArgs(...nodeArgs, ...main),
      cwd: ROOT_DIR,
      env: {
        ...emulator.azureEnv,
        GRAPH_AUTH_MODE: scenario.auth === 'app' ? 'app' : 'on-behalf-of',
        // Product defaults unless a tuned run asks otherwise (--max-concurrency).
        ...(maxConcurrency === null ? {} : { GRAPH_MAX_CONCURRENCY: String(maxConcurrency) }),
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

/**
 * bench/ceiling/server.mjs on the captured response, with the gateway's Graph requests to send
 * for each operation when `graph` is given (the floor).
 * @param {{ name: string, nodeArgs: string[], capture: object, graph?: { url: string, token: string, exchanges: object[] } }} options
 */
async function startCeilingServer({ name, nodeArgs, capture, graph }) {
  const directory = mkdtempSync(join(tmpdir(), 'bench-ceiling-'));
  const file = join(directory, 'response.json');
  writeFileSync(file, JSON.stringify(capture));
  const graphEnv = {};
  if (graph) {
    const exchangesFile = join(directory, 'exchanges.json');
    const rounds = roundsFromTimeline(graph.exchanges).map((round) =>
      round.map(({ method, target, headers, body, bodyOmitted }) => ({ method, target, headers, body, bodyOmitted })),
    );
    writeFileSync(exchangesFile, JSON.stringify({ rounds }));
    Object.assign(graphEnv, {
      CEILING_GRAPH_EXCHANGES_FILE: exchangesFile,
      CEILING_GRAPH_URL: graph.url,
      CEILING_GRAPH_TOKEN: graph.token,
    });
  }
  try {
    const started = await startProcess({
      name,
      command: process.execPath,
      args: guardedNodeArgs(...nodeArgs, CEILING_SERVER),
      cwd: ROOT_DIR,
      env: { CEILING_RESPONSE_FILE: file, ...graphEnv, PORT: '0', NODE_ENV: 'production' },
      ready: /(?:Ceiling|I\/O floor) ready at (http:\/\/\S+)/,
    });
    return {
      url: started.match[1],
      pid: started.pid,
      headers: {},
      stop: () => stopProcess(started.child).finally(() => rmSync(directory, { recursive: true, force: true })),
    };
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
}

/** @type {Contender} */
const ceiling = {
  name: 'ceiling',
  label: 'ceiling (bare Apollo Server, from memory)',
  fromMemory: true,
  start: (_emulator, _scenario, nodeArgs, { capture }) =>
    startCeilingServer({ name: 'the ceiling', nodeArgs, capture }),
};

/** @type {Contender} */
const floor = {
  name: 'floor',
  label: "I/O floor (the ceiling + the gateway's Graph requests)",
  fromMemory: true,
  readsGraph: true,
  async start(emulator, scenario, nodeArgs, { capture, exchanges }) {
    // The token a caller would hand a passthrough server: the same user (or app) as the gateway's.
    const token = scenario.auth === 'app' ? await emulator.graphAppToken() : await emulator.graphUserToken();
    return startCeilingServer({
      name: 'the I/O floor',
      nodeArgs,
      capture,
      graph: { url: emulator.url, token, exchanges },
    });
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

export const CONTENDERS = [gateway, ceiling, floor, naive, mesh];
