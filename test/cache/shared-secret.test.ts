import type { RedisStore } from '../../src/cache/redis-client';
import { CURSOR_SECRET_KEY, sharedSecret } from '../../src/cache/shared-secret';

/** The few Redis commands the caches use, over one Map shared by every "replica". */
function mapStore(values: Map<string, string>): RedisStore {
  return {
    get: async (key) => values.get(key) ?? null,
    set: async (key, value) => {
      values.set(key, value);
    },
    setIfAbsent: async (key, value) => {
      if (values.has(key)) return false;
      values.set(key, value);
      return true;
    },
    delete: async (key) => values.delete(key),
    close: async () => undefined,
  };
}

describe('the cursor secret replicas share through Redis', () => {
  it('is drawn by the first replica and read back by every other, also when they start together', async () => {
    const redis = new Map<string, string>();

    const secrets = await Promise.all([1, 2, 3].map(() => sharedSecret(mapStore(redis), CURSOR_SECRET_KEY)));

    expect(new Set(secrets).size).toBe(1);
    expect(secrets[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(redis.get(CURSOR_SECRET_KEY)).toBe(secrets[0]);
  });

  it('keeps the secret already stored, so cursors survive a restart of every replica', async () => {
    const stored = 'a-secret-a-previous-replica-stored-0123456789';
    const redis = new Map([[CURSOR_SECRET_KEY, stored]]);

    expect(await sharedSecret(mapStore(redis), CURSOR_SECRET_KEY)).toBe(stored);
  });
});
