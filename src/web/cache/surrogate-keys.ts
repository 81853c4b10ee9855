/**
 * Surrogate keys: the names of what a page shows, so that a change purges only the pages that
 * can show it, in this node's page cache and in an edge cache in front of the nodes. Sent as
 * `Surrogate-Key` (Fastly, Varnish xkey: space-separated) and `Cache-Tag` (Cloudflare:
 * comma-separated). A page names itself and every article it lists; a list names itself, so an
 * article newly in it purges it too.
 *
 * | key               | named by                                                   |
 * |-------------------|------------------------------------------------------------|
 * | `home`            | the home page                                              |
 * | `news`            | `/news`, its pages and the site feeds (the latest articles) |
 * | `article:<id>`    | the article's page, and every list or feed showing it      |
 * | `section:<slug>`  | the section's list and feeds (so `tag:`, `author:`, `company:`) |
 * | `archive:<yyyy>`  | a year's archive (and `archive:<yyyy>-<mm>`, a month's)    |
 * | `sitemap`         | the sitemaps                                               |
 * | `all`             | every page (in the headers only)                           |
 */

/** Named by every page in the response header (not in the page cache): the edge purges everything by it. */
export const ALL_KEY = 'all';

/** Keys of pages that list the newest articles: every publish touches them. */
export const HOME_KEY = 'home';
export const NEWS_KEY = 'news';
export const SITEMAP_KEY = 'sitemap';

export function articleKey(id: number): string {
  return `article:${id}`;
}

/** A list's key from its path (`/sections/tolling` → `section:tolling`, `/archive/2024/03` → `archive:2024-03`). */
export function listKey(path: string): string {
  const [, first, ...rest] = path.split('/');
  if (!first || first === 'news') return NEWS_KEY;
  if (first === 'archive') return `archive:${rest.join('-')}`;
  return `${first.replace(/s$/, '')}:${rest.join('/')}`;
}

/** What a list page shows: the list itself and each article on it. */
export function listKeys(path: string, articleIds: readonly number[]): string[] {
  return [listKey(path), ...articleIds.map(articleKey)];
}

/** The terms an article is filed under, by slug, and its publish time (for the archive). */
export interface ArticlePlaces {
  readonly id: number;
  readonly section?: string | undefined;
  readonly tags: readonly string[];
  readonly authors: readonly string[];
  readonly companies: readonly string[];
  /** Epoch ms; none for an article never published. */
  readonly publishedAt?: number | null | undefined;
}

/**
 * The keys a change to an article touches: its page and every list it is in, the home page and
 * the latest-news lists. The lists it has just left name it (`article:<id>`), so they go too.
 * @example touchedKeys({ id: 7, section: 'tolling', tags: [], authors: [], companies: ['acme'] })
 * // ['article:7', 'home', 'news', 'sitemap', 'section:tolling', 'company:acme']
 */
export function touchedKeys(a: ArticlePlaces): string[] {
  const keys = [articleKey(a.id), HOME_KEY, NEWS_KEY, SITEMAP_KEY];
  if (a.section) keys.push(`section:${a.section}`);
  for (const t of a.tags) keys.push(`tag:${t}`);
  for (const au of a.authors) keys.push(`author:${au}`);
  for (const c of a.companies) keys.push(`company:${c}`);
  if (a.publishedAt) {
    const d = new Date(a.publishedAt);
    const year = String(d.getUTCFullYear());
    keys.push(`archive:${year}`, `archive:${year}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return keys;
}

/**
 * The response headers naming `keys`, for Fastly and Varnish (`Surrogate-Key`) and for
 * Cloudflare (`Cache-Tag`). The edge strips them (docs/varnish.vcl does).
 */
export function surrogateHeaders(keys: readonly string[]): Record<string, string> {
  const named = [...keys, ALL_KEY];
  return { 'surrogate-key': named.join(' '), 'cache-tag': named.join(',') };
}
