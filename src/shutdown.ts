/**
 * Graceful stop on SIGTERM/SIGINT: stop accepting connections, let the operations in flight
 * finish (up to a drain limit), then close Apollo, Redis and the embedded emulator. Idle
 * keep-alive connections are closed at once so they do not hold the drain open.
 */
import type { Server } from 'node:http';
import type { Logger } from './logger';

export const DEFAULT_DRAIN_MS = 10_000;

export async function drainAndClose(
  server: Server,
  closeRest: () => Promise<void>,
  logger: Logger,
  drainMs = DEFAULT_DRAIN_MS,
): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // Keep-alive connections that finish a response later are closed as soon as they go idle.
  const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), drainMs);
  });
  const outcome = await Promise.race([closed.then(() => 'drained' as const), timedOut]);
  clearInterval(idleSweep);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    logger.warn(`Operations still running after ${drainMs} ms were cut off`);
    server.closeAllConnections();
  }
  await closeRest();
}
