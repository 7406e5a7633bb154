/**
 * The Graph emulator for the benchmark: the project's emulator (same options as
 * `npm run emulator`, parsed by the same code) on a socket, plus a timeline of Graph HTTP
 * requests so the bench can count the waves of contenders that do not report them. The
 * emulator itself is untouched: this host only wraps its request handler.
 *
 *   GET  /_bench/timeline  → { entries: [{ startMs, endMs, method, target }] } since the last reset
 *   POST /_emulator/reset  → also clears the timeline
 *
 * Prints `Graph emulator listening on <url>` once it accepts connections (like the CLI).
 */
import { performance } from 'node:perf_hooks';
import { createEmulator, type Emulator } from '@msgraph-graphql/emulator';
import { listen } from '@msgraph-graphql/emulator/listen';
import { parseCliArgs, USAGE } from '@msgraph-graphql/emulator/cli-args';

interface TimelineEntry {
  startMs: number;
  endMs: number;
  method: string;
  target: string;
}

/** Bounded: a runaway contender must not grow the host without limit. */
const TIMELINE_CAPACITY = 50_000;
const GRAPH_PATH = /^\/(v1\.0|beta)(\/|$)/i;

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
}

function withTimeline(emulator: Emulator): Emulator {
  let timeline: TimelineEntry[] = [];

  async function handle(request: Request, rawTarget?: string): Promise<Response> {
    const url = new URL(request.url);
    if (request.method === 'GET' && url.pathname === '/_bench/timeline') return json({ entries: timeline });
    if (request.method === 'POST' && url.pathname.toLowerCase() === '/_emulator/reset') timeline = [];
    if (!GRAPH_PATH.test(url.pathname)) return emulator.handle(request, rawTarget);

    const startMs = performance.now();
    const response = await emulator.handle(request, rawTarget);
    if (timeline.length < TIMELINE_CAPACITY) {
      timeline.push({
        startMs,
        endMs: performance.now(),
        method: request.method,
        target: rawTarget ?? `${url.pathname}${url.search}`,
      });
    }
    return response;
  }

  return { ...emulator, handle };
}

async function main(argv: readonly string[]): Promise<void> {
  const parsed = parseCliArgs(argv);
  if (!parsed.ok) {
    process.stderr.write(`Invalid arguments:\n${parsed.problems.map((p) => `  - ${p}`).join('\n')}\n\n${USAGE}\n`);
    process.exit(2);
  }
  const { config } = parsed;
  const emulator = withTimeline(createEmulator(config.emulator));
  const server = await listen(emulator, { host: config.host, port: config.port });
  process.stdout.write(`Graph emulator listening on ${server.url}\n`);

  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`Graph emulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
