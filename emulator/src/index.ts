/**
 * The Graph emulator: Microsoft Graph, the identity platform and control endpoints behind one
 * WHATWG fetch handler. It runs in-process (`emulator.fetch`) or on a socket (`listen.ts`).
 */
import { generateTenant } from './tenant/generate';
import type { Tenant, UserRecord } from './tenant/model';
import type { Route } from './http/types';
import { Router } from './http/router';
import { Dispatcher } from './http/dispatch';
import { splitVersion } from './http/graph-path';
import { createBatchRunner } from './graph/batch';
import { graphRoutes } from './graph/routes';
import { findUser } from './graph/directory/lookup';
import {
  createAppRegistration,
  API_SCOPE,
  CONSENTED_DELEGATED_PERMISSIONS,
  GRANTED_APPLICATION_PERMISSIONS,
  GRAPH_RESOURCE,
} from './identity/app-registration';
import { generateSigningKey } from './identity/keys';
import { TokenService, type AppTokenOptions, type UserTokenOptions } from './identity/tokens';
import { clientAppResolver } from './identity/client-apps';
import { IdentityPlatform } from './identity/platform';
import { handleControl } from './control';
import { FaultInjector } from './faults';
import { Stats, type StatsSnapshot } from './stats';
import { RequestLog } from './request-log';
import { resolveOptions, validateFaults, type EmulatorOptions, type FaultSettings } from './options';
import { changeLog } from './tenant/changes';
import { renderSubscription, startSubscriptions, type SubscriptionOptions } from './graph/subscriptions/service';

export type { EmulatorOptions, FaultSettings } from './options';
export type { StatsSnapshot } from './stats';
export type { RequestLog, RequestLogEntry } from './request-log';

/** Facts about the emulated tenant and app that do not depend on where the emulator listens. */
export interface EmulatorInfo {
  tenantId: string;
  tenantDomain: string;
  clientId: string;
  /** Not a secret: derived from the seed so configuration survives restarts. */
  clientSecret: string;
  /** The first generated user, who acts as the signed-in user by default. */
  defaultUserId: string;
  defaultUserPrincipalName: string;
  /** `aud` of user tokens for this API (`api://<clientId>`); OBO assertions must carry it (or the client id). */
  apiAudience: string;
  /** `scp` of user tokens for this API. */
  apiScope: string;
  /** The resource of Graph tokens and of `.default` scopes. */
  graphResource: string;
  grantedApplicationPermissions: string[];
  consentedDelegatedPermissions: string[];
  seed: number;
  users: number;
}

/** The emulator's URLs as seen from one origin (`http://127.0.0.1:4001`). */
export interface EmulatorEndpoints {
  /** `AZURE_AUTHORITY_HOST` for this emulator. */
  authorityHost: string;
  authority: string;
  /** `GRAPH_API_URL` for this emulator (`/v1.0` and `/beta` go below it). */
  graphUrl: string;
  tokenEndpoint: string;
  openIdConfigurationUrl: string;
  jwksUri: string;
}

export interface Emulator {
  /**
   * Answers one HTTP request; never throws. The origin of the request URL is used in every URL
   * returned. Takes what the global `fetch` takes, so it can stand in for it. A `Request`'s URL
   * is already WHATWG-normalised (a quote in the query becomes %27), so the request log can only
   * show raw text when the URL is given as a string (or through `listen`).
   */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /** Like `fetch`, recording `rawTarget` (the request target as it came off the socket) in the request log. */
  handle(request: Request, rawTarget?: string): Promise<Response>;
  readonly info: EmulatorInfo;
  endpoints(origin: string): EmulatorEndpoints;
  readonly tenant: Tenant;
  stats(): StatsSnapshot;
  resetStats(): void;
  /** Changes faults at run time; throws on an invalid value (the message lists every problem). */
  setFaults(change: Partial<FaultSettings>): FaultSettings;
  faults(): FaultSettings;
  /** A user token signed by the emulator: for this API by default (`audience: 'graph'` for Graph). */
  mintUserToken(userIdOrUpn: string, options?: UserTokenOptions): string;
  /**
   * An app-only token (client credentials): for Graph with the granted roles by default; with
   * `audience: 'api'` for this API with its app role `Gateway.Access` by default. `appId` names the
   * calling application (default: the gateway's own).
   */
  mintAppToken(options?: AppTokenRequest): string;
  readonly requestLog: RequestLog;
}

export interface AppTokenRequest extends Omit<AppTokenOptions, 'client'> {
  /** The client (application) id of the calling app; default: the gateway's app registration. */
  appId?: string;
}

/** Internal: tests of the dispatcher itself swap the route table; live-data tests shorten delivery timings. */
export interface InternalEmulatorOptions extends EmulatorOptions {
  routes?: Route[];
  subscriptions?: Omit<SubscriptionOptions, 'maxSubscriptionMinutes'>;
}

function jsonError(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
}

/** The path and query of an absolute URL string, exactly as written. */
function rawTargetOf(url: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^#]*)/i.exec(url);
  if (!match) return undefined;
  const target = match[1] as string;
  return target.startsWith('/') ? target : `/${target}`;
}

export function createEmulator(options: InternalEmulatorOptions = {}): Emulator {
  const resolved = resolveOptions(options);
  if (!resolved.ok) throw new Error(`Invalid emulator options: ${resolved.problems.join('; ')}.`);
  const { seed, users } = resolved.value;

  const tenant = generateTenant({ seed, users });
  const app = createAppRegistration(seed);
  const key = generateSigningKey();
  const tokens = new TokenService(tenant, app, key);
  const stats = new Stats();
  const faults = new FaultInjector(seed, resolved.value.faults);
  const requestLog = new RequestLog();
  const dispatcher = new Dispatcher(
    { tenant, router: new Router(options.routes ?? graphRoutes()), tokens, faults, stats },
    createBatchRunner(requestLog),
  );
  const identity = new IdentityPlatform({ tenant, app, key, tokens, stats });
  const subscriptions = startSubscriptions(tenant, {
    ...options.subscriptions,
    maxSubscriptionMinutes: resolved.value.maxSubscriptionMinutes,
  });

  const firstUser: UserRecord | undefined = tenant.users.values().next().value;
  const info: EmulatorInfo = {
    tenantId: tenant.tenantId,
    tenantDomain: tenant.domain,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    defaultUserId: firstUser?.id ?? '',
    defaultUserPrincipalName: firstUser?.userPrincipalName ?? '',
    apiAudience: app.apiAudience,
    apiScope: API_SCOPE,
    graphResource: GRAPH_RESOURCE,
    grantedApplicationPermissions: [...GRANTED_APPLICATION_PERMISSIONS],
    consentedDelegatedPermissions: [...CONSENTED_DELEGATED_PERMISSIONS],
    seed,
    users,
  };

  function endpoints(origin: string): EmulatorEndpoints {
    const authority = `${origin}/${tenant.tenantId}`;
    return {
      authorityHost: origin,
      authority,
      graphUrl: origin,
      tokenEndpoint: `${authority}/oauth2/v2.0/token`,
      openIdConfigurationUrl: `${authority}/v2.0/.well-known/openid-configuration`,
      jwksUri: `${authority}/discovery/v2.0/keys`,
    };
  }

  function mintUserToken(userIdOrUpn: string, tokenOptions?: UserTokenOptions): string {
    const user = findUser(tenant, userIdOrUpn);
    if (!user) throw new Error(`No user '${userIdOrUpn}' in the emulated tenant.`);
    return tokens.mintUserToken(user, tokenOptions);
  }

  const clientApp = clientAppResolver(tenant, app);
  function mintAppToken({ appId, ...appOptions }: AppTokenRequest = {}): string {
    return tokens.mintAppToken({ ...appOptions, ...(appId !== undefined ? { client: clientApp(appId) } : {}) });
  }

  function setFaults(change: Partial<FaultSettings>): FaultSettings {
    const checked = validateFaults(change);
    if (!checked.ok) throw new Error(`Invalid faults: ${checked.problems.join('; ')}.`);
    return faults.update(checked.value);
  }

  async function route(request: Request, url: URL): Promise<Response> {
    if (splitVersion(url.pathname)) return dispatcher.handleGraphRequest(request, url);
    if (/^\/_emulator(\/|$)/i.test(url.pathname)) {
      return handleControl(request, url, {
        infoFor: (origin) => ({ ...info, ...endpoints(origin) }),
        findUserId: (idOrUpn) => findUser(tenant, idOrUpn)?.id,
        defaultUserId: () => info.defaultUserId || undefined,
        mintUserToken,
        mintAppToken,
        stats: () => stats.snapshot(),
        resetStats: () => stats.reset(),
        faults: () => faults.current(),
        setFaults,
        subscriptions: () => ({
          subscriptions: subscriptions.all().map((s) => ({ ...renderSubscription(s), paused: s.paused })),
          delivery: subscriptions.deliveryStats(),
        }),
        sendLifecycle: (id, event) => {
          const subscription = subscriptions.live(id);
          if (!subscription) return 'notFound';
          if (subscription.lifecycleNotificationUrl === null) return 'noLifecycleUrl';
          subscriptions.sendLifecycle(subscription, event);
          return 'sent';
        },
        expireDeltaTokens: () => changeLog(tenant).expireSyncStates(),
      });
    }
    if (identity.handles(url.pathname)) return identity.handle(request, url);
    return jsonError(
      404,
      'NotFound',
      `Nothing is served at '${url.pathname}'. Graph is under /v1.0 and /beta, the identity platform under /${tenant.tenantId}/, the emulator's controls under /_emulator/.`,
    );
  }

  async function handle(request: Request, rawTarget?: string): Promise<Response> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return jsonError(400, 'BadRequest', 'The request URL is not valid.');
    }
    requestLog.add({
      kind: 'http',
      method: request.method.toUpperCase(),
      url: rawTarget ?? `${url.pathname}${url.search}`,
    });
    try {
      return await route(request, url);
    } catch (error) {
      console.error(`graph emulator: ${request.method} ${url.pathname} failed:`, error);
      return jsonError(500, 'InternalServerError', 'An internal error occurred in the emulator.');
    }
  }

  async function fetchHandler(input: Request | string | URL, init?: RequestInit): Promise<Response> {
    let request: Request;
    try {
      request = input instanceof Request && init === undefined ? input : new Request(input, init);
    } catch {
      return jsonError(400, 'BadRequest', 'The request could not be built from the given URL and options.');
    }
    return handle(request, typeof input === 'string' ? rawTargetOf(input) : undefined);
  }

  return {
    fetch: fetchHandler,
    handle,
    info,
    endpoints,
    tenant,
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    setFaults,
    faults: () => faults.current(),
    mintUserToken,
    mintAppToken,
    requestLog,
  };
}
