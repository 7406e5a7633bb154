/**
 * Every example of README.md runs against a started gateway (embedded emulator): each `curl`
 * line of a fenced block (with `http://localhost:4000` and the emulator's `http://127.0.0.1:4001`
 * pointed at the test's servers) and each ```graphql block. A block that cannot run (a schema
 * excerpt, a real-tenant command) carries `<!-- not-executed: reason -->` on the line before it.
 * The two blocks marked `<!-- separate-emulator: gateway | caller -->` run as a user pastes them,
 * whole, in a shell: the first starts an emulator and `npm start` against it, the second calls
 * that gateway with a token from that emulator.
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { asNpmStart, freePort, gatewayEnv, ROOT, stopProcess, useGateway, waitForOutput } from '../kit';

interface Block {
  language: string;
  code: string;
  line: number;
  skipReason: string | null;
  /** `gateway` or `caller` for the blocks of the separate-emulator walk-through. */
  separateEmulator: string | null;
}

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

function fencedBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const open = /^(\s*)```(\w*)\s*$/.exec(lines[index]);
    if (!open) continue;
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end])) body.push(lines[end++].slice(open[1].length));
    const marker = /<!--\s*not-executed:\s*(.+?)\s*-->/.exec(lines[index - 1] ?? '');
    const separate = /<!--\s*separate-emulator:\s*(\w+)\s*-->/.exec(lines[index - 1] ?? '');
    blocks.push({
      language: open[2],
      code: body.join('\n'),
      line: index + 1,
      skipReason: marker ? marker[1] : null,
      separateEmulator: separate ? separate[1] : null,
    });
    index = end;
  }
  return blocks;
}

/** `curl` commands of a block, continuation lines joined. */
function curlCommands(code: string): string[] {
  return code
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('curl '));
}

const blocks = fencedBlocks(README);
const runnable = blocks.filter((block) => block.skipReason === null && block.separateEmulator === null);
const separateEmulator = (role: string): string => {
  const block = blocks.find((candidate) => candidate.separateEmulator === role);
  if (!block) throw new Error(`README.md has no block marked <!-- separate-emulator: ${role} -->`);
  return block.code;
};
const curlExamples = runnable.flatMap((block) =>
  curlCommands(block.code).map((command) => ({ command, line: block.line })),
);
const graphqlExamples = runnable.filter((block) => block.language === 'graphql');

describe('README.md examples', () => {
  const gw = useGateway(asNpmStart(50));

  it('has curl and GraphQL examples, and only a few blocks marked not executed', () => {
    expect(curlExamples.length).toBeGreaterThanOrEqual(2);
    expect(graphqlExamples.length).toBeGreaterThanOrEqual(2);
    expect(blocks.filter((block) => block.skipReason !== null).length).toBeLessThanOrEqual(6);
  });

  it.each(curlExamples.map((example) => [example.line, example.command] as const))(
    'runs the curl example of the block at line %i',
    async (_line, command) => {
      const local = command
        .replaceAll('http://localhost:4000', gw.origin)
        .replaceAll('http://127.0.0.1:4001', gw.emulatorUrl);
      const { stdout } = await promisify(execFile)('sh', ['-c', local]);
      const answer = JSON.parse(stdout) as { data?: Record<string, unknown>; errors?: unknown[] };
      if (local.includes('/graphql')) {
        expect(answer.errors).toBeUndefined();
        expect(Object.keys(answer.data ?? {}).length).toBeGreaterThan(0);
      } else {
        expect(Object.keys(answer).length).toBeGreaterThan(0);
      }
    },
  );

  it.each(graphqlExamples.map((block) => [block.line, block.code] as const))(
    'runs every operation of the GraphQL block at line %i without errors',
    async (_line, code) => {
      const operations = parse(code).definitions.filter(
        (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
      );
      expect(operations.length).toBeGreaterThan(0);
      for (const operation of operations) {
        const answer = await gw.post({
          query: code,
          ...(operation.name ? { operationName: operation.name.value } : {}),
        });
        expect(answer.body.errors).toBeUndefined();
        expect(Object.keys(answer.body.data ?? {}).length).toBeGreaterThan(0);
      }
    },
  );
});

describe("README.md's separate-emulator walk-through, pasted as one block", () => {
  it('starts the emulator and npm start against it; the second block calls that gateway with a token from the emulator', async () => {
    const [emulatorPort, gatewayPort] = [await freePort(), await freePort()];
    const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
    const pasted = separateEmulator('gateway').replaceAll('4001', String(emulatorPort));
    expect(pasted).toContain('npm start');
    // Its own process group, so stopping it stops the emulator it put in the background too.
    const shell = spawn('sh', ['-c', pasted], {
      cwd: ROOT,
      env: gatewayEnv({ PORT: String(gatewayPort) }),
      detached: true,
    });
    try {
      const [banner] = await waitForOutput(shell, /GraphQL API ready at [\s\S]*?\nHealth: .*/, {
        timeoutMs: 150_000,
        what: 'the pasted block',
      });
      expect(banner).toContain(`Mode: Microsoft Graph at ${emulatorUrl}, tenant `);
      expect(banner).toContain('(GRAPH_AUTH_MODE=on-behalf-of)');
      expect(banner).toContain(`export TOKEN=$(curl -s -X POST ${emulatorUrl}/_emulator/token |`);

      const caller = separateEmulator('caller')
        .replaceAll('http://127.0.0.1:4001', emulatorUrl)
        .replaceAll('http://localhost:4000', `http://127.0.0.1:${gatewayPort}`);
      const { stdout } = await promisify(execFile)('sh', ['-c', caller]);
      const answer = JSON.parse(stdout) as { data?: { me: unknown }; errors?: unknown[] };
      expect(answer.errors).toBeUndefined();
      // The default user's name, from Graph's REST answer with an app token from the same emulator.
      const info = (await (await fetch(`${emulatorUrl}/_emulator/info`)).json()) as { defaultUserId: string };
      const appToken = (await (
        await fetch(`${emulatorUrl}/_emulator/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ kind: 'app', audience: 'graph' }),
        })
      ).json()) as { access_token: string };
      const user = (await (
        await fetch(`${emulatorUrl}/v1.0/users/${info.defaultUserId}?$select=displayName`, {
          headers: { authorization: `Bearer ${appToken.access_token}` },
        })
      ).json()) as { displayName: string };
      expect(answer.data?.me).toEqual({ displayName: user.displayName, mail: expect.any(String) });

      // Without the token the gateway refuses: it is not in embedded mode.
      const anonymous = await fetch(`http://127.0.0.1:${gatewayPort}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ me { displayName } }' }),
      });
      expect(anonymous.status).toBe(401);
    } finally {
      if (shell.pid !== undefined && shell.exitCode === null) process.kill(-shell.pid, 'SIGTERM');
      await stopProcess(shell);
    }
  }, 180_000);
});
