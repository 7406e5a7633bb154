/** The headers Graph puts on every reply (graph-api.md §4), and the innerError it puts in error bodies. */
import { randomUUID } from 'node:crypto';
import type { GraphReply } from './types';

export const GRAPH_JSON_CONTENT_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

const AGS_DIAGNOSTIC = JSON.stringify({
  ServerInfo: { DataCenter: 'Local Emulator', Slice: 'E', Ring: '0', ScaleUnit: '000', RoleInstance: 'EMULATOR' },
});

/** Ids of one Graph call: a fresh `request-id`, and the caller's `client-request-id` or the same value. */
export interface CallIds {
  requestId: string;
  clientRequestId: string;
}

export function callIds(headers: Headers): CallIds {
  const requestId = randomUUID();
  const sent = headers.get('client-request-id');
  return { requestId, clientRequestId: sent && sent.trim() ? sent.trim() : requestId };
}

/** `2025-02-13T10:17:05`: Graph's innerError date has neither a zone nor fractional seconds. */
export function innerErrorDate(at: Date = new Date()): string {
  return at.toISOString().slice(0, 19);
}

/** Adds `innerError` (date and ids) to a Graph error body; any fields the handler set are kept. */
export function withInnerError(reply: GraphReply, ids: CallIds): GraphReply {
  const body = reply.body;
  if (reply.status < 400 || typeof body !== 'object' || body === null || !('error' in body)) return reply;
  const error = (body as { error: unknown }).error;
  if (typeof error !== 'object' || error === null) return reply;
  const given = (error as { innerError?: unknown }).innerError;
  const innerError = {
    ...(typeof given === 'object' && given !== null ? given : {}),
    date: innerErrorDate(),
    'request-id': ids.requestId,
    'client-request-id': ids.clientRequestId,
  };
  return { ...reply, body: { ...body, error: { ...error, innerError } } };
}

/** Headers of a reply that describe its body: JSON by default, `text/plain` for strings. */
export function contentHeaders(reply: GraphReply): Record<string, string> {
  if (reply.body === undefined) return {};
  if (typeof reply.body === 'string') return { 'Content-Type': 'text/plain' };
  return { 'Content-Type': GRAPH_JSON_CONTENT_TYPE, 'OData-Version': '4.0' };
}

export function cacheControl(path: string): string {
  // Planner answers are per-user and Graph marks them private.
  return /\/planner(\/|$)/i.test(path) ? 'private' : 'no-cache';
}

/** Every header of a top-level Graph reply, in the order Graph sends them. */
export function topLevelHeaders(reply: GraphReply, ids: CallIds, path: string): Headers {
  const headers = new Headers();
  headers.set('Cache-Control', cacheControl(path));
  for (const [name, value] of Object.entries(contentHeaders(reply))) headers.set(name, value);
  headers.set('Vary', 'Accept-Encoding');
  headers.set('Strict-Transport-Security', 'max-age=31536000');
  headers.set('request-id', ids.requestId);
  headers.set('client-request-id', ids.clientRequestId);
  headers.set('x-ms-ags-diagnostic', AGS_DIAGNOSTIC);
  headers.set('OData-Version', '4.0');
  headers.set(
    'Access-Control-Expose-Headers',
    'ETag, Location, Preference-Applied, Content-Range, request-id, client-request-id, ReadWriteConsistencyToken, SdkVersion, WWW-Authenticate, x-ms-client-gcc-tenant, Retry-After',
  );
  headers.set('Date', new Date().toUTCString());
  for (const [name, value] of Object.entries(reply.headers ?? {})) headers.set(name, value);
  return headers;
}

/**
 * Headers of one `$batch` step (graph-api.md §1): only what describes that step's answer. An
 * error step is plain `application/json` without `OData-Version`, as json-batching.md's example
 * response shows for its 403 and 405 steps.
 */
export function stepHeaders(reply: GraphReply, path: string): Record<string, string> {
  const content = isErrorReply(reply) ? { 'Content-Type': 'application/json' } : contentHeaders(reply);
  return { 'Cache-Control': cacheControl(path), ...content, ...(reply.headers ?? {}) };
}

function isErrorReply(reply: GraphReply): boolean {
  return reply.status >= 400 && typeof reply.body === 'object' && reply.body !== null && 'error' in reply.body;
}
