import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, makeTestApp, NOW, TEST_DB, type TestApp } from '../../test/support.ts';

let app: TestApp;
beforeAll(async () => {
  app = await makeTestApp();
  await app.pipeline.save(article({ sourceId: 'src-a', headline: 'Wireless charging trial for buses', section: 'Electric Vehicles', tags: ['Charging'], authors: ['Ann'], publishedAt: Date.UTC(2026, 9, 10) }));
  await app.pipeline.save(article({ sourceId: 'src-b', headline: 'Toll operator wins motorway contract', section: 'Tolling', tags: ['ANPR'], authors: ['Bob'], publishedAt: Date.UTC(2026, 10, 1) }));
  await app.pipeline.save(article({ headline: 'Draft never shown', status: 'draft' }));
});
afterAll(async () => {
  await app.close();
});

const get = (url: string) => app.http.inject({ method: 'GET', url });

describe('/api/v1/articles', () => {
  it('lists published articles, newest first, with paging', async () => {
    const res = await get('/api/v1/articles?limit=1');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json();
    expect(body).toMatchObject({ total: 2, page: 1, pages: 2 });
    expect(body.articles[0]).toEqual({
      id: expect.any(Number),
      sourceId: 'src-b',
      slug: 'toll-operator-wins-motorway-contract',
      title: 'Toll operator wins motorway contract',
      standfirst: 'A standfirst that sums the story up.',
      date: '2026-11-01T00:00:00.000Z',
      updated: new Date(NOW).toISOString(),
      url: 'https://news.example/news/toll-operator-wins-motorway-contract',
      section: { slug: 'tolling', name: 'Tolling' },
      sponsor: null,
    });
  });
  it.each([
    ['section=tolling', ['src-b']],
    ['tag=charging', ['src-a']],
    ['author=ann', ['src-a']],
    ['from=2026-10-15', ['src-b']],
    ['to=2026-10-10', ['src-a']],
    ['from=2026-10-01&to=2026-11-30', ['src-b', 'src-a']],
  ])('filters by %s', async (query, expected) => {
    const body = (await get(`/api/v1/articles?${query}`)).json();
    expect(body.articles.map((a: { sourceId: string }) => a.sourceId)).toEqual(expected);
  });
  it.each(['page=0', 'limit=1000', 'from=yesterday', 'page=x'])('400s bad input (%s) with the error envelope', async (query) => {
    const res = await get(`/api/v1/articles?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, code: 'MH_BAD_REQUEST', error: 'Bad Request', message: expect.any(String) });
  });
  it('404s an unknown section filter', async () => {
    expect((await get('/api/v1/articles?section=none')).json()).toMatchObject({ statusCode: 404, code: 'MH_NOT_FOUND' });
  });
  it('404s a page past the end', async () => {
    expect((await get('/api/v1/articles?page=9')).json()).toMatchObject({ statusCode: 404, code: 'MH_PAGE_OUT_OF_RANGE' });
  });
});

describe('/api/v1/articles/:slug', () => {
  it('returns one article with its body, links and read time', async () => {
    const body = (await get('/api/v1/articles/wireless-charging-trial-buses')).json();
    expect(body).toMatchObject({
      sourceId: 'src-a',
      slug: 'wireless-charging-trial-buses',
      readTimeMinutes: 1,
      tags: [{ slug: 'charging', name: 'Charging' }],
      authors: [{ slug: 'ann', name: 'Ann' }],
      companies: [],
      leadImage: null,
    });
    expect(body.bodyHtml).toContain('<strong>tolling</strong>');
  });
  it('404s drafts and unknown slugs', async () => {
    expect((await get('/api/v1/articles/draft-never-shown')).statusCode).toBe(404);
    expect((await get('/api/v1/articles/nope')).json()).toEqual({ statusCode: 404, code: 'MH_NOT_FOUND', error: 'Not Found', message: 'Article "nope" not found' });
  });
  it('gives related articles with scores and reasons', async () => {
    const res = await get('/api/v1/articles/wireless-charging-trial-buses/related');
    expect(res.statusCode).toBe(200);
    expect(Array.isArray(res.json())).toBe(true);
  });
});

describe('/api/v1/sections, /api/v1/search, /healthz', () => {
  it('lists sections with counts', async () => {
    expect((await get('/api/v1/sections')).json()).toEqual({
      sections: [
        { slug: 'electric-vehicles', name: 'Electric Vehicles', description: '', articles: 1 },
        { slug: 'tolling', name: 'Tolling', description: '', articles: 1 },
      ],
    });
  });
  it('searches in the contract shape', async () => {
    const body = (await get('/api/v1/search?q=wireless+charging')).json();
    expect(body.total).toBe(1);
    expect(body.hits[0]).toEqual({
      id: expect.any(Number),
      sourceId: 'src-a',
      slug: 'wireless-charging-trial-buses',
      title: 'Wireless charging trial for buses',
      date: '2026-10-10T00:00:00.000Z',
      score: expect.any(Number),
      snippet: expect.stringContaining('tolling'),
      sponsor: null,
    });
    expect(body.hits[0].score).toBeGreaterThan(0);
  });
  it('pages and limits search', async () => {
    const body = (await get('/api/v1/search?q=standfirst&limit=1&page=2')).json();
    expect(body.total).toBe(2);
    expect(body.hits).toHaveLength(1);
  });
  it('requires q', async () => {
    expect((await get('/api/v1/search')).statusCode).toBe(400);
  });
  it('reports health', async () => {
    expect((await get('/healthz')).json()).toMatchObject({ status: 'ok', database: TEST_DB, articles: 2 });
  });
  it('counts the articles again for health only after a change, and then at once', async () => {
    const own = await makeTestApp();
    try {
      let counted = 0;
      const count = own.store.articles.countPublished.bind(own.store.articles);
      own.store.articles.countPublished = (siteId?: number) => {
        counted++;
        return count(siteId);
      };
      const health = async () => (await own.http.inject({ method: 'GET', url: '/healthz' })).json().articles;
      expect(await health()).toBe(0);
      const story = article({ headline: 'Health counts this one' });
      const { id } = await own.pipeline.save(story);
      counted = 0;
      expect(await health()).toBe(1);
      expect(await health()).toBe(1);
      expect(await health()).toBe(1);
      expect(counted).toBe(1);
      await own.pipeline.save({ ...story, status: 'draft' }, id);
      counted = 0;
      expect(await health()).toBe(0);
      expect(await health()).toBe(0);
      expect(counted).toBe(1);
    } finally {
      await own.close();
    }
  });
  it('unknown API paths get the JSON envelope', async () => {
    expect((await get('/api/v1/nothing')).json()).toMatchObject({ statusCode: 404, code: 'MH_NOT_FOUND' });
  });
});

describe('/api/v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document generated from the route schemas', async () => {
    const doc = (await get('/api/v1/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/articles', '/api/v1/articles/{slug}', '/api/v1/articles/{slug}/related', '/api/v1/sections', '/api/v1/search', '/healthz']),
    );
    expect(doc.paths['/api/v1/search'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['q', 'page', 'limit']));
    expect(doc.paths['/api/v1/articles'].get.responses['200']).toBeDefined();
    // Only the API, health and readiness: the site's pages, the admin's forms and /metrics stay out of the document.
    expect(Object.keys(doc.paths).filter((p) => !p.startsWith('/api/') && p !== '/healthz' && p !== '/readyz')).toEqual([]);
  });
  it('declares a response schema on every API route', () => {
    const api = app.web.routes.filter((r) => r.url.startsWith('/api/') && r.url !== '/api/v1/openapi.json' && r.method === 'GET');
    expect(api.length).toBeGreaterThanOrEqual(5);
    expect(api.filter((r) => !r.hasResponseSchema)).toEqual([]);
  });
});
