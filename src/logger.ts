/**
 * A leveled logger writing one line per entry to stderr (stdout stays for the start-up lines).
 * It is also Apollo Server's logger. Callers never pass tokens or secrets in `details`.
 */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  debug(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

type Write = (line: string) => void;

export function createLogger(level: LogLevel, write: Write = (line) => process.stderr.write(`${line}\n`)): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const at = (entryLevel: Exclude<LogLevel, 'silent'>) => (message: string, details?: Record<string, unknown>) => {
    if (LOG_LEVELS.indexOf(entryLevel) < threshold) return;
    const suffix = details && Object.keys(details).length > 0 ? ` ${JSON.stringify(details)}` : '';
    write(`${new Date().toISOString()} ${entryLevel.toUpperCase()} ${message}${suffix}`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
