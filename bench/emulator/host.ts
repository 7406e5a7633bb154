/**
 * The Graph emulator for the benchmark: the project's emulator (same options as
 * `npm run emulator`, parsed by the same code) on a socket, plus a timeline of Graph HTTP
 * requests so the bench can count the waves of contenders that do not report them. The
 * emulator itself is untouched: this host only wraps its request handler.
 *
 *   GET  /_bench/timeline  → { entries: [{ startMs, endMs, method, target, resourceUnits }] } since
 *                            the last reset (`resourceUnits`: the answer's `x-ms-resource-unit`
 *                            header, null when it has none)
 *   POST /_emulator/reset  → also clears the timeline
 *
 * Started, printed and stopped exactly as the CLI (`runFromArgs`).
 */
import { performance } from 'node:perf_hooks';
import type { Emulator } from '@msgraph-graphql/emulator';
import { runFromArgs } from '@msgraph-graphql/emulator/serve';

interface TimelineEntry {
  startMs: number;
  endMs: number;
  method: string;
  target: string;
  resourceUnits: number | null;
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

function resourceUnitsOf(response: Response): number | null {
  const header = response.headers.get('x-ms-resource-unit');
  const units = header === null ? NaN : Number(header);
  return Number.isFinite(units) ? units : null;
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
        resourceUnits: resourceUnitsOf(response),
      });
    }
    return response;
  }

  return { ...emulator, handle };
}

runFromArgs(process.argv.slice(2), withTimeline);
