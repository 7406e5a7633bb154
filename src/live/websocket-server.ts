/**
 * GraphQL subscriptions over WebSocket with the `graphql-ws` protocol, on the HTTP server's own
 * port and path. The protocol is graphql-ws's (`makeServer`); the socket handling is ours, so
 * that a slow subscriber is cut off (its socket's unsent bytes passing `maxBufferedBytes`)
 * instead of growing the process's memory, and errors go to the gateway's log.
 *
 * - Authentication: `connection_init`'s payload carries the HTTP credentials (`authorization`,
 *   or `x-api-key` in app mode), checked by the same context factory as HTTP requests; a refusal
 *   closes the socket with 4401 (unauthenticated) or 4403 (forbidden). Without credentials only
 *   the embedded emulator's default user connects, as over HTTP, and then only from a
 *   non-browser client or a loopback page (the credential is ambient, so another site must not
 *   borrow it).
 * - Operations: subscriptions only (queries and mutations go over HTTP, through every plugin),
 *   under the same limits as HTTP operations, within per-connection and per-process caps.
 * - Shutdown: `close()` completes every subscription (a `complete` message each), then closes
 *   the sockets with 1001.
 */
import type { IncomingHttpHeaders, IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  getOperationAST,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { analyseOperation, requestOperationInput } from '../analysis';
import { API_KEY_HEADER } from '../auth/caller-auth';
import type { Context, ContextFactory } from '../context';
import { ErrorCode } from '../errors';
import type { OperationLimits } from '../limits';
import { queryTooComplex } from '../limits/errors';
import { checkQueryText } from '../limits/middleware';
import { operationRefusal } from '../limits/operation-refusal';
import type { Logger } from '../logger';
import { LiveEndError } from './delivery-queue';
import type { LiveHub } from './hub';
import { createLiveSession, type LiveSettings } from './session';
import { subscribePerDelivery } from './subscribe-per-delivery';

export const DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION = 100;
export const DEFAULT_MAX_SUBSCRIPTIONS = 10_000;
/** Unsent bytes a subscriber's socket may hold before it is cut off as too slow. */
export const DEFAULT_MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
export const DEFAULT_KEEP_ALIVE_MS = 12_000;
/** How long `close()` waits for the `complete` messages to be written before closing the sockets. */
const COMPLETE_FLUSH_MS = 2_000;
/** A slow socket asked to close gets this long before it is destroyed. */
const SLOW_CLOSE_GRACE_MS = 1_000;
/** Close code for a subscriber cut off for reading too slowly (RFC 6455: policy violation). */
export const SLOW_SUBSCRIBER_CLOSE_CODE = 1008;
export const GOING_AWAY_CLOSE_CODE = 1001;

export interface LiveServerOptions {
  path: string;
  schema: GraphQLSchema;
  contextFactory: ContextFactory;
  /** Formats errors as HTTP responses do (`createFormatError`). */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  limits: OperationLimits;
  logger: Logger;
  hub: LiveHub;
  settings: LiveSettings;
  /**
   * Whether a page of `origin` may connect without credentials (the HTTP CORS policy; loopback
   * pages in embedded mode). Browsers apply no CORS to WebSockets, so the gateway checks it.
   */
  allowsOrigin: (origin: string) => boolean;
  maxSubscriptionsPerConnection?: number;
  maxSubscriptions?: number;
  maxBufferedBytes?: number;
  keepAliveMs?: number;
  /** The largest message a client may send (a subscription document), in bytes. */
  maxPayloadBytes?: number;
}

export interface LiveServerStats {
  connections: number;
  subscriptions: number;
  /** Subscriptions past their start (their subscriber's own read) and joined to a source. */
  watching: number;
  /** Watched resources (with a running source) per identity scope. */
  topics: number;
  /** Subscribers cut off for reading too slowly, since start. */
  slowSubscribersCutOff: number;
}

export interface LiveServer {
  /** Serves `graphql-ws` on `server`'s upgrade requests for the path. */
  attach(server: Server): void;
  stats(): LiveServerStats;
  /** Completes every subscription, closes every socket and stops accepting new ones. */
  close(): Promise<void>;
}

/** What each connection keeps: the credentials it authenticated with. */
interface ConnectionExtra extends Record<PropertyKey, unknown> {
  socket: WebSocket;
  request: IncomingMessage;
  headers: IncomingHttpHeaders;
}

/** What the protocol layer passes from `onSubscribe` to `subscribe`. */
interface OperationStart {
  headers: IncomingHttpHeaders;
}

const CREDENTIAL_NAMES = ['authorization', API_KEY_HEADER];

/** The credentials among `fields` (a `connection_init` payload, or request headers) as the HTTP headers they stand for. */
function credentialHeaders(fields: Readonly<Record<string, unknown>> | undefined | null): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(fields ?? {})) {
    const lower = name.toLowerCase();
    if (CREDENTIAL_NAMES.includes(lower) && typeof value === 'string') headers[lower] = value;
  }
  return headers;
}

/** graphql-ws closes with at most 123 bytes of reason. */
function closeReason(message: string): string {
  return Buffer.byteLength(message) <= 123 ? message : `${message.slice(0, 119)}...`;
}

function errorCodeOf(error: unknown): unknown {
  return error instanceof GraphQLError ? error.extensions.code : undefined;
}

/** A parse or validation error with the code Apollo gives it over HTTP. */
function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes ?? null,
    source: error.source ?? null,
    positions: error.positions ?? null,
    extensions: { ...error.extensions, code },
  });
}

function refusal(message: string, code: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

export function createLiveServer(options: LiveServerOptions): LiveServer {
  const { logger, hub } = options;
  const maxPerConnection = options.maxSubscriptionsPerConnection ?? DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION;
  const maxSubscriptions = options.maxSubscriptions ?? DEFAULT_MAX_SUBSCRIPTIONS;
  const maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
  const keepAliveMs = options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS;
  const sockets = new Set<WebSocket>();
  const attached = new Map<Server, (request: IncomingMessage, socket: Duplex, head: Buffer) => void>();
  let subscriptions = 0;
  let slowSubscribersCutOff = 0;
  let closing = false;

  /** Formats errors exactly as HTTP responses do, plus the ends of live subscriptions. */
  function formatErrors(errors: readonly GraphQLError[]): GraphQLFormattedError[] {
    return errors.map((error) => {
      const cause = error.originalError;
      if (cause instanceof LiveEndError) return { message: cause.message, extensions: { code: cause.code } };
      return options.formatError(error.toJSON(), error);
    });
  }

  function analysedArgs(document: DocumentNode, payload: { operationName?: string | null; variables?: unknown }) {
    const operation = getOperationAST(document, payload.operationName ?? undefined);
    if (!operation) return [refusal('The document names no operation to run.', 'BAD_REQUEST')];
    if (operation.operation !== 'subscription') {
      return [
        refusal(
          `Only subscriptions are served over WebSocket; send ${operation.operation} operations over HTTP POST to the same URL.`,
          'BAD_REQUEST',
        ),
      ];
    }
    const variables = (payload.variables ?? {}) as Record<string, unknown>;
    const analysis = analyseOperation(requestOperationInput(options.schema, document, operation, variables));
    const refused = operationRefusal(analysis, options.limits);
    return refused ? [refused] : null;
  }

  const protocol: ServerOptions<Record<string, unknown>, ConnectionExtra> = {
    schema: options.schema,
    connectionInitWaitTimeout: 10_000,

    async onConnect(ctx) {
      const { socket, request } = ctx.extra;
      // The payload's credentials, else those of the upgrade request: a router propagates headers
      // onto its WebSocket to a subgraph. Browsers cannot set either header on an upgrade, so a
      // page of another site gains nothing from this.
      const fromPayload = credentialHeaders(ctx.connectionParams);
      const headers = Object.keys(fromPayload).length > 0 ? fromPayload : credentialHeaders(request.headers);
      let context: Context;
      try {
        context = await options.contextFactory({ req: { headers } });
      } catch (error) {
        const code = errorCodeOf(error);
        const message = error instanceof Error ? error.message : String(error);
        if (code === ErrorCode.UNAUTHENTICATED) socket.close(CloseCode.Unauthorized, closeReason(message));
        else if (code === ErrorCode.FORBIDDEN) socket.close(CloseCode.Forbidden, closeReason(message));
        else {
          logger.error('Authenticating a WebSocket connection failed', { message });
          socket.close(CloseCode.InternalServerError, 'Internal server error');
        }
        return false;
      }
      const origin = request.headers.origin;
      if (context.principal === 'anonymous' && origin !== undefined && !options.allowsOrigin(origin)) {
        socket.close(
          CloseCode.Forbidden,
          closeReason('Send credentials in the connection_init payload: pages of other sites may not connect without.'),
        );
        return false;
      }
      ctx.extra.headers = headers;
      return true;
    },

    onSubscribe(ctx, _id, payload) {
      // Counted before anything runs: this operation is one of the connection's already.
      if (Object.keys(ctx.subscriptions).length > maxPerConnection) {
        return [
          refusal(
            `This connection has ${maxPerConnection} subscriptions, the most one connection may hold; complete one first or open another connection.`,
            ErrorCode.THROTTLED,
            { limit: 'subscriptionsPerConnection', max: maxPerConnection },
          ),
        ];
      }
      if (closing || subscriptions >= maxSubscriptions) {
        return [
          refusal(
            closing
              ? 'The server is shutting down; subscribe again in a moment.'
              : `The gateway serves ${maxSubscriptions} subscriptions, its most; try again later.`,
            ErrorCode.THROTTLED,
            { limit: 'subscriptions', max: maxSubscriptions },
          ),
        ];
      }
      // The text limits of HTTP first: an oversized document costs no parse.
      const tooLarge = checkQueryText(payload.query, options.limits);
      if (tooLarge) return [queryTooComplex(tooLarge)];
      let document: DocumentNode;
      try {
        document = parse(payload.query);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        return [withCode(error, 'GRAPHQL_PARSE_FAILED')];
      }
      const invalid = validate(options.schema, document);
      if (invalid.length > 0) return invalid.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED'));
      const refused = analysedArgs(document, payload);
      if (refused) return refused;
      // Counted from here: graphql-ws runs `subscribe` for every operation `onSubscribe` lets through,
      // which releases the place when the subscription ends or fails to start.
      subscriptions += 1;
      const start: OperationStart = { headers: ctx.extra.headers };
      const args: ExecutionArgs = {
        schema: options.schema,
        document,
        operationName: payload.operationName ?? null,
        variableValues: payload.variables ?? null,
        contextValue: start,
      };
      return args;
    },

    async subscribe(args) {
      const { headers } = args.contextValue as OperationStart;
      let counted = true;
      const release = () => {
        if (counted) subscriptions -= 1;
        counted = false;
      };
      const openContext = () => options.contextFactory({ req: { headers } });
      let first: Context;
      try {
        first = await openContext();
      } catch (error) {
        release();
        // An unexpected failure keeps its cause: the error formatting logs it and sends a masked message.
        const failure =
          error instanceof GraphQLError
            ? error
            : new GraphQLError('Internal server error.', { originalError: error instanceof Error ? error : null });
        return { errors: [failure] };
      }
      createLiveSession({ context: first, openContext, hub, settings: options.settings });
      return subscribePerDelivery(args, { first, open: openContext }, release);
    },

    onNext(_ctx, _id, _payload, _args, result: ExecutionResult) {
      if (!result.errors) return result;
      return { ...result, errors: formatErrors(result.errors) };
    },

    onError(_ctx, _id, _payload, errors) {
      return formatErrors(errors);
    },
  };
  const server = makeServer(protocol);
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols,
    maxPayload: options.maxPayloadBytes ?? 256 * 1024,
  });

  /** Ends a subscriber that does not read: asks its socket to close, then destroys it. */
  function cutOff(socket: WebSocket): void {
    if (socket.readyState !== socket.OPEN) return;
    slowSubscribersCutOff += 1;
    logger.warn('A subscriber read too slowly and was cut off', {
      bufferedBytes: socket.bufferedAmount,
      maxBufferedBytes,
    });
    socket.close(SLOW_SUBSCRIBER_CLOSE_CODE, 'The subscriber reads too slowly; reconnect.');
    setTimeout(() => socket.terminate(), SLOW_CLOSE_GRACE_MS).unref();
  }

  function serve(socket: WebSocket, request: IncomingMessage): void {
    sockets.add(socket);
    socket.once('error', (error) => {
      logger.warn('A WebSocket connection failed', { message: error.message });
      socket.terminate();
    });
    let pongWait: NodeJS.Timeout | null = null;
    const ping = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return;
      pongWait = setTimeout(() => socket.terminate(), keepAliveMs);
      pongWait.unref();
      socket.once('pong', () => {
        if (pongWait) clearTimeout(pongWait);
        pongWait = null;
      });
      socket.ping();
    }, keepAliveMs);
    ping.unref();

    const extra: ConnectionExtra = { socket, request, headers: {} };
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            if (socket.bufferedAmount > maxBufferedBytes) {
              cutOff(socket);
              return resolve();
            }
            // Resolved once queued, not once written: a subscriber that stops reading must make the
            // buffer grow (and be cut off above), not stall its operation where no bound is checked.
            // A failed write surfaces as the socket's error and close.
            socket.send(data);
            resolve();
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (data) => {
            handle(String(data)).catch((error: unknown) => {
              logger.error('A WebSocket message could not be handled', {
                message: error instanceof Error ? error.message : String(error),
              });
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            });
          }),
      },
      extra,
    );
    socket.once('close', (code, reason) => {
      sockets.delete(socket);
      clearInterval(ping);
      if (pongWait) clearTimeout(pongWait);
      closed(code, String(reason)).catch((error: unknown) => {
        logger.error('Closing a WebSocket connection failed', {
          message: error instanceof Error ? error.message : String(error),
        });
      });
    });
  }

  function upgradeHandler(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== options.path || closing) {
      socket.end(closing ? 'HTTP/1.1 503 Service Unavailable\r\n\r\n' : 'HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => serve(ws, request));
  }

  return {
    attach(httpServer) {
      if (attached.has(httpServer)) return;
      attached.set(httpServer, upgradeHandler);
      httpServer.on('upgrade', upgradeHandler);
    },
    stats: () => {
      const { topics, subscribers } = hub.stats();
      return { connections: sockets.size, subscriptions, watching: subscribers, topics, slowSubscribersCutOff };
    },
    async close() {
      if (closing) return;
      closing = true;
      for (const [httpServer, handler] of attached) httpServer.off('upgrade', handler);
      attached.clear();
      // Every subscriber's stream ends; graphql-ws then sends each a `complete`.
      hub.close();
      const deadline = Date.now() + COMPLETE_FLUSH_MS;
      while (subscriptions > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      const goneAll = [...sockets].map(
        (socket) =>
          new Promise<void>((resolve) => {
            socket.once('close', () => resolve());
            socket.close(GOING_AWAY_CLOSE_CODE, 'The server is shutting down.');
            setTimeout(() => socket.terminate(), COMPLETE_FLUSH_MS).unref();
          }),
      );
      await Promise.all(goneAll);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
