/**
 * `/readyz`: the gateway is ready when it can obtain a Graph token as its app and Graph answers
 * a cheap read with it (`GET /users?$top=1&$select=id`). Without an app registration
 * (passthrough mode) no token can be obtained, so only Graph's reachability is checked. The
 * verdict is cached briefly so probes cannot flood Graph or the identity platform.
 */
import { createGraphTokenSource } from '../auth/graph-token-source';
import type { AzureApp } from '../config';
import type { FetchLike } from '../graph/create-graph-client';

export interface Readiness {
  ready: boolean;
  /** Why not, in words an operator can act on. */
  reason?: string;
}

export type ReadinessProbe = () => Promise<Readiness>;

export interface ReadinessOptions {
  /** Graph root (`/v1.0` is appended). */
  graphUrl: string;
  /** The app's token getter, or null when the gateway has no app registration. */
  getToken: (() => Promise<string>) | null;
  fetch?: FetchLike;
  cacheMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

export const READINESS_CACHE_MS = 5_000;
const READINESS_TIMEOUT_MS = 5_000;
const PROBE_PATH = '/v1.0/users?$top=1&$select=id';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createReadinessProbe(options: ReadinessOptions): ReadinessProbe {
  const fetchFn: FetchLike = options.fetch ?? ((request) => fetch(request));
  const now = options.now ?? Date.now;
  const cacheMs = options.cacheMs ?? READINESS_CACHE_MS;
  let cached: { at: number; verdict: Promise<Readiness> } | undefined;

  async function check(): Promise<Readiness> {
    let token: string | null = null;
    if (options.getToken) {
      try {
        token = await options.getToken();
      } catch (error) {
        return { ready: false, reason: `No Graph token could be obtained: ${messageOf(error)}` };
      }
    }
    let status: number;
    try {
      const request = new Request(`${options.graphUrl.replace(/\/+$/, '')}${PROBE_PATH}`, {
        headers: { accept: 'application/json', ...(token !== null ? { authorization: `Bearer ${token}` } : {}) },
        signal: AbortSignal.timeout(options.timeoutMs ?? READINESS_TIMEOUT_MS),
      });
      const response = await fetchFn(request);
      await response.arrayBuffer();
      status = response.status;
    } catch (error) {
      return { ready: false, reason: `Microsoft Graph could not be reached: ${messageOf(error)}` };
    }
    // 403 still proves Graph accepted the token (the app may lack application permissions in
    // on-behalf-of mode); without a token, any answer below 500 proves Graph is reachable.
    const accepted = token === null ? status < 500 : status < 500 && status !== 401;
    return accepted ? { ready: true } : { ready: false, reason: `Microsoft Graph answered ${status}.` };
  }

  return () => {
    if (!cached || now() - cached.at >= cacheMs) cached = { at: now(), verdict: check() };
    return cached.verdict;
  };
}

/** The probe for a gateway: the app's client-credentials token when an app registration is configured. */
export async function readinessForApp(
  graphUrl: string,
  app: AzureApp | null,
  fetchFn?: FetchLike,
): Promise<ReadinessProbe> {
  if (!app || (app.clientSecret === undefined && app.clientCertificatePath === undefined)) {
    return createReadinessProbe({ graphUrl, getToken: null, ...(fetchFn ? { fetch: fetchFn } : {}) });
  }
  const tokens = await createGraphTokenSource({
    mode: 'app',
    tenantId: app.tenantId,
    clientId: app.clientId,
    ...(app.clientSecret !== undefined ? { clientSecret: app.clientSecret } : {}),
    ...(app.clientCertificatePath !== undefined ? { clientCertificatePath: app.clientCertificatePath } : {}),
    authorityHost: app.authorityHost,
    graphUrl,
  });
  // forRequest memoizes its token; MSAL caches the app token across calls, so ask anew each check.
  return createReadinessProbe({
    graphUrl,
    getToken: () => tokens.forRequest(null)(),
    ...(fetchFn ? { fetch: fetchFn } : {}),
  });
}
