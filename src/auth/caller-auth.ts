/**
 * Who is calling, per DESIGN §3, and which Graph token their operation uses.
 *
 * - `on-behalf-of`: `Authorization: Bearer <user token for this API>`, validated here, then
 *   exchanged by MSAL for a Graph token of that user.
 * - `app`: the caller proves who they are with a bearer for this API or an `x-api-key` from
 *   `GATEWAY_API_KEYS`; Graph is called with the gateway's own app-only token.
 * - `passthrough`: `Authorization: Bearer <Graph token>`, forwarded as is once it looks like a
 *   live Graph token (`graph-bearer.ts`).
 *
 * A validated bearer for this API must also be authorized (`caller-policy.ts`): a user
 * token needs a required scope, an app-only token a required role and an allowed client id.
 *
 * Only with the embedded emulator may a request bring no credential: it then acts as the
 * emulator's default user (through the same OBO exchange as anyone else). A caller who cannot be
 * authenticated gets HTTP 401 `UNAUTHENTICATED`, one who may not call HTTP 403 `FORBIDDEN`, both
 * raised before any resolver runs and before any token exchange.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthMode } from './auth-mode';
import { authorizationProblem, clientIdOf, isAppOnlyToken, type CallerPolicy } from './caller-policy';
import { forbiddenCaller, GraphAuthError, unauthenticatedCaller } from './errors';
import { createGraphBearerCheck } from './graph-bearer';
import { decodeJwt } from './jwt';
import type { GraphTokenSource } from './graph-token-source';

export interface AuthenticatedCaller {
  /** Whose token the Graph calls carry: a signed-in user's, or the gateway app's own. */
  graphIdentity: 'user' | 'app';
  /** The Graph bearer for this request (acquired once, when the caller was authenticated). */
  getGraphToken: () => Promise<string>;
  /**
   * Who is calling, as a stable key that holds no secret: `user:<tid>/<oid>`, `app:<client id>`,
   * `key:<digest>` for an API key, `anonymous` for the embedded emulator's default user. Binds what
   * the gateway hands out (cursors) to the caller it was handed to.
   */
  principal: string;
}

export interface IncomingTokenCheck {
  validate(token: string): Promise<{ claims: Record<string, unknown> }>;
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
  /** What a validated bearer for this API must carry (`config.authorization`). */
  policy: CallerPolicy;
  /** The Graph root the gateway calls: passthrough bearers must be tokens for it. */
  graphUrl: string;
  apiKeys: readonly string[];
  anonymous?: AnonymousIdentity;
}

export type CallerAuthenticator = (headers: IncomingHttpHeaders) => Promise<AuthenticatedCaller>;

export const API_KEY_HEADER = 'x-api-key';

function singleHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (Array.isArray(value)) {
    if (value.length > 1) throw unauthenticatedCaller(`Send the ${name} header once.`);
    return value[0];
  }
  return value;
}

function bearerOf(headers: IncomingHttpHeaders): string | null {
  const authorization = singleHeader(headers, 'authorization');
  if (authorization === undefined || authorization.trim() === '') return null;
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(authorization);
  if (!match) throw unauthenticatedCaller('The Authorization header must have the form `Bearer <access token>`.');
  return match[1];
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** The principal a token's claims name (see `AuthenticatedCaller.principal`); the token's digest when it names none. */
export function principalOf(claims: Record<string, unknown> | null, token: string): string {
  const text = (name: string) => (typeof claims?.[name] === 'string' ? (claims[name] as string) : undefined);
  const appOnly = claims !== null && isAppOnlyToken(claims);
  const appId = claims !== null ? clientIdOf(claims) : undefined;
  if (appOnly && appId) return `app:${appId}`;
  const oid = text('oid');
  if (!appOnly && oid) return `user:${text('tid') ?? ''}/${oid}`;
  return `token:${digest(token).toString('base64url')}`;
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
  const checkGraphBearer = createGraphBearerCheck({ graphUrl: options.graphUrl });

  /** The claims of a bearer for this API, authenticated and then authorized for this mode. */
  async function validateIncoming(token: string): Promise<Record<string, unknown> | null> {
    if (!options.incomingTokens) return null;
    let claims: Record<string, unknown>;
    try {
      claims = (await options.incomingTokens.validate(token)).claims;
    } catch (error) {
      if (error instanceof GraphAuthError)
        throw unauthenticatedCaller(`The bearer token was refused: ${error.message}`);
      throw error;
    }
    const problem = authorizationProblem(claims, options.policy, options.mode);
    if (problem !== null) throw forbiddenCaller(`The bearer token does not grant access to this API: ${problem}`);
    return claims;
  }

  async function graphTokenFor(incoming: string | null): Promise<() => Promise<string>> {
    const getToken = options.tokenSource.forRequest(incoming);
    try {
      const token = await getToken();
      return () => Promise.resolve(token);
    } catch (error) {
      if (error instanceof GraphAuthError) {
        throw unauthenticatedCaller(`No Microsoft Graph token could be obtained: ${error.message}`);
      }
      throw error;
    }
  }

  async function onBehalfOf(bearer: string | null): Promise<AuthenticatedCaller> {
    let assertion: string;
    let principal: string;
    if (bearer !== null) {
      principal = principalOf(await validateIncoming(bearer), bearer);
      assertion = bearer;
    } else if (options.anonymous) {
      assertion = await options.anonymous.userToken('api');
      principal = 'anonymous';
    } else {
      throw unauthenticatedCaller('Send `Authorization: Bearer <access token>` with a user token issued for this API.');
    }
    return { graphIdentity: 'user', getGraphToken: await graphTokenFor(assertion), principal };
  }

  async function app(bearer: string | null, apiKey: string | undefined): Promise<AuthenticatedCaller> {
    let principal = 'anonymous';
    if (bearer !== null) {
      principal = principalOf(await validateIncoming(bearer), bearer);
    } else if (apiKey !== undefined) {
      if (!isKnownApiKey(apiKey))
        throw unauthenticatedCaller(`The ${API_KEY_HEADER} header does not hold a known API key.`);
      principal = `key:${digest(apiKey).toString('base64url').slice(0, 22)}`;
    } else if (!options.anonymous) {
      throw unauthenticatedCaller(
        `Send \`Authorization: Bearer <access token>\` with a token issued for this API, or an \`${API_KEY_HEADER}\` header.`,
      );
    }
    return { graphIdentity: 'app', getGraphToken: await graphTokenFor(null), principal };
  }

  async function passthrough(bearer: string | null): Promise<AuthenticatedCaller> {
    let graphToken: string;
    let principal = 'anonymous';
    if (bearer !== null) {
      try {
        checkGraphBearer(bearer);
      } catch (error) {
        if (error instanceof GraphAuthError)
          throw unauthenticatedCaller(`The bearer token was refused: ${error.message}`);
        throw error;
      }
      graphToken = bearer;
      // Unverified claims (the signature is Graph's to verify), good enough to key what is handed out.
      principal = principalOf(decodeJwt(bearer)?.claims ?? null, bearer);
    } else if (options.anonymous) graphToken = await options.anonymous.userToken('graph');
    else throw unauthenticatedCaller('Send `Authorization: Bearer <access token>` with a Microsoft Graph token.');
    return { graphIdentity: 'user', getGraphToken: await graphTokenFor(graphToken), principal };
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
