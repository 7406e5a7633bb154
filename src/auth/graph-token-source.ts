/**
 * Graph tokens for incoming requests, per `GRAPH_AUTH_MODE`:
 * - `on-behalf-of`: the caller's token for this API is exchanged by MSAL (OBO) for a delegated
 *   Graph token, cached per assertion (`obo-token-cache.ts`), so one confidential client per
 *   process serves every caller without mixing identities;
 * - `app`: the gateway's own app-only token (client credentials from MSAL, kept in process until
 *   shortly before it expires);
 * - `passthrough`: the caller's bearer is already a Graph token and is forwarded as is.
 */
import {
  AuthError,
  ConfidentialClientApplication,
  InteractionRequiredAuthError,
  ServerError,
  type ICachePlugin,
} from '@azure/msal-node';
import { absoluteUrl, isLoopbackHost, msalAuthority, type FetchLike } from './authority';
import { loadCredential } from './client-credential';
import type { AuthMode } from './auth-mode';
import { AuthConfigurationError, GraphAuthError } from './errors';
import { OboTokenCache, type AcquiredToken } from './obo-token-cache';

export interface GraphTokenSettings {
  mode: AuthMode;
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  clientCertificatePath?: string;
  /** e.g. `https://login.microsoftonline.com`, or a loopback emulator `http://127.0.0.1:4001`. */
  authorityHost: string;
  graphUrl: string;
  /** Used only to read a loopback emulator's OpenID configuration over http (default: global fetch). */
  fetch?: FetchLike;
  /** Where MSAL keeps its token cache between calls (e.g. Redis shared by replicas); memory when absent. */
  cachePlugin?: ICachePlugin;
}

export interface GraphTokenSource {
  /** Returns the getToken function for one incoming request; `incomingToken` is the caller's bearer (null when none). */
  forRequest(incomingToken: string | null): () => Promise<string>;
}

export const MICROSOFT_GRAPH_RESOURCE = 'https://graph.microsoft.com';
/** Graph's application id, the other `aud` its tokens carry. */
export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/**
 * Graph's resource (the `aud` of its tokens). A national cloud's Graph (`https://graph.microsoft.us`)
 * is its own resource; a local emulator stands in for `https://graph.microsoft.com` and issues
 * tokens for that resource, as the real identity platform would.
 */
export function graphResource(graphUrl: string): string {
  const url = absoluteUrl(graphUrl, 'Graph URL');
  return isLoopbackHost(url.hostname) ? MICROSOFT_GRAPH_RESOURCE : url.origin;
}

/** `.default` of Graph's resource: every permission granted to the app for Graph. */
export function graphScope(graphUrl: string): string {
  return `${graphResource(graphUrl)}/.default`;
}

function missingToken(mode: AuthMode): GraphAuthError {
  const what = mode === 'passthrough' ? 'a Microsoft Graph access token' : 'an access token for this API';
  return new GraphAuthError(
    'missing_token',
    `The request needs a bearer token: send ${what} in the Authorization header.`,
  );
}

/** OAuth error codes with which the identity platform refuses a request for good (RFC 6749 §5.2, Entra's additions). */
const REFUSAL_CODES = new Set([
  'invalid_grant',
  'invalid_request',
  'invalid_client',
  'unauthorized_client',
  'invalid_scope',
  'invalid_resource',
  'unsupported_grant_type',
  'interaction_required',
  'consent_required',
  'login_required',
]);

/** The identity platform answered with a refusal, rather than being unreachable, throttling or failing (5xx). */
function isRefusal(error: AuthError): boolean {
  if (!(error instanceof ServerError || error instanceof InteractionRequiredAuthError)) return false;
  const status = error instanceof ServerError ? error.status : undefined;
  if (status !== undefined && (status === 429 || status >= 500)) return false;
  return REFUSAL_CODES.has(error.errorCode);
}

/** MSAL's failure without anything the caller sent (the assertion) or the app's secret. */
function tokenFailure(error: unknown): GraphAuthError {
  if (error instanceof AuthError) {
    const aadsts = /AADSTS\d+/.exec(error.errorMessage)?.[0];
    const code = error.errorCode || 'msal_error';
    return new GraphAuthError(
      code,
      `Could not get a Microsoft Graph token: ${code}${aadsts ? ` (${aadsts})` : ''}.`,
      aadsts,
      isRefusal(error),
    );
  }
  return new GraphAuthError('token_request_failed', 'Could not get a Microsoft Graph token.');
}

/** The app's one entry in its token cache (the cache is keyed like the on-behalf-of one). */
const APP_TOKEN_KEY = 'app';

function once(get: () => Promise<string>): () => Promise<string> {
  let token: Promise<string> | undefined;
  return () => (token ??= get());
}

interface MsalResult {
  accessToken: string;
  expiresOn: Date | null;
}

async function acquiredToken(request: Promise<MsalResult | null>): Promise<AcquiredToken> {
  let result: MsalResult | null;
  try {
    result = await request;
  } catch (error) {
    throw tokenFailure(error);
  }
  if (!result?.accessToken)
    throw new GraphAuthError('no_token', 'Could not get a Microsoft Graph token: the identity platform returned none.');
  // Without an expiry, keep the token no longer than a minute: six minutes, less the OBO cache's
  // five-minute renewal margin.
  return { accessToken: result.accessToken, expiresOn: result.expiresOn ?? new Date(Date.now() + 6 * 60_000) };
}

export async function createGraphTokenSource(settings: GraphTokenSettings): Promise<GraphTokenSource> {
  if (settings.mode === 'passthrough') {
    return {
      forRequest: (incomingToken) =>
        once(async () => {
          if (!incomingToken) throw missingToken('passthrough');
          return incomingToken;
        }),
    };
  }
  if (settings.mode !== 'app' && settings.mode !== 'on-behalf-of') {
    throw new AuthConfigurationError(`Unknown auth mode '${String(settings.mode)}'.`);
  }

  const scopes = [graphScope(settings.graphUrl)];
  const credential = await loadCredential(settings);
  const authority = await msalAuthority(
    settings.authorityHost,
    settings.tenantId,
    settings.fetch ?? ((request) => fetch(request)),
  );
  const client = new ConfidentialClientApplication({
    auth: { clientId: settings.clientId, ...authority, ...credential },
    ...(settings.cachePlugin ? { cache: { cachePlugin: settings.cachePlugin } } : {}),
  });

  if (settings.mode === 'app') {
    // One token serves every operation until shortly before it expires. Asking MSAL each time
    // costs a cache lookup per operation (URL parsing and cache filtering; a Redis read with the
    // shared cache plugin), about 2 % of the gateway's CPU at a hundred operations per second.
    const appToken = new OboTokenCache();
    return {
      forRequest: () =>
        once(() => appToken.get(APP_TOKEN_KEY, () => acquiredToken(client.acquireTokenByClientCredential({ scopes })))),
    };
  }
  const oboTokens = new OboTokenCache({ isRefusal: (error) => error instanceof GraphAuthError && error.refused });
  return {
    forRequest: (incomingToken) =>
      once(async () => {
        if (!incomingToken) throw missingToken('on-behalf-of');
        return oboTokens.get(incomingToken, () =>
          acquiredToken(client.acquireTokenOnBehalfOf({ oboAssertion: incomingToken, scopes })),
        );
      }),
  };
}
