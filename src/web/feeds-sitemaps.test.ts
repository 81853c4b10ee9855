import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, makeTestApp, NOW, type TestApp } from '../../test/support.ts';

let app: TestApp;
beforeAll(async () => {
  app = await makeTestApp();
  await app.pipeline.save(article({ headline: 'Fresh story & <more>', section: 'Rail', tags: ['Signalling'], authors: ['Ann'], publishedAt: NOW - 3600_000 }));
  await app.pipeline.save(article({ headline: 'Old story', section: 'Rail', publishedAt: NOW - 10 * 86_400_000, body: 'Wire copy with a control char \u0003 inside.' }));
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
    expect(xml.parse(res.body).feed.entry.length).toBe(2);
  });
  it.each(['/feed.json', '/tags/signalling/feed.json'])('serves JSON Feed at %s', async (url) => {
    const res = await get(url);
    const feed = JSON.parse(res.body);
    expect(feed.version).toBe('https://jsonfeed.org/version/1');
    expect(feed.items[0].url).toBe('https://news.example/news/fresh-story-more');
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
    expect(urls).toEqual(['https://news.example/news/fresh-story-more', 'https://news.example/news/old-story']);
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
