import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, makeTestApp, NOW, type TestApp } from '../../test/support.ts';

/**
 * Isolation between sites, tested as an attacker would: every public and API route, asked with
 * site B's Host for site A's content (by slug, id, search, feeds, sitemaps, API, related lists,
 * section, tag and company pages), must not reveal it, unless it is cross-published to B.
 */

const A_HOST = 'news.example';
const B_HOST = 'highways.example';
// A word only site A's stories have: a response carrying it (beyond a search echoing the query) leaked one.
const SECRET = 'Zanzibarite';
const SECRET_HEADLINE = `${SECRET} tolling deal`;

let app: TestApp;
let aSlug: string;
let aDraftSlug: string;
let bSlug: string;
let sharedSlug: string;
let bSiteId: number;

beforeAll(async () => {
  app = await makeTestApp();
  await app.directory.importCompanies([JSON.stringify({ id: '838', name: 'Nissan', aliases: [], country: 'JP', sector: 'Automotive', parent: null })]);
  const b = await app.sites.add({ name: 'Highways Today', hosts: [B_HOST, `www.${B_HOST}`] });
  bSiteId = b.id;
  // Site A's story, its draft, and site B's story, close enough in text that related lists would pair them.
  const a = await app.pipeline.save(
    article({ headline: `${SECRET} tolling deal with Nissan`, body: `Nissan signs a ${SECRET} tolling and road pricing deal for motorways.`, section: 'Secret Tolling', tags: ['Secret Tag'], publishedAt: NOW - 3600_000 }),
  );
  aSlug = a.slug;
  aDraftSlug = (await app.pipeline.save(article({ headline: `${SECRET} draft story`, status: 'draft', section: 'Secret Tolling' }))).slug;
  const bStory = await app.pipeline.save(
    article({ headline: 'Highway tolling deal with Nissan', body: 'Nissan signs a tolling and road pricing deal for highways and motorways.', section: 'Highways', tags: ['Bridges'], siteId: bSiteId, publishedAt: NOW - 7200_000 }),
  );
  bSlug = bStory.slug;
  sharedSlug = (await app.pipeline.save(article({ headline: 'Cross-published motorway story', section: 'Highways', alsoOn: [bSiteId], publishedAt: NOW - 1800_000 }))).slug;
  await app.related.rebuild();
});
afterAll(async () => {
  await app?.close();
});

/** Through the real server (the page cache answers before Fastify, which inject passes by), with a browser's headers. */
let address: string | undefined;
const get = async (url: string, host: string): Promise<{ cache: string | undefined; text: string }> => {
  address ??= await app.http.listen({ port: 0, host: '127.0.0.1' });
  return new Promise((resolve, reject) => {
    const req = http.get(`${address}${url}`, { headers: { host, accept: 'text/html,*/*' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ cache: res.headers['x-cache'] as string | undefined, text }));
    });
    req.on('error', reject);
  });
};

/** A response's status and body, asked with `host` as its Host. */
const body = async (url: string, host: string) => {
  const res = await app.http.inject({ method: 'GET', url, headers: { host } });
  return { status: res.statusCode, text: res.body };
};

describe('site B asked for site A’s content', () => {
  it('does not show A’s article or its related page, by slug or through the API', async () => {
    for (const url of [`/news/${aSlug}`, `/news/${aSlug}/related`, `/api/v1/articles/${aSlug}`, `/api/v1/articles/${aSlug}/related`, `/news/${aDraftSlug}`]) {
      const res = await body(url, B_HOST);
      expect(res.status, url).toBe(404);
      expect(res.text, url).not.toContain(SECRET);
    }
    expect((await body(`/news/${aSlug}`, A_HOST)).status).toBe(200);
  });

  it('leaves A’s stories out of every list, feed, sitemap and search', async () => {
    const urls = [
      '/',
      '/news',
      '/feed.xml',
      '/atom.xml',
      '/feed.json',
      '/news/feed.xml',
      '/sitemap.xml',
      '/sitemaps/articles-1.xml',
      '/sitemaps/pages.xml',
      '/news-sitemap.xml',
      '/archive',
      `/archive/${new Date(NOW).getUTCFullYear()}`,
      `/search?q=${SECRET}`,
      `/api/v1/search?q=${SECRET}`,
      `/api/v1/suggest?q=${SECRET.slice(0, 6)}`,
      '/api/v1/articles',
      '/api/v1/sections',
      '/topics',
      '/companies/nissan',
      '/companies/nissan/feed.xml',
      '/api/v1/companies/nissan',
      '/authors/ada-writer',
      `/news/${bSlug}`,
      `/news/${bSlug}/related`,
      `/api/v1/articles/${bSlug}/related`,
    ];
    for (const url of urls) {
      const res = await body(url, B_HOST);
      expect(res.status, url).toBe(200);
      expect(res.text, url).not.toContain(SECRET_HEADLINE);
      expect(res.text, url).not.toContain(aSlug);
    }
    // The same lists on A do have it: the test would notice a route that shows nothing at all.
    for (const url of ['/', '/feed.xml', '/sitemaps/articles-1.xml', `/search?q=${SECRET}`, '/api/v1/articles', '/companies/nissan']) {
      expect((await body(url, A_HOST)).text, url).toContain(aSlug);
    }
  });

  it('does not serve A’s sections and tags', async () => {
    for (const url of ['/sections/secret-tolling', '/tags/secret-tag', '/sections/secret-tolling/feed.xml', '/api/v1/articles?section=secret-tolling']) {
      const res = await body(url, B_HOST);
      expect(res.status, url).toBe(404);
      expect(res.text, url).not.toContain(SECRET);
    }
    expect((await body('/sections/secret-tolling', A_HOST)).status).toBe(200);
  });

  it('shows B’s own stories on B and not on A', async () => {
    expect((await body('/', B_HOST)).text).toContain('Highway tolling deal with Nissan');
    const company = (await body('/companies/nissan', B_HOST)).text;
    expect(company).toContain('Highway tolling deal with Nissan');
    // The shared directory: a line says what the sister title has, linking there, without its headlines.
    expect(company).toMatch(/Our sister titles have more on Nissan: <a href="https:\/\/news\.example\/companies\/nissan">1 article in [^<]+<\/a>/);
    expect((await body('/companies/nissan', A_HOST)).text).toContain('<a href="https://highways.example/companies/nissan">1 article in Highways Today</a>');
    expect((await body(`/news/${bSlug}`, A_HOST)).status).toBe(404);
    expect((await body('/', A_HOST)).text).not.toContain('Highway tolling deal with Nissan');
  });

  it('keeps the page cache apart: the same URL on two hosts is two pages', async () => {
    app.web.invalidate();
    const onA = await get('/', A_HOST);
    expect(onA.cache).toBe('MISS');
    expect((await get('/', A_HOST)).cache).toBe('HIT');
    const onB = await get('/', B_HOST);
    expect(onB.cache).toBe('MISS');
    expect(onA.text).toContain(SECRET_HEADLINE);
    expect(onB.text).not.toContain(SECRET_HEADLINE);
    expect((await get('/', B_HOST)).text).not.toContain(SECRET_HEADLINE);
  });
});

describe('cross-publishing and hosts', () => {
  it('shows a cross-published story on both, canonical to its home site', async () => {
    const onB = await body(`/news/${sharedSlug}`, B_HOST);
    expect(onB.status).toBe(200);
    expect(onB.text).toContain(`<link rel="canonical" href="https://news.example/news/${sharedSlug}"/>`);
    const onA = await body(`/news/${sharedSlug}`, A_HOST);
    expect(onA.text).toContain(`<link rel="canonical" href="https://news.example/news/${sharedSlug}"/>`);
    expect((await body('/', B_HOST)).text).toContain('Cross-published motorway story');
  });

  it('gives B its own title and URLs', async () => {
    const home = await body('/', B_HOST);
    expect(home.text).toContain('Highways Today');
    expect(home.text).toContain('<link rel="canonical" href="https://highways.example/"/>');
    expect((await body('/robots.txt', B_HOST)).text).toContain('Sitemap: https://highways.example/sitemap.xml');
  });

  it('redirects a site’s other hosts to its primary one', async () => {
    const res = await app.http.inject({ method: 'GET', url: `/news/${bSlug}?page=1`, headers: { host: `www.${B_HOST}:3000` } });
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe(`http://${B_HOST}:3000/news/${bSlug}?page=1`);
  });

  it('answers an unknown host with the first site', async () => {
    expect((await body(`/news/${aSlug}`, 'anything.example')).status).toBe(200);
  });

  it('refuses an import record whose source id is another site’s', async () => {
    await app.pipeline.save(article({ sourceId: 'a-1', headline: 'Source one on A' }));
    await expect(app.pipeline.save(article({ sourceId: 'a-1', headline: 'Taken over from B', siteId: bSiteId }))).rejects.toThrow(/another site/);
  });
});
