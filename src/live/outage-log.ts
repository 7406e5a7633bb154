/**
 * Logs an outage of Redis once when it starts and once when it ends, however many calls fail in
 * between (every topic and tick of live data would otherwise log each failure).
 */
import type { Logger } from '../logger';
import { messageOf } from './graph-readers';

export interface OutageLog {
  /** A call failed: the first failure since Redis last answered is logged, with what it means. */
  failed(error: unknown): void;
  /** A call succeeded: logged when it ends an outage. */
  answered(): void;
}

/** `part` names who logs (`Live data leases`); `meaning` says what the outage does to it. */
export function outageLog(logger: Logger, part: string, meaning: string): OutageLog {
  let failing = false;
  return {
    failed(error) {
      if (failing) return;
      failing = true;
      logger.warn(`${part}: Redis cannot be reached; ${meaning}`, { message: messageOf(error) });
    },
    answered() {
      if (!failing) return;
      failing = false;
      logger.info(`${part}: Redis answers again`);
    },
  };
}
