/**
 * The scope Graph meters a request under: the tenant and the application of its bearer token
 * (`tid` and `appid`/`azp`), the pair whose resource-unit bucket a 429 says is empty. Read from
 * the token without judging it (Graph does that); only a key, never a decision about access.
 */
import { decodeJwt } from './jwt';

/**
 * Scopes of the tokens seen last: a Graph token serves every operation of its caller for about
 * an hour, and decoding it for each was 3 % of a small operation's CPU. Bounded: forgotten all at
 * once when full.
 */
const recentScopes = new Map<string, string>();
const MAX_RECENT_SCOPES = 256;

function scopeOf(graphToken: string): string {
  const claims = decodeJwt(graphToken)?.claims;
  const text = (name: string) => (typeof claims?.[name] === 'string' ? (claims[name] as string) : '');
  return `${text('tid')}/${text('appid') || text('azp')}`;
}

export function throttleScopeOf(graphToken: string): string {
  let scope = recentScopes.get(graphToken);
  if (scope === undefined) {
    scope = scopeOf(graphToken);
    if (recentScopes.size >= MAX_RECENT_SCOPES) recentScopes.clear();
    recentScopes.set(graphToken, scope);
  }
  return scope;
}
