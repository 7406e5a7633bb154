/**
 * The one place the client closes when its operation is aborted (the caller disconnected): every
 * method then answers with an aborted `GraphApiError` before it looks at a cache, checks its
 * input or sends anything. Reads a running call issues later are refused by the wave queue.
 */
import { abortedError } from './errors';

/** `api` with each method but those in `open` refused once `signal` aborted. */
export function closedWhenAborted<T extends object>(
  api: T,
  signal: AbortSignal | undefined,
  open: ReadonlyArray<keyof T>,
): T {
  if (!signal) return api;
  const guarded: Record<string, unknown> = {};
  const members: Array<[string, unknown]> = Object.entries(api);
  for (const [name, member] of members) {
    if (typeof member !== 'function' || open.some((key) => key === name)) guarded[name] = member;
    else
      guarded[name] = (...args: unknown[]) =>
        signal.aborted ? Promise.reject(abortedError()) : member.apply(api, args);
  }
  // Same members, same signatures: each method is wrapped in one that refuses first.
  return guarded as T;
}
