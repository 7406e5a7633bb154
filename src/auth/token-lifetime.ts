/**
 * The time claims of an access token (`exp`, `nbf`, `iat`), judged against a clock with some
 * skew. Shared by the validation of tokens for this API and the shape check of passthrough
 * Graph tokens, so a token's lifetime means the same thing everywhere.
 */

export interface LifetimeRules {
  nowSeconds: number;
  /** Tolerance for clocks that disagree a little. */
  skewSeconds: number;
  /**
   * The furthest `exp` may lie ahead of now. Entra ID issues tokens for an hour or so (CAE tokens
   * up to 28 hours), so an `exp` far beyond that is a forgery or a broken issuer, never a token
   * to honour until the year 10^300.
   */
  maxLifetimeSeconds: number;
}

export type LifetimeReason = 'expired' | 'not_yet_valid' | 'invalid_lifetime';

export interface LifetimeProblem {
  reason: LifetimeReason;
  /** Completes "The access token is not valid: ..." */
  message: string;
}

/** 24 hours: the default `maxLifetimeSeconds` for tokens issued for this API. */
export const MAX_API_TOKEN_LIFETIME_SECONDS = 24 * 3600;

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER;
}

export function lifetimeProblem(claims: Record<string, unknown>, rules: LifetimeRules): LifetimeProblem | null {
  const { nowSeconds, skewSeconds } = rules;
  const { exp, nbf, iat } = claims;
  if (!isNumericDate(exp))
    return { reason: 'invalid_lifetime', message: 'its exp claim is missing, not a number of seconds or out of range' };
  if (exp + skewSeconds <= nowSeconds) return { reason: 'expired', message: 'it has expired' };
  if (exp > nowSeconds + rules.maxLifetimeSeconds + skewSeconds) {
    return {
      reason: 'invalid_lifetime',
      message: `its exp claim lies more than ${Math.round(rules.maxLifetimeSeconds / 3600)} hours ahead`,
    };
  }
  if (nbf !== undefined) {
    if (!isNumericDate(nbf))
      return { reason: 'invalid_lifetime', message: 'its nbf claim is not a number of seconds or out of range' };
    if (nbf - skewSeconds > nowSeconds) return { reason: 'not_yet_valid', message: 'it is not valid yet' };
  }
  if (iat !== undefined) {
    if (!isNumericDate(iat))
      return { reason: 'invalid_lifetime', message: 'its iat claim is not a number of seconds or out of range' };
    if (iat - skewSeconds > nowSeconds) return { reason: 'not_yet_valid', message: 'it was issued in the future' };
  }
  return null;
}
