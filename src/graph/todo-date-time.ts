/**
 * To Do's `dateTimeTimeZone` values (`{"dateTime":"2020-08-25T04:00:00.0000000","timeZone":"UTC"}`)
 * and UTC instants. Graph answers in UTC unless asked otherwise (`Prefer: outlook.timezone`),
 * but the zone is read rather than assumed: Outlook also writes `tzone://Microsoft/Utc`, IANA
 * names and Windows zone names.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import { GraphInputError, protocolError } from './errors';

const UTC_NAMES = new Set(['utc', 'etc/utc', 'gmt', 'etc/gmt', 'coordinated universal time', 'tzone://microsoft/utc']);

/** Windows zone names Outlook uses, with the IANA zone of the same rules (CLDR's windowsZones, "001" territory). */
const WINDOWS_ZONES: Readonly<Record<string, string>> = {
  'Hawaiian Standard Time': 'Pacific/Honolulu',
  'Alaskan Standard Time': 'America/Anchorage',
  'Pacific Standard Time': 'America/Los_Angeles',
  'US Mountain Standard Time': 'America/Phoenix',
  'Mountain Standard Time': 'America/Denver',
  'Central Standard Time': 'America/Chicago',
  'Eastern Standard Time': 'America/New_York',
  'Atlantic Standard Time': 'America/Halifax',
  'E. South America Standard Time': 'America/Sao_Paulo',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'GMT Standard Time': 'Europe/London',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Romance Standard Time': 'Europe/Paris',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Central European Standard Time': 'Europe/Warsaw',
  'GTB Standard Time': 'Europe/Bucharest',
  'FLE Standard Time': 'Europe/Kiev',
  'South Africa Standard Time': 'Africa/Johannesburg',
  'Russian Standard Time': 'Europe/Moscow',
  'India Standard Time': 'Asia/Calcutta',
  'China Standard Time': 'Asia/Shanghai',
  'Singapore Standard Time': 'Asia/Singapore',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'New Zealand Standard Time': 'Pacific/Auckland',
};

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/;

/** Milliseconds since the epoch of a wall-clock time read as if it were UTC; null when malformed. */
function wallClockAsUtc(dateTime: string): number | null {
  const match = WALL_CLOCK.exec(dateTime);
  if (!match) return null;
  const [, year, month, day, hour, minute, second = '0', fraction = '0'] = match;
  const ms = Date.UTC(+year, +month - 1, +day, +hour, +minute, +second, Math.floor(Number(`0.${fraction}`) * 1000));
  const check = new Date(ms);
  // Date.UTC rolls 2024-02-30 over to March; Graph would never send it, so it is malformed.
  return check.getUTCDate() === +day && check.getUTCMonth() === +month - 1 ? ms : null;
}

function ianaZoneOf(timeZone: string): string | null {
  const zone = WINDOWS_ZONES[timeZone] ?? timeZone;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** The zone's offset from UTC (ms) at an instant. */
function offsetAt(zone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((candidate) => candidate.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** A wall-clock time in `zone` as an instant (the earlier one when a DST change repeats the hour). */
function instantOf(wall: number, zone: string): number {
  const first = wall - offsetAt(zone, wall);
  return wall - offsetAt(zone, first);
}

/** A To Do `dateTimeTimeZone` as an ISO-8601 UTC string (`2020-08-25T04:00:00.000Z`); null stays null. */
export function utcFromTodoDateTime(value: Graph.DateTimeTimeZone | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const { dateTime, timeZone } = value;
  const wall = typeof dateTime === 'string' ? wallClockAsUtc(dateTime) : null;
  if (wall === null)
    throw protocolError(
      `Microsoft Graph answered a dateTimeTimeZone with an unreadable dateTime '${String(dateTime)}'.`,
    );
  const zoneName = typeof timeZone === 'string' && timeZone.trim() !== '' ? timeZone.trim() : 'UTC';
  if (UTC_NAMES.has(zoneName.toLowerCase())) return new Date(wall).toISOString();
  const zone = ianaZoneOf(zoneName);
  if (zone === null)
    throw protocolError(`Microsoft Graph answered a dateTimeTimeZone in the unknown time zone '${zoneName}'.`);
  return new Date(instantOf(wall, zone)).toISOString();
}

/** An instant (ISO-8601 with `Z` or an offset) as To Do's `{dateTime, timeZone: "UTC"}`. */
export function todoDateTimeFromUtc(instant: string, argument = 'dateTime'): Graph.DateTimeTimeZone {
  const ms = Date.parse(instant);
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(instant) || Number.isNaN(ms)) {
    throw new GraphInputError(
      argument,
      `${argument} must be an ISO-8601 date and time with a time zone, got '${instant}'.`,
    );
  }
  // To Do writes seven fractional digits; milliseconds are all a JavaScript instant holds.
  return { dateTime: `${new Date(ms).toISOString().slice(0, 23)}0000`, timeZone: 'UTC' };
}
