/**
 * The Graph emulator for the benchmark: the project's emulator (same options as
 * `npm run emulator`, parsed by the same code) on a socket, plus a timeline of Graph HTTP
 * requests so the bench can count the waves of contenders that do not report them. The
 * emulator itself is untouched: this host only wraps its request handler.
 *
 *   GET  /_bench/timeline  → { entries: [{ startMs, endMs, method, target, resourceUnits, headers,
 *                            body }] } since the last reset (`resourceUnits`: the answer's
 *                            `x-ms-resource-unit` header, null when it has none; `headers` and
 *                            `body`: what a replay of the request needs, for the I/O floor:
 *                            the request's headers but its credentials and connection-level ones,
 *                            its body text, null when it has none or when it was not kept,
 *                            `bodyOmitted` saying so; kept only from a reset until the timeline
 *                            is first read)
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
  headers: Record<string, string>;
  body: string | null;
  bodyOmitted?: true;
}

/** Bounded: a runaway contender must not grow the host without limit. */
const TIMELINE_CAPACITY = 50_000;
const GRAPH_PATH = /^\/(v1\.0|beta)(\/|$)/i;
/**
 * A `$batch` of 20 steps is a few KB: a body longer than this (in characters) is not kept, nor
 * any once the bodies kept since the last reset reach the total (the entry says so). The
 * timeline grows through a scenario's latency and throughput runs, read by no one after its
 * counted operation.
 */
const BODY_CAPACITY = 256 * 1024;
const BODIES_CAPACITY = 64 * 1024 * 1024;
/** Headers a replay must not copy: its own credentials and its own connection's. */
const UNREPLAYED_HEADERS = new Set(['authorization', 'host', 'content-length', 'connection', 'accept-encoding']);

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

function replayableHeaders(request: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    if (!UNREPLAYED_HEADERS.has(name)) headers[name] = value;
  });
  return headers;
}

type RecordedBody = Pick<TimelineEntry, 'body' | 'bodyOmitted'>;

const OMITTED: RecordedBody = { body: null, bodyOmitted: true };

/** The body's text, read from a clone so that the emulator still gets the body. */
async function bodyOf(request: Request): Promise<RecordedBody> {
  const text = await request
    .clone()
    .text()
    .catch(() => null);
  return text === null || text.length > BODY_CAPACITY ? OMITTED : { body: text };
}

/** An entry past the first read of the timeline: nothing kept for a replay. */
const NOT_RECORDED: Pick<TimelineEntry, 'headers' | 'body' | 'bodyOmitted'> = { headers: {}, ...OMITTED };

function withTimeline(emulator: Emulator): Emulator {
  let timeline: TimelineEntry[] = [];
  let bodiesLength = 0;
  // Only the operation counted right after a reset is replayed, and the bench reads the timeline
  // right after it: from then on (latency and throughput runs, while contenders' CPU is measured)
  // no request is cloned to keep its body.
  let recording = true;

  function recordedBody(request: Request): Promise<RecordedBody> {
    if (request.body === null) return Promise.resolve({ body: null });
    if (timeline.length >= TIMELINE_CAPACITY || bodiesLength >= BODIES_CAPACITY) return Promise.resolve(OMITTED);
    return bodyOf(request);
  }

  async function handle(request: Request, rawTarget?: string): Promise<Response> {
    const url = new URL(request.url);
    if (request.method === 'GET' && url.pathname === '/_bench/timeline') {
      recording = false;
      return json({ entries: timeline });
    }
    if (request.method === 'POST' && url.pathname.toLowerCase() === '/_emulator/reset') {
      timeline = [];
      bodiesLength = 0;
      recording = true;
    }
    if (!GRAPH_PATH.test(url.pathname)) return emulator.handle(request, rawTarget);

    const startMs = performance.now();
    const body = recording ? recordedBody(request) : null;
    const response = await emulator.handle(request, rawTarget);
    const endMs = performance.now();
    const recorded = body ? { headers: replayableHeaders(request), ...(await body) } : NOT_RECORDED;
    bodiesLength += recorded.body?.length ?? 0;
    if (timeline.length < TIMELINE_CAPACITY) {
      timeline.push({
        startMs,
        endMs,
        method: request.method,
        target: rawTarget ?? `${url.pathname}${url.search}`,
        resourceUnits: resourceUnitsOf(response),
        ...recorded,
      });
    }
    return response;
  }

  return { ...emulator, handle };
}

runFromArgs(process.argv.slice(2), withTimeline);
