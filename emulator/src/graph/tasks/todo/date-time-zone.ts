/**
 * To Do's dateTimeTimeZone values: a wall-clock `dateTime` and the `timeZone` it is read in
 * (a Windows zone name such as `Pacific Standard Time`, or an IANA name). The service stores
 * the instant and answers in UTC, as the todoTask-update example shows, so the emulator
 * converts every written value to `{dateTime: <UTC wall clock>, timeZone: 'UTC'}`.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { Result } from '../result';
import { wallClockUtc } from '../time';
import { timeZoneNotSupported, todoBadRequest } from './errors';

/** Windows zone names Exchange accepts, with the IANA zone used to convert them. */
const WINDOWS_ZONES: Record<string, string> = {
  UTC: 'UTC',
  'Coordinated Universal Time': 'UTC',
  'Dateline Standard Time': 'Etc/GMT+12',
  'Hawaiian Standard Time': 'Pacific/Honolulu',
  'Alaskan Standard Time': 'America/Anchorage',
  'Pacific Standard Time': 'America/Los_Angeles',
  'Mountain Standard Time': 'America/Denver',
  'Central Standard Time': 'America/Chicago',
  'Eastern Standard Time': 'America/New_York',
  'Atlantic Standard Time': 'America/Halifax',
  'SA Pacific Standard Time': 'America/Bogota',
  'E. South America Standard Time': 'America/Sao_Paulo',
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Romance Standard Time': 'Europe/Paris',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Central European Standard Time': 'Europe/Warsaw',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'FLE Standard Time': 'Europe/Kiev',
  'GTB Standard Time': 'Europe/Bucharest',
  'Russian Standard Time': 'Europe/Moscow',
  'South Africa Standard Time': 'Africa/Johannesburg',
  'Israel Standard Time': 'Asia/Jerusalem',
  'Arabian Standard Time': 'Asia/Dubai',
  'India Standard Time': 'Asia/Kolkata',
  'China Standard Time': 'Asia/Shanghai',
  'Singapore Standard Time': 'Asia/Singapore',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'Korea Standard Time': 'Asia/Seoul',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'New Zealand Standard Time': 'Pacific/Auckland',
};

const IANA_ZONES = new Set(Intl.supportedValuesOf('timeZone'));
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?Z?$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

function ianaZone(timeZone: string): string | null {
  if (WINDOWS_ZONES[timeZone]) return WINDOWS_ZONES[timeZone] as string;
  return IANA_ZONES.has(timeZone) || timeZone === 'UTC' ? timeZone : null;
}

/** How far the zone's wall clock is ahead of UTC at the instant `utcMs`. */
function zoneOffsetMs(zone: string, utcMs: number): number {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  const parts = formatter.formatToParts(new Date(utcMs));
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(utcMs / 1000) * 1000;
}

function wallClockToUtc(wallMs: number, zone: string): number {
  const guess = wallMs - zoneOffsetMs(zone, wallMs);
  return wallMs - zoneOffsetMs(zone, guess);
}

/** A written dateTimeTimeZone (or null, which clears it), converted to UTC. */
export function parseDateTimeTimeZone(value: unknown, property: string): Result<Graph.DateTimeTimeZone | null> {
  if (value === null) return { ok: true, value: null };
  if (typeof value !== 'object' || Array.isArray(value))
    return { ok: false, reply: todoBadRequest(`The ${property} value must be a dateTimeTimeZone object.`) };
  const { dateTime, timeZone } = value as { dateTime?: unknown; timeZone?: unknown };
  const match = typeof dateTime === 'string' ? WALL_CLOCK.exec(dateTime) : null;
  if (!match)
    return { ok: false, reply: todoBadRequest(`The ${property}.dateTime value must look like 2026-01-05T09:00:00.`) };
  if (typeof timeZone !== 'string') return { ok: false, reply: timeZoneNotSupported(String(timeZone ?? '')) };
  const zone = ianaZone(timeZone);
  if (zone === null) return { ok: false, reply: timeZoneNotSupported(timeZone) };
  const [, year, month, day, hour, minute, second, fraction] = match;
  const wallMs = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second ?? 0),
    Number((fraction ?? '0').padEnd(3, '0').slice(0, 3)),
  );
  if (Number.isNaN(wallMs))
    return { ok: false, reply: todoBadRequest(`The ${property}.dateTime value is not a valid date.`) };
  return { ok: true, value: { dateTime: wallClockUtc(wallClockToUtc(wallMs, zone)), timeZone: 'UTC' } };
}

export function utcNow(): Graph.DateTimeTimeZone {
  return { dateTime: wallClockUtc(Date.now()), timeZone: 'UTC' };
}
