/**
 * What passthrough can judge of a caller's Graph token before forwarding it. The signature is
 * Graph's to verify (its keys and audience are not ours), but a bearer that is not a JWT, has
 * expired, or was issued for another audience would only earn a 401 from Graph on every call of
 * the operation, so it is refused here, before any Graph request.
 */
import { invalidToken } from './errors';
import { graphResource, MICROSOFT_GRAPH_APP_ID, MICROSOFT_GRAPH_RESOURCE } from './graph-token-source';
import { decodeJwt } from './jwt';
import { lifetimeProblem } from './token-lifetime';

export interface GraphBearerCheckOptions {
  /** The Graph root the gateway calls; a national cloud's origin is an audience of its own. */
  graphUrl: string;
  /** Milliseconds since the epoch (tests move the clock). */
  now?: () => number;
}

/** Graph's own tolerance: a token Graph would still take is never refused here. */
const GRAPH_CLOCK_SKEW_SECONDS = 300;
/** Graph tokens of CAE-capable clients live up to 28 hours. */
const MAX_GRAPH_TOKEN_LIFETIME_SECONDS = 28 * 3600;

/** Throws GraphAuthError when the bearer cannot be a Graph token for this gateway's Graph. */
export function createGraphBearerCheck(options: GraphBearerCheckOptions): (token: string) => void {
  const resource = graphResource(options.graphUrl);
  const audiences = new Set(
    [MICROSOFT_GRAPH_RESOURCE, MICROSOFT_GRAPH_APP_ID, resource].flatMap((aud) => [aud, `${aud}/`]),
  );
  const now = options.now ?? Date.now;
  return (token) => {
    const jwt = decodeJwt(token);
    if (!jwt) throw invalidToken('malformed', 'it is not a JWT');
    const lifetime = lifetimeProblem(jwt.claims, {
      nowSeconds: now() / 1000,
      skewSeconds: GRAPH_CLOCK_SKEW_SECONDS,
      maxLifetimeSeconds: MAX_GRAPH_TOKEN_LIFETIME_SECONDS,
    });
    if (lifetime) throw invalidToken(lifetime.reason, lifetime.message);
    const aud = jwt.claims.aud;
    if (typeof aud !== 'string' || !audiences.has(aud.toLowerCase())) {
      throw invalidToken('invalid_audience', 'it was issued for another audience, not Microsoft Graph');
    }
  };
}
