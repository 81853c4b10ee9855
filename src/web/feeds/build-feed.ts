import type { FeedEntry } from '../../catalog/index.ts';
import { writeAtom } from './atom-feed.ts';
import type { FeedModel } from './feed-model.ts';
import { writeJsonFeed } from './json-feed.ts';
import { writeRss } from './rss-feed.ts';
import { htmlEscape } from './xml-text.ts';

export type FeedFormat = 'rss' | 'atom' | 'json';

/** What feeds carry of each article: the whole body (`full`) or only its summary (`summary`). */
export type FeedContent = 'full' | 'summary';

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

/** One list's feed: its title and description, its path on the site ('' for the whole site), its articles. */
export interface FeedList {
  readonly title: string;
  readonly description: string;
  readonly path: string;
  readonly entries: readonly FeedEntry[];
}

const WRITERS: Record<FeedFormat, (feed: FeedModel) => string> = { rss: writeRss, atom: writeAtom, json: writeJsonFeed };

/**
 * One feed (RSS 2.0, Atom 1.0 or JSON Feed 1.1) for one list of articles: the site, a section,
 * a tag, an author, a company or an archive month. Well-formed whatever the text: every writer
 * escapes, none passes a string through.
 * @example buildFeed(site, { title: 'Tolling', description: '', path: '/sections/tolling', entries }, 'rss')
 */
export function buildFeed(site: FeedSite, list: FeedList, format: FeedFormat, content: FeedContent = 'full'): string {
  return WRITERS[format](feedModel(site, list, content));
}

function sponsorParagraph(site: FeedSite, sponsor: { slug: string; name: string }): string {
  return `<p><em>Sponsored by <a href="${htmlEscape(`${site.url}/companies/${sponsor.slug}`)}">${htmlEscape(sponsor.name)}</a></em></p>`;
}

function feedModel(site: FeedSite, list: FeedList, content: FeedContent): FeedModel {
  const absolute = (path: string) => (/^https?:\/\//.test(path) ? path : `${site.url}${path}`);
  const self = (format: FeedFormat) => `${site.url}${list.path}/${FEED_FILES[format].file}`;
  return {
    title: list.path ? `${list.title} | ${site.title}` : site.title,
    description: list.description || site.description,
    homeUrl: `${site.url}${list.path || '/'}`,
    selfUrls: { rss: self('rss'), atom: self('atom'), json: self('json') },
    language: site.locale.split('-')[0] || 'en',
    publisher: { name: site.title, url: `${site.url}/` },
    updated: Math.max(0, ...list.entries.map((e) => e.updatedAt)),
    entries: list.entries.map((e) => ({
      url: `${site.url}/news/${e.slug}`,
      title: e.headline,
      // Sponsored content is labelled in what every reader shows: the summary and the body.
      summary: e.sponsor ? `Sponsored by ${e.sponsor.name}. ${e.summary}` : e.summary,
      contentHtml: content === 'full' ? (e.sponsor ? sponsorParagraph(site, e.sponsor) : '') + e.bodyHtml : undefined,
      published: e.publishedAt,
      updated: Math.max(e.updatedAt, e.publishedAt),
      authors: e.authors.map((a) => ({ name: a.name, url: `${site.url}/authors/${a.slug}` })),
      categories: [
        ...(e.section ? [{ term: e.section.slug, label: e.section.name, url: e.section.url ?? `${site.url}/sections/${e.section.slug}` }] : []),
        ...e.tags.map((t) => ({ term: t.slug, label: t.name, url: t.url ?? `${site.url}/tags/${t.slug}` })),
      ],
      imageUrl: e.leadImageUrl ? absolute(e.leadImageUrl) : undefined,
    })),
  };
}
