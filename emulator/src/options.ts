/**
 * The emulator's options and their validation. One validator serves `createEmulator`, the CLI
 * and `POST /_emulator/faults`, so a bad value gets the same message wherever it comes from.
 */

import { MIN_USERS } from './tenant/generate';

export interface FaultSettings {
  /** Delay added once to every Graph HTTP request (a `$batch` pays it once). */
  latencyMs: number;
  /** Fraction (0..1) of Graph calls answered 429 TooManyRequests. */
  throttleRate: number;
  /** `Retry-After` seconds on injected 429 and 503 answers. */
  retryAfterSeconds: number;
  /** Fraction (0..1) of Graph calls answered 503 serviceNotAvailable. */
  errorRate: number;
}

export interface EmulatorOptions extends Partial<FaultSettings> {
  /** Seeds the tenant, the app registration and the fault draws (default 1). */
  seed?: number;
  /** Number of generated users (default 50). */
  users?: number;
  /**
   * Caps the lifetime of every change-notification subscription at this many minutes (a
   * fraction is allowed), below Graph's per-resource maximum, so tests reach expiry quickly.
   */
  maxSubscriptionMinutes?: number;
}

export const DEFAULT_SEED = 1;
export const DEFAULT_USERS = 50;
export const MAX_USERS = 100_000;
export const MAX_LATENCY_MS = 60_000;
export const MAX_RETRY_AFTER_SECONDS = 3_600;

export const DEFAULT_FAULTS: FaultSettings = { latencyMs: 0, throttleRate: 0, retryAfterSeconds: 1, errorRate: 0 };

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

const FAULT_RULES: { [K in keyof FaultSettings]: { check: (v: number) => boolean; rule: string } } = {
  latencyMs: {
    check: (v) => Number.isInteger(v) && v >= 0 && v <= MAX_LATENCY_MS,
    rule: `an integer from 0 to ${MAX_LATENCY_MS}`,
  },
  throttleRate: { check: (v) => v >= 0 && v <= 1, rule: 'a number from 0 to 1' },
  retryAfterSeconds: {
    check: (v) => v >= 0 && v <= MAX_RETRY_AFTER_SECONDS,
    rule: `a number of seconds from 0 to ${MAX_RETRY_AFTER_SECONDS}`,
  },
  errorRate: { check: (v) => v >= 0 && v <= 1, rule: 'a number from 0 to 1' },
};

export type Validation<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** Checks a partial fault update (unknown keys are refused so a typo is never silently ignored). */
export function validateFaults(input: unknown): Validation<Partial<FaultSettings>> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: ['faults must be a JSON object'] };
  }
  const problems: string[] = [];
  const value: Partial<FaultSettings> = {};
  for (const [key, raw] of Object.entries(input)) {
    if (!(key in FAULT_RULES)) {
      problems.push(`unknown fault '${key}' (known: ${Object.keys(FAULT_RULES).join(', ')})`);
      continue;
    }
    const name = key as keyof FaultSettings;
    if (raw === undefined) continue;
    if (!isFiniteNumber(raw) || !FAULT_RULES[name].check(raw)) {
      problems.push(
        `${name} must be ${FAULT_RULES[name].rule} (got ${typeof raw === 'number' ? String(raw) : JSON.stringify(raw)})`,
      );
      continue;
    }
    value[name] = raw;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}

export interface ResolvedOptions {
  seed: number;
  users: number;
  faults: FaultSettings;
  maxSubscriptionMinutes: number | undefined;
}

/** The longest lifetime Graph gives any subscription this emulator serves (users and groups). */
export const MAX_SUBSCRIPTION_MINUTES = 41_760;

export function resolveOptions(options: EmulatorOptions): Validation<ResolvedOptions> {
  const problems: string[] = [];
  const seed = options.seed ?? DEFAULT_SEED;
  const users = options.users ?? DEFAULT_USERS;
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff)
    problems.push(`seed must be an integer from 0 to 4294967295 (got ${String(seed)})`);
  if (!Number.isInteger(users) || users < MIN_USERS || users > MAX_USERS)
    problems.push(`users must be an integer from ${MIN_USERS} to ${MAX_USERS} (got ${String(users)})`);
  const { maxSubscriptionMinutes } = options;
  if (
    maxSubscriptionMinutes !== undefined &&
    (!isFiniteNumber(maxSubscriptionMinutes) ||
      maxSubscriptionMinutes <= 0 ||
      maxSubscriptionMinutes > MAX_SUBSCRIPTION_MINUTES)
  )
    problems.push(
      `maxSubscriptionMinutes must be a number of minutes above 0 and at most ${MAX_SUBSCRIPTION_MINUTES} (got ${String(maxSubscriptionMinutes)})`,
    );
  const { latencyMs, throttleRate, retryAfterSeconds, errorRate } = options;
  const faults = validateFaults({ latencyMs, throttleRate, retryAfterSeconds, errorRate });
  if (!faults.ok) problems.push(...faults.problems);
  if (problems.length > 0 || !faults.ok) return { ok: false, problems };
  return {
    ok: true,
    value: { seed, users, faults: { ...DEFAULT_FAULTS, ...faults.value }, maxSubscriptionMinutes },
  };
}
