import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, makeTestApp, NOW, type TestApp } from '../../test/support.ts';
import type { UserRecord } from '../store/index.ts';

/**
 * Each site's sections, tags and redirects are its own (migration 0036), tested as an attacker
 * would: site B's host asking for site A's section or tag by slug (page, feeds, sitemap, API,
 * search) gets a 404, unless B has its own of that slug, and then only B's. Both sites have a
 * "News" section and a "Tolls" tag; only A has "Secret Rail" and "Secret Tag".
 */

const A_HOST = 'news.example';
const B_HOST = 'highways.example';
// Words only one site's stories have: a response carrying the other's leaked it.
const A_WORD = 'Zanzibarite';
const B_WORD = 'Quokkaville';
const EDITOR: UserRecord = { id: 1, email: 'editor@example.com', name: 'Editor', role: 'admin', disabled: false, createdAt: 0 };

let app: TestApp;
let bSiteId: number;
let crossSlug: string;

/** A response's status, body and Location, asked with `host` as its Host and a browser's headers. */
const get = async (url: string, host: string) => {
  const res = await app.http.inject({ method: 'GET', url, headers: { host, accept: 'text/html,*/*', 'accept-encoding': 'identity' } });
  return { status: res.statusCode, text: res.body, location: res.headers.location };
};

beforeAll(async () => {
  app = await makeTestApp();
  bSiteId = (await app.sites.add({ name: 'Highways Today', hosts: [B_HOST] })).id;
  await app.pipeline.save(article({ headline: `${A_WORD} news story`, body: `The ${A_WORD} story.`, section: 'News', tags: ['Tolls'], publishedAt: NOW - 3_600_000 }));
  await app.pipeline.save(article({ headline: `${B_WORD} news story`, body: `The ${B_WORD} story.`, section: 'News', tags: ['Tolls'], siteId: bSiteId, publishedAt: NOW - 7_200_000 }));
  await app.pipeline.save(article({ headline: `${A_WORD} rail story`, body: `The ${A_WORD} rail story.`, section: 'Secret Rail', tags: ['Secret Tag'], publishedAt: NOW - 1_800_000 }));
  crossSlug = (await app.pipeline.save(article({ headline: 'Cross-published rail story', body: 'Rail and roads.', section: 'Secret Rail', tags: ['Secret Tag'], alsoOn: [bSiteId], publishedAt: NOW - 900_000 }))).slug;
});
afterAll(async () => {
  await app?.close();
});

describe('a section and a tag of one slug on two sites', () => {
  it('are two terms, one per site, each made by its own site’s story', async () => {
    const news = await app.store.db.selectFrom('sections').select(['id', 'site_id']).where('slug', '=', 'news').orderBy('site_id').execute();
    expect(news.map((s) => Number(s.site_id))).toEqual([1, bSiteId]);
    const tolls = await app.store.db.selectFrom('tags').select(['id', 'site_id']).where('slug', '=', 'tolls').orderBy('site_id').execute();
    expect(tolls.map((s) => Number(s.site_id))).toEqual([1, bSiteId]);
  });

  it('show each site only its own stories: pages, feeds and the API', async () => {
    for (const url of ['/sections/news', '/tags/tolls', '/sections/news/feed.xml', '/tags/tolls/atom.xml', '/sections/news/feed.json', '/api/v1/articles?section=news', '/api/v1/articles?tag=tolls']) {
      const b = await get(url, B_HOST);
      expect(b.status, url).toBe(200);
      expect(b.text, url).toContain(B_WORD);
      expect(b.text, url).not.toContain(A_WORD);
      const a = await get(url, A_HOST);
      expect(a.status, url).toBe(200);
      expect(a.text, url).toContain(A_WORD);
      expect(a.text, url).not.toContain(B_WORD);
    }
  });

  it('filter a site’s search by its own section and tag', async () => {
    const b = await get('/search?q=story&section=news&tag=tolls', B_HOST);
    expect(b.status).toBe(200);
    expect(b.text).toContain(B_WORD);
    expect(b.text).not.toContain(`${A_WORD} news`);
  });
});

describe('site B asked for a section or tag only site A has', () => {
  it('answers 404 by page, feed and API, though a story of it is cross-published to B', async () => {
    for (const url of ['/sections/secret-rail', '/tags/secret-tag', '/sections/secret-rail/feed.xml', '/tags/secret-tag/feed.json', '/api/v1/articles?section=secret-rail', '/api/v1/articles?tag=secret-tag']) {
      const res = await get(url, B_HOST);
      expect(res.status, url).toBe(404);
      expect(res.text, url).not.toContain(A_WORD);
      expect(res.text, url).not.toContain('Secret Rail');
      expect((await get(url, A_HOST)).status, url).toBe(200);
    }
  });

  it('lists only B’s own sections in the API, the sitemap and the topics page', async () => {
    const slugs = (JSON.parse((await get('/api/v1/sections', B_HOST)).text) as { sections: { slug: string }[] }).sections.map((s) => s.slug);
    expect(slugs).toContain('news');
    expect(slugs).not.toContain('secret-rail');
    for (const url of ['/sitemaps/pages.xml', '/topics']) {
      const res = await get(url, B_HOST);
      expect(res.text, url).not.toContain('secret-rail');
    }
    expect((await get('/sitemaps/pages.xml', A_HOST)).text).toContain('/sections/secret-rail');
  });

  it('links a cross-published story’s section and tags to its home site’s pages, never to a 404 on B', async () => {
    const page = await get(`/news/${crossSlug}`, B_HOST);
    expect(page.status).toBe(200);
    // The first site's address is SITE_URL itself.
    expect(page.text).toMatch(/href="https?:\/\/[^"/]+\/sections\/secret-rail"/);
    expect(page.text).toMatch(/href="https?:\/\/[^"/]+\/tags\/secret-tag"/);
    expect(page.text).not.toMatch(/href="\/sections\/secret-rail"/);
    expect(page.text).not.toMatch(/href="\/tags\/secret-tag"/);
    // On its home site, the same links are the site's own.
    const home = await get(`/news/${crossSlug}`, A_HOST);
    expect(home.text).toMatch(/href="\/sections\/secret-rail"/);
    expect(home.text).toMatch(/href="\/tags\/secret-tag"/);
  });
});

describe('redirects per site', () => {
  it('keeps one site’s /old apart from another’s', async () => {
    expect(await app.redirectAdmin.put({ from: '/old', to: '/news', status: '301' }, EDITOR, 1)).toEqual({});
    expect(await app.redirectAdmin.put({ from: '/old', to: '/topics', status: '301' }, EDITOR, bSiteId)).toEqual({});
    expect((await get('/old', A_HOST)).location).toBe('/news');
    expect((await get('/old', B_HOST)).location).toBe('/topics');
    expect(await app.redirectAdmin.put({ from: '/only-a', to: '/news', status: '301' }, EDITOR, 1)).toEqual({});
    expect((await get('/only-a', B_HOST)).status).toBe(404);
  });

  it('follows a company’s old profile URL on every site: the directory is shared', async () => {
    await app.store.redirects.put('/companies/old-nissan', '/companies/nissan', 301, NOW);
    expect((await get('/companies/old-nissan', B_HOST)).location).toBe('/companies/nissan');
    // B's own redirect from that path wins on B.
    await app.store.redirects.put('/companies/old-nissan', '/companies', 301, NOW, bSiteId);
    expect((await get('/companies/old-nissan', B_HOST)).location).toBe('/companies');
    expect((await get('/companies/old-nissan', A_HOST)).location).toBe('/companies/nissan');
  });

  it('redirects a renamed section’s old URLs on its own site only', async () => {
    const bNews = await app.store.db.selectFrom('sections').select('id').where('slug', '=', 'news').where('site_id', '=', bSiteId).executeTakeFirstOrThrow();
    expect(await app.taxonomyAdmin.update('sections', Number(bNews.id), { name: 'Highway news', slug: 'highway-news', description: '' }, EDITOR)).toEqual({});
    const b = await get('/sections/news/feed.xml', B_HOST);
    expect(b.status).toBe(301);
    expect(b.location).toBe('/sections/highway-news/feed.xml');
    expect((await get('/sections/highway-news', B_HOST)).text).toContain(B_WORD);
    // A's "news" is untouched: still its own page, not redirected.
    const a = await get('/sections/news', A_HOST);
    expect(a.status).toBe(200);
    expect(a.text).toContain(A_WORD);
    // B may now take the slug "news" again for a new section, and A's stays A's.
    await app.pipeline.save(article({ headline: `${B_WORD} second story`, section: 'News', siteId: bSiteId, publishedAt: NOW - 600_000 }));
    expect((await get('/sections/news', B_HOST)).text).not.toContain(A_WORD);
  });
});
