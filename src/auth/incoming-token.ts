/**
 * Validates a bearer issued for THIS API by the tenant's identity platform (used in `app` mode,
 * where the gateway calls Graph with its own token and must still know its caller): RS256
 * signature against the authority's JWKS, issuer (v1 `https://sts.windows.net/{tid}/` or the
 * v2 issuer of the OpenID configuration), audience (the client id or `api://{clientId}`), and
 * `exp`/`nbf`/`iat` with a small clock skew (`token-lifetime.ts`). node:crypto only.
 */
import { verify, type KeyObject } from 'node:crypto';
import { fetchOpenIdConfiguration, parseAuthorityHost, type FetchLike, type OpenIdConfiguration } from './authority';
import { clientIdOf, isAppOnlyToken } from './caller-policy';
import { GraphAuthError, invalidToken } from './errors';
import { createKeySet } from './jwks';
import { decodeJwt, type DecodedJwt } from './jwt';
import { lifetimeProblem, MAX_API_TOKEN_LIFETIME_SECONDS } from './token-lifetime';

export interface IncomingTokenSettings {
  tenantId: string;
  clientId: string;
  authorityHost: string;
  /** Accepted `aud` values; default: the client id and `api://{clientId}`. */
  audiences?: string[];
  /** Default: the global fetch. */
  fetch?: FetchLike;
  /** Tolerance on `exp`, `nbf` and `iat` (default 60 s). */
  clockSkewSeconds?: number;
  /** Milliseconds since the epoch (tests move the clock). */
  now?: () => number;
}

export interface ValidatedToken {
  /** The signed-in user's object id (`oid`) for delegated tokens; absent for app-only tokens. */
  userId?: string;
  /** The calling application (`appid` in v1 tokens, `azp` in v2). */
  appId?: string;
  claims: Record<string, unknown>;
}

export interface IncomingTokenValidator {
  validate(token: string): Promise<ValidatedToken>;
}

/** Tokens whose signature was verified, with the key it was verified with (bounded; oldest out first). */
const MAX_VERIFIED_TOKENS = 1000;

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

function parseJwt(token: string): DecodedJwt {
  const jwt = decodeJwt(token);
  if (!jwt) throw invalidToken('malformed', 'it is not a JWT');
  return jwt;
}

function acceptedIssuers(configuration: OpenIdConfiguration, tenantId: string): Set<string> {
  const v2 = configuration.issuer.replace('{tenantid}', tenantId);
  const tid = GUID.exec(v2)?.[0] ?? tenantId;
  return new Set([v2, `https://sts.windows.net/${tid}/`]);
}

/** Throws AuthConfigurationError at once for an authority that cannot work (plain http off loopback). */
export function createIncomingTokenValidator(settings: IncomingTokenSettings): IncomingTokenValidator {
  parseAuthorityHost(settings.authorityHost);
  const fetchFn: FetchLike = settings.fetch ?? ((request) => fetch(request));
  const now = settings.now ?? Date.now;
  const skewSeconds = settings.clockSkewSeconds ?? 60;
  const audiences = new Set(settings.audiences ?? [settings.clientId, `api://${settings.clientId}`]);

  let configuration: Promise<OpenIdConfiguration> | undefined;
  const discover = () => {
    configuration ??= fetchOpenIdConfiguration(settings.authorityHost, settings.tenantId, fetchFn).catch(() => {
      configuration = undefined;
      throw new GraphAuthError(
        'validation_unavailable',
        "The token cannot be validated: the authority's OpenID configuration is unavailable.",
      );
    });
    return configuration;
  };
  const keys = createKeySet({ jwksUri: async () => (await discover()).jwks_uri, fetch: fetchFn, now });
  // A client sends the same token with every request until it expires: its RS256 signature is
  // checked once per signing key, the claims (expiry above all) on every request.
  const verified = new Map<string, { jwt: DecodedJwt; key: KeyObject }>();
  const remember = (token: string, jwt: DecodedJwt, key: KeyObject) => {
    if (verified.size >= MAX_VERIFIED_TOKENS) verified.delete(verified.keys().next().value as string);
    verified.set(token, { jwt, key });
  };

  return {
    async validate(token) {
      const known = verified.get(token);
      const jwt = known?.jwt ?? parseJwt(token);
      if (jwt.header.alg !== 'RS256') throw invalidToken('unsupported_algorithm', 'only RS256 tokens are accepted');
      if (typeof jwt.header.kid !== 'string') throw invalidToken('unknown_key', 'it names no signing key');
      const key = await keys.key(jwt.header.kid);
      if (!key) throw invalidToken('unknown_key', 'it was signed with a key the authority does not publish');
      if (known?.key !== key) {
        if (!verify('RSA-SHA256', Buffer.from(jwt.signingInput), key, jwt.signature)) {
          throw invalidToken('invalid_signature', 'the signature does not match');
        }
        remember(token, jwt, key);
      }

      const { claims } = jwt;
      const issuers = acceptedIssuers(await discover(), settings.tenantId);
      if (typeof claims.iss !== 'string' || !issuers.has(claims.iss))
        throw invalidToken('invalid_issuer', 'it was issued by another authority or tenant');
      const tokenAudiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      if (!tokenAudiences.some((aud) => typeof aud === 'string' && audiences.has(aud))) {
        throw invalidToken('invalid_audience', 'it was issued for another audience');
      }
      const lifetime = lifetimeProblem(claims, {
        nowSeconds: now() / 1000,
        skewSeconds,
        maxLifetimeSeconds: MAX_API_TOKEN_LIFETIME_SECONDS,
      });
      if (lifetime) throw invalidToken(lifetime.reason, lifetime.message);

      const appId = clientIdOf(claims);
      const userId = !isAppOnlyToken(claims) && typeof claims.oid === 'string' ? claims.oid : undefined;
      return { ...(userId ? { userId } : {}), ...(appId ? { appId } : {}), claims };
    },
  };
}
