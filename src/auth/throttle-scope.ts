/**
 * The scope Graph meters a request under: the tenant and the application of its bearer token
 * (`tid` and `appid`/`azp`), the pair whose resource-unit bucket a 429 says is empty. Read from
 * the token without judging it (Graph does that); only a key, never a decision about access.
 */
import { decodeJwt } from './jwt';

export function throttleScopeOf(graphToken: string): string {
  const claims = decodeJwt(graphToken)?.claims;
  const text = (name: string) => (typeof claims?.[name] === 'string' ? (claims[name] as string) : '');
  return `${text('tid')}/${text('appid') || text('azp')}`;
}
