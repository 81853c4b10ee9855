import type { FeedModel } from './feed-model.ts';
import { xmlAttrs, xmlElement } from './xml-text.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const person = (p: { name: string; url: string }) => `<author>${xmlElement('name', p.name)}${xmlElement('uri', p.url)}</author>`;
const link = (attrs: Record<string, string>) => `<link${xmlAttrs(attrs)}/>`;

/**
 * Atom 1.0 (RFC 4287). Titles and summaries are `type="text"`; the body is `type="html"`, its markup
 * escaped, so nothing in a headline is read as markup. The feed names the publisher as author, which
 * covers entries without a byline (RFC 4287 §4.1.1).
 */
export function writeAtom(feed: FeedModel): string {
  const entries = feed.entries.map((e) =>
    [
      '<entry>',
      xmlElement('title', e.title, { type: 'text' }),
      xmlElement('id', e.url),
      link({ rel: 'alternate', type: 'text/html', href: e.url }),
      xmlElement('published', iso(e.published)),
      xmlElement('updated', iso(e.updated)),
      ...e.authors.map(person),
      ...e.categories.map((c) => `<category${xmlAttrs({ term: c.term, label: c.label, scheme: c.url.slice(0, c.url.lastIndexOf('/') + 1) })}/>`),
      xmlElement('summary', e.summary, { type: 'text' }),
      ...(e.contentHtml === undefined ? [] : [xmlElement('content', e.contentHtml, { type: 'html' })]),
      ...(e.imageUrl ? [link({ rel: 'enclosure', href: e.imageUrl })] : []),
      '</entry>',
    ].join(''),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>\n',
    `<feed${xmlAttrs({ xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': feed.language })}>`,
    xmlElement('title', feed.title, { type: 'text' }),
    ...(feed.description ? [xmlElement('subtitle', feed.description, { type: 'text' })] : []),
    xmlElement('id', feed.homeUrl),
    link({ rel: 'alternate', type: 'text/html', href: feed.homeUrl }),
    link({ rel: 'self', type: 'application/atom+xml', href: feed.selfUrls.atom }),
    xmlElement('updated', iso(feed.updated)),
    person(feed.publisher),
    xmlElement('generator', 'Masthead'),
    ...entries,
    '</feed>\n',
  ].join('');
}
