/**
 * The Graph dispatcher. A top-level request and each `$batch` step become a `GraphCall` and go
 * through `runCall`: `/me` rewrite, routing, token and permission checks, fault injection and
 * the handler, in the order Graph applies them. Only `handleGraphRequest` deals in HTTP.
 */
import type { Tenant } from '../tenant/model';
import type { FaultInjector } from '../faults';
import type { Stats } from '../stats';
import type { TokenService } from '../identity/tokens';
import { authenticate, type Authentication } from '../identity/graph-auth';
import { graphError } from './errors';
import { callIds, topLevelHeaders, withInnerError } from './headers';
import { canonicalPath, isMePath, joinSegments, pathFailureReply, rewriteMe, splitVersion } from './graph-path';
import { holdsAnyPermission, insufficientPrivileges } from './permissions';
import { withSystemOptionPrefixes } from './query-options';
import { RESOURCE_UNIT_HEADER, resourceUnits } from './resource-units';
import type { Router } from './router';
import type { Caller, GraphCall, GraphReply, Route } from './types';

export interface DispatcherDeps {
  tenant: Tenant;
  router: Router;
  tokens: TokenService;
  faults: FaultInjector;
  stats: Stats;
}

export type BatchRunner = (call: GraphCall, caller: Caller, dispatcher: Dispatcher) => Promise<GraphReply>;

export function badRequest(message: string): GraphReply {
  return graphError(400, 'BadRequest', message);
}

function methodNotAllowed(): GraphReply {
  return graphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
}

export const INVALID_JSON_MESSAGE =
  'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.';

function isJsonContentType(contentType: string | null): boolean {
  return contentType === null || contentType.trim() === '' || /(^|[/+])json(\s*;|$)/i.test(contentType.trim());
}

/** The body of a call: JSON when the content type is JSON (or absent), the text otherwise. */
export function parseBody(text: string, contentType: string | null): { ok: true; body: unknown } | { ok: false } {
  if (text.length === 0) return { ok: true, body: undefined };
  if (!isJsonContentType(contentType)) return { ok: true, body: text };
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function permitted(route: Route, caller: Caller): boolean {
  return route.permissions === 'anonymous' || holdsAnyPermission(route.permissions, caller);
}

export class Dispatcher {
  constructor(
    private readonly deps: DispatcherDeps,
    private readonly batch: BatchRunner,
  ) {}

  get stats(): Stats {
    return this.deps.stats;
  }

  /**
   * One Graph call, from routing to the handler's reply (without innerError ids: the caller
   * adds them, since a batch step and a request differ there). `auth` is the outer request's
   * authentication; it is only consulted once the route is known not to be anonymous.
   */
  async runCall(sent: GraphCall, segments: readonly string[], auth: () => Authentication): Promise<GraphReply> {
    const query = withSystemOptionPrefixes(sent);
    if (!(query instanceof URLSearchParams)) return query;
    const call = query === sent.query ? sent : { ...sent, query };
    let routed = segments;
    if (isMePath(segments)) {
      const me = auth();
      if (!me.ok) return me.reply;
      if (me.caller.kind === 'app' || !me.caller.userId) {
        return badRequest('/me request is only valid with delegated authentication flow.');
      }
      routed = rewriteMe(segments, me.caller.userId);
    }
    const path = joinSegments(routed);

    const match = this.deps.router.match(call.method, routed);
    if (match.kind === 'found' && match.route.permissions === 'anonymous') {
      return this.invoke(match.route, { ...call, path }, match.params, null);
    }

    const authentication = auth();
    if (!authentication.ok) return authentication.reply;
    const { caller } = authentication;

    // The directory service meters every call it routes, refused and throttled ones too.
    const units = match.kind === 'found' ? resourceUnits(call.method, match.route.pattern, call.query) : null;
    const charged = (reply: GraphReply): GraphReply =>
      units === null ? reply : { ...reply, headers: { ...reply.headers, [RESOURCE_UNIT_HEADER]: String(units) } };

    const fault = this.deps.faults.draw();
    if (fault) return charged(fault);

    if (match.kind === 'unknownSegment') return badRequest(`Resource not found for the segment '${match.segment}'.`);
    if (match.kind === 'methodNotAllowed') return methodNotAllowed();
    if (!permitted(match.route, caller)) return charged(insufficientPrivileges());
    return charged(await this.invoke(match.route, { ...call, path }, match.params, caller));
  }

  private async invoke(
    route: Route,
    call: GraphCall,
    params: Record<string, string>,
    caller: Caller | null,
  ): Promise<GraphReply> {
    // Anonymous endpoints get an anonymous caller: they must not depend on who is asking.
    const who: Caller = caller ?? { kind: 'app', appId: '', permissions: new Set() };
    try {
      return await route.handler({ call, caller: who, tenant: this.deps.tenant, params });
    } catch (error) {
      // A handler bug must answer like a Graph outage, never take the emulator down.
      console.error(`graph emulator: ${call.method} ${call.path} failed:`, error);
      return graphError(500, 'generalException', 'An internal server error occurred in the emulator.');
    }
  }

  /** A request to `/v1.0/...` or `/beta/...`. */
  async handleGraphRequest(request: Request, url: URL): Promise<Response> {
    const ids = callIds(request.headers);
    const version = splitVersion(url.pathname);
    const parsed = version ? canonicalPath(version.rest) : null;
    const path = parsed && parsed.ok ? parsed.path : url.pathname;
    this.deps.stats.httpRequest(request.method, path);
    // The injected latency is the round trip, counted from arrival: the answer is worked out
    // while it runs and leaves when it is over. Working it out after the wait instead would
    // queue the emulator's own CPU time of concurrent requests (a wave of `$batch`es) behind
    // each other on its one thread and add it to the last answer's latency, which Graph's
    // servers, working in parallel, do not. The work waits for the next turn of the event
    // loop so that requests arriving together all start their round trip first.
    const roundTrip = this.deps.faults.delay();
    if (this.deps.faults.current().latencyMs > 0) await new Promise((resolve) => setImmediate(resolve));
    const reply = await this.replyTo(request, url, version, parsed);
    const response = toResponse(withInnerError(reply, ids), ids, path);
    await roundTrip;
    return response;
  }

  private async replyTo(
    request: Request,
    url: URL,
    version: ReturnType<typeof splitVersion>,
    parsed: ReturnType<typeof canonicalPath> | null,
  ): Promise<GraphReply> {
    if (!version || !parsed) return badRequest('Invalid version.');
    if (!parsed.ok) return pathFailureReply(parsed);
    const text = await request.text();
    const body = parseBody(text, request.headers.get('content-type'));
    if (!body.ok) return badRequest(INVALID_JSON_MESSAGE);

    const call: GraphCall = {
      method: request.method.toUpperCase(),
      version: version.version,
      path: parsed.path,
      query: new URLSearchParams(url.search),
      headers: request.headers,
      body: body.body,
      origin: url.origin,
    };
    let authentication: Authentication | undefined;
    const auth = (): Authentication => (authentication ??= authenticate(request.headers, this.deps.tokens));

    if (parsed.path.toLowerCase() === '/$batch') {
      if (call.method !== 'POST') return methodNotAllowed();
      const outer = auth();
      if (!outer.ok) return outer.reply;
      this.deps.stats.batchRequest();
      return this.batch(call, outer.caller, this);
    }
    return this.runCall(call, parsed.segments, auth);
  }
}

function toResponse(reply: GraphReply, ids: ReturnType<typeof callIds>, path: string): Response {
  const headers = topLevelHeaders(reply, ids, path);
  const payload =
    reply.body === undefined ? null : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  return new Response(payload, { status: reply.status, headers });
}
