/**
 * Issues and checks the emulator's access tokens. Every token is a v1.0-format JWT (Graph's
 * resource decides the format, and the emulator's API keeps Entra ID's default of v1.0 too),
 * issued by `https://sts.windows.net/{tid}/` and signed with the emulator's key.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Tenant, UserRecord } from '../tenant/model';
import type { Caller } from '../http/types';
import { parseJwt, signJwt, verifyRs256, type JwtClaims } from './jwt';
import type { SigningKey } from './keys';
import {
  API_APP_ROLE,
  API_SCOPE,
  CONSENTED_DELEGATED_PERMISSIONS,
  GRANTED_APPLICATION_PERMISSIONS,
  GRAPH_APP_ID,
  GRAPH_RESOURCE,
  type AppRegistration,
} from './app-registration';

export const TOKEN_LIFETIME_SECONDS = 3599;
/** Tolerance on `exp`/`nbf`, as Entra ID's validators allow. */
export const CLOCK_SKEW_SECONDS = 300;

export type TokenAudience = 'api' | 'graph';

export interface MintOptions {
  /** `graph` (default for app tokens) or `api` (this API, the default for user tokens). */
  audience?: TokenAudience;
  /** Overrides `aud` verbatim (tests use it for wrong-audience tokens). */
  aud?: string;
  /** Seconds until `exp` (negative gives an already expired token). Default 3599. */
  expiresInSeconds?: number;
}

export interface UserTokenOptions extends MintOptions {
  /** `scp` values; default: `access_as_user` for the API, every consented permission for Graph. */
  scopes?: readonly string[];
}

/** The application an app-only token is issued to: its app (client) id and its service principal in this tenant. */
export interface ClientApp {
  appId: string;
  servicePrincipalId: string;
  displayName: string;
}

export interface AppTokenOptions extends MintOptions {
  /**
   * `roles` values; default: every granted application permission for Graph, the API's app role
   * (`Gateway.Access`) for this API. An empty list gives a token without `roles`, as Entra ID
   * issues to a client that holds no role on the resource.
   */
  roles?: readonly string[];
  /** The calling application; default: the gateway's own app registration. */
  client?: ClientApp;
}

export type TokenCheck =
  | { ok: true; claims: JwtClaims }
  | { ok: false; reason: 'malformed' | 'signature' | 'issuer' | 'audience' | 'expired' | 'notYetValid' };

/** Verified tokens remembered at most (a long soak mints many). */
const VERIFIED_TOKENS_CAPACITY = 1000;

export class TokenService {
  readonly issuer: string;
  private readonly verifiedClaims = new Map<string, JwtClaims>();

  constructor(
    private readonly tenant: Tenant,
    private readonly app: AppRegistration,
    private readonly key: SigningKey,
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    this.issuer = `https://sts.windows.net/${tenant.tenantId}/`;
  }

  graphAudiences(): readonly string[] {
    return [GRAPH_RESOURCE, GRAPH_APP_ID];
  }

  apiAudiences(): readonly string[] {
    return [this.app.apiAudience, this.app.clientId];
  }

  mintAppToken(options: AppTokenOptions = {}): string {
    const audience = options.audience ?? 'graph';
    const roles = options.roles ?? (audience === 'api' ? [API_APP_ROLE] : GRANTED_APPLICATION_PERMISSIONS);
    const client = options.client ?? {
      appId: this.app.clientId,
      servicePrincipalId: this.app.servicePrincipalId,
      displayName: this.app.displayName,
    };
    return this.sign({
      ...this.baseClaims(options, audience),
      app_displayname: client.displayName,
      appid: client.appId,
      // In app-only tokens `oid` and `sub` are both the client's service principal (graph-api.md Part 2 §6.4).
      oid: client.servicePrincipalId,
      sub: client.servicePrincipalId,
      idtyp: 'app',
      roles: roles.length > 0 ? [...roles] : undefined,
    });
  }

  mintUserToken(user: UserRecord, options: UserTokenOptions = {}): string {
    const audience = options.audience ?? 'api';
    const scopes = options.scopes ?? (audience === 'api' ? [API_SCOPE] : CONSENTED_DELEGATED_PERMISSIONS);
    return this.sign({
      ...this.baseClaims(options, audience),
      oid: user.id,
      // `sub` is pairwise (per user and app) and never equals `oid` in a user token: APIs tell
      // app-only tokens by `oid == sub` (graph-api.md Part 2 §6.4).
      sub: pairwiseSubject(user.id, this.app.clientId),
      idtyp: 'user',
      scp: scopes.join(' '),
      upn: user.userPrincipalName,
      unique_name: user.userPrincipalName,
      name: user.displayName,
      given_name: user.givenName ?? undefined,
      family_name: user.surname ?? undefined,
      amr: ['pwd'],
      acr: '1',
    });
  }

  /** Signature, issuer, audience and lifetime, in that order. */
  check(token: string, audiences: readonly string[]): TokenCheck {
    const signed = this.signedClaims(token);
    if (!signed.ok) return signed;
    const { claims } = signed;
    if (claims.iss !== this.issuer || claims.tid !== this.tenant.tenantId) return { ok: false, reason: 'issuer' };
    if (typeof claims.aud !== 'string' || !audiences.includes(claims.aud)) return { ok: false, reason: 'audience' };
    const now = this.now();
    if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_SECONDS <= now)
      return { ok: false, reason: 'expired' };
    if (typeof claims.nbf === 'number' && claims.nbf - CLOCK_SKEW_SECONDS > now)
      return { ok: false, reason: 'notYetValid' };
    return { ok: true, claims };
  }

  /**
   * The claims of a well-formed token signed by this service's key. A client sends the same
   * token with every request, so a verified signature is remembered (the key never changes);
   * issuer, audience and lifetime are still checked on every use. Bounded by a clear.
   */
  private signedClaims(
    token: string,
  ): { ok: true; claims: JwtClaims } | { ok: false; reason: 'malformed' | 'signature' } {
    const known = this.verifiedClaims.get(token);
    if (known) return { ok: true, claims: known };
    const jwt = parseJwt(token);
    if (!jwt) return { ok: false, reason: 'malformed' };
    if (jwt.header.kid !== this.key.kid || !verifyRs256(jwt, this.key.publicKey))
      return { ok: false, reason: 'signature' };
    if (this.verifiedClaims.size >= VERIFIED_TOKENS_CAPACITY) this.verifiedClaims.clear();
    this.verifiedClaims.set(token, jwt.claims);
    return { ok: true, claims: jwt.claims };
  }

  private baseClaims(options: MintOptions, audience: TokenAudience): JwtClaims {
    const now = this.now();
    const aud = options.aud ?? (audience === 'graph' ? GRAPH_RESOURCE : this.app.apiAudience);
    return {
      aud,
      iss: this.issuer,
      iat: now,
      nbf: now,
      exp: now + (options.expiresInSeconds ?? TOKEN_LIFETIME_SECONDS),
      app_displayname: this.app.displayName,
      appid: this.app.clientId,
      appidacr: '1',
      idp: this.issuer,
      tid: this.tenant.tenantId,
      uti: randomBytes(16).toString('base64url'),
      ver: '1.0',
    };
  }

  private sign(claims: JwtClaims): string {
    const defined = Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
    return signJwt({ typ: 'JWT', alg: 'RS256', x5t: this.key.kid, kid: this.key.kid }, defined, this.key.privateKey);
  }
}

/** A stable pairwise subject in the shape of Entra ID's (43 base64url characters). */
function pairwiseSubject(userId: string, appId: string): string {
  return createHash('sha256').update(`${userId}|${appId}`).digest('base64url').slice(0, 43);
}

/**
 * Who a validated Graph token speaks for. graph-api.md §9: app-only if `idtyp` is `app`, or if
 * it has `roles` and no `scp`; otherwise delegated, the user being `oid`.
 */
export function callerFromClaims(claims: JwtClaims): Caller {
  const appId = typeof claims.appid === 'string' ? claims.appid : typeof claims.azp === 'string' ? claims.azp : '';
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : null;
  const scp = typeof claims.scp === 'string' ? claims.scp : null;
  if (claims.idtyp === 'app' || (roles !== null && scp === null)) {
    const servicePrincipalId = typeof claims.oid === 'string' ? claims.oid : undefined;
    return { kind: 'app', appId, servicePrincipalId, permissions: new Set(roles ?? []) };
  }
  const userId = typeof claims.oid === 'string' ? claims.oid : undefined;
  return { kind: 'delegated', userId, appId, permissions: new Set((scp ?? '').split(' ').filter(Boolean)) };
}
