/**
 * `POST /$batch` (graph-api.md §1). The batch is checked as a whole first (a malformed batch is
 * one 400); then each step goes through the dispatcher on its own, authorised with the outer
 * request's token, routed, fault-injected and answered with its own status and headers.
 *
 * Answer order: steps run one after another, and each is answered as it completes. Among the
 * steps whose dependency (if any) has completed, the next to run is the one whose id has the
 * smallest FNV-1a hash. So the order is the same for the same ids on every run, differs from
 * request order for almost every parallel batch, and clients must correlate answers by id.
 */
import { graphError } from '../http/errors';
import { callIds, stepHeaders, withInnerError } from '../http/headers';
import { canonicalPath, pathFailureReply } from '../http/graph-path';
import { badRequest, type BatchRunner, type Dispatcher } from '../http/dispatch';
import type { Caller, GraphCall, GraphReply, GraphVersion } from '../http/types';
import type { RequestLog } from '../request-log';
import { isJsonObject } from './tasks/json';

export const MAX_BATCH_STEPS = 20;

interface BatchStep {
  id: string;
  method: string;
  url: string;
  headers: Headers;
  body: unknown;
  /** Lower-cased id of the step this one depends on. */
  dependsOn: string | null;
}

interface BatchAnswer {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

type Parsed = { ok: true; steps: BatchStep[] } | { ok: false; message: string };

function parseHeaders(value: unknown): Headers | null {
  if (value === undefined) return new Headers();
  if (!isJsonObject(value) || !Object.values(value).every((v) => typeof v === 'string')) return null;
  try {
    return new Headers(value as Record<string, string>);
  } catch {
    return null;
  }
}

function parseStep(
  raw: unknown,
  index: number,
): { ok: true; step: BatchStep; dependsOn: unknown } | { ok: false; message: string } {
  if (!isJsonObject(raw)) return { ok: false, message: `Batch request at index ${index} is not a JSON object.` };
  const { id, method, url, body, dependsOn } = raw;
  if (typeof id !== 'string' || id.trim() === '')
    return { ok: false, message: `Batch request at index ${index} has no 'id'.` };
  if (typeof method !== 'string' || method.trim() === '')
    return { ok: false, message: `Batch request '${id}' has no 'method'.` };
  if (typeof url !== 'string' || url.trim() === '')
    return { ok: false, message: `Batch request '${id}' has no 'url'.` };
  const headers = parseHeaders(raw.headers);
  if (!headers)
    return {
      ok: false,
      message: `Batch request '${id}' has invalid 'headers': they must be an object of header names to string values.`,
    };
  if (body !== undefined && body !== null && !headers.has('content-type')) {
    return { ok: false, message: `Batch request '${id}' has a body but no Content-Type header.` };
  }
  return {
    ok: true,
    step: { id, method: method.toUpperCase(), url, headers, body: body ?? undefined, dependsOn: null },
    dependsOn,
  };
}

/** graph-api.md §1: parallel, serial, or every dependent naming the same (independent) step. */
function followsDependencyPattern(steps: readonly BatchStep[]): boolean {
  const dependents = steps.filter((s) => s.dependsOn !== null);
  if (dependents.length === 0) return true;
  const serial = steps.every((s, i) =>
    i === 0 ? s.dependsOn === null : s.dependsOn === (steps[i - 1] as BatchStep).id.toLowerCase(),
  );
  if (serial) return true;
  const target = dependents[0]?.dependsOn;
  const same = dependents.every((s) => s.dependsOn === target);
  const targetStep = steps.find((s) => s.id.toLowerCase() === target);
  return same && targetStep !== undefined && targetStep.dependsOn === null;
}

export function parseBatch(body: unknown): Parsed {
  if (!isJsonObject(body) || !Array.isArray(body.requests)) {
    return { ok: false, message: "Invalid batch payload: the body must be a JSON object with a 'requests' array." };
  }
  const requests: unknown[] = body.requests;
  if (requests.length === 0) return { ok: false, message: 'Invalid batch payload: the batch contains no requests.' };
  if (requests.length > MAX_BATCH_STEPS) {
    return {
      ok: false,
      message: `Invalid batch payload: a batch can contain at most ${MAX_BATCH_STEPS} requests (got ${requests.length}).`,
    };
  }
  const steps: BatchStep[] = [];
  const rawDependsOn: unknown[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of requests.entries()) {
    const parsed = parseStep(raw, index);
    if (!parsed.ok) return parsed;
    const key = parsed.step.id.toLowerCase();
    if (seen.has(key))
      return { ok: false, message: `Batch request ids must be unique: '${parsed.step.id}' appears more than once.` };
    seen.add(key);
    steps.push(parsed.step);
    rawDependsOn.push(parsed.dependsOn);
  }
  for (const [index, step] of steps.entries()) {
    const dependsOn = rawDependsOn[index];
    if (dependsOn === undefined || dependsOn === null) continue;
    if (!Array.isArray(dependsOn) || !dependsOn.every((d) => typeof d === 'string')) {
      return {
        ok: false,
        message: `Batch request '${step.id}' has an invalid 'dependsOn': it must be an array of request ids.`,
      };
    }
    if (dependsOn.length === 0) continue;
    if (dependsOn.length > 1)
      return {
        ok: false,
        message: `Batch request '${step.id}' depends on more than one request; a request can depend on at most one other request.`,
      };
    const target = (dependsOn[0] as string).toLowerCase();
    if (target === step.id.toLowerCase())
      return { ok: false, message: `Batch request '${step.id}' depends on itself.` };
    if (!seen.has(target))
      return {
        ok: false,
        message: `Batch request '${step.id}' depends on '${dependsOn[0] as string}', which is not in the batch.`,
      };
    step.dependsOn = target;
  }
  if (!followsDependencyPattern(steps))
    return { ok: false, message: 'Batch should be either fully sequential or fully parallel.' };
  return { ok: true, steps };
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The run order described at the top of this file. */
export function runOrder(steps: readonly BatchStep[]): BatchStep[] {
  const done = new Set<string>();
  const pending = [...steps];
  const order: BatchStep[] = [];
  while (pending.length > 0) {
    const ready = pending.filter((s) => s.dependsOn === null || done.has(s.dependsOn));
    // parseBatch guarantees an acyclic graph, so something is always ready.
    const next = ready.reduce((best, s) => (fnv1a(s.id.toLowerCase()) < fnv1a(best.id.toLowerCase()) ? s : best));
    order.push(next);
    done.add(next.id.toLowerCase());
    pending.splice(pending.indexOf(next), 1);
  }
  return order;
}

type StepTarget =
  | { ok: true; version: GraphVersion; path: string; segments: string[]; query: URLSearchParams }
  | { ok: false; reply: GraphReply };

/**
 * A step's `url` is relative to the version root, with or without a leading slash. A leading
 * `/v1.0/` or `/beta/` is also accepted, because the JavaScript SDK's BatchRequestContent
 * keeps the version when it strips the host from a full URL.
 */
function stepTarget(url: string, batchVersion: GraphVersion): StepTarget {
  const trimmed = url.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) {
    return {
      ok: false,
      reply: badRequest('The URL of a batch request must be relative to the version root, for example /users.'),
    };
  }
  const queryAt = trimmed.indexOf('?');
  let pathPart = queryAt >= 0 ? trimmed.slice(0, queryAt) : trimmed;
  const query = new URLSearchParams(queryAt >= 0 ? trimmed.slice(queryAt + 1) : '');
  pathPart = pathPart.replace(/^\/+/, '');
  let version = batchVersion;
  const versioned = /^(v1\.0|beta)(\/|$)/i.exec(pathPart);
  if (versioned) {
    version = (versioned[1] as string).toLowerCase() as GraphVersion;
    pathPart = pathPart.slice(versioned[0].length);
  }
  const parsed = canonicalPath(pathPart);
  if (!parsed.ok) return { ok: false, reply: pathFailureReply(parsed) };
  if (parsed.path.toLowerCase() === '/$batch')
    return { ok: false, reply: badRequest('Nested batch requests are not supported.') };
  return { ok: true, version, path: parsed.path, segments: parsed.segments, query };
}

function failedDependency(step: BatchStep): GraphReply {
  return graphError(424, 'FailedDependency', `The request depends on request '${step.dependsOn ?? ''}', which failed.`);
}

/** Step URLs go to the request log in request order, before any validation, exactly as sent. */
function logSteps(body: unknown, requestLog: RequestLog): void {
  if (!isJsonObject(body) || !Array.isArray(body.requests)) return;
  for (const raw of body.requests.slice(0, MAX_BATCH_STEPS * 5) as unknown[]) {
    if (isJsonObject(raw) && typeof raw.url === 'string') {
      requestLog.add({
        kind: 'batchStep',
        method: typeof raw.method === 'string' ? raw.method.toUpperCase() : '',
        url: raw.url,
      });
    }
  }
}

export function createBatchRunner(requestLog: RequestLog): BatchRunner {
  return async function runBatch(outer: GraphCall, caller: Caller, dispatcher: Dispatcher): Promise<GraphReply> {
    logSteps(outer.body, requestLog);
    const parsed = parseBatch(outer.body);
    if (!parsed.ok) return badRequest(parsed.message);

    const statusById = new Map<string, number>();
    const responses: BatchAnswer[] = [];
    for (const step of runOrder(parsed.steps)) {
      const target = stepTarget(step.url, outer.version);
      const path = target.ok ? target.path : step.url;
      dispatcher.stats.subRequest(step.method, path);

      const dependencyStatus = step.dependsOn === null ? 200 : (statusById.get(step.dependsOn) ?? 424);
      let reply: GraphReply;
      if (dependencyStatus < 200 || dependencyStatus > 299) reply = failedDependency(step);
      else if (!target.ok) reply = target.reply;
      else {
        const call: GraphCall = {
          method: step.method,
          version: target.version,
          path: target.path,
          query: target.query,
          headers: step.headers,
          body: step.body,
          origin: outer.origin,
        };
        reply = await dispatcher.runCall(call, target.segments, () => ({ ok: true, caller }));
      }
      const answered = withInnerError(reply, callIds(step.headers));
      statusById.set(step.id.toLowerCase(), answered.status);
      const answer: BatchAnswer = { id: step.id, status: answered.status, headers: stepHeaders(answered, path) };
      if (answered.body !== undefined) answer.body = answered.body;
      responses.push(answer);
    }
    return { status: 200, body: { responses } };
  };
}
