/**
 * Redis connections: `redisConnection` opens one as every part of the gateway does (the caches
 * here, live data's in `live/scale-out.ts`); `connectRedis` is the caches' own, exposing only the
 * few commands they use, so the caches can be tested against a plain Map as well.
 */
import { createClient } from 'redis';

export interface RedisStore {
  get(key: string): Promise<string | null>;
  /** `ttlSeconds` undefined keeps the value until it is overwritten or deleted. */
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  /** Stores `value` only when `key` holds nothing (`SET NX`); true when it was stored. */
  setIfAbsent(key: string, value: string): Promise<boolean>;
  delete(key: string): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * A node-redis connection as every part of the gateway opens one (not yet connected): at start-up
 * a few tries, then a clear failure; once connected, reconnection for ever with a growing delay (up
 * to 5 s) while commands fail fast (no offline queue) and their callers fall back. `onError` hears
 * each failure once until the connection is ready again, and never the URL (or its password).
 */
export function redisConnection(url: string, onError: (message: string) => void) {
  let connected = false;
  const client = createClient({
    url,
    socket: {
      reconnectStrategy: (retries: number) =>
        !connected && retries >= 3 ? new Error('Redis did not answer') : Math.min(100 * 2 ** retries, 5000),
      connectTimeout: 5000,
    },
    disableOfflineQueue: true,
  });
  let lastError = '';
  client.on('error', (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (message !== lastError) onError(message);
    lastError = message;
  });
  client.on('ready', () => {
    connected = true;
    lastError = '';
  });
  return client;
}

export async function connectRedis(url: string, onError: (message: string) => void): Promise<RedisStore> {
  const client = redisConnection(url, (message) => onError(`Redis: ${message}`));
  await client.connect();
  return {
    get: (key) => client.get(key),
    async set(key, value, ttlSeconds) {
      if (ttlSeconds !== undefined && ttlSeconds > 0) {
        await client.set(key, value, { expiration: { type: 'EX', value: Math.ceil(ttlSeconds) } });
      } else {
        await client.set(key, value);
      }
    },
    setIfAbsent: async (key, value) => (await client.set(key, value, { condition: 'NX' })) === 'OK',
    delete: async (key) => (await client.del(key)) > 0,
    async close() {
      if (client.isOpen) await client.close();
    },
  };
}
