/**
 * Timestamps as Planner and To Do write them. DateTimeOffset values carry seven fractional
 * digits (`2026-01-05T09:00:00.1234567Z`); To Do's dateTimeTimeZone values carry seven
 * fractional digits and no zone designator (`2026-01-05T09:00:00.0000000`).
 */

const DAY_MS = 86_400_000;

/** Monday 2026-01-05 09:00 UTC: the generated tenant's "today", so data does not drift with the clock. */
export const GENERATED_NOW_MS = Date.UTC(2026, 0, 5, 9, 0, 0);

export function daysFrom(ms: number, days: number): number {
  return ms + days * DAY_MS;
}

/** `ticks` are the sub-millisecond digits (0..9999) that real timestamps carry. */
export function dateTimeOffset(ms: number, ticks = 0): string {
  const iso = new Date(ms).toISOString(); // 2026-01-05T09:00:00.123Z
  return `${iso.slice(0, 23)}${String(ticks).padStart(4, '0')}Z`;
}

/** Whole-second form, as Planner stores due and start dates and the directory its timestamps: `2026-01-12T10:00:00Z`. */
export function dateTimeOffsetSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** The wall-clock part of a dateTimeTimeZone in UTC: `2026-01-05T09:00:00.0000000`. */
export function wallClockUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}0000`;
}

export function nowDateTimeOffset(): string {
  return dateTimeOffset(Date.now());
}
