/**
 * `POST /{tenant}/oauth2/v2.0/token`: the client-credentials and on-behalf-of grants, with
 * client authentication by secret (form field or HTTP Basic) or by client assertion.
 * Parameters the emulator does not know (MSAL's `x-client-*`, `client_info`, ...) are ignored.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Tenant, UserRecord } from '../tenant/model';
import { parseJwt } from './jwt';
import { missingParameter, OAuthError } from './oauth-errors';
import {
  CONSENTED_DELEGATED_PERMISSIONS,
  GRAPH_APP_ID,
  GRAPH_RESOURCE,
  type AppRegistration,
} from './app-registration';
import { TOKEN_LIFETIME_SECONDS, type TokenService } from './tokens';

export interface TokenResponse {
  token_type: 'Bearer';
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  scope?: string;
}

const OBO_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** OpenID Connect scopes MSAL adds to on-behalf-of requests; they name no Graph permission. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
const GRAPH_RESOURCE_NAMES = [GRAPH_RESOURCE, `${GRAPH_RESOURCE}/`, GRAPH_APP_ID];

export interface TokenEndpointDeps {
  tenant: Tenant;
  app: AppRegistration;
  tokens: TokenService;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `resource/permission` → [resource, permission]; a bare name is a Graph permission, as in Entra ID. */
function splitScope(scope: string): { resource: string; permission: string } {
  const slash = scope.lastIndexOf('/');
  if (slash < 0) return { resource: GRAPH_RESOURCE, permission: scope };
  return { resource: scope.slice(0, slash), permission: scope.slice(slash + 1) };
}

function isGraphResource(resource: string): boolean {
  return GRAPH_RESOURCE_NAMES.includes(resource.toLowerCase());
}

export class TokenEndpoint {
  constructor(private readonly deps: TokenEndpointDeps) {}

  /** `tokenUrl` is the endpoint's own URL: a client assertion must name it as its audience. */
  issue(form: URLSearchParams, authorization: string | null, tokenUrl: string): TokenResponse {
    const grantType = form.get('grant_type');
    if (!grantType) throw missingParameter('grant_type');
    this.authenticateClient(form, authorization, tokenUrl);
    if (grantType === 'client_credentials') return this.clientCredentials(form);
    if (grantType === OBO_GRANT) return this.onBehalfOf(form);
    throw new OAuthError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType}'.`,
    );
  }

  private authenticateClient(form: URLSearchParams, authorization: string | null, tokenUrl: string): void {
    const { app, tenant } = this.deps;
    let clientId = form.get('client_id');
    let secret = form.get('client_secret');
    const basic = /^Basic\s+(.+)$/i.exec(authorization ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) {
        clientId ??= decodeURIComponent(decoded.slice(0, colon));
        secret ??= decodeURIComponent(decoded.slice(colon + 1));
      }
    }
    if (!clientId) throw missingParameter('client_id');
    if (clientId.toLowerCase() !== app.clientId) {
      throw new OAuthError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenant.domain}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      );
    }
    if (secret !== null) {
      if (!sameSecret(secret, app.clientSecret)) {
        throw new OAuthError(
          401,
          'invalid_client',
          7000215,
          `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
        );
      }
      return;
    }
    const assertion = form.get('client_assertion');
    if (assertion !== null) {
      this.checkClientAssertion(assertion, form.get('client_assertion_type'), tokenUrl);
      return;
    }
    throw new OAuthError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }

  /**
   * The emulator has no certificate registered for the app, so it checks a client assertion's
   * claims (issuer, subject, audience, lifetime) but not its signature.
   */
  private checkClientAssertion(assertion: string, type: string | null, tokenUrl: string): void {
    if (type !== CLIENT_ASSERTION_TYPE) {
      throw new OAuthError(
        400,
        'invalid_request',
        50027,
        `Invalid client_assertion_type '${type ?? ''}'; expected '${CLIENT_ASSERTION_TYPE}'.`,
      );
    }
    const jwt = parseJwt(assertion);
    if (!jwt) throw new OAuthError(401, 'invalid_client', 50027, 'JWT token is invalid or malformed.');
    const { iss, sub, aud, exp } = jwt.claims;
    const clientId = this.deps.app.clientId;
    if (iss !== clientId || sub !== clientId) {
      throw new OAuthError(
        401,
        'invalid_client',
        700023,
        `Client assertion issuer and subject must both be the client id '${clientId}'.`,
      );
    }
    const audiences = Array.isArray(aud) ? aud : [aud];
    if (!audiences.some((a) => typeof a === 'string' && a.toLowerCase() === tokenUrl.toLowerCase())) {
      throw new OAuthError(
        401,
        'invalid_client',
        700021,
        `Client assertion audience claim does not match the token endpoint '${tokenUrl}'.`,
      );
    }
    if (typeof exp !== 'number' || exp <= Math.floor(Date.now() / 1000)) {
      throw new OAuthError(401, 'invalid_client', 700024, 'Client assertion is not within its valid time range.');
    }
  }

  private clientCredentials(form: URLSearchParams): TokenResponse {
    const scope = form.get('scope');
    if (!scope) throw missingParameter('scope');
    const scopes = scope.split(' ').filter(Boolean);
    const only = scopes.length === 1 ? splitScope(scopes[0] as string) : null;
    if (!only || only.permission !== '.default') {
      throw new OAuthError(
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    }
    this.requireGraph(only.resource);
    return this.success(this.deps.tokens.mintAppToken());
  }

  private onBehalfOf(form: URLSearchParams): TokenResponse {
    if (form.get('requested_token_use') !== 'on_behalf_of')
      missingParameterValue('requested_token_use', 'on_behalf_of');
    const assertion = form.get('assertion');
    if (!assertion) throw missingParameter('assertion');
    const user = this.assertedUser(assertion);

    const requested = (form.get('scope') ?? '').split(' ').filter((s) => s && !OIDC_SCOPES.has(s.toLowerCase()));
    if (requested.length === 0) throw missingParameter('scope');
    let permissions: string[] = [];
    let asksDefault = false;
    for (const scope of requested) {
      const { resource, permission } = splitScope(scope);
      this.requireGraph(resource);
      if (permission === '.default') {
        asksDefault = true;
        permissions.push(...CONSENTED_DELEGATED_PERMISSIONS);
        continue;
      }
      const consented = CONSENTED_DELEGATED_PERMISSIONS.find((p) => p.toLowerCase() === permission.toLowerCase());
      if (!consented) {
        throw new OAuthError(
          400,
          'invalid_grant',
          65001,
          `The user or administrator has not consented to use the application with ID '${this.deps.app.clientId}' named '${this.deps.app.displayName}'. Send an interactive authorization request for this user and resource.`,
        );
      }
      permissions.push(consented);
    }
    permissions = [...new Set(permissions)].sort();
    const accessToken = this.deps.tokens.mintUserToken(user, { audience: 'graph', scopes: permissions });
    // Entra ID echoes `<resource>/.default` after the granted permissions when it was asked for;
    // MSAL caches a token under the returned scopes and looks it up by the requested ones, so
    // without the echo every `.default` exchange would miss its cache (README choices).
    const granted = permissions.map((p) => `${GRAPH_RESOURCE}/${p}`);
    if (asksDefault) granted.push(`${GRAPH_RESOURCE}/.default`);
    return { ...this.success(accessToken), scope: granted.join(' ') };
  }

  /** The signed-in user of an OBO assertion: a valid delegated token issued for this API. */
  private assertedUser(assertion: string): UserRecord {
    const { tokens, tenant, app } = this.deps;
    const check = tokens.check(assertion, tokens.apiAudiences());
    if (!check.ok) {
      switch (check.reason) {
        case 'malformed':
          throw new OAuthError(400, 'invalid_grant', 50027, 'JWT token is invalid or malformed.');
        case 'signature':
          throw new OAuthError(400, 'invalid_grant', 50013, 'Assertion failed signature validation.');
        case 'issuer':
          throw new OAuthError(400, 'invalid_grant', 50013, 'Assertion contains an invalid issuer.');
        case 'audience': {
          const aud = parseJwt(assertion)?.claims.aud;
          throw new OAuthError(
            400,
            'invalid_grant',
            50013,
            `Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was '${String(aud)}' and the expected audience is '${app.clientId}' or one of the Application Id URIs of this web API registered in Azure AD.`,
          );
        }
        case 'expired':
        case 'notYetValid':
          throw new OAuthError(
            400,
            'invalid_grant',
            500133,
            'Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token.',
          );
      }
    }
    const { claims } = check;
    if (claims.idtyp === 'app' || typeof claims.scp !== 'string' || typeof claims.oid !== 'string') {
      throw new OAuthError(
        400,
        'invalid_grant',
        50013,
        'Assertion is not a delegated user token; the on-behalf-of flow needs one.',
      );
    }
    const user = tenant.users.get(claims.oid);
    if (!user) {
      throw new OAuthError(
        400,
        'invalid_grant',
        50034,
        `The user account ${claims.oid} does not exist in the ${tenant.domain} directory.`,
      );
    }
    return user;
  }

  private requireGraph(resource: string): void {
    if (isGraphResource(resource)) return;
    throw new OAuthError(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${this.deps.tenant.domain}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    );
  }

  private success(accessToken: string): TokenResponse {
    return {
      token_type: 'Bearer',
      expires_in: TOKEN_LIFETIME_SECONDS,
      ext_expires_in: TOKEN_LIFETIME_SECONDS,
      access_token: accessToken,
    };
  }
}

function missingParameterValue(name: string, expected: string): never {
  throw new OAuthError(
    400,
    'invalid_request',
    900144,
    `The request body must contain the following parameter: '${name}' with the value '${expected}'.`,
  );
}
