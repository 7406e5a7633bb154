/**
 * One Redis connection per process for the shared caches. Only the few commands the caches use
 * are exposed, so the caches can be tested against a plain Map as well.
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

export async function connectRedis(url: string, onError: (message: string) => void): Promise<RedisStore> {
  let connected = false;
  const client = createClient({
    url,
    socket: {
      // At start-up a few tries, then a clear failure; once connected, reconnect for ever with a
      // growing delay (up to 5 s) while requests fail fast and the caches fall back.
      reconnectStrategy: (retries: number) =>
        !connected && retries >= 3 ? new Error('Redis did not answer') : Math.min(100 * 2 ** retries, 5000),
      connectTimeout: 5000,
    },
    disableOfflineQueue: true,
  });
  let lastError = '';
  client.on('error', (error: unknown) => {
    // The URL (and its password) is never part of the message: only what failed.
    const message = error instanceof Error ? error.message : String(error);
    if (message !== lastError) onError(`Redis: ${message}`);
    lastError = message;
  });
  await client.connect();
  connected = true;
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
