/**
 * The identity platform's OAuth error body (graph-api.md §9): MSAL reads `error`,
 * `error_description`, `error_codes`, `timestamp`, `trace_id` and `correlation_id`.
 */
import { randomUUID } from 'node:crypto';

export interface OAuthErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
}

export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly aadsts: number,
    readonly description: string,
  ) {
    super(`AADSTS${aadsts}: ${description}`);
  }
}

/** `2025-02-13 10:17:05Z`, the identity platform's timestamp format. */
function timestamp(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

export function oauthErrorBody(error: OAuthError, correlationId: string, origin: string): OAuthErrorBody {
  const traceId = randomUUID();
  const at = timestamp(new Date());
  return {
    error: error.error,
    error_description: `AADSTS${error.aadsts}: ${error.description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${at}`,
    error_codes: [error.aadsts],
    timestamp: at,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${origin}/error?code=${error.aadsts}`,
  };
}

export function missingParameter(name: string): OAuthError {
  return new OAuthError(
    400,
    'invalid_request',
    900144,
    `The request body must contain the following parameter: '${name}'.`,
  );
}
