import { Feed } from 'feed';
import type { ArticleListing } from '../../catalog/index.ts';
import { teaser } from '../../domain/index.ts';

export type FeedFormat = 'rss' | 'atom' | 'json';

export const FEED_FILES: Record<FeedFormat, { file: string; contentType: string }> = {
  rss: { file: 'feed.xml', contentType: 'application/rss+xml; charset=utf-8' },
  atom: { file: 'atom.xml', contentType: 'application/atom+xml; charset=utf-8' },
  json: { file: 'feed.json', contentType: 'application/feed+json; charset=utf-8' },
};

export interface FeedSite {
  readonly title: string;
  readonly description: string;
  readonly url: string;
  readonly locale: string;
}

// XML 1.0 forbids most control characters; imported wire copy sometimes carries them.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const clean = (s: string) => s.replace(XML_INVALID, '');
// RSS descriptions, Atom summaries and JSON Feed's content_html are HTML: a plain-text standfirst is escaped.
const HTML_SPECIAL: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const asHtml = (s: string) => s.replace(/[&<>"]/g, (c) => HTML_SPECIAL[c]!);

/**
 * One feed (RSS 2.0, Atom 1.0 or JSON Feed 1.1) for one list of articles: the site, a section,
 * a tag, an author or a company. `feedPath` is the list's path ('' for the site).
 * @example buildFeed(site, listing, '/sections/tolling', 'rss')
 */
export function buildFeed(site: FeedSite, listing: ArticleListing, feedPath: string, format: FeedFormat): string {
  const listUrl = `${site.url}${feedPath || '/'}`;
  const title = feedPath ? `${listing.title} | ${site.title}` : site.title;
  const feed = new Feed({
    title: clean(title),
    description: clean(listing.description || site.description),
    id: listUrl,
    link: listUrl,
    language: site.locale.split('-')[0] ?? 'en',
    copyright: `© ${site.title}`,
    updated: new Date(listing.items[0]?.updatedAt ?? 0),
    generator: 'Masthead',
    feedLinks: {
      rss: `${site.url}${feedPath}/${FEED_FILES.rss.file}`,
      atom: `${site.url}${feedPath}/${FEED_FILES.atom.file}`,
      json: `${site.url}${feedPath}/${FEED_FILES.json.file}`,
    },
  });
  for (const a of listing.items) {
    const url = `${site.url}/news/${a.slug}`;
    feed.addItem({
      title: clean(a.headline),
      id: url,
      link: url,
      description: clean(asHtml(teaser(a.standfirst, 500))),
      date: new Date(a.publishedAt),
      published: new Date(a.publishedAt),
      ...(a.section ? { category: [{ name: clean(a.section.name) }] } : {}),
      ...(a.leadImageUrl ? { image: a.leadImageUrl.startsWith('http') ? a.leadImageUrl : `${site.url}${a.leadImageUrl}` } : {}),
    });
  }
  if (format === 'rss') return feed.rss2();
  if (format === 'atom') return feed.atom1();
  return feed.json1();
}
