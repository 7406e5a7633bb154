/**
 * The dates a patternedRecurrence produces (`patternedrecurrence.md`, `recurrencepattern.md`,
 * `recurrencerange.md`, v1.0): occurrences start on the range's `startDate`, follow the pattern
 * every `interval` days, weeks, months or years, and stop after the range's `endDate` or its
 * `numberOfOccurrences`. Dates are `YYYY-MM-DD` strings, read as calendar days (no zone).
 */
import type * as Graph from '@microsoft/microsoft-graph-types';

const DAY_MS = 86_400_000;
/** The dayOfWeek values, in `getUTCDay()` order. */
export const DAYS: readonly Graph.DayOfWeek[] = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
];
/** The weekIndex values, in order. */
export const INDEXES: readonly Graph.WeekIndex[] = ['first', 'second', 'third', 'fourth', 'last'];
/** Periods looked at before giving up: enough for a daily series begun centuries ago, and bounded. */
const MAX_STEPS = 100_000;

function toMs(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

function toDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** `dayOfMonth` of a month, or its last day when the month is shorter (as Outlook schedules the 31st). */
function absoluteDay(year: number, month: number, dayOfMonth: number): number {
  return Date.UTC(year, month, Math.min(dayOfMonth, daysInMonth(year, month)));
}

/** The `index` (first..fourth, last) `day` of a month. */
function relativeDay(year: number, month: number, day: Graph.DayOfWeek, index: Graph.WeekIndex): number {
  const weekday = DAYS.indexOf(day);
  if (index === 'last') {
    const last = Date.UTC(year, month, daysInMonth(year, month));
    return last - ((new Date(last).getUTCDay() - weekday + 7) % 7) * DAY_MS;
  }
  const first = Date.UTC(year, month, 1);
  const firstMatch = first + ((weekday - new Date(first).getUTCDay() + 7) % 7) * DAY_MS;
  return firstMatch + INDEXES.indexOf(index) * 7 * DAY_MS;
}

/** The pattern's candidate dates in period `k` (the k-th day, week, month or year of the series), ascending. */
function periodDates(pattern: Graph.RecurrencePattern, startMs: number, k: number): number[] {
  const interval = pattern.interval ?? 1;
  const start = new Date(startMs);
  const days = (pattern.daysOfWeek ?? []) as Graph.DayOfWeek[];
  switch (pattern.type) {
    case 'daily':
      return [startMs + k * interval * DAY_MS];
    case 'weekly': {
      const firstDay = DAYS.indexOf((pattern.firstDayOfWeek ?? 'sunday') as Graph.DayOfWeek);
      const weekStart = startMs - ((start.getUTCDay() - firstDay + 7) % 7) * DAY_MS + k * interval * 7 * DAY_MS;
      return days.map((day) => weekStart + ((DAYS.indexOf(day) - firstDay + 7) % 7) * DAY_MS).sort((a, b) => a - b);
    }
    case 'absoluteMonthly':
    case 'relativeMonthly': {
      const monthIndex = start.getUTCMonth() + k * interval;
      const year = start.getUTCFullYear() + Math.floor(monthIndex / 12);
      const month = monthIndex % 12;
      if (pattern.type === 'absoluteMonthly') return [absoluteDay(year, month, pattern.dayOfMonth ?? 1)];
      return days.map((day) => relativeDay(year, month, day, pattern.index ?? 'first')).sort((a, b) => a - b);
    }
    case 'absoluteYearly':
    case 'relativeYearly': {
      const year = start.getUTCFullYear() + k * interval;
      const month = (pattern.month ?? 1) - 1;
      if (pattern.type === 'absoluteYearly') return [absoluteDay(year, month, pattern.dayOfMonth ?? 1)];
      return days.map((day) => relativeDay(year, month, day, pattern.index ?? 'first')).sort((a, b) => a - b);
    }
    default:
      return [];
  }
}

/**
 * The first occurrence of `recurrence` after the calendar day `after` (`YYYY-MM-DD`), or null
 * when the range ends first.
 */
export function nextOccurrence(recurrence: Graph.PatternedRecurrence, after: string): string | null {
  const { pattern, range } = recurrence;
  if (!pattern || !range?.startDate) return null;
  const startMs = toMs(range.startDate);
  const afterMs = toMs(after);
  const endMs = range.type === 'endDate' && range.endDate ? toMs(range.endDate) : Number.POSITIVE_INFINITY;
  const limit = range.type === 'numbered' ? (range.numberOfOccurrences ?? 0) : Number.POSITIVE_INFINITY;
  let seen = 0;
  for (let k = 0; k < MAX_STEPS; k++) {
    for (const ms of periodDates(pattern, startMs, k)) {
      if (ms < startMs) continue;
      if (ms > endMs || seen >= limit) return null;
      seen++;
      if (ms > afterMs) return toDate(ms);
    }
  }
  return null;
}
