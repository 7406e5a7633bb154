import type { GraphReply } from '../../http/types';

/** A value, or the Graph reply that explains why there is none. */
export type Result<T> = { ok: true; value: T } | { ok: false; reply: GraphReply };
