/** Bounded polling: the one way a test waits for something to become true. */

export interface WaitOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Look again after this long (default 10 ms). */
  intervalMs?: number;
  /** What is awaited, for the error message. */
  what?: string;
}

/**
 * Resolves with the first truthy value of `condition` (sync or async), polled every `intervalMs`;
 * rejects once `timeoutMs` has passed without one.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 10, what = 'a condition' }: WaitOptions = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value as NonNullable<T>;
    if (Date.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
