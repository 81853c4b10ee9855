// A date must name its year: `Date.parse('12')` is a date in V8, a feed's "12" is not.
const HAS_YEAR = /\d{4}|\b\d{1,2}[\s-][A-Za-z]{3}[\s-]\d{2}\b/;
const ISO_WITHOUT_ZONE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;
const ISO_DATE_ONLY = /^\d{4}-\d{2}(?:-\d{2})?$/;
const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2}|\b(?:GMT|UTC?|[ECMP][SD]T))$/i;

/**
 * A feed date in epoch ms: RFC 822 (`pubDate`: `Mon, 23 Jul 2012 10:00:00 +0000`), ISO 8601 /
 * W3C-DTF (Atom, `dc:date`) and what `Date.parse` reads besides; undefined when it is not a date.
 * A date without a zone is read as UTC, so an import does not depend on the machine's time zone.
 * @example parseFeedDate('2012-07-23 10:00:00') // Date.UTC(2012, 6, 23, 10)
 */
export function parseFeedDate(raw: string): number | undefined {
  const s = raw.trim().replace(/\s+/g, ' ');
  if (!HAS_YEAR.test(s)) return undefined;
  const iso = ISO_WITHOUT_ZONE.exec(s);
  const zoned = iso ? `${iso[1]}T${iso[2]}Z` : ISO_DATE_ONLY.test(s) || HAS_ZONE.test(s) ? s : `${s} GMT`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The path (and query) of `link` when it is on the same site as `site` (scheme and `www.`
 * ignored), for recording an old permalink as a redirect; undefined for another site, a bad URL
 * or the home page. A relative link is read against `site`.
 * @example sitePath('http://www.example.com/2012/07/old-post/', 'https://example.com/') // '/2012/07/old-post/'
 */
export function sitePath(link: string, site: string | undefined): string | undefined {
  if (!link || !site) return undefined;
  let home: URL;
  let url: URL;
  try {
    home = new URL(site);
    url = new URL(link, home);
  } catch {
    return undefined;
  }
  if (!/^https?:$/.test(url.protocol) || hostOf(url) !== hostOf(home)) return undefined;
  const path = url.pathname + url.search;
  return path === '/' ? undefined : path;
}

function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/^www\./, '');
}

/** Distinct non-empty names in first-seen order, compared without case. */
export function distinct(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of names) {
    const name = raw.trim();
    const key = name.toLowerCase();
    if (!name || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}
