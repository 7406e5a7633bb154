import { z } from 'zod';

/** `redis://` or `rediss://` with a host; the URL may carry a password, so it is never echoed. */
export const redisUrlSchema = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
  } catch {
    return false;
  }
}, 'must be a redis:// or rediss:// URL with a host');
