/**
 * The audit trail of refused callers: every request the context factory refuses with HTTP 401
 * or 403 (authentication and authorization both happen there, before any resolver) leaves one
 * `info` line with the reason, the caller's IP and the request id. The operation log never sees
 * these requests (Apollo starts an operation only once its context exists), so the request id is
 * settled and echoed here. The reason is the error message the caller gets, which never holds a
 * token; nothing else of the request is logged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Context, ContextFactory } from '../context';
import type { Logger } from '../logger';
import { REQUEST_ID_HEADER, requestIdFrom } from './request-id';

function refusalStatus(error: unknown): number | null {
  if (!(error instanceof GraphQLError)) return null;
  const status = (error.extensions.http as { status?: unknown } | undefined)?.status;
  return status === 401 || status === 403 ? status : null;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The context factory, logging the requests it refuses. */
export function withRefusalLog(
  contextFactory: ContextFactory,
  logger: Logger,
): (http: { req: IncomingMessage; res: ServerResponse }) => Promise<Context> {
  return async ({ req, res }) => {
    try {
      return await contextFactory({ req, res });
    } catch (error) {
      const status = refusalStatus(error);
      if (status !== null) {
        const requestId = requestIdFrom(headerValue(req.headers[REQUEST_ID_HEADER]));
        res.setHeader(REQUEST_ID_HEADER, requestId);
        logger.info('caller refused', {
          requestId,
          status,
          code: (error as GraphQLError).extensions.code,
          reason: (error as GraphQLError).message,
          // The peer address: forwarded-for headers are the caller's to write, so not trusted here.
          callerIp: req.socket.remoteAddress ?? null,
        });
      }
      throw error;
    }
  };
}
