import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, makeTestApp, NOW, type TestApp } from '../../test/support.ts';

let app: TestApp;
let seedSlug: string;
beforeAll(async () => {
  app = await makeTestApp();
  const seed = await app.pipeline.save(
    article({
      sourceId: 'seed',
      headline: 'Renault-Nissan Alliance invests $160 million in Korea',
      standfirst: 'Renault-Nissan Alliance will invest US$160 million in Korea.',
      body: 'Production of Nissan Rogue crossover in Busan, Korea, will begin in 2014.\n\nFormed in 1999, the Alliance <script>alert(1)</script> grew.',
      publishedAt: Date.UTC(2012, 6, 23, 9),
      section: 'Electric Vehicles',
      tags: ['Korea'],
      authors: ['Jane Reporter'],
    }),
  );
  seedSlug = seed.slug;
  for (let i = 0; i < 7; i++) await app.pipeline.save(article({ headline: `Tolling story ${i}`, section: 'Tolling', publishedAt: Date.UTC(2012, 6, 1 + i) }));
});
afterAll(async () => {
  await app.close();
});

const get = (url: string, headers: Record<string, string> = {}) => app.http.inject({ method: 'GET', url, headers });

describe('article page', () => {
  it('shows the seed article as the seed page does', async () => {
    const res = await get(`/news/${seedSlug}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body;
    expect(html).toContain('<a class="skip-link" href="#main">Skip to main content</a>');
    expect(html).toContain('<main id="main" tabindex="-1">');
    expect(html).toContain('<h1>Renault-Nissan Alliance invests $160 million in Korea</h1>');
    expect(html).toContain('<p class="standfirst">Renault-Nissan Alliance will invest US$160 million in Korea.</p>');
    expect(html).toContain('<time datetime="2012-07-23T09:00:00.000Z">July 23, 2012</time>');
    expect(html).toContain('<span>Read time: 1 min</span>');
    expect(html).toContain('<a href="/sections/electric-vehicles">Electric Vehicles</a>');
    expect(html).toContain('<a href="/tags/korea">Korea</a>');
    expect(html).toContain('<a href="/authors/jane-reporter">Jane Reporter</a>');
  });
  it('never lets body markup run as script', async () => {
    const html = (await get(`/news/${seedSlug}`)).body;
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
  it('has canonical, Open Graph and JSON-LD NewsArticle', async () => {
    const html = (await get(`/news/${seedSlug}`)).body;
    expect(html).toContain(`<link rel="canonical" href="https://news.example/news/${seedSlug}"/>`);
    expect(html).toContain('<meta property="og:type" content="article"/>');
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!);
    expect(ld).toMatchObject({
      '@type': 'NewsArticle',
      headline: 'Renault-Nissan Alliance invests $160 million in Korea',
      datePublished: '2012-07-23T09:00:00.000Z',
      articleSection: 'Electric Vehicles',
      author: [{ '@type': 'Person', name: 'Jane Reporter' }],
    });
  });
  it('lists related content (the latest of its section until the engine has run)', async () => {
    const t = await get('/news/tolling-story-0');
    expect(t.body).toContain('Related Content');
    expect(t.body).toContain('/news/tolling-story-6');
    expect(t.body).not.toMatch(/<h3><a href="\/news\/tolling-story-0">/);
  });
  it('answers 404 for unknown and draft articles', async () => {
    await app.pipeline.save(article({ headline: 'Hidden draft', status: 'draft' }));
    expect((await get('/news/no-such-story')).statusCode).toBe(404);
    expect((await get('/news/hidden-draft')).statusCode).toBe(404);
  });
  it('refuses malformed slugs with 400', async () => {
    expect((await get('/news/BAD%20SLUG!')).statusCode).toBe(400);
  });
  it('pages related content at its own URL', async () => {
    const res = await get('/news/tolling-story-0/related');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<link rel="canonical" href="https://news.example/news/tolling-story-0/related"/>');
    expect((await get('/news/tolling-story-0/related?page=9')).statusCode).toBe(404);
  });
});

describe('lists', () => {
  it('home shows the lead story and each section', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<article class="story story-lead">`);
    expect(res.body).toContain('<a href="/sections/tolling">Tolling</a>');
    expect(res.body).toContain('"@type":"WebSite"');
  });
  it('pages a section with rel prev/next and a page-specific canonical', async () => {
    const p1 = await get('/sections/tolling');
    expect(p1.statusCode).toBe(200);
    expect(p1.body).toContain('<link rel="next" href="https://news.example/sections/tolling?page=2"/>');
    expect(p1.body).not.toContain('rel="prev"');
    const p2 = await get('/sections/tolling?page=2');
    expect(p2.body).toContain('<link rel="prev" href="https://news.example/sections/tolling"/>');
    expect(p2.body).toContain('<link rel="canonical" href="https://news.example/sections/tolling?page=2"/>');
    expect(p2.body).toContain('Page 2 of 2');
  });
  it.each(['/sections/tolling?page=3', '/sections/tolling?page=999999', '/news?page=50'])('404s past the last page: %s', async (url) => {
    expect((await get(url)).statusCode).toBe(404);
  });
  it.each(['/sections/tolling?page=0', '/sections/tolling?page=-1', '/sections/tolling?page=abc', '/sections/tolling?page=1e9', '/news?page=1.5'])('400s a malformed page: %s', async (url) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('That request could not be understood');
  });
  it.each(['/sections/nothing', '/tags/nothing', '/authors/nobody'])('404s an unknown list: %s', async (url) => {
    expect((await get(url)).statusCode).toBe(404);
  });
  it('shows tag and author lists', async () => {
    expect((await get('/tags/korea')).body).toContain(`/news/${seedSlug}`);
    expect((await get('/authors/jane-reporter')).body).toContain(`/news/${seedSlug}`);
  });
  it('shows the date archive', async () => {
    const res = await get('/archive/2012/07');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Archive: July 2012</h1>');
    expect(res.body).toContain(`/news/${seedSlug}`);
    expect((await get('/archive')).body).toContain('<a href="/archive/2012/07">July 2012</a> (8)');
    expect((await get('/archive/2012/13')).statusCode).toBe(400);
    expect((await get('/archive/1800/01')).statusCode).toBe(404);
    expect((await get('/archive/2013/01')).body).toContain('No articles yet.');
  });
  it('shows the company directory, empty for now', async () => {
    const res = await get('/companies');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('No companies in the directory yet.');
    expect((await get('/companies?letter=zz')).statusCode).toBe(400);
  });
  it('shows static pages', async () => {
    await app.store.pages.upsert('about', 'About us', 'We *report*.', NOW);
    const res = await get('/pages/about');
    expect(res.body).toContain('<h1>About us</h1>');
    expect(res.body).toContain('<p>We <em>report</em>.</p>');
  });
});
