/**
 * A leveled logger writing one JSON object per line to stderr (stdout stays for the start-up
 * lines): `{"time","level","msg",...details}`. It is also Apollo Server's logger. Callers never
 * pass tokens or secrets in `details`; as a second line of defence, values under names that
 * look like credentials are replaced by `[redacted]`.
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

const SECRET_NAME = /authorization|token|secret|password|assertion|api[-_]?key|cookie/i;

function redact(key: string, value: unknown): unknown {
  return key !== '' && SECRET_NAME.test(key) && typeof value === 'string' ? '[redacted]' : value;
}

export function createLogger(level: LogLevel, write: Write = (line) => process.stderr.write(`${line}\n`)): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const at = (entryLevel: Exclude<LogLevel, 'silent'>) => (message: string, details?: Record<string, unknown>) => {
    if (LOG_LEVELS.indexOf(entryLevel) < threshold) return;
    const entry = { time: new Date().toISOString(), level: entryLevel, msg: message, ...details };
    write(JSON.stringify(entry, redact));
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
