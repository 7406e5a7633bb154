/**
 * Failures of the Graph client. Nothing here knows GraphQL: the GraphQL layer maps these to
 * `extensions.code` (429 → THROTTLED, 503/504/timeout/network → UPSTREAM_UNAVAILABLE, ...).
 */

/**
 * How a Graph call failed: `http` when Graph answered with an error status (including 429 and
 * 503 after retries ran out), `timeout` when no answer came within the per-call timeout,
 * `network` when the connection failed, `aborted` when the caller's signal aborted the
 * operation, `protocol` when Graph's answer could not be read (not JSON, no batch step).
 */
export type GraphFailureKind = 'http' | 'timeout' | 'network' | 'aborted' | 'protocol';

export interface GraphApiErrorInit {
  status: number;
  code: string;
  message: string;
  kind?: GraphFailureKind;
  requestId?: string;
  retryAfterSeconds?: number;
  /** How many times the read was sent before giving up (1 when it was not retried). */
  attempts?: number;
}

export class GraphApiError extends Error {
  override readonly name = 'GraphApiError';
  /** Graph's HTTP status; 504 for a timeout, 503 for a network failure, 499 for an abort. */
  readonly status: number;
  /** Graph's `error.code` (e.g. `Request_ResourceNotFound`, `TooManyRequests`; may be `""` on Planner). */
  readonly code: string;
  readonly kind: GraphFailureKind;
  /** Graph's `request-id` (from the error body's `innerError`, or the response header). */
  readonly requestId?: string;
  readonly retryAfterSeconds?: number;
  readonly attempts?: number;

  constructor(init: GraphApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.kind = init.kind ?? 'http';
    this.requestId = init.requestId;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.attempts = init.attempts;
  }
}

/**
 * A caller passed a value the client refuses before calling Graph: `first` outside 1..999, a
 * cursor that does not decode or points elsewhere, a value that cannot be placed safely in an
 * OData expression or URL path. The GraphQL layer maps it to BAD_USER_INPUT.
 */
export class GraphInputError extends RangeError {
  override readonly name = 'GraphInputError';
  /** The argument at fault, e.g. `first`, `after`, `id`, `filter`. */
  readonly argument: string;

  constructor(argument: string, message: string) {
    super(message);
    this.argument = argument;
  }
}

export function timeoutError(timeoutMs: number): GraphApiError {
  return new GraphApiError({
    status: 504,
    code: 'timeout',
    kind: 'timeout',
    message: `Microsoft Graph did not answer within ${timeoutMs} ms.`,
  });
}

export function networkError(cause: unknown): GraphApiError {
  const detail = cause instanceof Error && cause.message ? `: ${cause.message}` : '';
  return new GraphApiError({
    status: 503,
    code: 'networkError',
    kind: 'network',
    message: `Microsoft Graph could not be reached${detail}.`,
  });
}

export function abortedError(): GraphApiError {
  return new GraphApiError({
    status: 499,
    code: 'aborted',
    kind: 'aborted',
    message: 'The operation was aborted before Microsoft Graph answered.',
  });
}

export function protocolError(message: string, status = 502): GraphApiError {
  return new GraphApiError({ status, code: 'invalidResponse', kind: 'protocol', message });
}
