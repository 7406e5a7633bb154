/**
 * Who is calling, per DESIGN §3, and which Graph token their operation uses.
 *
 * - `on-behalf-of`: `Authorization: Bearer <user token for this API>`, validated here, then
 *   exchanged by MSAL for a Graph token of that user.
 * - `app`: the caller proves who they are with a bearer for this API or an `x-api-key` from
 *   `GATEWAY_API_KEYS`; Graph is called with the gateway's own app-only token.
 * - `passthrough`: `Authorization: Bearer <Graph token>`, forwarded as is.
 *
 * Only with the embedded emulator may a request bring no credential: it then acts as the
 * emulator's default user (through the same OBO exchange as anyone else). Every failure is an
 * HTTP 401 with `extensions.code = UNAUTHENTICATED`, raised before any resolver runs.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthMode } from './config';
import { GraphAuthError } from './auth/errors';
import type { GraphTokenSource } from './auth/graph-token-source';
import { unauthenticated } from './errors';

export interface AuthenticatedCaller {
  /** Whose token the Graph calls carry: a signed-in user's, or the gateway app's own. */
  graphIdentity: 'user' | 'app';
  /** The Graph bearer for this request (acquired once, when the caller was authenticated). */
  getGraphToken: () => Promise<string>;
}

export interface IncomingTokenCheck {
  validate(token: string): Promise<unknown>;
}

/** The identity of credential-less requests, offered only by the embedded emulator. */
export interface AnonymousIdentity {
  /** A token of the default signed-in user: for this API (`api`, an OBO assertion) or for Graph. */
  userToken(audience: 'api' | 'graph'): Promise<string>;
}

export interface CallerAuthenticatorOptions {
  mode: AuthMode;
  tokenSource: GraphTokenSource;
  /** Validates bearers issued for this API; null when no app registration is configured. */
  incomingTokens: IncomingTokenCheck | null;
  apiKeys: readonly string[];
  anonymous?: AnonymousIdentity;
}

export type CallerAuthenticator = (headers: IncomingHttpHeaders) => Promise<AuthenticatedCaller>;

export const API_KEY_HEADER = 'x-api-key';

function singleHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (Array.isArray(value)) {
    if (value.length > 1) throw unauthenticated(`Send the ${name} header once.`);
    return value[0];
  }
  return value;
}

function bearerOf(headers: IncomingHttpHeaders): string | null {
  const authorization = singleHeader(headers, 'authorization');
  if (authorization === undefined || authorization.trim() === '') return null;
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(authorization);
  if (!match) throw unauthenticated('The Authorization header must have the form `Bearer <access token>`.');
  return match[1];
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function apiKeyMatcher(keys: readonly string[]): (candidate: string) => boolean {
  const digests = keys.map(digest);
  // Comparing fixed-length digests in constant time leaks neither the keys nor their lengths.
  return (candidate) => {
    const wanted = digest(candidate);
    return digests.reduce((found, known) => timingSafeEqual(known, wanted) || found, false);
  };
}

export function createCallerAuthenticator(options: CallerAuthenticatorOptions): CallerAuthenticator {
  const isKnownApiKey = apiKeyMatcher(options.apiKeys);

  async function validateIncoming(token: string): Promise<void> {
    if (!options.incomingTokens) return;
    try {
      await options.incomingTokens.validate(token);
    } catch (error) {
      if (error instanceof GraphAuthError) throw unauthenticated(`The bearer token was refused: ${error.message}`);
      throw error;
    }
  }

  async function graphTokenFor(incoming: string | null): Promise<() => Promise<string>> {
    const getToken = options.tokenSource.forRequest(incoming);
    try {
      const token = await getToken();
      return () => Promise.resolve(token);
    } catch (error) {
      if (error instanceof GraphAuthError) {
        throw unauthenticated(`No Microsoft Graph token could be obtained: ${error.message}`);
      }
      throw error;
    }
  }

  async function onBehalfOf(bearer: string | null): Promise<AuthenticatedCaller> {
    let assertion: string;
    if (bearer !== null) {
      await validateIncoming(bearer);
      assertion = bearer;
    } else if (options.anonymous) {
      assertion = await options.anonymous.userToken('api');
    } else {
      throw unauthenticated('Send `Authorization: Bearer <access token>` with a user token issued for this API.');
    }
    return { graphIdentity: 'user', getGraphToken: await graphTokenFor(assertion) };
  }

  async function app(bearer: string | null, apiKey: string | undefined): Promise<AuthenticatedCaller> {
    if (bearer !== null) {
      await validateIncoming(bearer);
    } else if (apiKey !== undefined) {
      if (!isKnownApiKey(apiKey)) throw unauthenticated(`The ${API_KEY_HEADER} header does not hold a known API key.`);
    } else if (!options.anonymous) {
      throw unauthenticated(
        `Send \`Authorization: Bearer <access token>\` with a token issued for this API, or an \`${API_KEY_HEADER}\` header.`,
      );
    }
    return { graphIdentity: 'app', getGraphToken: await graphTokenFor(null) };
  }

  async function passthrough(bearer: string | null): Promise<AuthenticatedCaller> {
    let graphToken: string;
    if (bearer !== null) graphToken = bearer;
    else if (options.anonymous) graphToken = await options.anonymous.userToken('graph');
    else throw unauthenticated('Send `Authorization: Bearer <access token>` with a Microsoft Graph token.');
    return { graphIdentity: 'user', getGraphToken: await graphTokenFor(graphToken) };
  }

  return async (headers) => {
    const bearer = bearerOf(headers);
    switch (options.mode) {
      case 'on-behalf-of':
        return onBehalfOf(bearer);
      case 'app':
        return app(bearer, singleHeader(headers, API_KEY_HEADER));
      case 'passthrough':
        return passthrough(bearer);
    }
  };
}
