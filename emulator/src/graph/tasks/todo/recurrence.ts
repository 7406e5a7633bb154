/**
 * A todoTask's `recurrence`: a patternedRecurrence (`patternedrecurrence.md`) made of a
 * recurrencePattern and a recurrenceRange (`recurrencepattern.md`, `recurrencerange.md`, v1.0),
 * with the properties each pattern and range type requires. Stored and answered in full, every
 * property present, as Exchange answers recurrences on events.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import { isJsonObject } from '../json';
import type { Result } from '../result';
import { todoBadRequest, unknownTodoProperty } from './errors';
import { DAYS, INDEXES } from './next-occurrence';

const PATTERN_TYPES = new Set([
  'daily',
  'weekly',
  'absoluteMonthly',
  'relativeMonthly',
  'absoluteYearly',
  'relativeYearly',
]);
const RANGE_TYPES = new Set(['endDate', 'noEnd', 'numbered']);
const DAYS_OF_WEEK = new Set<string>(DAYS);
const WEEK_INDEXES = new Set<string>(INDEXES);
const PATTERN_PROPERTIES = new Set([
  'type',
  'interval',
  'month',
  'dayOfMonth',
  'daysOfWeek',
  'firstDayOfWeek',
  'index',
]);
const RANGE_PROPERTIES = new Set(['type', 'startDate', 'endDate', 'recurrenceTimeZone', 'numberOfOccurrences']);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** The Edm.Date Exchange writes for an unset endDate. */
const NO_DATE = '0001-01-01';

type Refusal = { ok: false; reply: ReturnType<typeof todoBadRequest> };

function refuse(message: string): Refusal {
  return { ok: false, reply: todoBadRequest(message) };
}

function isDate(value: unknown): value is string {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function isInteger(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function parsePattern(value: unknown): Result<Graph.RecurrencePattern> | Refusal {
  if (!isJsonObject(value)) return refuse('The recurrence.pattern value must be a recurrencePattern object.');
  for (const name of Object.keys(value))
    if (!name.startsWith('@odata.') && !PATTERN_PROPERTIES.has(name))
      return { ok: false, reply: unknownTodoProperty(name, 'recurrencePattern') };
  const { type, interval, month, dayOfMonth, daysOfWeek, firstDayOfWeek, index } = value;
  if (typeof type !== 'string' || !PATTERN_TYPES.has(type))
    return refuse(`The value '${String(type)}' is not a valid recurrencePatternType.`);
  if (!isInteger(interval, 1, 999)) return refuse('The recurrence.pattern.interval value must be a positive integer.');
  const needsDays = type === 'weekly' || type.startsWith('relative');
  const needsDayOfMonth = type.startsWith('absolute');
  const needsMonth = type.endsWith('Yearly');
  const days = daysOfWeek ?? [];
  if (!Array.isArray(days) || !days.every((day) => typeof day === 'string' && DAYS_OF_WEEK.has(day)))
    return refuse('The recurrence.pattern.daysOfWeek value must be a list of dayOfWeek values.');
  if (needsDays && days.length === 0) return refuse(`A ${type} recurrence pattern needs daysOfWeek.`);
  if (dayOfMonth !== undefined && dayOfMonth !== null && !isInteger(dayOfMonth, 0, 31))
    return refuse('The recurrence.pattern.dayOfMonth value must be an integer from 1 to 31.');
  if (needsDayOfMonth && !isInteger(dayOfMonth, 1, 31)) return refuse(`A ${type} recurrence pattern needs dayOfMonth.`);
  if (month !== undefined && month !== null && !isInteger(month, 0, 12))
    return refuse('The recurrence.pattern.month value must be an integer from 1 to 12.');
  if (needsMonth && !isInteger(month, 1, 12)) return refuse(`A ${type} recurrence pattern needs month.`);
  const firstDay = firstDayOfWeek ?? 'sunday';
  if (typeof firstDay !== 'string' || !DAYS_OF_WEEK.has(firstDay))
    return refuse(`The value '${String(firstDay)}' is not a valid dayOfWeek.`);
  const weekIndex = index ?? 'first';
  if (typeof weekIndex !== 'string' || !WEEK_INDEXES.has(weekIndex))
    return refuse(`The value '${String(weekIndex)}' is not a valid weekIndex.`);
  return {
    ok: true,
    value: {
      type: type as Graph.RecurrencePatternType,
      interval,
      month: needsMonth ? (month as number) : 0,
      dayOfMonth: needsDayOfMonth ? (dayOfMonth as number) : 0,
      daysOfWeek: needsDays ? ([...new Set(days)] as Graph.DayOfWeek[]) : [],
      firstDayOfWeek: firstDay as Graph.DayOfWeek,
      index: weekIndex as Graph.WeekIndex,
    },
  };
}

function parseRange(value: unknown): Result<Graph.RecurrenceRange> | Refusal {
  if (!isJsonObject(value)) return refuse('The recurrence.range value must be a recurrenceRange object.');
  for (const name of Object.keys(value))
    if (!name.startsWith('@odata.') && !RANGE_PROPERTIES.has(name))
      return { ok: false, reply: unknownTodoProperty(name, 'recurrenceRange') };
  const { type, startDate, endDate, recurrenceTimeZone, numberOfOccurrences } = value;
  if (typeof type !== 'string' || !RANGE_TYPES.has(type))
    return refuse(`The value '${String(type)}' is not a valid recurrenceRangeType.`);
  if (!isDate(startDate)) return refuse('The recurrence.range.startDate value must be a date such as 2026-01-05.');
  if (type === 'endDate') {
    if (!isDate(endDate)) return refuse('An endDate recurrence range needs an endDate such as 2026-02-05.');
    if (endDate < startDate) return refuse('The recurrence.range.endDate cannot be before its startDate.');
  } else if (endDate !== undefined && endDate !== null && !isDate(endDate)) {
    return refuse('The recurrence.range.endDate value must be a date such as 2026-02-05.');
  }
  if (type === 'numbered' && !isInteger(numberOfOccurrences, 1, 999))
    return refuse('A numbered recurrence range needs a positive numberOfOccurrences.');
  if (numberOfOccurrences !== undefined && numberOfOccurrences !== null && !isInteger(numberOfOccurrences, 0, 999))
    return refuse('The recurrence.range.numberOfOccurrences value must be an integer.');
  if (recurrenceTimeZone !== undefined && recurrenceTimeZone !== null && typeof recurrenceTimeZone !== 'string')
    return refuse('The recurrence.range.recurrenceTimeZone value must be a string.');
  return {
    ok: true,
    value: {
      type: type as Graph.RecurrenceRangeType,
      startDate,
      endDate: type === 'endDate' ? (endDate as string) : NO_DATE,
      recurrenceTimeZone: (recurrenceTimeZone as string | null | undefined) ?? '',
      numberOfOccurrences: type === 'numbered' ? (numberOfOccurrences as number) : 0,
    },
  };
}

/** A written recurrence (null clears it), checked and completed with Exchange's defaults. */
export function parseRecurrence(value: unknown): Result<Graph.PatternedRecurrence | null> {
  if (value === null) return { ok: true, value: null };
  if (!isJsonObject(value)) return refuse('The recurrence value must be a patternedRecurrence object.');
  for (const name of Object.keys(value))
    if (!name.startsWith('@odata.') && name !== 'pattern' && name !== 'range')
      return { ok: false, reply: unknownTodoProperty(name, 'patternedRecurrence') };
  if (value.pattern === undefined || value.range === undefined)
    return refuse('A recurrence needs both a pattern and a range.');
  const pattern = parsePattern(value.pattern);
  if (!pattern.ok) return pattern;
  const range = parseRange(value.range);
  if (!range.ok) return range;
  return { ok: true, value: { pattern: pattern.value, range: range.value } };
}
