/**
 * How the naive baseline gets Graph tokens, the way a simple app does:
 * - `obo` (default): the caller's bearer token for this API is exchanged on-behalf-of for a Graph
 *   token at the identity platform, and the answer is kept per assertion until it expires (what
 *   MSAL's token cache does for such an app);
 * - `app`: one client-credentials token, fetched at start and again when it expires.
 */

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
/** Renew a little before expiry, as MSAL does. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * @param {{ authorityHost: string, tenantId: string, clientId: string, clientSecret: string }} settings
 */
export function createTokenSource(settings) {
  const tokenEndpoint = `${settings.authorityHost.replace(/\/+$/, '')}/${settings.tenantId}/oauth2/v2.0/token`;
  /** @type {Map<string, { token: string, expiresAt: number }>} */
  const oboCache = new Map();
  /** @type {{ token: string, expiresAt: number } | null} */
  let appToken = null;

  async function requestToken(form) {
    const response = await fetch(tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: settings.clientId,
        client_secret: settings.clientSecret,
        scope: GRAPH_SCOPE,
        ...form,
      }),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok || typeof body.access_token !== 'string') {
      throw new Error(`The identity platform refused the token request (${response.status} ${body.error ?? ''}).`);
    }
    return {
      token: body.access_token,
      expiresAt: Date.now() + Number(body.expires_in ?? 3600) * 1000 - EXPIRY_MARGIN_MS,
    };
  }

  return {
    /** @param {string} assertion the caller's bearer token */
    async onBehalfOf(assertion) {
      const cached = oboCache.get(assertion);
      if (cached && cached.expiresAt > Date.now()) return cached.token;
      const fresh = await requestToken({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        requested_token_use: 'on_behalf_of',
        assertion,
      });
      oboCache.set(assertion, fresh);
      return fresh.token;
    },
    async app() {
      if (appToken && appToken.expiresAt > Date.now()) return appToken.token;
      appToken = await requestToken({ grant_type: 'client_credentials' });
      return appToken.token;
    },
  };
}
