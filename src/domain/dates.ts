const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone });
    formatters.set(key, f);
  }
  return f;
}

/**
 * A publish date as readers of the site's language read it.
 * @example formatDate(new Date('2012-07-23T10:00:00Z')) // 'July 23, 2012'
 */
export function formatDate(date: Date | number, locale = 'en-US', timeZone = 'UTC'): string {
  return formatter(locale, timeZone).format(date);
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
