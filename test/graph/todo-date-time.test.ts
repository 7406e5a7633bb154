import { GraphApiError, GraphInputError } from '../../src/graph/errors';
import { todoDateTimeFromUtc, utcFromTodoDateTime } from '../../src/graph/todo-date-time';

describe("To Do's dateTimeTimeZone values as UTC instants", () => {
  it('reads a UTC wall clock with seven fractional digits as the same instant', () => {
    expect(utcFromTodoDateTime({ dateTime: '2020-08-25T04:00:00.0000000', timeZone: 'UTC' })).toBe(
      '2020-08-25T04:00:00.000Z',
    );
  });

  it("reads Outlook's tzone://Microsoft/Utc and a missing time zone as UTC", () => {
    expect(utcFromTodoDateTime({ dateTime: '2021-01-02T03:04:05.1230000', timeZone: 'tzone://Microsoft/Utc' })).toBe(
      '2021-01-02T03:04:05.123Z',
    );
    expect(utcFromTodoDateTime({ dateTime: '2021-01-02T03:04:05' })).toBe('2021-01-02T03:04:05.000Z');
  });

  it('converts a Windows zone name with its daylight saving rules', () => {
    expect(utcFromTodoDateTime({ dateTime: '2024-01-15T09:00:00.0000000', timeZone: 'Pacific Standard Time' })).toBe(
      '2024-01-15T17:00:00.000Z',
    );
    expect(utcFromTodoDateTime({ dateTime: '2024-07-15T09:00:00.0000000', timeZone: 'Pacific Standard Time' })).toBe(
      '2024-07-15T16:00:00.000Z',
    );
  });

  it('converts an IANA zone name, including one with a half-hour offset', () => {
    expect(utcFromTodoDateTime({ dateTime: '2024-07-15T09:00:00', timeZone: 'Europe/Berlin' })).toBe(
      '2024-07-15T07:00:00.000Z',
    );
    expect(utcFromTodoDateTime({ dateTime: '2024-07-15T09:00:00', timeZone: 'Asia/Kolkata' })).toBe(
      '2024-07-15T03:30:00.000Z',
    );
  });

  it('keeps null and undefined as null', () => {
    expect(utcFromTodoDateTime(null)).toBeNull();
    expect(utcFromTodoDateTime(undefined)).toBeNull();
  });

  it('reports an unknown zone or an unreadable dateTime as a protocol error, not a wrong instant', () => {
    const unknownZone = () => utcFromTodoDateTime({ dateTime: '2024-07-15T09:00:00', timeZone: 'Mars/Olympus' });
    const badDate = () => utcFromTodoDateTime({ dateTime: '2024-02-30T09:00:00', timeZone: 'UTC' });
    for (const read of [unknownZone, badDate]) {
      expect(read).toThrow(GraphApiError);
    }
    expect(unknownZone).toThrow("Microsoft Graph answered a dateTimeTimeZone in the unknown time zone 'Mars/Olympus'.");
  });

  it('writes an instant with Z or an offset as a UTC wall clock with seven fractional digits', () => {
    expect(todoDateTimeFromUtc('2026-05-04T09:30:00Z')).toEqual({
      dateTime: '2026-05-04T09:30:00.0000000',
      timeZone: 'UTC',
    });
    expect(todoDateTimeFromUtc('2026-05-04T11:30:00.250+02:00')).toEqual({
      dateTime: '2026-05-04T09:30:00.2500000',
      timeZone: 'UTC',
    });
  });

  it('refuses an instant without a time zone, naming the argument', () => {
    const refused = (() => {
      try {
        return todoDateTimeFromUtc('2026-05-04T09:30:00', 'dueDateTime');
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(GraphInputError);
    expect(refused).toMatchObject({
      argument: 'dueDateTime',
      message: "dueDateTime must be an ISO-8601 date and time with a time zone, got '2026-05-04T09:30:00'.",
    });
  });
});
