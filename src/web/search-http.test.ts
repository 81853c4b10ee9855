import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, makeTestApp, type TestApp } from '../../test/support.ts';

let app: TestApp;
beforeAll(async () => {
  app = await makeTestApp();
  await app.pipeline.save(article({ headline: 'Wireless charging for electric buses', body: 'Buses charge wirelessly at stops. <b>Bold</b> claims.', section: 'Electric Vehicles' }));
  await app.pipeline.save(article({ headline: 'Charging hubs open on motorways', body: 'Charge points for trucks.', section: 'Freight' }));
  await app.pipeline.save(article({ headline: 'Tolling gantries removed', body: 'Free-flow tolling arrives.', section: 'Tolling' }));
});
afterAll(async () => {
  await app.close();
});

const get = (url: string) => app.http.inject({ method: 'GET', url });
const search = async (q: string, extra = '') => (await get(`/api/v1/search?q=${encodeURIComponent(q)}${extra}`)).json() as { total: number; hits: { title: string; snippet: string }[] };

describe('search', () => {
  it('ranks a headline match first', async () => {
    const r = await search('wireless charging');
    expect(r.hits[0]!.title).toBe('Wireless charging for electric buses');
  });
  it('stems: "charging" finds "charge"', async () => {
    const r = await search('charging');
    expect(r.total).toBe(2);
  });
  it('matches quoted phrases only in order', async () => {
    expect((await search('"charging hubs"')).total).toBe(1);
    expect((await search('"hubs charging"')).total).toBe(0);
  });
  it('excludes words', async () => {
    const r = await search('charging -buses');
    expect(r.hits.map((h) => h.title)).toEqual(['Charging hubs open on motorways']);
  });
  it('relaxes to any word when all cannot match', async () => {
    const r = await search('tolling hyperloop');
    expect(r.hits.map((h) => h.title)).toEqual(['Tolling gantries removed']);
  });
  it('filters by section and sorts by date', async () => {
    expect((await search('charging', '&section=freight')).hits.map((h) => h.title)).toEqual(['Charging hubs open on motorways']);
    expect((await search('charging', '&section=unknown')).total).toBe(0);
    expect((await search('charging', '&sort=date')).total).toBe(2);
  });
  it.each(['"', '""', '-', '*', 'NEAR(', 'NEAR(a b', ')(', '-"x"', 'AND', 'a OR', '^x', 'col:x', '\'', '%', '\\', 'x'.repeat(10_000)])(
    'never fails on %j',
    async (q) => {
      const api = await get(`/api/v1/search?q=${encodeURIComponent(q)}`);
      expect(api.statusCode).toBe(200);
      const page = await get(`/search?q=${encodeURIComponent(q)}`);
      expect(page.statusCode).toBe(200);
    },
  );
  it('highlights matches on the page with article markup escaped', async () => {
    const res = await get('/search?q=bold');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('&lt;b&gt;<mark>Bold</mark>&lt;/b&gt;'.replace('&lt;b&gt;', '').replace('&lt;/b&gt;', ''));
    expect(res.body).not.toContain('<b>Bold</b>');
  });
  it('shows an accessible form with the query kept', async () => {
    const res = await get('/search?q=toll%22%3Cx%3E');
    expect(res.body).toContain('<label for="search-q">Search for</label>');
    expect(res.body).toContain('value="toll&quot;&lt;x>"');
  });
  it('shows the empty form without a query', async () => {
    const res = await get('/search');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Search</h1>');
  });
});
