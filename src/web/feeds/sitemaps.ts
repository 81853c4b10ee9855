import { SitemapIndexStream, SitemapStream, streamToPromise } from 'sitemap';

/** The most URLs one sitemap file may list (sitemaps.org). */
export const SITEMAP_MAX_URLS = 50_000;
/** Google News sitemaps list articles of the last two days only. */
export const NEWS_SITEMAP_WINDOW_MS = 48 * 3600 * 1000;

const URLSET = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS = 'http://www.google.com/schemas/sitemap-news/0.9';

/**
 * A sitemap that lists nothing: the `sitemap` package refuses to end an empty stream (EmptySitemap),
 * but a quiet weekend leaves the news sitemap empty and a new site has no articles; crawlers read
 * an empty `<urlset>` as "nothing now".
 */
function emptyUrlSet(news: boolean): string {
  return `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="${URLSET}"${news ? ` xmlns:news="${NEWS}"` : ''}></urlset>`;
}

async function render<S extends SitemapStream | SitemapIndexStream>(stream: S, write: (s: S) => void): Promise<string> {
  const done = streamToPromise(stream);
  write(stream);
  stream.end();
  return (await done).toString();
}

/** sitemap.xml: an index of the article parts and one part for everything else. */
export function sitemapIndex(siteUrl: string, articleParts: number, lastmod: number): Promise<string> {
  const stream = new SitemapIndexStream();
  return render(stream, (s) => {
    const mod = new Date(lastmod || Date.now()).toISOString();
    s.write({ url: `${siteUrl}/sitemaps/pages.xml`, lastmod: mod });
    for (let i = 1; i <= articleParts; i++) s.write({ url: `${siteUrl}/sitemaps/articles-${i}.xml`, lastmod: mod });
  });
}

export async function urlSet(siteUrl: string, urls: readonly { path: string; lastmod?: number }[]): Promise<string> {
  if (urls.length === 0) return emptyUrlSet(false);
  const stream = new SitemapStream({ hostname: siteUrl });
  return render(stream, (s) => {
    for (const u of urls) s.write({ url: u.path, ...(u.lastmod ? { lastmod: new Date(u.lastmod).toISOString() } : {}) });
  });
}

export async function newsSitemap(siteUrl: string, publication: { name: string; language: string }, items: readonly { path: string; title: string; publishedAt: number }[]): Promise<string> {
  if (items.length === 0) return emptyUrlSet(true);
  const stream = new SitemapStream({ hostname: siteUrl, xmlns: { news: true, xhtml: false, image: false, video: false } });
  return render(stream, (s) => {
    for (const it of items) {
      s.write({
        url: it.path,
        news: {
          publication: { name: publication.name, language: publication.language },
          publication_date: new Date(it.publishedAt).toISOString(),
          title: it.title,
        },
      });
    }
  });
}
