/**
 * The one place where failures become GraphQL errors: Graph's HTTP failures get the
 * `extensions.code` of DESIGN §6 plus `extensions.graph`, auth failures become
 * UNAUTHENTICATED, and anything unexpected is masked (logged here, never sent).
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DeltaTokenExpiredError } from './graph/delta';
import { GraphApiError, GraphInputError } from './graph/errors';
import { PlannerConflictError } from './graph/planner-conflict';
import { GraphAuthError } from './auth/errors';
import type { Logger } from './logger';

export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** A bad-input refusal of its own: Graph no longer holds a delta token's sync state; sync again without a token. */
  DELTA_TOKEN_EXPIRED: 'DELTA_TOKEN_EXPIRED',
  CONFLICT: 'CONFLICT',
  THROTTLED: 'THROTTLED',
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  GRAPH_ERROR: 'GRAPH_ERROR',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function codeForGraphError(error: GraphApiError): ErrorCode {
  if (error.kind === 'timeout' || error.kind === 'network') return ErrorCode.UPSTREAM_UNAVAILABLE;
  switch (error.status) {
    case 400:
      return ErrorCode.BAD_USER_INPUT;
    case 401:
      return ErrorCode.UNAUTHENTICATED;
    case 403:
      return ErrorCode.FORBIDDEN;
    case 404:
      return ErrorCode.NOT_FOUND;
    case 409:
    case 412:
      return ErrorCode.CONFLICT;
    case 429:
      return ErrorCode.THROTTLED;
    case 503:
    case 504:
      return ErrorCode.UPSTREAM_UNAVAILABLE;
    default:
      return ErrorCode.GRAPH_ERROR;
  }
}

/** `httpStatus` only for request-level errors: a field error leaves the other fields' 200 alone. */
export function badUserInput(message: string, options: { argument?: string; httpStatus?: number } = {}): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: ErrorCode.BAD_USER_INPUT,
      ...(options.argument ? { argument: options.argument } : {}),
      ...(options.httpStatus ? { http: { status: options.httpStatus } } : {}),
    },
  });
}

/** A request without a valid credential: HTTP 401 with a `WWW-Authenticate` challenge. */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: ErrorCode.UNAUTHENTICATED,
      http: { status: 401, headers: new Map([['www-authenticate', 'Bearer']]) },
    },
  });
}

/** An authenticated caller who may not use this API (a missing scope, role or allowed client id): HTTP 403. */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN, http: { status: 403 } } });
}

/**
 * The formatted error for a known failure, or null when the error is unexpected.
 * Graph's own message is kept: it names the resource, never a token.
 */
export function describeKnownError(error: unknown): { message: string; extensions: Record<string, unknown> } | null {
  if (error instanceof GraphApiError) {
    const code = codeForGraphError(error);
    return {
      message: error.message,
      extensions: {
        code,
        graph: { status: error.status, code: error.code, requestId: error.requestId ?? null },
        ...(code === ErrorCode.THROTTLED && error.retryAfterSeconds !== undefined
          ? { retryAfterSeconds: error.retryAfterSeconds }
          : {}),
        // A refused Planner etag: the version to re-read and merge against.
        ...(error instanceof PlannerConflictError ? { currentEtag: error.currentEtag } : {}),
      },
    };
  }
  if (error instanceof GraphAuthError) {
    return { message: error.message, extensions: { code: ErrorCode.UNAUTHENTICATED } };
  }
  if (error instanceof DeltaTokenExpiredError) {
    return { message: error.message, extensions: { code: ErrorCode.DELTA_TOKEN_EXPIRED, argument: error.argument } };
  }
  if (error instanceof GraphInputError) {
    return { message: error.message, extensions: { code: ErrorCode.BAD_USER_INPUT, argument: error.argument } };
  }
  return null;
}

/** The innermost cause: Apollo and graphql-js wrap thrown errors in GraphQLErrors, sometimes twice. */
function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5 && current instanceof GraphQLError && current.originalError; depth += 1) {
    current = current.originalError;
  }
  return current;
}

/**
 * Apollo's `formatError`: maps known failures, passes GraphQLErrors (request errors from Apollo
 * and graphql-js, and the ones this gateway throws) on, and masks everything else.
 */
export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const cause = rootCause(error);
    const known = describeKnownError(cause);
    if (known) {
      const { locations, path } = formatted;
      return { message: known.message, locations, path, extensions: known.extensions };
    }
    if (cause instanceof GraphQLError) return withoutInternals(withRequestErrorCode(formatted, cause));
    logger.error('Unexpected error while serving a GraphQL request', describeForLog(cause));
    return {
      message: 'Internal server error.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

/**
 * Apollo's own refusals of a malformed request (e.g. a persisted-query hash that does not match)
 * carry an HTTP 4xx but no code, which Apollo then labels INTERNAL_SERVER_ERROR: call them what
 * they are.
 */
function withRequestErrorCode(formatted: GraphQLFormattedError, cause: GraphQLError): GraphQLFormattedError {
  const http = cause.extensions?.http as { status?: unknown } | undefined;
  const status = typeof http?.status === 'number' ? http.status : undefined;
  if (
    formatted.extensions?.code !== ErrorCode.INTERNAL_SERVER_ERROR ||
    status === undefined ||
    status < 400 ||
    status >= 500
  ) {
    return formatted;
  }
  return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_REQUEST' } };
}

function withoutInternals(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (!formatted.extensions) return formatted;
  const { stacktrace: _stacktrace, exception: _exception, http: _http, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}

function describeForLog(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { value: String(error) };
}
