/**
 * A secret every replica of a deployment shares without being configured with one: the first
 * replica to start stores a random value under a fixed key (`SET NX`, so concurrent starts agree
 * on one), and every replica reads back the stored value.
 */
import { randomBytes } from 'node:crypto';
import type { RedisStore } from './redis-client';

export const CURSOR_SECRET_KEY = 'msgraph-graphql:cursor-secret';

export async function sharedSecret(store: RedisStore, key: string): Promise<string> {
  await store.setIfAbsent(key, randomBytes(32).toString('base64url'));
  const secret = await store.get(key);
  if (secret === null || secret.length < 32) throw new Error(`Redis holds no usable shared secret under ${key}.`);
  return secret;
}
