/**
 * Auth failures. Messages name what went wrong (an MSAL error code, an AADSTS code, which
 * claim failed) and never carry a token, an assertion or a secret.
 */

/** The caller cannot get a Graph token: no credential, an invalid or expired token, an AADSTS error. */
export class GraphAuthError extends Error {
  override readonly name = 'GraphAuthError';
  /** A short machine-readable reason, e.g. `missing_token`, `invalid_grant`, `invalid_audience`. */
  readonly reason: string;
  /** The identity platform's `AADSTS` error number when it gave one (e.g. `AADSTS50013`). */
  readonly aadstsCode?: string;
  /**
   * The identity platform refused the request (e.g. `invalid_grant`): asking again with the same
   * assertion gets the same answer. False for network failures, throttling and 5xx answers.
   */
  readonly refused: boolean;

  constructor(reason: string, message: string, aadstsCode?: string, refused = false) {
    super(message);
    this.reason = reason;
    this.aadstsCode = aadstsCode;
    this.refused = refused;
  }
}

/** The auth settings cannot work (e.g. a plain-http authority that is not loopback); raised at start-up. */
export class AuthConfigurationError extends Error {
  override readonly name = 'AuthConfigurationError';
}

/** A bearer that is not a valid access token; `message` completes "The access token is not valid: ...". */
export function invalidToken(reason: string, message: string): GraphAuthError {
  return new GraphAuthError(reason, `The access token is not valid: ${message}.`);
}

/**
 * A caller turned away before any operation runs: 401 when it is not authenticated, 403 when it
 * is but may not call this API. The GraphQL layer turns it into UNAUTHENTICATED or FORBIDDEN.
 */
export class CallerRefusedError extends Error {
  override readonly name = 'CallerRefusedError';

  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

export function unauthenticatedCaller(message: string): CallerRefusedError {
  return new CallerRefusedError(401, message);
}

export function forbiddenCaller(message: string): CallerRefusedError {
  return new CallerRefusedError(403, message);
}
