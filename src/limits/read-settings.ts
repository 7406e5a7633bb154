import { z } from 'zod';
import { DEFAULT_OPERATION_LIMITS, LIMIT_SETTINGS, type OperationLimits } from './settings';

type Read = <T>(name: string, schema: z.ZodType<T>, fix: string) => T | undefined;

const positiveLimit = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(1_000_000_000, 'must be at most 1000000000');

/** The limits from `GATEWAY_MAX_*`, through config.ts's reader (which collects the problems). */
export function readOperationLimits(read: Read): OperationLimits {
  const limits = { ...DEFAULT_OPERATION_LIMITS };
  for (const key of Object.keys(LIMIT_SETTINGS) as Array<keyof OperationLimits>) {
    const name = LIMIT_SETTINGS[key];
    const value = read(name, positiveLimit, `Set ${name}=${DEFAULT_OPERATION_LIMITS[key]} (the default) or remove it.`);
    if (value !== undefined) limits[key] = value;
  }
  return limits;
}
