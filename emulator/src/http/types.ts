/**
 * The emulator's internal request/response contract. A top-level HTTP request to a Graph
 * endpoint and a single step of a `$batch` are both turned into a `GraphCall` and go through
 * the same dispatcher, so every endpoint behaves the same inside and outside a batch.
 */
import type { Tenant } from '../tenant/model';

export type GraphVersion = 'v1.0' | 'beta';

export interface GraphCall {
  method: string;
  version: GraphVersion;
  /**
   * Path below the version root, percent-decoded per segment, always starting with `/`,
   * e.g. `/users/8a1.../memberOf/microsoft.graph.group`. Key syntax `/users('x@y.com')` is
   * normalised to `/users/x@y.com` by the dispatcher before routing.
   */
  path: string;
  /** Query string options exactly as sent (`$select`, `$top`, `$filter`, ...). */
  query: URLSearchParams;
  /** Request headers; names are case-insensitive (`Headers` semantics). */
  headers: Headers;
  /** Parsed JSON body, or `undefined` when the call has none. */
  body: unknown;
  /** `scheme://host:port` the request came in on; every URL the emulator returns uses it. */
  origin: string;
}

export interface GraphReply {
  status: number;
  /** Headers specific to this reply (ETag, Location, Preference-Applied, Retry-After...). */
  headers?: Record<string, string>;
  /**
   * JSON body (serialised by the dispatcher with Graph's JSON content type), a string for
   * `text/plain` answers such as `/users/$count`, or `undefined` for 204.
   */
  body?: unknown;
}

/** Who is calling, derived from a validated access token. */
export interface Caller {
  /** `app` for client-credentials tokens (`idtyp: app`), `delegated` for user tokens. */
  kind: 'app' | 'delegated';
  /** The signed-in user's object id (`oid`) for delegated tokens. */
  userId?: string;
  /** The calling application's service principal (`oid` of app-only tokens). */
  servicePrincipalId?: string;
  /** The calling application's client id (`appid`). */
  appId: string;
  /** `scp` (delegated) or `roles` (application) permission names. */
  permissions: ReadonlySet<string>;
}

/** Permissions a route accepts: any one of the listed names suffices, per token kind. */
export interface RoutePermissions {
  delegated: readonly string[];
  application: readonly string[];
}

export interface RouteContext {
  call: GraphCall;
  caller: Caller;
  tenant: Tenant;
  /** Values of the `:name` segments of the matched pattern. */
  params: Record<string, string>;
}

export type RouteHandler = (ctx: RouteContext) => GraphReply | Promise<GraphReply>;

/**
 * One endpoint. `pattern` is a path below the version root with `:name` segments, e.g.
 * `/users/:id/memberOf/microsoft.graph.group`; literal segments match case-insensitively,
 * as Graph's do. `/me/...` never appears in a pattern: the dispatcher rewrites `/me` to
 * `/users/{signed-in user id}` for delegated callers and refuses it for app-only callers.
 */
export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  pattern: string;
  /** `'anonymous'` for the few endpoints Graph serves without a token (`$metadata`). */
  permissions: RoutePermissions | 'anonymous';
  handler: RouteHandler;
}
