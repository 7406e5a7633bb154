/**
 * `npm start` as a user runs it, in a child process with no Azure settings: it embeds the
 * emulator, prints where everything is, answers the printed curl example and stops cleanly on
 * SIGTERM. One test runs `npm start`'s own script (compiled JavaScript, building first when
 * dist/ is stale); the others run `tsx src/main.ts`, the same code without the build.
 */
import { execFile, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { exitCode, gatewayEnv, post, ROOT, spawnGateway, waitForLines } from '../kit';

/** A clean clone has no dist/: the compiled start path may first compile both packages. */
const BUILD_AND_STARTUP_TIMEOUT_MS = 240_000;

/** The local addresses (hex, as the kernel lists them) of the sockets listening on `port`. */
function listeningAddresses(port: number): string[] {
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  const addresses: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const row of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = row.trim().split(/\s+/);
      // State 0A is LISTEN.
      if (local?.endsWith(`:${portHex}`) && state === '0A') addresses.push(local.slice(0, -5));
    }
  }
  return addresses;
}

describe('npm start', () => {
  let child: ChildProcessWithoutNullStreams | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it(
    "runs the compiled gateway with plain node through npm start's script, prints the same banner and answers",
    async () => {
      const scripts = (
        JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
      ).scripts;
      expect(scripts.start?.split(' ')[0]).toBe('node');
      child = spawnGateway({ via: 'npm-start' });
      const lines = await waitForLines(child, (printed) => printed.some((line) => line.startsWith('Health: ')), {
        timeoutMs: BUILD_AND_STARTUP_TIMEOUT_MS,
      });

      expect(existsSync(join(ROOT, 'dist', 'src', 'main.js'))).toBe(true);
      expect(existsSync(join(ROOT, 'emulator', 'dist', 'index.js'))).toBe(true);
      const graphqlLine = lines[0] ?? '';
      expect(graphqlLine).toMatch(/^GraphQL API ready at http:\/\/localhost:\d+\/graphql$/);
      expect(lines.some((line) => /^Graph emulator \(embedded\) at http:\/\/127\.0\.0\.1:\d+$/.test(line))).toBe(true);
      expect(
        lines.some((line) =>
          line.trimStart().startsWith(`curl -s ${graphqlLine.replace('GraphQL API ready at ', '')} `),
        ),
      ).toBe(true);

      const { body: answer } = await post<{ me?: { displayName?: string } }>(
        graphqlLine.replace('GraphQL API ready at ', ''),
        '{ me { displayName } }',
      );
      expect(answer.errors).toBeUndefined();
      expect(typeof answer.data?.me?.displayName).toBe('string');

      child.kill('SIGTERM');
      expect(await exitCode(child)).toBe(0);
    },
    BUILD_AND_STARTUP_TIMEOUT_MS + 30_000,
  );

  it('prints the GraphQL URL, the emulator, the default user and a curl example that returns data, then stops on SIGTERM', async () => {
    child = spawnGateway();
    const lines = await waitForLines(child, (printed) => printed.some((line) => line.trimStart().startsWith('curl ')));

    const graphqlLine = lines.find((line) => line.startsWith('GraphQL API ready at '));
    expect(graphqlLine).toMatch(/^GraphQL API ready at http:\/\/localhost:\d+\/graphql$/);
    expect(lines.some((line) => /^Graph emulator \(embedded\) at http:\/\/127\.0\.0\.1:\d+$/.test(line))).toBe(true);
    expect(lines.some((line) => /default signed-in user: \S+@\S+ \(id [0-9a-f-]{36}\)$/.test(line))).toBe(true);

    const curl = lines.find((line) => line.trimStart().startsWith('curl '))?.trim() ?? '';
    const url = graphqlLine?.replace('GraphQL API ready at ', '') ?? '';
    expect(curl).toContain(`curl -s ${url} -H 'content-type: application/json' -d '`);

    let output: string;
    if (existsSync('/usr/bin/curl') || existsSync('/bin/curl')) {
      output = (await promisify(execFile)('sh', ['-c', curl])).stdout;
    } else {
      const body = /-d '(.*)'$/.exec(curl)?.[1] ?? '';
      output = await (
        await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      ).text();
    }
    const answer = JSON.parse(output) as {
      data?: { me?: { displayName?: string; memberOf?: { nodes: unknown[] } } };
      errors?: unknown;
    };
    expect(answer.errors).toBeUndefined();
    expect(typeof answer.data?.me?.displayName).toBe('string');
    expect(answer.data?.me?.memberOf?.nodes.length).toBeGreaterThan(0);

    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
  }, 60_000);

  it('listens on loopback only in embedded mode and serves /metrics on METRICS_PORT instead of the GraphQL port', async () => {
    child = spawnGateway({ env: gatewayEnv({ METRICS_PORT: '0' }) });
    const lines = await waitForLines(child, (printed) => printed.some((line) => line.startsWith('Health: ')));

    expect(lines).toContain('Listening on 127.0.0.1 only (HOST)');
    const origin = /^GraphQL API ready at (http:\/\/localhost:\d+)\/graphql$/.exec(lines[0] ?? '')?.[1] ?? '';
    const metricsUrl =
      /metrics: (\S+\/metrics)/.exec(lines.find((line) => line.startsWith('Health: ')) ?? '')?.[1] ?? '';
    expect(metricsUrl).not.toContain(origin);

    const port = Number(new URL(origin).port);
    // The kernel's socket table (Linux, as on every machine this project runs on) shows the bind address.
    expect(listeningAddresses(port)).toEqual(['0100007F']);
    const onGraphqlPort = await fetch(`${origin}/metrics`);
    expect(onGraphqlPort.status).toBe(404);
    const onMetricsPort = await fetch(metricsUrl);
    expect(onMetricsPort.status).toBe(200);
    expect(await onMetricsPort.text()).toContain('# TYPE graphql_operations_total counter');

    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
  }, 60_000);

  it('exits with status 2 and lists every problem when a setting is bad', async () => {
    child = spawnGateway({ env: gatewayEnv({ PORT: 'x', GRAPH_AUTH_MODE: 'nope' }) });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    expect(await exitCode(child)).toBe(2);
    expect(stderr).toContain("The gateway's settings have 2 problems:");
    expect(stderr).toContain("PORT must be a number (got 'x')");
    expect(stderr).toContain("GRAPH_AUTH_MODE must be one of on-behalf-of, app, passthrough (got 'nope')");
  }, 60_000);
});
