import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, NOW, type TestApp } from '../../test/support.ts';
import { importRss, rssRecords, type SourceRecord, UNDATED_REASON } from './index.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/import');
const fixture = (name: string) => path.join(FIXTURES, name);
/** The fixture feed has an undated item, which is refused without a default date. */
const DEFAULT_DATE = Date.UTC(2011, 5, 1);
const DATED = { defaultDate: DEFAULT_DATE };

let app: TestApp;
beforeEach(async () => {
  app = await makeTestApp();
});
afterEach(async () => {
  await app.close();
});

async function collect(source: Iterable<string | Uint8Array>): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const r of rssRecords(source)) out.push(r);
  return out;
}

describe('RSS 2.0 import', () => {
  it('imports every item of the feed', async () => {
    expect(await importRss(fixture('feed.rss.xml'), app.pipeline, DATED)).toEqual({ imported: 3, updated: 0, unchanged: 0, refused: [] });
  });

  it('maps guid, title, content, description, date, creator and categories', async () => {
    await importRss(fixture('feed.rss.xml'), app.pipeline, DATED);
    const row = (await app.store.articles.findBySourceId('oldroads-1001'))!;
    expect(row).toMatchObject({
      slug: 'free-flow-tolling-reaches-m6',
      headline: 'Free-flow tolling reaches the M6',
      standfirst: 'Gantries replace barriers on the toll road.',
      body: '<p>The operator removed the last barrier on Monday.</p>\n<p>Drivers now pay online within five days.</p>',
      body_format: 'html',
      status: 'published',
      published_at: Date.UTC(2012, 6, 23, 10),
    });
    expect((await app.store.taxonomy.tagsOf([Number(row.id)])).get(Number(row.id))?.map((t) => t.name)).toEqual(['ANPR', 'Motorways']);
  });

  it('makes the category with domain "section" the section', async () => {
    await importRss(fixture('feed.rss.xml'), app.pipeline, DATED);
    const section = await app.store.taxonomy.sectionBySlug('tolling');
    expect((await app.store.articles.findBySourceId('oldroads-1001'))?.section_id).toBe(section?.id);
  });

  it('keeps the raw item as the source text', async () => {
    await importRss(fixture('feed.rss.xml'), app.pipeline, DATED);
    const text = (await app.store.articles.findBySourceId('oldroads-1001'))?.source_text;
    expect(text?.startsWith('<item>\n      <title>Free-flow tolling reaches the M6</title>')).toBe(true);
    expect(text?.endsWith('</content:encoded>\n    </item>')).toBe(true);
  });

  it('uses the link as the source id when there is no guid, and reads the name in `author`', async () => {
    const [, second] = await collect([fs.readFileSync(fixture('feed.rss.xml'), 'utf8')]);
    expect(second).toMatchObject({ line: 2, input: { sourceId: 'https://elsewhere.example/primer', authors: ['Jo Bloggs'] } });
  });

  it('stores entity-escaped HTML as HTML and a plain-text description as Markdown', async () => {
    await importRss(fixture('feed.rss.xml'), app.pipeline, DATED);
    expect(await app.store.articles.findBySourceId('https://elsewhere.example/primer')).toMatchObject({
      body: '<p>What distance-based charging means for hauliers.</p>',
      body_format: 'html',
    });
    expect(await app.store.articles.findBySourceId('http://oldroads.example/?p=1003')).toMatchObject({
      body: 'The crossing keeps its 2011 prices.\n\nA review follows in the autumn.',
      body_format: 'markdown',
    });
  });

  it('redirects an old permalink on the channel site to the new article', async () => {
    await importRss(fixture('feed.rss.xml'), app.pipeline, DATED);
    expect(await app.store.redirects.find('/2012/07/old-post/')).toMatchObject({ to_path: '/news/free-flow-tolling-reaches-m6', status: 301 });
    expect(await app.store.redirects.find('/2012/07/bridge-tolls-frozen/')).toMatchObject({ to_path: '/news/bridge-tolls-frozen', status: 301 });
  });

  it('records no redirect for a link on another site', async () => {
    await importRss(fixture('feed.rss.xml'), app.pipeline, DATED);
    expect(await app.store.redirects.find('/primer')).toBeUndefined();
  });

  it('refuses an undated item with the reason, never dating it now', async () => {
    const report = await importRss(fixture('feed.rss.xml'), app.pipeline);
    expect(report).toMatchObject({ imported: 2, refused: [{ line: 3, reason: UNDATED_REASON }] });
    expect(await app.store.articles.findBySourceId('http://oldroads.example/?p=1003')).toBeUndefined();
  });

  it('dates an undated item with the default date, and re-importing keeps it', async () => {
    await importRss(fixture('feed.rss.xml'), app.pipeline, DATED);
    app.clock.now = NOW + 86_400_000;
    expect(await importRss(fixture('feed.rss.xml'), app.pipeline, DATED)).toMatchObject({ unchanged: 3 });
    expect((await app.store.articles.findBySourceId('http://oldroads.example/?p=1003'))?.published_at).toBe(DEFAULT_DATE);
  });

  it('is idempotent: the same file twice changes nothing', async () => {
    await importRss(fixture('feed.rss.xml'), app.pipeline, DATED);
    const version = await app.store.state.contentVersion();
    expect(await importRss(fixture('feed.rss.xml'), app.pipeline, DATED)).toEqual({ imported: 0, updated: 0, unchanged: 3, refused: [] });
    expect(await app.store.state.contentVersion()).toBe(version);
  });

  it('reports progress in bytes of the file', async () => {
    const size = fs.statSync(fixture('feed.rss.xml')).size;
    const progress: unknown[] = [];
    await importRss(fixture('feed.rss.xml'), app.pipeline, { ...DATED, batchSize: 2, onProgress: (p) => progress.push(p) });
    expect(progress).toEqual([
      { bytesRead: size, totalBytes: size, records: 2 },
      { bytesRead: size, totalBytes: size, records: 3 },
    ]);
  });

  it('decodes a feed in the encoding its declaration names', async () => {
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><item><guid>l1</guid><title>Caf\xe9 prices</title><description>\xa33 a cup</description></item></channel></rss>', 'latin1');
    expect(await collect([latin1])).toMatchObject([{ line: 1, input: { headline: 'Café prices', body: '£3 a cup' } }]);
  });

  it('reads prefixes bound to the known namespaces, whatever they are called', async () => {
    const xml = '<rss xmlns:c="http://purl.org/rss/1.0/modules/content/" xmlns:d="http://purl.org/dc/elements/1.1/"><channel><item><guid>n1</guid><title>T</title><d:creator>Kim</d:creator><c:encoded>&lt;p&gt;Body&lt;/p&gt;</c:encoded></item></channel></rss>';
    expect(await collect([xml])).toMatchObject([{ input: { body: '<p>Body</p>', authors: ['Kim'] } }]);
  });
});

describe('RSS 1.0 import', () => {
  it('reads items beside the channel, with rdf:about as the id and dc:date', async () => {
    const xml =
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
      '<channel rdf:about="https://rdf.example/"><title>R</title><link>https://rdf.example/</link></channel>' +
      '<item rdf:about="https://rdf.example/a/"><title>Old format</title><link>https://rdf.example/a/</link><dc:date>2004-05-06T07:08:09Z</dc:date><description>Still read.</description></item>' +
      '</rdf:RDF>';
    expect(await collect([xml])).toEqual([
      {
        line: 1,
        input: expect.objectContaining({ sourceId: 'https://rdf.example/a/', headline: 'Old format', publishedAt: Date.UTC(2004, 4, 6, 7, 8, 9), body: 'Still read.' }),
        redirectFrom: ['/a/'],
      },
    ]);
  });
});

describe('Atom 1.0 import', () => {
  it('imports every entry of the feed', async () => {
    expect(await importRss(fixture('feed.atom.xml'), app.pipeline)).toEqual({ imported: 3, updated: 0, unchanged: 0, refused: [] });
  });

  it('maps id, html title and content, summary, published date, author, terms and the section scheme', async () => {
    const [first] = await collect([fs.readFileSync(fixture('feed.atom.xml'), 'utf8')]);
    expect(first).toEqual({
      line: 1,
      input: {
        sourceId: 'tag:fleet.example,2012:entry-1',
        headline: 'Telematics & the tachograph',
        standfirst: 'Smart tachographs arrive in 2019.',
        body: '<p>Operators will <em>have</em> to upgrade.</p>',
        bodyFormat: 'html',
        status: 'published',
        publishedAt: Date.UTC(2012, 7, 1, 8),
        modifiedAt: Date.UTC(2012, 7, 2, 10),
        section: 'Fleet management',
        tags: ['Telematics'],
        authors: ['Sam Editor'],
        sourceText: expect.stringMatching(/^<entry>[\s\S]*<\/entry>$/),
      },
      redirectFrom: ['/articles/telematics-tachograph.html'],
    });
  });

  it('keeps xhtml content as markup, without its wrapping div', async () => {
    await importRss(fixture('feed.atom.xml'), app.pipeline);
    expect(await app.store.articles.findBySourceId('tag:fleet.example,2012:entry-2')).toMatchObject({
      body: '<p>Charging needs <strong>power</strong> &amp; space.</p>',
      body_format: 'html',
    });
  });

  it('falls back to updated for the date and to the feed author', async () => {
    const [, second] = await collect([fs.readFileSync(fixture('feed.atom.xml'), 'utf8')]);
    expect(second).toMatchObject({ input: { publishedAt: Date.UTC(2012, 6, 30, 16, 45), authors: ['Fleet Desk'] } });
  });

  it("stores an entry's <updated> as its last change (sitemap lastmod), not the import time", async () => {
    await importRss(fixture('feed.atom.xml'), app.pipeline);
    expect((await app.store.articles.findBySourceId('tag:fleet.example,2012:entry-1'))?.updated_at).toBe(Date.UTC(2012, 7, 2, 10));
  });

  it('uses a text summary as a Markdown body when there is no content', async () => {
    await importRss(fixture('feed.atom.xml'), app.pipeline);
    expect(await app.store.articles.findBySourceId('tag:fleet.example,2012:entry-3')).toMatchObject({
      body: 'Three lorries, one driver.\n\nResults next year.',
      body_format: 'markdown',
      standfirst: '',
    });
  });

  it('reads a feed whose Atom namespace has a prefix', async () => {
    const xml = '<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:entry><a:id>p1</a:id><a:title>Prefixed</a:title><a:content type="html">&lt;p&gt;Yes&lt;/p&gt;</a:content></a:entry></a:feed>';
    expect(await collect([xml])).toMatchObject([{ line: 1, input: { sourceId: 'p1', headline: 'Prefixed', body: '<p>Yes</p>' } }]);
  });
});

describe('RSS import of broken input', () => {
  it('refuses bad items with their position and reason, and imports the rest', async () => {
    const report = await importRss(fixture('broken-items.rss.xml'), app.pipeline, DATED);
    expect(report).toEqual({
      imported: 4,
      updated: 0,
      unchanged: 0,
      refused: [
        { line: 2, reason: "malformed XML at line 12: Expected closing tag 'b' (opened in line 12, col 14) instead of closing tag 'title'." },
        { line: 3, reason: 'no title' },
        { line: 4, reason: 'no content (neither content:encoded nor description)' },
        { line: 5, reason: 'pubDate is not a date: "sometime last week"' },
        { line: 8, reason: "malformed XML at line 42: char '&' is not expected." },
      ],
    });
  });

  it('keeps `</item>` inside CDATA as text of the item', async () => {
    await importRss(fixture('broken-items.rss.xml'), app.pipeline, DATED);
    expect((await app.store.articles.findBySourceId('b-6'))?.body).toBe('<p>Close an item with </item> and open one with <item>.</p>');
  });

  it('does not import an item inside a comment', async () => {
    await importRss(fixture('broken-items.rss.xml'), app.pipeline, DATED);
    expect(await app.store.articles.findBySourceId('b-x')).toBeUndefined();
  });

  it('decodes named, decimal and hex references in titles, once in escaped HTML', async () => {
    await importRss(fixture('broken-items.rss.xml'), app.pipeline, DATED);
    expect(await app.store.articles.findBySourceId('b-7')).toMatchObject({
      headline: 'Café & bar’s prices — up',
      body: '<p>A flat white: &pound;3 &amp; rising</p>',
    });
  });

  it('refuses the partial item of a truncated file and keeps the whole ones', async () => {
    expect(await importRss(fixture('truncated.rss.xml'), app.pipeline, DATED)).toEqual({
      imported: 1,
      updated: 0,
      unchanged: 0,
      refused: [{ line: 2, reason: 'file ends inside an item' }],
    });
  });

  it('refuses an HTML page as not a feed, importing nothing', async () => {
    await expect(importRss(fixture('not-a-feed.html'), app.pipeline)).rejects.toMatchObject({
      code: 'MH_IMPORT_WRONG_FORMAT',
      message: 'Not an RSS 2.0 or Atom 1.0 feed: the root element is <html>',
    });
    expect(await app.store.articles.countPublished()).toBe(0);
  });

  it('sends a WordPress export to its own importer', async () => {
    await expect(importRss(fixture('export.wxr.xml'), app.pipeline)).rejects.toMatchObject({
      code: 'MH_IMPORT_WRONG_FORMAT',
      message: 'Not an RSS 2.0 or Atom 1.0 feed: it is a WordPress export (WXR); import it with "import wxr"',
    });
  });

  it('refuses a file that is not XML', async () => {
    await expect(collect(['{"title": "JSON"}'])).rejects.toMatchObject({ message: 'Not an RSS 2.0 or Atom 1.0 feed: it is not XML (no root element)' });
  });

  it('refuses an item larger than the limit, and imports the rest', async () => {
    const big = `<item><guid>big</guid><title>Big</title><description>${'x'.repeat(3000)}</description></item>`;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mh-rss-')), 'big.xml');
    fs.writeFileSync(file, `<rss><channel>${big}<item><guid>small</guid><title>Small</title><description>s</description></item></channel></rss>`);
    expect(await importRss(file, app.pipeline, { ...DATED, maxItemSize: 2000 })).toEqual({
      imported: 1,
      updated: 0,
      unchanged: 0,
      refused: [{ line: 1, reason: 'item is larger than the limit of 2000 characters' }],
    });
  });
});
