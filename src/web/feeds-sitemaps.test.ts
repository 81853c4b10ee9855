import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedReaderAvailable, readFeed } from '../../test/feed-reader.ts';
import { article, makeTestApp, NOW, type TestApp } from '../../test/support.ts';
import { importLines } from '../import/index.ts';

let app: TestApp;
beforeAll(async () => {
  app = await makeTestApp();
  await app.pipeline.save(article({ headline: 'Fresh story & <more>', section: 'Rail', tags: ['Signalling'], authors: ['Ann'], publishedAt: NOW - 3600_000 }));
  await app.pipeline.save(article({ headline: 'Old story', section: 'Rail', publishedAt: NOW - 10 * 86_400_000, body: 'Wire copy with a control char \u0003 inside.' }));
  await app.pipeline.save(
    article({
      headline: 'Weights ]]><link>https://evil.example/</link><!-- "><script>alert(1)</script>',
      standfirst: '',
      body: 'No standfirst here. The body opens the story. Then it goes on for a while.',
      section: 'Trucks <7.5t',
      tags: ['a]]>b'],
      authors: ["O'Brien & <Co>"],
      publishedAt: NOW - 2 * 86_400_000,
      leadImage: { url: 'https://img.example/lead.jpg', alt: 'A truck' },
    }),
  );
});
afterAll(async () => {
  await app.close();
});

const get = (url: string) => app.http.inject({ method: 'GET', url });
const xml = new XMLParser({ ignoreAttributes: false });

describe('feeds', () => {
  it.each(['/feed.xml', '/news/feed.xml', '/sections/rail/feed.xml', '/tags/signalling/feed.xml', '/authors/ann/feed.xml'])('serves valid RSS 2.0 at %s', async (url) => {
    const res = await get(url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect(XMLValidator.validate(res.body)).toBe(true);
    const doc = xml.parse(res.body);
    expect(doc.rss['@_version']).toBe('2.0');
    const items = [doc.rss.channel.item].flat();
    expect(items[0].title).toBe('Fresh story &amp; &lt;more&gt;'.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
    expect(items[0].link).toBe('https://news.example/news/fresh-story-more');
  });
  it.each(['/atom.xml', '/sections/rail/atom.xml'])('serves valid Atom at %s', async (url) => {
    const res = await get(url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(XMLValidator.validate(res.body)).toBe(true);
    expect(xml.parse(res.body).feed.entry.length).toBe(url === '/atom.xml' ? 3 : 2);
  });
  it.each(['/feed.json', '/tags/signalling/feed.json'])('serves JSON Feed at %s', async (url) => {
    const res = await get(url);
    const feed = JSON.parse(res.body);
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.items[0].url).toBe('https://news.example/news/fresh-story-more');
  });
  it('keeps a hostile headline, section, tag and author as text in every feed', async () => {
    for (const url of ['/feed.xml', '/atom.xml', '/sections/trucks-7-5t/feed.xml', '/sections/trucks-7-5t/atom.xml']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(XMLValidator.validate(res.body), url).toBe(true);
      expect(res.body).not.toContain('<link>https://evil.example/');
      expect(res.body).not.toContain('<script>');
    }
    const json = JSON.parse((await get('/sections/trucks-7-5t/feed.json')).body);
    expect(json.items[0].title).toBe('Weights ]]><link>https://evil.example/</link><!-- "><script>alert(1)</script>');
  });
  it.skipIf(!feedReaderAvailable())('every feed reads in feedparser with no error, to spec', async () => {
    for (const url of ['/feed.xml', '/atom.xml', '/sections/trucks-7-5t/feed.xml', '/sections/trucks-7-5t/atom.xml', '/tags/b/feed.xml', '/authors/obrien-co/atom.xml']) {
      const read = readFeed((await get(url)).body);
      expect(read.bozo, `${url}: ${read.bozoException}`).toBe(0);
      expect(read.version, url).toBe(url.endsWith('atom.xml') ? 'atom10' : 'rss20');
      const hostile = read.entries.find((e) => e.link === 'https://news.example/news/weights-link-https-evil-example-link-script-alert-1-script')!;
      expect(hostile.title, url).toBe('Weights ]]><link>https://evil.example/</link><!-- "><script>alert(1)</script>');
      // A body without a standfirst gives the summary; the body is the content; bylines and terms are there.
      expect(hostile.summary).toContain('No standfirst here.');
      expect(hostile.content?.[0]?.value).toContain('The body opens the story.');
      expect(hostile.authors?.map((a) => a.name)).toEqual(["O'Brien & <Co>"]);
      expect(hostile.tags?.map((t) => t.term)).toEqual(url.endsWith('atom.xml') ? ['trucks-7-5t', 'b'] : ['Trucks <7.5t', 'a]]>b']);
      for (const e of read.entries) expect(e.summary, url).toBeTruthy();
    }
  });
  it('JSON Feed 1.1 items have summary, content_html, authors and image', async () => {
    const items = JSON.parse((await get('/feed.json')).body).items;
    for (const item of items) {
      expect(item.summary).toBeTruthy();
      expect(item.content_html).toContain('<p>');
      expect(item.authors.length).toBeGreaterThan(0);
    }
    expect(items.find((i: { title: string }) => i.title.startsWith('Weights')).image).toBe('https://img.example/lead.jpg');
  });
  it('drops control characters XML cannot carry', async () => {
    const res = await get('/sections/rail/feed.xml');
    expect(res.body).not.toContain('\u0003');
  });
  it.each(['/sections/none/feed.xml', '/tags/none/atom.xml', '/authors/none/feed.json'])('404s the feed of an unknown list: %s', async (url) => {
    expect((await get(url)).statusCode).toBe(404);
  });
  it('refuses malformed feed requests', async () => {
    expect((await get('/sections/BAD!/feed.xml')).statusCode).toBe(400);
    expect((await get('/sections/rail/feed.exe')).statusCode).toBe(404);
  });
});

describe('feeds the pages advertise', () => {
  /** Every feed URL a page names: `<link rel="alternate">` in its head and feed links in its text. */
  const advertised = (html: string) => {
    const links = [...html.matchAll(/<link rel="alternate" type="application\/(?:rss\+xml|atom\+xml|feed\+json)"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
    const anchors = [...html.matchAll(/<a href="([^"]+\/(?:feed\.xml|atom\.xml|feed\.json))"/g)].map((m) => m[1]!);
    return [...links, ...anchors].map((u) => u.replace('https://news.example', ''));
  };
  const PUBLIC_PAGES = ['/', '/news', '/news/fresh-story-more', '/sections/rail', '/tags/signalling', '/authors/ann', '/archive', '/archive/2026', '/archive/2026/11', '/companies', '/search?q=story'];

  it('answers 200 with a feed that parses for every feed link on every public page', async () => {
    const feeds = new Set<string>();
    for (const url of PUBLIC_PAGES) {
      const page = await get(url);
      expect(page.statusCode, url).toBe(200);
      for (const f of advertised(page.body)) feeds.add(f);
    }
    expect([...feeds]).toEqual(expect.arrayContaining(['/archive/2026/11/feed.xml', '/archive/2026/11/atom.xml', '/archive/2026/11/feed.json', '/archive/2026/feed.xml']));
    for (const url of feeds) {
      const res = await app.http.inject({ method: 'GET', url, headers: { 'accept-encoding': 'identity' } });
      expect(res.statusCode, url).toBe(200);
      if (url.endsWith('.json')) expect(JSON.parse(res.body).version, url).toBe('https://jsonfeed.org/version/1.1');
      else expect(XMLValidator.validate(res.body), url).toBe(true);
      if (!url.endsWith('.json') && feedReaderAvailable()) expect(readFeed(res.body).bozo, url).toBe(0);
    }
  });
  it("lists a month's articles in the month's feed", async () => {
    const items = JSON.parse((await get('/archive/2026/11/feed.json')).body).items.map((i: { url: string }) => i.url);
    expect(items).toContain('https://news.example/news/old-story');
    expect((await get('/archive/2025/01/feed.xml')).statusCode).toBe(200);
    expect((await get('/archive/2026/13/feed.xml')).statusCode).toBe(400);
  });
});

describe('feeds limited to summaries (FEED_CONTENT=summary)', () => {
  it('carries no body in any format', async () => {
    const summaryApp = await makeTestApp({ FEED_CONTENT: 'summary' });
    try {
      await summaryApp.pipeline.save(article({ headline: 'Summary only', standfirst: 'Just this.', body: 'The secret full body.' }));
      for (const url of ['/feed.xml', '/atom.xml', '/feed.json']) {
        const body = (await summaryApp.http.inject({ method: 'GET', url })).body;
        expect(body, url).toContain('Just this.');
        expect(body, url).not.toContain('secret full body');
      }
    } finally {
      await summaryApp.close();
    }
  });
});

describe('sitemaps and robots', () => {
  it('serves a sitemap index pointing at parts', async () => {
    const res = await get('/sitemap.xml');
    expect(res.statusCode).toBe(200);
    const doc = xml.parse(res.body);
    const locs = [doc.sitemapindex.sitemap].flat().map((s: { loc: string }) => s.loc);
    expect(locs).toEqual(['https://news.example/sitemaps/pages.xml', 'https://news.example/sitemaps/articles-1.xml']);
  });
  it('lists articles in a part', async () => {
    const doc = xml.parse((await get('/sitemaps/articles-1.xml')).body);
    const urls = [doc.urlset.url].flat().map((u: { loc: string }) => u.loc);
    expect(urls).toEqual(['https://news.example/news/fresh-story-more', 'https://news.example/news/old-story', 'https://news.example/news/weights-link-https-evil-example-link-script-alert-1-script']);
    expect((await get('/sitemaps/articles-2.xml')).statusCode).toBe(404);
    expect((await get('/sitemaps/articles-x.xml')).statusCode).toBe(400);
  });
  it('lists sections in the pages part', async () => {
    expect((await get('/sitemaps/pages.xml')).body).toContain('<loc>https://news.example/sections/rail</loc>');
  });
  it('lists only the last 48 hours in the news sitemap', async () => {
    const res = await get('/news-sitemap.xml');
    expect(res.body).toContain('xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"');
    expect(res.body).toContain('<loc>https://news.example/news/fresh-story-more</loc>');
    expect(res.body).not.toContain('old-story');
    expect(res.body).toContain('<news:title>Fresh story &amp; &lt;more&gt;</news:title>');
  });
  it('serves robots.txt naming the sitemaps', async () => {
    const res = await get('/robots.txt');
    expect(res.body).toContain('Sitemap: https://news.example/sitemap.xml');
    expect(res.body).toContain('Disallow: /admin');
  });
});

describe('sitemap lastmod', () => {
  it("is each article's last real change from the source, not the import time, and an unchanged re-import keeps it", async () => {
    // No page cache: each sitemap is built from what is stored.
    const site = await makeTestApp({ PAGE_CACHE: '0' });
    try {
      const record = (o: Record<string, unknown>) => JSON.stringify({ title: 'Story', body: 'Body.', ...o });
      const lastmods = async () => {
        const doc = xml.parse((await site.http.inject({ method: 'GET', url: '/sitemaps/articles-1.xml' })).body);
        return Object.fromEntries([doc.urlset.url].flat().map((u: { loc: string; lastmod: string }) => [u.loc.replace('https://news.example/news/', ''), u.lastmod]));
      };
      const lines = [
        record({ id: 'u', title: 'Updated at the source', date: '2019-03-01T09:00:00Z', updated: '2019-04-02T10:00:00Z' }),
        record({ id: 'p', title: 'Only published', date: '2019-05-01T08:00:00Z' }),
      ];
      await importLines(lines, site.pipeline);
      const expected = { 'updated-source': '2019-04-02T10:00:00.000Z', 'only-published': '2019-05-01T08:00:00.000Z' };
      expect(await lastmods()).toEqual(expected);
      site.clock.now = NOW + 86_400_000;
      expect(await importLines(lines, site.pipeline)).toMatchObject({ unchanged: 2 });
      expect(await lastmods()).toEqual(expected);
      // A real change at the source moves it to the source's new date.
      await importLines([record({ id: 'u', title: 'Updated at the source', body: 'New body.', date: '2019-03-01T09:00:00Z', updated: '2019-06-01T00:00:00Z' })], site.pipeline);
      expect((await lastmods())['updated-source']).toBe('2019-06-01T00:00:00.000Z');
    } finally {
      await site.close();
    }
  });
});

describe('sitemaps of a quiet site', () => {
  it('serves an empty news sitemap when nothing was published in 48 hours, and an empty first part when nothing at all', async () => {
    const site = await makeTestApp();
    try {
      for (const url of ['/news-sitemap.xml', '/sitemaps/articles-1.xml']) {
        const res = await site.http.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(200);
        expect(XMLValidator.validate(res.body), url).toBe(true);
        expect(xml.parse(res.body).urlset, url).toBeDefined();
      }
      expect((await site.http.inject({ method: 'GET', url: '/news-sitemap.xml' })).body).toContain('xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"');
    } finally {
      await site.close();
    }
  });
});
