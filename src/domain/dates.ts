/** A locale and time zone's formatter, with the dates it has formatted (by epoch ms). */
interface DateFormatter {
  readonly format: Intl.DateTimeFormat;
  readonly done: Map<number, string>;
}

const formatters = new Map<string, DateFormatter>();

/**
 * Dates formatted are kept (up to this many per formatter, then forgotten all at once): Intl's
 * formatting is the dearest part of a list item, and a page rendered from the database formats
 * the same related and latest articles' dates view after view.
 */
const FORMATTED_KEPT = 10_000;

function formatter(locale: string, timeZone: string): DateFormatter {
  const key = `${locale}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f = { format: new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone }), done: new Map() };
    formatters.set(key, f);
  }
  return f;
}

/**
 * A publish date as readers of the site's language read it.
 * @example formatDate(new Date('2012-07-23T10:00:00Z')) // 'July 23, 2012'
 */
export function formatDate(date: Date | number, locale = 'en-US', timeZone = 'UTC'): string {
  const f = formatter(locale, timeZone);
  const ms = typeof date === 'number' ? date : date.getTime();
  let text = f.done.get(ms);
  if (text === undefined) {
    text = f.format.format(ms);
    if (f.done.size >= FORMATTED_KEPT) f.done.clear();
    f.done.set(ms, text);
  }
  return text;
}

/**
 * Month name and year for archive headings.
 * @example formatMonth(2012, 7) // 'July 2012'
 */
export function formatMonth(year: number, month: number, locale = 'en-US'): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    Date.UTC(year, month - 1, 1),
  );
}

/** ISO 8601 in UTC, the form used in feeds, sitemaps, JSON-LD and the API. */
export function isoDate(date: Date | number): string {
  return new Date(date).toISOString();
}
