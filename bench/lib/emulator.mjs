/**
 * The emulator as the bench uses it: its own process on 127.0.0.1 (bench/emulator/host.ts, the
 * project's emulator plus a request timeline), and a client for its control endpoints.
 */
import { fileURLToPath } from 'node:url';
import { guardedNodeArgs, startProcess, stopProcess } from './processes.mjs';

export const ROOT_DIR = fileURLToPath(new URL('../../', import.meta.url));
const HOST_SCRIPT = fileURLToPath(new URL('../emulator/host.ts', import.meta.url));

/** The JSON body of an answer that must be a success (`what` names the request in the error). */
export async function json(response, what) {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** An app-only Graph token from the emulator's token endpoint (client credentials, as an app gets one). */
export async function clientCredentialsToken(info) {
  const response = await fetch(info.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: info.clientId,
      client_secret: info.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    }),
  });
  return (await json(response, 'the token endpoint')).access_token;
}

/** @param {{ users: number, seed: number, nodeArgs?: string[] }} options */
export async function startEmulator({ users, seed, nodeArgs = [] }) {
  const started = await startProcess({
    name: 'the Graph emulator',
    command: process.execPath,
    args: guardedNodeArgs(
      ...nodeArgs,
      '--import',
      'tsx',
      HOST_SCRIPT,
      '--port',
      '0',
      '--users',
      String(users),
      '--seed',
      String(seed),
    ),
    cwd: ROOT_DIR,
    ready: /Graph emulator listening on (http:\/\/\S+)/,
  });
  const url = started.match[1];
  const info = await json(await fetch(`${url}/_emulator/info`), 'GET /_emulator/info');

  async function post(path, body) {
    return json(
      await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body ?? {}),
      }),
      `POST ${path}`,
    );
  }

  let appToken = null;
  async function getAppToken() {
    appToken ??= await clientCredentialsToken(info);
    return appToken;
  }

  return {
    url,
    pid: started.pid,
    info,
    /** Settings that point the gateway (and the naive baseline) at this emulator. */
    azureEnv: {
      GRAPH_API_URL: url,
      AZURE_AUTHORITY_HOST: url,
      AZURE_TENANT_ID: info.tenantId,
      AZURE_CLIENT_ID: info.clientId,
      AZURE_CLIENT_SECRET: info.clientSecret,
    },
    /** A user token for the gateway's API (an incoming bearer and an OBO assertion). */
    apiUserToken: async () => (await post('/_emulator/token', {})).access_token,
    /** A delegated Graph token for the default user (what a caller hands a passthrough server). */
    graphUserToken: async () => (await post('/_emulator/token', { audience: 'graph' })).access_token,
    /** An app-only Graph token (client credentials). */
    graphAppToken: getAppToken,
    setLatency: (latencyMs) => post('/_emulator/faults', { latencyMs }),
    reset: () => post('/_emulator/reset'),
    stats: async () => json(await fetch(`${url}/_emulator/stats`), 'GET /_emulator/stats'),
    timeline: async () => (await json(await fetch(`${url}/_bench/timeline`), 'GET /_bench/timeline')).entries,
    /** GET a Graph path with the app token (for scenario set-up, outside any measurement). */
    graphGet: async (path) =>
      json(
        await fetch(`${url}/v1.0${path}`, { headers: { authorization: `Bearer ${await getAppToken()}` } }),
        `GET ${path}`,
      ),
    stop: () => stopProcess(started.child),
  };
}
