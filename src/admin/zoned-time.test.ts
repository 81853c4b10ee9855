import { describe, expect, it } from 'vitest';
import { epochToZoned, zonedToEpoch } from './zoned-time.ts';

describe('datetime-local values in the site’s time zone', () => {
  it('reads wall-clock times in UTC, Paris (winter and summer) and New York', () => {
    expect(zonedToEpoch('2026-11-27T14:30', 'UTC')).toBe(Date.UTC(2026, 10, 27, 14, 30));
    expect(zonedToEpoch('2026-11-27T14:30', 'Europe/Paris')).toBe(Date.UTC(2026, 10, 27, 13, 30));
    expect(zonedToEpoch('2026-07-01T14:30', 'Europe/Paris')).toBe(Date.UTC(2026, 6, 1, 12, 30));
    expect(zonedToEpoch('2026-03-08T12:00:30', 'America/New_York')).toBe(Date.UTC(2026, 2, 8, 16, 0, 30));
  });

  it('writes them back', () => {
    expect(epochToZoned(Date.UTC(2026, 10, 27, 13, 30), 'Europe/Paris')).toBe('2026-11-27T14:30');
    expect(epochToZoned(Date.UTC(2026, 6, 1, 23, 5), 'Asia/Tokyo')).toBe('2026-07-02T08:05');
  });

  it('refuses what is not a datetime-local value', () => {
    expect(zonedToEpoch('tomorrow', 'UTC')).toBeUndefined();
    expect(zonedToEpoch('2026-11-27 14:30', 'UTC')).toBeUndefined();
  });
});
