import { GraphQLError } from 'graphql';
import { GraphAuthError } from '../../src/auth/errors';
import { createFormatError, codeForGraphError } from '../../src/errors';
import { GraphApiError, GraphInputError } from '../../src/graph/errors';
import type { Logger } from '../../src/logger';

function recordingLogger(): Logger & { errors: string[] } {
  const errors: string[] = [];
  const ignore = () => undefined;
  return { debug: ignore, info: ignore, warn: ignore, error: (message) => errors.push(message), errors };
}

/** What graphql-js hands to formatError for an error thrown in a resolver. */
function resolverError(original: Error): GraphQLError {
  return new GraphQLError(original.message, { path: ['user'], originalError: original });
}

const formatted = { message: 'ignored', path: ['user'], locations: [{ line: 1, column: 3 }] };

describe('Graph failures as GraphQL error codes', () => {
  it.each([
    [400, 'http', 'BAD_USER_INPUT'],
    [401, 'http', 'UNAUTHENTICATED'],
    [403, 'http', 'FORBIDDEN'],
    [404, 'http', 'NOT_FOUND'],
    [409, 'http', 'CONFLICT'],
    [412, 'http', 'CONFLICT'],
    [429, 'http', 'THROTTLED'],
    [503, 'http', 'UPSTREAM_UNAVAILABLE'],
    [504, 'http', 'UPSTREAM_UNAVAILABLE'],
    [504, 'timeout', 'UPSTREAM_UNAVAILABLE'],
    [503, 'network', 'UPSTREAM_UNAVAILABLE'],
    [500, 'http', 'GRAPH_ERROR'],
    [502, 'protocol', 'GRAPH_ERROR'],
  ] as const)('maps status %i (%s) to %s', (status, kind, code) => {
    expect(codeForGraphError(new GraphApiError({ status, kind, code: 'x', message: 'm' }))).toBe(code);
  });

  it("carries Graph's status, code and request id in extensions.graph", () => {
    const format = createFormatError(recordingLogger());
    const error = new GraphApiError({
      status: 429,
      code: 'TooManyRequests',
      message: 'Please retry again later.',
      requestId: 'r-1',
      retryAfterSeconds: 2,
    });
    expect(format(formatted, resolverError(error))).toEqual({
      message: 'Please retry again later.',
      path: ['user'],
      locations: [{ line: 1, column: 3 }],
      extensions: {
        code: 'THROTTLED',
        graph: { status: 429, code: 'TooManyRequests', requestId: 'r-1' },
        retryAfterSeconds: 2,
      },
    });
  });

  it('maps auth failures to UNAUTHENTICATED and refused values to BAD_USER_INPUT', () => {
    const format = createFormatError(recordingLogger());
    expect(
      format(
        formatted,
        resolverError(new GraphAuthError('invalid_grant', 'Could not get a Microsoft Graph token: invalid_grant.')),
      ).extensions,
    ).toEqual({
      code: 'UNAUTHENTICATED',
    });
    expect(
      format(
        formatted,
        resolverError(new GraphInputError('id', 'id must not contain control characters such as CR or LF.')),
      ).extensions,
    ).toEqual({
      code: 'BAD_USER_INPUT',
      argument: 'id',
    });
  });

  it('masks an unexpected error, logging it instead of sending its message or stack', () => {
    const logger = recordingLogger();
    const format = createFormatError(logger);
    const leaky = new Error('connect ECONNREFUSED with secret=abc');
    const result = format({ ...formatted, extensions: { stacktrace: ['at x'] } }, resolverError(leaky));
    expect(result).toEqual({
      message: 'Internal server error.',
      path: ['user'],
      locations: [{ line: 1, column: 3 }],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(logger.errors).toEqual(['Unexpected error while serving a GraphQL request']);
  });

  it('passes GraphQL request errors on without internals', () => {
    const format = createFormatError(recordingLogger());
    const validation = new GraphQLError('Cannot query field "nope" on type "Query".', {
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(
      format(
        { message: validation.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: ['x'] } },
        validation,
      ),
    ).toEqual({
      message: validation.message,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });
});
