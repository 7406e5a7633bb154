/**
 * Authorization of a validated bearer for this API (graph-api.md Part 2 §6): who the token
 * speaks for (a signed-in user or an application) and whether it carries what the gateway
 * requires (`CallerPolicy`). Authentication (signature, issuer, audience, lifetime) is
 * `incoming-token.ts`'s job; this only reads claims that were already verified.
 */
import type { AuthMode } from './auth-mode';

/**
 * What a validated bearer for this API must carry (graph-api.md, web API authorization): a user
 * token one of `requiredScopes` in `scp`; an app-only token one of `requiredRoles` in `roles`, and,
 * when `allowedClientIds` is set, a client id (`appid`/`azp`) from that list.
 */
export interface CallerPolicy {
  requiredScopes: readonly string[];
  requiredRoles: readonly string[];
  allowedClientIds: readonly string[] | null;
}

type Claims = Record<string, unknown>;

/**
 * App-only (client credentials) rather than delegated, by graph-api.md Part 2 §6.4: `idtyp` is
 * `app`, or `oid` equals `sub` (in user tokens `sub` is pairwise and never the object id), or
 * the token has `roles` and no `scp`.
 */
export function isAppOnlyToken(claims: Claims): boolean {
  if (claims.idtyp === 'app') return true;
  if (typeof claims.oid === 'string' && claims.oid === claims.sub) return true;
  return claims.roles !== undefined && claims.scp === undefined;
}

/** The calling application: `appid` in v1 tokens, `azp` in v2. */
export function clientIdOf(claims: Claims): string | undefined {
  if (typeof claims.appid === 'string') return claims.appid;
  return typeof claims.azp === 'string' ? claims.azp : undefined;
}

function scopesOf(claims: Claims): string[] {
  return typeof claims.scp === 'string' ? claims.scp.split(' ').filter(Boolean) : [];
}

function rolesOf(claims: Claims): string[] {
  return Array.isArray(claims.roles) ? claims.roles.filter((role): role is string => typeof role === 'string') : [];
}

function listed(values: readonly string[]): string {
  return values.join(', ');
}

/**
 * Why the token may not call the gateway in this mode, or null when it may. The reason names
 * what is missing (scopes, roles, the client id) and nothing else of the token.
 */
export function authorizationProblem(claims: Claims, policy: CallerPolicy, mode: AuthMode): string | null {
  const need = `a user token needs one of the scopes ${listed(policy.requiredScopes)} in its scp claim`;
  const needRole = `an app-only token needs one of the app roles ${listed(policy.requiredRoles)} in its roles claim`;
  if (isAppOnlyToken(claims)) {
    // Exchanging an app token on behalf of a user is refused by the identity platform anyway;
    // saying so here saves the caller a confusing AADSTS error and the platform a request.
    if (mode === 'on-behalf-of') {
      return 'GRAPH_AUTH_MODE=on-behalf-of acts for a signed-in user, so it needs a user token; this is an app-only token.';
    }
    if (policy.allowedClientIds !== null) {
      const clientId = clientIdOf(claims);
      if (clientId === undefined)
        return 'the token names no client application (appid or azp), and GATEWAY_ALLOWED_CLIENT_IDS is set.';
      const allowed = policy.allowedClientIds.some((id) => id.toLowerCase() === clientId.toLowerCase());
      if (!allowed) return `the client application ${clientId} is not in GATEWAY_ALLOWED_CLIENT_IDS.`;
    }
    return rolesOf(claims).some((role) => policy.requiredRoles.includes(role)) ? null : `${needRole}.`;
  }
  if (claims.scp === undefined && claims.roles === undefined) {
    return `it carries neither a scope (scp) nor an app role (roles); ${need}, ${needRole}.`;
  }
  return scopesOf(claims).some((scope) => policy.requiredScopes.includes(scope)) ? null : `${need}.`;
}
