/**
 * A bounded soak on loopback: the gateway as `npm start` wires it (embedded emulator), served on
 * 127.0.0.1, under `--concurrency` operations at a time over nested queries for `--seconds`.
 * Prints errors, operations per second and RSS samples; exits 1 on any error.
 *
 *   npm run soak -- --seconds 60 --concurrency 16
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { prepareGateway } from '../src/bootstrap';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';

function flag(name: string, fallback: number, max: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    process.stderr.write(`--${name} must be a whole number between 1 and ${max}\n`);
    process.exit(2);
  }
  return value;
}

const QUERIES = [
  '{ me { displayName mail manager { displayName } memberOf(first: 5) { nodes { displayName } } } }',
  '{ users(first: 20) { nodes { id displayName manager { id displayName } directReports(first: 5) { nodes { id } } } } }',
  '{ groups(first: 10) { nodes { id displayName members(first: 10) { nodes { id } } } } }',
  '{ me { outlookTaskLists { id displayName } } }',
];

async function main(): Promise<void> {
  const seconds = flag('seconds', 60, 3600);
  const concurrency = flag('concurrency', 16, 256);
  const prepared = await prepareGateway(loadConfig({ LOG_LEVEL: 'warn' }), { logger: createLogger('warn') });
  const server = createServer(prepared.gateway.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

  let operations = 0;
  let errors = 0;
  const firstErrors: string[] = [];
  const rssMiB: number[] = [];
  const started = Date.now();
  const deadline = started + seconds * 1000;
  const sampler = setInterval(() => {
    rssMiB.push(Math.round(process.memoryUsage().rss / 1024 / 1024));
    process.stdout.write(
      `t=${Math.round((Date.now() - started) / 1000)}s ops=${operations} errors=${errors} rss=${rssMiB.at(-1)}MiB\n`,
    );
  }, 5000);

  async function worker(offset: number): Promise<void> {
    for (let i = offset; Date.now() < deadline; i += 1) {
      const query = QUERIES[i % QUERIES.length];
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        });
        const body = (await response.json()) as { errors?: Array<{ message: string }> };
        if (response.status !== 200 || body.errors) {
          errors += 1;
          if (firstErrors.length < 5) firstErrors.push(`${response.status} ${body.errors?.[0]?.message ?? ''}`);
        }
      } catch (error) {
        errors += 1;
        if (firstErrors.length < 5) firstErrors.push(String(error));
      }
      operations += 1;
    }
  }

  await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
  clearInterval(sampler);
  const elapsed = (Date.now() - started) / 1000;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await prepared.close();

  process.stdout.write(
    [
      `soak: ${seconds}s at concurrency ${concurrency}`,
      `operations: ${operations} (${(operations / elapsed).toFixed(1)} ops/s)`,
      `errors: ${errors}${firstErrors.length ? ` (first: ${firstErrors.join(' | ')})` : ''}`,
      `rss MiB every 5 s: ${rssMiB.join(', ')}`,
    ].join('\n') + '\n',
  );
  process.exit(errors === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
