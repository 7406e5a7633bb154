import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { parseCliArgs } from '../src/cli-args';
import { createEmulator } from '../src/index';
import { gatewayEnvLines } from '../src/print-env';
import { runCliToExit, startCli } from './fixtures/spawn-cli';

function httpsGet(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { ca }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('emulator CLI arguments', () => {
  it('defaults to 127.0.0.1:4001 with the emulator defaults', () => {
    expect(parseCliArgs([])).toEqual({
      ok: true,
      config: {
        host: '127.0.0.1',
        port: 4001,
        certOut: null,
        help: false,
        printEnv: false,
        emulator: {
          seed: undefined,
          users: undefined,
          latencyMs: undefined,
          throttleRate: undefined,
          retryAfterSeconds: undefined,
          errorRate: undefined,
          maxSubscriptionMinutes: undefined,
        },
      },
    });
  });

  it('reads every flag, in both --flag value and --flag=value forms', () => {
    const parsed = parseCliArgs([
      '--port=0',
      '--host',
      'localhost',
      '--users',
      '12',
      '--seed=9',
      '--latency-ms',
      '20',
      '--throttle-rate',
      '0.1',
      '--retry-after=2.5',
      '--error-rate',
      '0.05',
      '--max-subscription-minutes=0.5',
      '--https',
      '--cert-out',
      '/tmp/c.pem',
    ]);
    expect(parsed).toEqual({
      ok: true,
      config: {
        host: 'localhost',
        port: 0,
        certOut: '/tmp/c.pem',
        help: false,
        printEnv: false,
        emulator: {
          seed: 9,
          users: 12,
          latencyMs: 20,
          throttleRate: 0.1,
          retryAfterSeconds: 2.5,
          errorRate: 0.05,
          maxSubscriptionMinutes: 0.5,
        },
      },
    });
  });

  it('lists every problem at once', () => {
    expect(
      parseCliArgs([
        '--port',
        '70000',
        '--colour',
        'red',
        '--users',
        'many',
        '--error-rate',
        '1.5',
        '--https',
        'extra',
      ]),
    ).toEqual({
      ok: false,
      problems: [
        'unknown flag --colour',
        "unexpected argument 'red'",
        "unexpected argument 'extra'",
        '--port must be an integer from 0 to 65535 (got 70000)',
        '--https needs --cert-out FILE (clients trust the certificate with NODE_EXTRA_CA_CERTS=FILE)',
        "--users must be a number (got 'many')",
        '--error-rate must be a number from 0 to 1 (got 1.5)',
      ],
    });
  });

  it('reads --print-env, which needs the fixed port the emulator listens on', () => {
    const parsed = parseCliArgs(['--port', '4100', '--seed', '4', '--print-env']);
    expect(parsed).toMatchObject({ ok: true, config: { port: 4100, printEnv: true, emulator: { seed: 4 } } });
    expect(parseCliArgs(['--port', '0', '--print-env'])).toEqual({
      ok: false,
      problems: ['--print-env needs the fixed --port the emulator is started with (not 0)'],
    });
    expect(parseCliArgs(['--print-env=yes'])).toEqual({ ok: false, problems: ['--print-env takes no value'] });
  });

  it('refuses a --max-subscription-minutes that is not above 0 or beyond the longest Graph lifetime', () => {
    expect(parseCliArgs(['--max-subscription-minutes', '0'])).toEqual({
      ok: false,
      problems: ['--max-subscription-minutes must be a number of minutes above 0 and at most 41760 (got 0)'],
    });
    expect(parseCliArgs(['--max-subscription-minutes=50000']).ok).toBe(false);
  });

  it('refuses a flag without its value', () => {
    expect(parseCliArgs(['--port', '--seed', '3'])).toEqual({ ok: false, problems: ['--port needs a value'] });
  });
});

/** A port nothing listens on now (the OS picks it; the test then binds it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

describe("the gateway's settings for an emulator (--print-env)", () => {
  const { info } = createEmulator({ seed: 2, users: 5 });

  it('names the URL clients reach, the app registration, and the certificate with --https', () => {
    expect(gatewayEnvLines(info, { host: '0.0.0.0', port: 4001, certOut: null })).toEqual([
      `# The gateway's settings for the Graph emulator at http://127.0.0.1:4001 (seed 2)`,
      `export GRAPH_API_URL='http://127.0.0.1:4001'`,
      `export AZURE_AUTHORITY_HOST='http://127.0.0.1:4001'`,
      `export AZURE_TENANT_ID='${info.tenantId}'`,
      `export AZURE_CLIENT_ID='${info.clientId}'`,
      `export AZURE_CLIENT_SECRET='${info.clientSecret}'`,
    ]);
    const https = gatewayEnvLines(info, { host: '::1', port: 4443, certOut: '/tmp/emulator.pem' });
    expect(https[1]).toBe(`export GRAPH_API_URL='https://[::1]:4443'`);
    expect(https.at(-1)).toBe(`export NODE_EXTRA_CA_CERTS='/tmp/emulator.pem'`);
  });
});

describe('emulator CLI', () => {
  it('prints with --print-env, without listening, the settings that match the emulator the same flags start', async () => {
    const port = await freePort();
    const printed = await runCliToExit(['--port', String(port), '--seed', '6', '--users', '5', '--print-env']);
    expect(printed.code).toBe(0);
    expect(printed.stderr).toBe('');

    // What `eval "$(npm run -s emulator -- ... --print-env)"` leaves in the shell.
    const names = [
      'GRAPH_API_URL',
      'AZURE_AUTHORITY_HOST',
      'AZURE_TENANT_ID',
      'AZURE_CLIENT_ID',
      'AZURE_CLIENT_SECRET',
    ];
    const script = `eval "$1"; ${names.map((name) => `echo "$${name}"`).join('; ')}`;
    const { stdout } = await promisify(execFile)('sh', ['-c', script, 'sh', printed.stdout]);
    const [graphUrl, authorityHost, tenantId, clientId, clientSecret] = stdout.trimEnd().split('\n');

    const cli = await startCli(['--port', String(port), '--seed', '6', '--users', '5']);
    try {
      const info = (await (await fetch(`${cli.url}/_emulator/info`)).json()) as Record<string, string>;
      expect({ graphUrl, authorityHost, tenantId, clientId, clientSecret }).toEqual({
        graphUrl: cli.url,
        authorityHost: cli.url,
        tenantId: info.tenantId,
        clientId: info.clientId,
        clientSecret: info.clientSecret,
      });
    } finally {
      expect(await cli.stop()).toBe(0);
    }
  });

  it('prints the listening line for --port 0, serves, and exits 0 on SIGTERM', async () => {
    const cli = await startCli(['--port', '0', '--users', '7', '--seed', '5']);
    try {
      expect(cli.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(cli.stdout().split('\n')[0]).toBe(`Graph emulator listening on ${cli.url}`);
      const info = (await (await fetch(`${cli.url}/_emulator/info`)).json()) as {
        users: number;
        seed: number;
        graphUrl: string;
      };
      expect(info).toMatchObject({ users: 7, seed: 5, graphUrl: cli.url });
    } finally {
      expect(await cli.stop()).toBe(0);
    }
  });

  it('serves https with a self-signed certificate for 127.0.0.1 and localhost written to --cert-out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-cli-'));
    const certFile = join(dir, 'emulator.pem');
    const cli = await startCli(['--port', '0', '--users', '5', '--https', '--cert-out', certFile]);
    try {
      expect(cli.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const pem = readFileSync(certFile, 'utf8');
      const cert = new X509Certificate(pem);
      expect(cert.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
      const port = new URL(cli.url).port;
      for (const host of ['127.0.0.1', 'localhost']) {
        const res = await httpsGet(`https://${host}:${port}/_emulator/info`, pem);
        expect(res.status).toBe(200);
        expect(JSON.parse(res.body).graphUrl).toBe(`https://${host}:${port}`);
      }
    } finally {
      expect(await cli.stop()).toBe(0);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with one message listing the problems for bad flags', async () => {
    const result = await runCliToExit(['--port', 'abc', '--throttle-rate', '3', '--nope']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      "Invalid arguments:\n  - unknown flag --nope\n  - --port must be a number (got 'abc')\n  - --throttle-rate must be a number from 0 to 1 (got 3)\n",
    );
    expect(result.stderr).toContain('Usage: npm run emulator --');
  });
});
