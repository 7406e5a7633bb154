/**
 * Graph's answers as the client sees them, whether they came as a whole HTTP response or as
 * one step of a `$batch` answer, and how an error answer becomes a `GraphApiError`.
 */
import { GraphApiError, protocolError } from './errors';

export interface GraphAnswer {
  status: number;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string>>;
  /** Parsed JSON body (undefined when there was none). */
  body: unknown;
  /** How many times the read was sent to get this answer. */
  attempts?: number;
}

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503, 504]);

export function lowerCaseHeaders(headers: Headers | Record<string, unknown> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (!headers) return result;
  if (headers instanceof Headers) {
    headers.forEach((value, name) => {
      result[name.toLowerCase()] = value;
    });
    return result;
  }
  // A `$batch` answer's every step has its headers: a plain loop, no entry arrays.
  for (const name in headers) {
    if (!Object.hasOwn(headers, name)) continue;
    const value = headers[name];
    if (typeof value === 'string') result[lowerCaseName(name)] = value;
    else if (typeof value === 'number') result[lowerCaseName(name)] = String(value);
  }
  return result;
}

/** The value of the header `lowerName` in headers whose names come in any case (a `$batch` step's), without copying them. */
export function headerIn(headers: Readonly<Record<string, unknown>>, lowerName: string): unknown {
  // The last of two spellings wins, as in `lowerCaseHeaders`.
  let value: unknown;
  for (const name in headers) {
    if (Object.hasOwn(headers, name) && lowerCaseName(name) === lowerName) value = headers[name];
  }
  return value;
}

/** Header names as lower-cased before, by their spelling: every step of a `$batch` answer repeats the same few. */
const lowerCaseNames = new Map<string, string>();
/** Bounds the memo: header names are the server's choice. */
const MAX_REMEMBERED_NAMES = 256;

function lowerCaseName(name: string): string {
  let lower = lowerCaseNames.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    if (lowerCaseNames.size < MAX_REMEMBERED_NAMES) lowerCaseNames.set(name, lower);
  }
  return lower;
}

/**
 * `Retry-After` in seconds. Graph sends decimal seconds (`2.128` appears in its docs), and some
 * of its services two values (`30,120`), of which the first is the wait; the HTTP date form is
 * accepted too. Undefined when absent or unreadable.
 */
export function retryAfterSeconds(headers: Readonly<Record<string, string>>, now = Date.now()): number | undefined {
  const value = headers['retry-after']?.trim();
  const raw = value && /^\d+(\.\d+)?\s*,/.test(value) ? value.slice(0, value.indexOf(',')).trim() : value;
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Number(raw);
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, (date - now) / 1000);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Graph's `{"error":{"code","message","innerError":{"request-id"}}}` as a `GraphApiError`. */
export function errorFromAnswer(answer: GraphAnswer): GraphApiError {
  const error = isRecord(answer.body) && isRecord(answer.body.error) ? answer.body.error : undefined;
  const innerError = error && isRecord(error.innerError) ? error.innerError : undefined;
  const code = typeof error?.code === 'string' ? error.code : `HTTP${answer.status}`;
  const message =
    typeof error?.message === 'string' && error.message !== ''
      ? error.message
      : `Microsoft Graph answered ${answer.status}.`;
  const bodyRequestId = typeof innerError?.['request-id'] === 'string' ? innerError['request-id'] : undefined;
  return new GraphApiError({
    status: answer.status,
    code,
    message,
    kind: 'http',
    requestId: bodyRequestId ?? answer.headers['request-id'],
    retryAfterSeconds: retryAfterSeconds(answer.headers),
    attempts: answer.attempts,
  });
}

/** The body of a successful answer as a JSON object, or a protocol error. */
export function objectBody(answer: GraphAnswer): Record<string, unknown> {
  if (!isRecord(answer.body)) {
    throw new GraphApiError({
      status: 502,
      code: 'invalidResponse',
      kind: 'protocol',
      message: `Microsoft Graph answered ${answer.status} without a JSON object.`,
      requestId: answer.headers['request-id'],
    });
  }
  return answer.body;
}

/** The entity in a successful answer, without the response's `@odata.context`; `what` names the read or write. */
export function entityOf(answer: GraphAnswer, what: string): Record<string, unknown> & { id: string } {
  const { '@odata.context': _context, ...entity } = objectBody(answer);
  if (typeof entity.id !== 'string') throw protocolError(`Microsoft Graph answered ${what} without an id.`);
  return entity as Record<string, unknown> & { id: string };
}
