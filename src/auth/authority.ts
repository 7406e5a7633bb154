/**
 * Where the identity platform lives, and how MSAL is pointed at it. Live mode is https-only.
 * A local emulator on loopback may be plain http: MSAL refuses http authorities, so the
 * authority is written as `https://<host:port>/<tenant>/`, trusted through `knownAuthorities`
 * (no instance discovery), and given the emulator's OpenID configuration, fetched here over
 * http, as `authorityMetadata` — MSAL then only POSTs to that document's (http) token endpoint.
 */
import { isIP } from 'node:net';
import { AuthConfigurationError } from './errors';

export type FetchLike = (request: Request) => Promise<Response>;

export interface OpenIdConfiguration {
  issuer: string;
  jwks_uri: string;
  token_endpoint: string;
  authorization_endpoint: string;
  [name: string]: unknown;
}

export interface MsalAuthority {
  authority: string;
  knownAuthorities?: string[];
  authorityMetadata?: string;
}

/** 127.0.0.0/8, `localhost` and `::1`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** `value` as a URL, or an AuthConfigurationError naming `what` it should have been. */
export function absoluteUrl(value: string, what: string): URL {
  try {
    return new URL(value);
  } catch {
    throw new AuthConfigurationError(`The ${what} '${value}' is not an absolute URL.`);
  }
}

export function parseAuthorityHost(authorityHost: string): URL {
  const url = absoluteUrl(authorityHost, 'authority host');
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new AuthConfigurationError(
      `The authority host '${url.origin}' uses plain http; only a local emulator on a loopback address (127.0.0.1, localhost, ::1) may. Use https.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AuthConfigurationError(`The authority host '${authorityHost}' must be an https URL.`);
  }
  return url;
}

function authorityRoot(url: URL): string {
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function isOpenIdConfiguration(value: unknown): value is OpenIdConfiguration {
  if (typeof value !== 'object' || value === null) return false;
  const document = value as Record<string, unknown>;
  return ['issuer', 'jwks_uri', 'token_endpoint', 'authorization_endpoint'].every(
    (name) => typeof document[name] === 'string',
  );
}

/** GET `{authorityHost}/{tenant}/v2.0/.well-known/openid-configuration`. */
export async function fetchOpenIdConfiguration(
  authorityHost: string,
  tenantId: string,
  fetchFn: FetchLike,
): Promise<OpenIdConfiguration> {
  const root = authorityRoot(parseAuthorityHost(authorityHost));
  const url = `${root}/${encodeURIComponent(tenantId)}/v2.0/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await fetchFn(
      new Request(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) }),
    );
  } catch (error) {
    throw new AuthConfigurationError(`Could not read the OpenID configuration at ${url}: ${(error as Error).message}.`);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok || !isOpenIdConfiguration(body)) {
    throw new AuthConfigurationError(
      `The OpenID configuration at ${url} answered ${response.status} without the expected fields.`,
    );
  }
  return body;
}

/** MSAL's `authority`, `knownAuthorities` and `authorityMetadata` for this host and tenant. */
export async function msalAuthority(
  authorityHost: string,
  tenantId: string,
  fetchFn: FetchLike,
): Promise<MsalAuthority> {
  const url = parseAuthorityHost(authorityHost);
  const tenantSegment = encodeURIComponent(tenantId);
  if (!isLoopbackHost(url.hostname)) return { authority: `${authorityRoot(url)}/${tenantSegment}` };
  // A loopback host is never a Microsoft cloud: skip instance discovery, which would ask
  // login.microsoftonline.com about it.
  const hostAndPort = url.host;
  if (url.protocol === 'https:') {
    return { authority: `${authorityRoot(url)}/${tenantSegment}/`, knownAuthorities: [hostAndPort] };
  }
  const metadata = await fetchOpenIdConfiguration(authorityHost, tenantId, fetchFn);
  return {
    authority: `https://${hostAndPort}${url.pathname.replace(/\/+$/, '')}/${tenantSegment}/`,
    knownAuthorities: [hostAndPort],
    authorityMetadata: JSON.stringify(metadata),
  };
}
