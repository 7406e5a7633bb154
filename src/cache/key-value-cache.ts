/**
 * Apollo's `KeyValueCache` (automatic persisted queries and anything else Apollo caches) on a
 * shared Redis store, so a query registered on one replica is served by every other. A Redis
 * failure reads as a miss and a skipped write: the client simply re-sends the full query.
 */
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { RedisStore } from './redis-client';

export const APOLLO_CACHE_PREFIX = 'msgraph-graphql:apollo:';

export function redisKeyValueCache(store: RedisStore, warn: (message: string) => void): KeyValueCache<string> {
  return {
    async get(key) {
      try {
        return (await store.get(APOLLO_CACHE_PREFIX + key)) ?? undefined;
      } catch (error) {
        warn(`Shared cache read failed: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    },
    async set(key, value, options?: KeyValueCacheSetOptions) {
      try {
        await store.set(APOLLO_CACHE_PREFIX + key, value, options?.ttl ?? undefined);
      } catch (error) {
        warn(`Shared cache write failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    async delete(key) {
      try {
        return await store.delete(APOLLO_CACHE_PREFIX + key);
      } catch {
        return false;
      }
    },
  };
}
