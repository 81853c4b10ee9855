import { InvalidNewsletterList } from './errors.ts';

/**
 * A list's schedule, as stored in `newsletter_lists.schedule`: `daily HH:MM` or
 * `weekly <mon|tue|wed|thu|fri|sat|sun> HH:MM`, in the site's time zone.
 */
export interface ListSchedule {
  readonly every: 'daily' | 'weekly';
  /** 0 = Sunday … 6 = Saturday (weekly only). */
  readonly weekday: number | null;
  readonly hour: number;
  readonly minute: number;
}

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** The schedule a text names, or MH_INVALID_NEWSLETTER_LIST. */
export function parseSchedule(text: string): ListSchedule {
  const m = /^(daily|weekly\s+(sun|mon|tue|wed|thu|fri|sat))\s+([01]?\d|2[0-3]):([0-5]\d)$/i.exec(text.trim());
  if (!m) throw InvalidNewsletterList(`The schedule "${text.slice(0, 60)}" must be "daily HH:MM" or "weekly mon HH:MM" (a day: sun, mon, tue, wed, thu, fri, sat)`);
  const day = m[2]?.toLowerCase();
  return { every: day ? 'weekly' : 'daily', weekday: day ? DAYS.indexOf(day as (typeof DAYS)[number]) : null, hour: Number(m[3]), minute: Number(m[4]) };
}

/** The schedule written the one way it is stored. */
export function formatSchedule(s: ListSchedule): string {
  const time = `${String(s.hour).padStart(2, '0')}:${String(s.minute).padStart(2, '0')}`;
  return s.every === 'daily' ? `daily ${time}` : `weekly ${DAYS[s.weekday ?? 0]} ${time}`;
}

/** The wall-clock fields at `ms` in `timeZone`. */
function wallClock(ms: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; weekday: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23' })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: DAYS.indexOf(String(parts.weekday).toLowerCase().slice(0, 3) as (typeof DAYS)[number]),
  };
}

/** The instant a wall-clock time in `timeZone` names (the later one when a clock change repeats it; a skipped hour moves on). */
function instantOf(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const offsetAt = (ms: number) => {
    const w = wallClock(ms, timeZone);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - Math.floor(ms / 60_000) * 60_000;
  };
  const first = asUtc - offsetAt(asUtc);
  const second = asUtc - offsetAt(first);
  return second;
}

/**
 * The latest occurrence of the schedule at or before `now` (epoch ms), in `timeZone`. The scheduler
 * sends an occurrence once; this names which one is due.
 * @example latestOccurrence(parseSchedule('daily 07:00'), Date.parse('2026-12-06T10:00:00Z'), 'Europe/Paris') // 2026-12-06T06:00:00Z
 */
export function latestOccurrence(s: ListSchedule, now: number, timeZone: string): number {
  const w = wallClock(now, timeZone);
  const beforeTime = w.hour * 60 + w.minute < s.hour * 60 + s.minute;
  let back = s.every === 'daily' ? (beforeTime ? 1 : 0) : (w.weekday - (s.weekday ?? 0) + 7) % 7;
  if (s.every === 'weekly' && back === 0 && beforeTime) back = 7;
  for (;;) {
    // Calendar arithmetic on the wall-clock date (Date.UTC rolls over months and years).
    const date = new Date(Date.UTC(w.year, w.month - 1, w.day - back));
    const at = instantOf(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), s.hour, s.minute, timeZone);
    if (at <= now) return at;
    back += s.every === 'daily' ? 1 : 7;
  }
}
