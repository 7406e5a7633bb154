/**
 * Emulator-only endpoints under `/_emulator/` (DESIGN.md §4): tenant and app facts, user
 * and app-only tokens on demand, traffic counters and run-time faults. Never fault-injected, never counted
 * as Graph traffic.
 */
import { z } from 'zod';
import type { FaultSettings } from './options';
import { validateFaults } from './options';
import type { StatsSnapshot } from './stats';
import type { TokenAudience } from './identity/tokens';
import { LIFECYCLE_EVENTS, type LifecycleEvent } from './graph/subscriptions/service';

export interface AppTokenMint {
  appId?: string;
  roles?: string[];
  audience?: TokenAudience;
  expiresInSeconds?: number;
}

export interface ControlTarget {
  infoFor(origin: string): Record<string, unknown>;
  findUserId(idOrUpn: string): string | undefined;
  defaultUserId(): string | undefined;
  mintUserToken(
    userId: string,
    options: { scopes?: string[]; audience?: TokenAudience; expiresInSeconds?: number },
  ): string;
  mintAppToken(options: AppTokenMint): string;
  stats(): StatsSnapshot;
  resetStats(): void;
  faults(): FaultSettings;
  setFaults(change: Partial<FaultSettings>): FaultSettings;
  /** Every live subscription (with whether it is paused for reauthorization) and delivery counters. */
  subscriptions(): Record<string, unknown>;
  sendLifecycle(subscriptionId: string, event: LifecycleEvent): 'sent' | 'notFound' | 'noLifecycleUrl';
  /** Expires every delta and skip token issued so far; returns the new generation. */
  expireDeltaTokens(): number;
}

const LifecycleRequest = z.object({ lifecycleEvent: z.enum(LIFECYCLE_EVENTS) }).strict();

/** `POST /_emulator/subscriptions/{id}/lifecycle` with `{"lifecycleEvent": "missed"}`. */
async function triggerLifecycle(request: Request, subscriptionId: string, target: ControlTarget): Promise<Response> {
  const body = await readJson(request);
  if (!body.ok) return body.response;
  const parsed = LifecycleRequest.safeParse(body.value);
  if (!parsed.success)
    return controlError(400, 'BadRequest', `The body must be {"lifecycleEvent": "${LIFECYCLE_EVENTS.join('" | "')}"}.`);
  const outcome = target.sendLifecycle(subscriptionId, parsed.data.lifecycleEvent);
  if (outcome === 'notFound') return controlError(404, 'NotFound', `No live subscription '${subscriptionId}'.`);
  if (outcome === 'noLifecycleUrl')
    return controlError(409, 'Conflict', `Subscription '${subscriptionId}' has no lifecycleNotificationUrl.`);
  return new Response(null, { status: 202 });
}

const lifetime = z.number().int().min(-86_400).max(86_400).optional();
const audience = z.enum(['api', 'graph']).optional();

/** A user (delegated) token: `kind` may be left out, as before app tokens existed. */
const UserTokenRequest = z
  .object({
    kind: z.literal('user').optional(),
    userId: z.string().min(1).optional(),
    scopes: z.array(z.string().min(1)).optional(),
    audience,
    expiresInSeconds: lifetime,
  })
  .strict();

/** An app-only token (what client credentials would give `appId`), for this API by default. */
const AppTokenRequest = z
  .object({
    kind: z.literal('app'),
    appId: z.guid().optional(),
    roles: z.array(z.string().min(1)).optional(),
    audience,
    expiresInSeconds: lifetime,
  })
  .strict();

function isAppTokenRequest(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'app';
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

function controlError(status: number, code: string, message: string): Response {
  return json({ error: { code, message } }, status);
}

async function readJson(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const text = await request.text();
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, response: controlError(400, 'BadRequest', 'The request body is not valid JSON.') };
  }
}

function invalidTokenRequest(error: z.ZodError): Response {
  const problems = error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
  return controlError(400, 'BadRequest', `Invalid token request: ${problems.join('; ')}.`);
}

function tokenResponse(accessToken: string, expiresInSeconds: number | undefined): Response {
  return json({ access_token: accessToken, token_type: 'Bearer', expires_in: expiresInSeconds ?? 3599 });
}

function mintToken(body: unknown, target: ControlTarget): Response {
  if (isAppTokenRequest(body)) {
    const parsed = AppTokenRequest.safeParse(body);
    if (!parsed.success) return invalidTokenRequest(parsed.error);
    const { kind: _kind, audience: wanted, ...options } = parsed.data;
    return tokenResponse(target.mintAppToken({ ...options, audience: wanted ?? 'api' }), options.expiresInSeconds);
  }
  const parsed = UserTokenRequest.safeParse(body);
  if (!parsed.success) return invalidTokenRequest(parsed.error);
  const { kind: _kind, userId: wanted, ...options } = parsed.data;
  const userId = wanted === undefined ? target.defaultUserId() : target.findUserId(wanted);
  if (!userId) return controlError(404, 'NotFound', `No user '${wanted ?? '(default)'}' in the emulated tenant.`);
  return tokenResponse(target.mintUserToken(userId, options), options.expiresInSeconds);
}

export async function handleControl(request: Request, url: URL, target: ControlTarget): Promise<Response> {
  const endpoint = `${request.method.toUpperCase()} ${url.pathname.replace(/\/+$/, '').toLowerCase()}`;
  const lifecycle = /^POST \/_emulator\/subscriptions\/([^/]+)\/lifecycle$/.exec(endpoint);
  if (lifecycle) return triggerLifecycle(request, decodeURIComponent(lifecycle[1] as string), target);
  switch (endpoint) {
    case 'GET /_emulator/info':
      return json(target.infoFor(url.origin));
    case 'GET /_emulator/stats':
      return json(target.stats());
    case 'POST /_emulator/reset':
      target.resetStats();
      return json(target.stats());
    case 'GET /_emulator/faults':
      return json(target.faults());
    case 'POST /_emulator/faults': {
      const body = await readJson(request);
      if (!body.ok) return body.response;
      const change = validateFaults(body.value);
      if (!change.ok) return controlError(400, 'BadRequest', `Invalid faults: ${change.problems.join('; ')}.`);
      return json(target.setFaults(change.value));
    }
    case 'GET /_emulator/subscriptions':
      return json(target.subscriptions());
    case 'POST /_emulator/delta/expire':
      return json({ generation: target.expireDeltaTokens() });
    case 'POST /_emulator/token': {
      const body = await readJson(request);
      if (!body.ok) return body.response;
      return mintToken(body.value, target);
    }
    default:
      return controlError(
        404,
        'NotFound',
        `No emulator endpoint '${request.method.toUpperCase()} ${url.pathname}'. Known: GET /_emulator/info, POST /_emulator/token, GET /_emulator/stats, POST /_emulator/reset, GET|POST /_emulator/faults, GET /_emulator/subscriptions, POST /_emulator/subscriptions/{id}/lifecycle, POST /_emulator/delta/expire.`,
      );
  }
}
