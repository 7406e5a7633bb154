/**
 * The identity platform's endpoints for the emulated tenant (graph-api.md §9): OpenID
 * configuration (v2.0 and v1), JWKS, the token endpoint and MSAL's instance discovery.
 * The tenant segment may be the tenant id or its domain; URLs in answers use the request's
 * origin and the tenant id.
 */
import type { Tenant } from '../tenant/model';
import type { Stats } from '../stats';
import type { AppRegistration } from './app-registration';
import { toJwk, type SigningKey } from './keys';
import { OAuthError, oauthErrorBody } from './oauth-errors';
import { TokenEndpoint } from './token-endpoint';
import type { TokenService } from './tokens';
import { callIds } from '../http/headers';

export interface IdentityDeps {
  tenant: Tenant;
  app: AppRegistration;
  key: SigningKey;
  tokens: TokenService;
  stats: Stats;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function json(body: unknown, status = 200, extra: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache', ...extra },
  });
}

type IdentityRoute =
  | { kind: 'openid'; tenant: string; version: 'v1' | 'v2' }
  | { kind: 'keys'; tenant: string }
  | { kind: 'token'; tenant: string }
  | { kind: 'instanceDiscovery' };

function identityRoute(pathname: string): IdentityRoute | null {
  const segments = pathname.split('/').filter(Boolean);
  const [tenant, ...rest] = segments;
  if (!tenant) return null;
  const tail = rest.join('/').toLowerCase();
  if (tail === 'v2.0/.well-known/openid-configuration') return { kind: 'openid', tenant, version: 'v2' };
  if (tail === '.well-known/openid-configuration') return { kind: 'openid', tenant, version: 'v1' };
  if (tail === 'discovery/v2.0/keys' || tail === 'discovery/keys') return { kind: 'keys', tenant };
  if (tail === 'oauth2/v2.0/token') return { kind: 'token', tenant };
  if (tail === 'discovery/instance') return { kind: 'instanceDiscovery' };
  return null;
}

export class IdentityPlatform {
  private readonly tokenEndpoint: TokenEndpoint;

  constructor(private readonly deps: IdentityDeps) {
    this.tokenEndpoint = new TokenEndpoint(deps);
  }

  /** True when the path is one of the identity endpoints (whatever the tenant segment). */
  handles(pathname: string): boolean {
    return identityRoute(pathname) !== null;
  }

  async handle(request: Request, url: URL): Promise<Response> {
    const route = identityRoute(url.pathname);
    const correlationId = callIds(request.headers).clientRequestId;
    try {
      if (!route) throw new OAuthError(404, 'invalid_request', 90027, 'The endpoint does not exist.');
      if (route.kind === 'instanceDiscovery') return this.instanceDiscovery(url);
      this.requireTenant(route.tenant);
      const method = request.method.toUpperCase();
      if (route.kind === 'token') {
        if (method !== 'POST')
          throw new OAuthError(405, 'invalid_request', 900561, 'The endpoint only accepts POST requests.');
        this.deps.stats.tokenRequest();
        const form = new URLSearchParams(await request.text());
        const tokenUrl = `${url.origin}${url.pathname}`;
        return json(this.tokenEndpoint.issue(form, request.headers.get('authorization'), tokenUrl), 200, {
          'client-request-id': correlationId,
        });
      }
      if (method !== 'GET')
        throw new OAuthError(405, 'invalid_request', 900561, 'The endpoint only accepts GET requests.');
      if (route.kind === 'keys') return json({ keys: [toJwk(this.deps.key)] });
      return json(route.version === 'v2' ? this.openIdV2(url.origin) : this.openIdV1(url.origin));
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      return json(oauthErrorBody(error, correlationId, url.origin), error.status, {
        'client-request-id': correlationId,
      });
    }
  }

  private requireTenant(segment: string): void {
    const { tenant } = this.deps;
    const known = segment.toLowerCase();
    if (known === tenant.tenantId || known === tenant.domain.toLowerCase()) return;
    throw new OAuthError(
      400,
      'invalid_tenant',
      90002,
      `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. The emulator serves only tenant '${tenant.tenantId}' (${tenant.domain}).`,
    );
  }

  private openIdV2(origin: string): Record<string, unknown> {
    const tid = this.deps.tenant.tenantId;
    const base = `${origin}/${tid}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${origin}/oidc/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'acr',
        'nonce',
        'preferred_username',
        'name',
        'tid',
        'ver',
        'at_hash',
        'c_hash',
        'email',
      ],
      kerberos_endpoint: `${base}/kerberos`,
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
      rbac_url: 'https://pas.windows.net',
    };
  }

  private openIdV1(origin: string): Record<string, unknown> {
    const tid = this.deps.tenant.tenantId;
    const base = `${origin}/${tid}`;
    return {
      token_endpoint: `${base}/oauth2/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
      scopes_supported: ['openid'],
      issuer: `https://sts.windows.net/${tid}/`,
      authorization_endpoint: `${base}/oauth2/authorize`,
      end_session_endpoint: `${base}/oauth2/logout`,
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
    };
  }

  /** MSAL's instance discovery: the emulator's own host is the only alias it vouches for. */
  private instanceDiscovery(url: URL): Response {
    const authorizationEndpoint = url.searchParams.get('authorization_endpoint');
    let tenantSegment = this.deps.tenant.tenantId;
    if (authorizationEndpoint) {
      try {
        tenantSegment = new URL(authorizationEndpoint).pathname.split('/').filter(Boolean)[0] ?? tenantSegment;
      } catch {
        throw new OAuthError(
          400,
          'invalid_instance',
          50049,
          `Unknown or invalid instance: '${authorizationEndpoint}'.`,
        );
      }
    }
    return json({
      tenant_discovery_endpoint: `${url.origin}/${tenantSegment}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: url.host, preferred_cache: url.host, aliases: [url.host] }],
    });
  }
}
