import { describe, expect, it } from 'vitest';
import { formatSchedule, latestOccurrence, parseSchedule } from './schedule.ts';

const at = (iso: string) => Date.parse(iso);

describe('list schedules', () => {
  it('parses daily and weekly schedules and refuses anything else', () => {
    expect(parseSchedule('daily 07:00')).toEqual({ every: 'daily', weekday: null, hour: 7, minute: 0 });
    expect(parseSchedule(' Weekly FRI 7:30 ')).toEqual({ every: 'weekly', weekday: 5, hour: 7, minute: 30 });
    expect(formatSchedule(parseSchedule(' Weekly FRI 7:30 '))).toBe('weekly fri 07:30');
    for (const bad of ['hourly', 'daily 24:00', 'daily 7', 'weekly 07:00', 'weekly funday 07:00', 'daily 07:00 extra']) expect(() => parseSchedule(bad)).toThrow(/must be/);
  });

  it('names the latest occurrence at or before now, in the site time zone', () => {
    const daily = parseSchedule('daily 07:00');
    // Paris is UTC+1 in December: 07:00 there is 06:00Z.
    expect(latestOccurrence(daily, at('2026-12-06T10:00:00Z'), 'Europe/Paris')).toBe(at('2026-12-06T06:00:00Z'));
    expect(latestOccurrence(daily, at('2026-12-06T06:00:00Z'), 'Europe/Paris')).toBe(at('2026-12-06T06:00:00Z'));
    expect(latestOccurrence(daily, at('2026-12-06T05:59:00Z'), 'Europe/Paris')).toBe(at('2026-12-05T06:00:00Z'));
    // Across a month and a year.
    expect(latestOccurrence(daily, at('2027-01-01T03:00:00Z'), 'UTC')).toBe(at('2026-12-31T07:00:00Z'));
    // Summer time: 07:00 in Paris is 05:00Z; and on the day the clocks go forward (29 March 2026).
    expect(latestOccurrence(daily, at('2026-07-01T12:00:00Z'), 'Europe/Paris')).toBe(at('2026-07-01T05:00:00Z'));
    expect(latestOccurrence(daily, at('2026-03-29T12:00:00Z'), 'Europe/Paris')).toBe(at('2026-03-29T05:00:00Z'));
    expect(latestOccurrence(daily, at('2026-03-29T04:00:00Z'), 'Europe/Paris')).toBe(at('2026-03-28T06:00:00Z'));
    // New York (UTC-5 in December) is a day behind late in the evening UTC.
    expect(latestOccurrence(daily, at('2026-12-07T03:00:00Z'), 'America/New_York')).toBe(at('2026-12-06T12:00:00Z'));
  });

  it('counts back to the weekday for weekly schedules', () => {
    const friday = parseSchedule('weekly fri 07:00');
    // 2026-12-06 is a Sunday.
    expect(latestOccurrence(friday, at('2026-12-06T10:00:00Z'), 'UTC')).toBe(at('2026-12-04T07:00:00Z'));
    expect(latestOccurrence(friday, at('2026-12-11T07:00:00Z'), 'UTC')).toBe(at('2026-12-11T07:00:00Z'));
    expect(latestOccurrence(friday, at('2026-12-11T06:59:00Z'), 'UTC')).toBe(at('2026-12-04T07:00:00Z'));
  });
});
