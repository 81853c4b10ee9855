import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { feedReaderAvailable, readFeed } from '../../../test/feed-reader.ts';
import type { FeedEntry } from '../../catalog/index.ts';
import { buildFeed, type FeedList } from './build-feed.ts';

const site = { title: 'Trade News', description: 'News for the trade.', url: 'https://news.example', locale: 'en-GB' };
const parser = new XMLParser({ ignoreAttributes: false, trimValues: false, parseTagValue: false, parseAttributeValue: false, htmlEntities: true, isArray: (name) => ['item', 'entry', 'category', 'dc:creator', 'author'].includes(name) });

function entry(fields: { headline: string; standfirst: string; section: string; tag: string; author: string; body?: string }): FeedEntry {
  return {
    id: 1,
    sourceId: null,
    slug: 'a-story',
    headline: fields.headline,
    standfirst: fields.standfirst,
    summary: fields.standfirst,
    bodyHtml: fields.body ?? '<p>Body &amp; more</p>',
    publishedAt: Date.UTC(2026, 5, 1),
    updatedAt: Date.UTC(2026, 5, 2),
    section: { slug: 'trucks', name: fields.section, siteId: 1 },
    leadImageUrl: '/media/1/lead.jpg',
    leadImageAlt: null,
    sponsor: null,
    authors: [{ id: 1, slug: 'ann', name: fields.author }],
    tags: [{ id: 2, slug: 'tolls', name: fields.tag, siteId: 1 }],
  };
}
const list = (e: FeedEntry, title = 'Trucks'): FeedList => ({ title, description: '', path: '/sections/trucks', entries: [e] });

// Text as hostile as a headline can be: XML and HTML syntax, CDATA ends, comments, controls, lone surrogates.
const HOSTILE = [']]>', '<![CDATA[', '<!--', '-->', '<', '>', '&', '&amp;', '"', "'", '"><script>alert(1)</script>', '\u0003', '\uD800', '\uFFFF', 'é', '𝄞', ' ', '\n', '\t', 'x', '7.5t'];
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: fc.constantFrom(...HOSTILE), maxLength: 12 }));
// Text XML can carry unchanged (no controls, no lone surrogates, no CR, which XML turns into LF).
const VALID = HOSTILE.filter((s) => !/[\u0003\uD800\uFFFF]/.test(s));
const carriedText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !/[\u0000-\u0008\u000B-\u001F\uFFFE\uFFFF]/.test(s)),
  fc.string({ unit: fc.constantFrom(...VALID), maxLength: 12 }),
);
const fields = (text: fc.Arbitrary<string>) => fc.record({ headline: text, standfirst: text, section: text, tag: text, author: text });

const textOf = (node: unknown): string => (typeof node === 'string' ? node : node && typeof node === 'object' ? String((node as Record<string, unknown>)['#text'] ?? '') : '');
const FAST = { numRuns: 150, interruptAfterTimeLimit: 5000 };

describe('feeds whatever the text (property)', () => {
  it('RSS, Atom and JSON Feed are always well-formed', () => {
    fc.assert(
      fc.property(fields(anyText), (f) => {
        const e = entry(f);
        for (const format of ['rss', 'atom'] as const) {
          const xml = buildFeed(site, list(e, f.section), format);
          expect(XMLValidator.validate(xml)).toBe(true);
        }
        const json = JSON.parse(buildFeed(site, list(e, f.section), 'json'));
        expect(json.items[0].title).toBe(f.headline);
        expect(json.items[0].authors[0].name).toBe(f.author);
        expect(json.items[0].tags).toEqual([f.section, f.tag]);
      }),
      FAST,
    );
  });

  it('every text comes back as the same text, never as markup', () => {
    fc.assert(
      fc.property(fields(carriedText), (f) => {
        const e = entry(f);
        const rss = parser.parse(buildFeed(site, list(e, f.section), 'rss')).rss.channel;
        const item = rss.item[0];
        expect(textOf(rss.title)).toBe(`${f.section} | ${site.title}`);
        expect(textOf(item.title)).toBe(f.headline);
        expect(item['dc:creator'].map(textOf)).toEqual([f.author]);
        expect(item.category.map(textOf)).toEqual([f.section, f.tag]);
        expect(textOf(item['content:encoded'])).toBe(e.bodyHtml);

        const atom = parser.parse(buildFeed(site, list(e, f.section), 'atom')).feed.entry[0];
        expect(textOf(atom.title)).toBe(f.headline);
        expect(atom.title['@_type']).toBe('text');
        expect(textOf(atom.summary)).toBe(f.standfirst);
        expect(textOf(atom.author[0].name)).toBe(f.author);
        expect(atom.category.map((c: Record<string, string>) => c['@_label'])).toEqual([f.section, f.tag]);
      }),
      FAST,
    );
  });
});

describe('feeds to spec', () => {
  const e = entry({ headline: 'Tolls rise', standfirst: 'Operators pay more.', section: 'Trucks', tag: 'Tolls', author: 'Ann Lee' });

  it('JSON Feed 1.1 carries summary, content_html, authors and image', () => {
    const item = JSON.parse(buildFeed(site, list(e), 'json')).items[0];
    expect(item).toMatchObject({ summary: 'Operators pay more.', content_html: e.bodyHtml, authors: [{ name: 'Ann Lee', url: 'https://news.example/authors/ann' }], image: 'https://news.example/media/1/lead.jpg' });
    expect(JSON.parse(buildFeed(site, list(e), 'json')).version).toBe('https://jsonfeed.org/version/1.1');
  });

  it('limits every format to summaries when the operator says so', () => {
    const rss = buildFeed(site, list(e), 'rss', 'summary');
    const atom = buildFeed(site, list(e), 'atom', 'summary');
    const json = JSON.parse(buildFeed(site, list(e), 'json', 'summary')).items[0];
    expect(rss).not.toContain('content:encoded>');
    expect(atom).not.toContain('<content');
    expect(json.content_html).toBeUndefined();
    expect(json.content_text).toBe('Operators pay more.');
  });

  it.skipIf(!feedReaderAvailable())('feedparser reads hostile RSS and Atom cleanly, titles as plain text', () => {
    const hostile = entry({ headline: 'A ]]> B <!-- C "><script>x</script>', standfirst: '<b>not bold</b>', section: 'Trucks <7.5t', tag: 'a]]>b', author: 'O\'Brien & <Co>' });
    for (const format of ['rss', 'atom'] as const) {
      const read = readFeed(buildFeed(site, list(hostile, hostile.section!.name), format));
      expect(read.bozo, read.bozoException ?? '').toBe(0);
      expect(read.entries).toHaveLength(1);
      expect(read.entries[0]!.title).toBe(hostile.headline);
      expect(read.entries[0]!.authors?.[0]?.name).toBe("O'Brien & <Co>");
    }
  });
});
