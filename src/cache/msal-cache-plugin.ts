/**
 * MSAL's token cache on the shared Redis store, so a replica starting up uses the app-only
 * Graph token another replica already obtained instead of asking the identity platform again.
 *
 * The key names the app registration and its authority (tenant, identity platform host): one
 * MSAL cache per confidential client, never shared across apps or tenants. Within it MSAL keys
 * every token by account, client and scopes, so identities do not mix; delegated (OBO) tokens
 * stay in each process's per-assertion cache (`src/auth/obo-token-cache.ts`).
 */
import { createHash } from 'node:crypto';
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { RedisStore } from './redis-client';

export interface MsalCacheIdentity {
  tenantId: string;
  clientId: string;
  authorityHost: string;
}

export function msalCacheKey(identity: MsalCacheIdentity): string {
  const scope = createHash('sha256')
    .update(`${identity.authorityHost}\n${identity.tenantId}\n${identity.clientId}`)
    .digest('base64url');
  return `msgraph-graphql:msal:${scope}`;
}

export function redisMsalCachePlugin(
  store: RedisStore,
  identity: MsalCacheIdentity,
  warn: (message: string) => void,
): ICachePlugin {
  const key = msalCacheKey(identity);
  return {
    async beforeCacheAccess(context: TokenCacheContext) {
      try {
        const serialized = await store.get(key);
        if (serialized) context.tokenCache.deserialize(serialized);
      } catch (error) {
        // Without Redis this replica works from its own memory until Redis is back.
        warn(`Shared token cache read failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    async afterCacheAccess(context: TokenCacheContext) {
      if (!context.cacheHasChanged) return;
      try {
        await store.set(key, context.tokenCache.serialize());
      } catch (error) {
        warn(`Shared token cache write failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}
