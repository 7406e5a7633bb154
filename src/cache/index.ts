export { connectRedis, type RedisStore } from './redis-client';
export { redisKeyValueCache } from './key-value-cache';
export { redisMsalCachePlugin, msalCacheKey } from './msal-cache-plugin';
export { redisUrlSchema } from './redis-url';
