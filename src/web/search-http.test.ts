import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, makeTestApp, NOW, type TestApp } from '../../test/support.ts';

let app: TestApp;
beforeAll(async () => {
  app = await makeTestApp();
  await app.directory.importCompanies([
    JSON.stringify({ id: 'c1', name: 'Voltline Systems', aliases: ['Voltline'] }),
    JSON.stringify({ id: 'c2', name: 'Gantry Works', aliases: [] }),
    JSON.stringify({ id: 'c3', name: 'Volta Freight', aliases: [] }),
  ]);
  await app.pipeline.save(
    article({
      headline: 'Wireless charging for electric buses',
      body: 'Buses charge wirelessly at stops, says Voltline Systems. <b>Bold</b> claims.',
      section: 'Electric Vehicles',
      tags: ['Charging'],
      authors: ['Ann Writer'],
      publishedAt: NOW - 1 * 86_400_000,
    }),
  );
  await app.pipeline.save(
    article({ headline: 'Charging hubs open on motorways', body: 'Charge points for trucks, built by Voltline Systems.', section: 'Freight', tags: ['Hubs'], authors: ['Bob Writer'], publishedAt: NOW - 2 * 86_400_000 }),
  );
  await app.pipeline.save(
    article({ headline: 'Tolling gantries removed', body: 'Free-flow tolling arrives; Gantry Works takes the gantries down.', section: 'Tolling', publishedAt: Date.UTC(2020, 0, 15) }),
  );
});
afterAll(async () => {
  await app.close();
});

const get = (url: string) => app.http.inject({ method: 'GET', url });
type ApiResult = { total: number; hits: { title: string; snippet: string }[]; correctedQuery?: string; facets: { sections: { slug: string; name: string; count: number }[]; companies: { slug: string; name: string; count: number }[] } };
const search = async (q: string, extra = '') => (await get(`/api/v1/search?q=${encodeURIComponent(q)}${extra}`)).json() as ApiResult;
const page = async (q: string, extra = '') => (await get(`/search?q=${encodeURIComponent(q)}${extra}`)).body;

describe('/api/v1/search', () => {
  it('ranks a headline match first, in the contract shape', async () => {
    const r = await search('wireless charging');
    expect(r.hits[0]!.title).toBe('Wireless charging for electric buses');
    expect(Object.keys(r).sort()).toEqual(['facets', 'hits', 'total']);
    // The CLI's contract fields, and the sponsor (sponsored content) that the API adds.
    expect(Object.keys(r.hits[0]!).sort()).toEqual(['date', 'id', 'score', 'slug', 'snippet', 'sourceId', 'sponsor', 'title']);
  });
  it('stems: "charging" finds "charge"', async () => {
    expect((await search('charging')).total).toBe(2);
  });
  it('matches quoted phrases only in order', async () => {
    expect((await search('"charging hubs"')).total).toBe(1);
    expect((await search('"hubs charging"')).total).toBe(0);
  });
  it('excludes words', async () => {
    expect((await search('charging -buses')).hits.map((h) => h.title)).toEqual(['Charging hubs open on motorways']);
  });
  it('relaxes to any word when all cannot match', async () => {
    expect((await search('tolling hyperloop')).hits.map((h) => h.title)).toEqual(['Tolling gantries removed']);
  });
  it.each([
    ['&section=freight', ['Charging hubs open on motorways']],
    ['&company=voltline-systems', ['Wireless charging for electric buses', 'Charging hubs open on motorways']],
    ['&tag=charging', ['Wireless charging for electric buses']],
    ['&author=bob-writer', ['Charging hubs open on motorways']],
    [`&from=${new Date(NOW - 86_400_000).toISOString().slice(0, 10)}`, ['Wireless charging for electric buses']],
    [`&to=${new Date(NOW - 2 * 86_400_000).toISOString().slice(0, 10)}`, ['Charging hubs open on motorways']],
    ['&section=unknown', []],
    ['&company=nobody', []],
  ])('filters with %s', async (extra, titles) => {
    expect((await search('charging', extra)).hits.map((h) => h.title).sort()).toEqual(titles.sort());
  });
  it('sorts by date', async () => {
    expect((await search('charging', '&sort=date')).hits.map((h) => h.title)).toEqual(['Wireless charging for electric buses', 'Charging hubs open on motorways']);
  });
  it('adds section and company facets over the whole match set', async () => {
    const r = await search('charging', '&limit=1');
    expect(r.hits).toHaveLength(1);
    expect(r.facets).toEqual({
      sections: [
        { slug: 'electric-vehicles', name: 'Electric Vehicles', count: 1 },
        { slug: 'freight', name: 'Freight', count: 1 },
      ],
      companies: [{ slug: 'voltline-systems', name: 'Voltline Systems', count: 2 }],
    });
  });
  it('corrects an unknown word and says so, unless asked not to', async () => {
    const r = await search('wireles chargng');
    expect(r.correctedQuery).toBe('wireless charging');
    expect(r.hits.map((h) => h.title)).toEqual(['Wireless charging for electric buses']);
    const exact = await search('wireles chargng', '&correct=false');
    expect(exact).toEqual({ total: 0, hits: [], facets: { sections: [], companies: [] } });
    expect((await search('charging')).correctedQuery).toBeUndefined();
  });
  it('refuses a malformed date or sort with a 400 envelope, never a 500', async () => {
    for (const extra of ['&from=2020-13-45', '&to=yesterday', '&sort=best', '&page=0', '&limit=1000']) {
      const res = await get(`/api/v1/search?q=x${extra}`);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ statusCode: 400, code: 'MH_BAD_REQUEST' });
    }
  });
});

describe('/api/v1/suggest', () => {
  it('suggests headlines by the prefix of the last word, and companies by name or alias', async () => {
    const res = await get('/api/v1/suggest?q=volt');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      articles: [],
      // The alias "Voltline" is the closest to what was typed.
      companies: [
        { id: expect.any(Number), slug: 'voltline-systems', name: 'Voltline Systems', url: 'https://news.example/companies/voltline-systems' },
        { id: expect.any(Number), slug: 'volta-freight', name: 'Volta Freight', url: 'https://news.example/companies/volta-freight' },
      ],
    });
    const charg = (await get('/api/v1/suggest?q=hubs%20op')).json();
    expect(charg.articles).toEqual([
      {
        id: expect.any(Number),
        sourceId: null,
        slug: 'charging-hubs-open-motorways',
        title: 'Charging hubs open on motorways',
        date: new Date(NOW - 2 * 86_400_000).toISOString(),
        url: 'https://news.example/news/charging-hubs-open-motorways',
      },
    ]);
    expect((await get('/api/v1/suggest?q=ch')).json().articles.map((a: { title: string }) => a.title)).toEqual(['Charging hubs open on motorways', 'Wireless charging for electric buses']);
  });
  it('declares its response schema', () => {
    expect(app.web.routes.filter((r) => r.method === 'GET' && (r.url === '/api/v1/suggest' || r.url === '/api/v1/search'))).toEqual([
      { method: 'GET', url: '/api/v1/search', hasResponseSchema: true },
      { method: 'GET', url: '/api/v1/suggest', hasResponseSchema: true },
    ]);
  });
  it('is in the OpenAPI document', async () => {
    const doc = (await get('/api/v1/openapi.json')).json();
    expect(doc.paths['/api/v1/suggest'].get.responses['200']).toBeDefined();
    expect(doc.paths['/api/v1/search'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['q', 'company', 'tag', 'author', 'from', 'to', 'correct']));
  });
  it('requires q', async () => {
    expect((await get('/api/v1/suggest')).statusCode).toBe(400);
  });
});

describe('malformed queries', () => {
  it.each(['"', '""', '-', '*', 'NEAR(', 'NEAR(a b', ')(', '-"x"', 'AND', 'a OR', '^x', 'col:x', 'headline:x', '{headline}: x', "'", '%', '\\', '\u0000', 'x'.repeat(10_000), '1,000', '1.5', '10,000 trucks', '1,', 'a-b c.d'])(
    'never fail on %j',
    async (q) => {
      const e = encodeURIComponent(q);
      for (const url of [`/api/v1/search?q=${e}`, `/api/v1/search?q=${e}&section=freight&company=voltline-systems&sort=date`, `/api/v1/suggest?q=${e}`, `/search?q=${e}`, `/search?q=${e}&tag=charging&from=2020-01-01`]) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(200);
      }
    },
  );
});

describe('/search page', () => {
  it('highlights matches with article markup escaped', async () => {
    const body = await page('bold');
    expect(body).toContain('&lt;b&gt;<mark>Bold</mark>&lt;/b&gt;');
    expect(body).not.toContain('<b>Bold</b>');
  });
  it('shows an accessible form with the query kept', async () => {
    const body = await page('toll"<x>');
    expect(body).toContain('<label for="search-q">Search for</label>');
    expect(body).toContain('value="toll&quot;&lt;x>"');
    expect(body).toContain('<label for="search-from">From</label>');
  });
  it('shows the empty form without a query', async () => {
    const res = await get('/search');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Search</h1>');
  });
  it('shows facets as links, the current one marked with aria-current and a link that removes it', async () => {
    const all = await page('charging');
    expect(all).toContain('<h2 id="refine-heading">Refine results</h2>');
    expect(all).toContain('<a href="/search?q=charging&amp;section=freight">Freight <span class="count">(1)</span></a>');
    expect(all).toContain('<a href="/search?q=charging&amp;company=voltline-systems">Voltline Systems <span class="count">(2)</span></a>');
    const freight = await page('charging', '&section=freight');
    expect(freight).toContain('<a href="/search?q=charging&amp;section=freight" aria-current="true">Freight <span class="count">(1)</span></a>');
    expect(freight).toContain('<a href="/search?q=charging">Remove<span class="visually-hidden"> filter Section: Freight</span></a>');
  });
  it('lists the active filters with names, each removable, and keeps them across pages and corrections', async () => {
    const body = await page('charging', '&company=voltline-systems&tag=charging&from=2026-01-01');
    expect(body).toContain('aria-label="Active filters"');
    expect(body).toContain('Company: Voltline Systems');
    expect(body).toContain('Tag: Charging');
    expect(body).toContain('<a href="/search?q=charging&amp;company=voltline-systems&amp;from=2026-01-01">Remove<span class="visually-hidden"> filter Tag: Charging</span></a>');
    expect(body).toContain('<input type="hidden" name="company" value="voltline-systems"/>');
  });
  it('says "Showing results for" a corrected query, with a link to search the original instead', async () => {
    const body = await page('chargng', '&section=freight');
    expect(body).toContain('Showing results for <a href="/search?q=charging&amp;section=freight"><strong>charging</strong></a>');
    expect(body).toContain('<a href="/search?q=chargng&amp;section=freight&amp;correct=false">Search instead for “chargng”</a>');
    const original = await page('chargng', '&correct=false');
    expect(original).not.toContain('Showing results for');
    expect(original).toContain('0 results');
  });
  it('ignores an empty or malformed date from the form', async () => {
    const res = await get('/search?q=charging&section=&from=&to=31/12/2020');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('2 results');
  });
  it('pages with the query and filters kept', async () => {
    await app.pipeline.save(article({ headline: 'More charging news', body: 'Charging.', section: 'Freight' }));
    for (let i = 0; i < 4; i++) await app.pipeline.save(article({ headline: `Charging story ${i}`, body: 'Charging.', section: 'Freight' }));
    const body = await page('charging', '&section=freight&sort=date');
    expect(body).toContain('<a href="/search?q=charging&amp;section=freight&amp;sort=date&amp;page=2" rel="next">');
  });
});

describe('suggest with numbers and punctuation', () => {
  it('finds a headline by a number with separators, typed whole or in part', async () => {
    await app.pipeline.save(article({ headline: 'Fleet orders 10,000 trucks at 1.5 million each', body: 'Numbers.', section: 'Freight' }));
    const titles = async (q: string) => (await get(`/api/v1/suggest?q=${encodeURIComponent(q)}`)).json().articles.map((a: { title: string }) => a.title);
    for (const q of ['10,000', '10,000 tr', '1.5', '1.5 mil', '10,0']) expect(await titles(q), q).toEqual(['Fleet orders 10,000 trucks at 1.5 million each']);
    expect(await titles('10,001')).toEqual([]);
  });

  it('finds a headline with accents typed with or without them', async () => {
    await app.pipeline.save(article({ headline: 'Škoda’s café fleet goes electric', body: 'Accents.', section: 'Freight' }));
    const titles = async (q: string) => (await get(`/api/v1/suggest?q=${encodeURIComponent(q)}`)).json().articles.map((a: { title: string }) => a.title);
    for (const q of ['Škoda', 'skoda', 'café fl', 'cafe', 'Škod']) expect(await titles(q), q).toEqual(['Škoda’s café fleet goes electric']);
  });
});
