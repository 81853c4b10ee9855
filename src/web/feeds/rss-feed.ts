import type { FeedModel } from './feed-model.ts';
import { htmlEscape, xmlAttrs, xmlElement } from './xml-text.ts';

/**
 * RSS 2.0 (https://www.rssboard.org/rss-specification) with `content:encoded` for the full body
 * (RSS `<author>` must be an e-mail address, so authors are `dc:creator`) and an `atom:link` to itself.
 */
export function writeRss(feed: FeedModel): string {
  const items = feed.entries.map((e) =>
    [
      '<item>',
      xmlElement('title', e.title),
      xmlElement('link', e.url),
      xmlElement('guid', e.url, { isPermaLink: 'true' }),
      xmlElement('pubDate', new Date(e.published).toUTCString()),
      // The description is HTML: the plain summary is escaped as HTML, then as XML.
      xmlElement('description', htmlEscape(e.summary)),
      ...(e.contentHtml === undefined ? [] : [xmlElement('content:encoded', e.contentHtml)]),
      ...e.authors.map((a) => xmlElement('dc:creator', a.name)),
      ...e.categories.map((c) => xmlElement('category', c.label, { domain: c.url })),
      '</item>',
    ].join(''),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>\n',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<channel>',
    xmlElement('title', feed.title),
    xmlElement('link', feed.homeUrl),
    xmlElement('description', feed.description || feed.title),
    xmlElement('language', feed.language),
    xmlElement('lastBuildDate', new Date(feed.updated).toUTCString()),
    xmlElement('generator', 'Masthead'),
    `<atom:link${xmlAttrs({ href: feed.selfUrls.rss, rel: 'self', type: 'application/rss+xml' })}/>`,
    ...items,
    '</channel></rss>\n',
  ].join('');
}
