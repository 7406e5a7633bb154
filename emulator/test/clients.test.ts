/**
 * The official Graph SDK (and MSAL) against the CLI emulator over https, as a user's app
 * would talk to Graph: a separate process that trusts the emulator's certificate through
 * NODE_EXTRA_CA_CERTS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScriptToExit, startCli, type CliExit, type RunningCli } from './fixtures/spawn-cli';

interface Summary {
  tokenType: string;
  userIds: string[];
  steps: Array<{ id: string; status: number; userId: string | null }>;
  /** The emulator's counters once the fixture is done (read over the trusted TLS connection). */
  stats: {
    httpRequests: number;
    batchRequests: number;
    subRequests: number;
    tokenRequests: number;
    byPath: Record<string, number>;
  };
}

function runFixture(env: Record<string, string>): Promise<CliExit> {
  return runScriptToExit(join(__dirname, 'fixtures', 'graph-sdk-client.ts'), [], env, 25_000);
}

describe('official clients against the https emulator', () => {
  let dir: string;
  let cli: RunningCli;
  let summary: Summary;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'emulator-clients-'));
    const certFile = join(dir, 'emulator.pem');
    cli = await startCli(['--port', '0', '--users', '30', '--seed', '4', '--https', '--cert-out', certFile]);
    const result = await runFixture({ EMULATOR_URL: cli.url, NODE_EXTRA_CA_CERTS: certFile });
    if (result.code !== 0) throw new Error(`the Graph SDK fixture failed (${String(result.code)}): ${result.stderr}`);
    summary = JSON.parse(result.stdout) as Summary;
  }, 60_000);

  afterAll(async () => {
    await cli?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('MSAL gets a token from the https token endpoint', () => {
    expect(summary.tokenType).toBe('Bearer');
  });

  it("the SDK's PageIterator reads all 30 users across $top=7 pages, each once", () => {
    expect(summary.userIds).toHaveLength(30);
    expect(new Set(summary.userIds).size).toBe(30);
    expect(summary.stats.byPath['GET /users']).toBe(5);
  });

  it("the SDK's BatchRequestContent sends 20 steps and BatchResponseContent reads every answer", () => {
    expect(summary.steps).toHaveLength(20);
    const byId = new Map(summary.steps.map((step) => [step.id, step]));
    for (let i = 0; i < 20; i++) {
      expect(byId.get(`step-${i + 1}`)).toEqual({ id: `step-${i + 1}`, status: 200, userId: summary.userIds[i] });
    }
    expect(summary.stats).toMatchObject({ httpRequests: 6, batchRequests: 1, subRequests: 20, tokenRequests: 1 });
  });
});
