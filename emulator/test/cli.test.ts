import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { parseCliArgs } from '../src/cli-args';
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

describe('emulator CLI', () => {
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
