/**
 * The caches replicas share when `REDIS_URL` is set: MSAL's token cache, Apollo's cache
 * (automatic persisted queries) and the key that seals cursors. Without it, null: each process
 * keeps the caches in memory and draws its own key.
 */
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { ICachePlugin } from '@azure/msal-node';
import type { Logger } from '../logger';
import { redisKeyValueCache } from './key-value-cache';
import { redisMsalCachePlugin, type MsalCacheIdentity } from './msal-cache-plugin';
import { connectRedis } from './redis-client';
import { CURSOR_SECRET_KEY, sharedSecret } from './shared-secret';

export interface SharedCaches {
  apolloCache: KeyValueCache<string>;
  msalCachePlugin(identity: MsalCacheIdentity): ICachePlugin;
  /** The cursor key every replica on this Redis uses (when `GATEWAY_CURSOR_SECRET` is not set). */
  cursorSecret(): Promise<string>;
  close(): Promise<void>;
}

export async function openSharedCaches(redisUrl: string | null, logger: Logger): Promise<SharedCaches | null> {
  if (redisUrl === null) return null;
  const warn = (message: string) => logger.warn(message);
  let store;
  try {
    store = await connectRedis(redisUrl, warn);
  } catch (error) {
    throw new Error(
      `Could not connect to Redis at REDIS_URL: ${error instanceof Error ? error.message : String(error)}. ` +
        'Start Redis, fix REDIS_URL, or remove it to keep the caches in memory.',
      { cause: error },
    );
  }
  logger.info('Shared caches in Redis (token cache, persisted queries)');
  return {
    apolloCache: redisKeyValueCache(store, warn),
    msalCachePlugin: (identity) => redisMsalCachePlugin(store, identity, warn),
    cursorSecret: () => sharedSecret(store, CURSOR_SECRET_KEY),
    close: () => store.close(),
  };
}
