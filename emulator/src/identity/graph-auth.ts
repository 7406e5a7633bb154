/**
 * How Graph answers a missing or bad bearer token (graph-api.md §4): 401
 * `InvalidAuthenticationToken` with the message for the first check that failed.
 */
import { graphError } from '../http/errors';
import type { Caller, GraphReply } from '../http/types';
import { GRAPH_APP_ID } from './app-registration';
import { callerFromClaims, type TokenService } from './tokens';

export type Authentication = { ok: true; caller: Caller } | { ok: false; reply: GraphReply };

const MESSAGES = {
  empty: 'Access token is empty.',
  malformed: 'CompactToken parsing failed with error code: 80049217',
  signature: 'Access token validation failure.',
  issuer: 'Access token validation failure. Invalid issuer.',
  audience: 'Access token validation failure. Invalid audience.',
  expired: 'Lifetime validation failed, the token is expired.',
  notYetValid: 'Lifetime validation failed, the token is not yet valid.',
} as const;

const WWW_AUTHENTICATE = `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="${GRAPH_APP_ID}"`;

function unauthorized(reason: keyof typeof MESSAGES): Authentication {
  return {
    ok: false,
    reply: graphError(401, 'InvalidAuthenticationToken', MESSAGES[reason], { 'WWW-Authenticate': WWW_AUTHENTICATE }),
  };
}

/** The bearer token of an `Authorization` header, or '' when there is none. */
export function bearerToken(headers: Headers): string {
  const value = headers.get('authorization')?.trim() ?? '';
  const match = /^Bearer(?:\s+(.*))?$/i.exec(value);
  return match ? (match[1] ?? '').trim() : '';
}

export function authenticate(headers: Headers, tokens: TokenService): Authentication {
  const token = bearerToken(headers);
  if (!token) return unauthorized('empty');
  const check = tokens.check(token, tokens.graphAudiences());
  if (!check.ok) return unauthorized(check.reason);
  return { ok: true, caller: callerFromClaims(check.claims) };
}
