import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, makeTestApp, NOW, TEST_DB, type TestApp } from '../../test/support.ts';
import type { SearchQuery, SearchRequest } from '../store/index.ts';

/**
 * A site's search is the installation's search restricted to the site's articles (home or
 * cross-published there): the same matches, count and order, whichever path the engine takes
 * for the site filter.
 */

let app: TestApp;
let bSiteId: number;
/** Published article ids on each site (home or cross-published). */
const onSite = new Map<number, Set<number>>();

const WORDS = ['tolling', 'bridge', 'motorway', 'pricing'];

beforeAll(async () => {
  app = await makeTestApp();
  bSiteId = (await app.sites.add({ name: 'Highways Today', hosts: ['highways.example'] })).id;
  onSite.set(1, new Set());
  onSite.set(bSiteId, new Set());
  // Stories on either site, some cross-published to the other, with the query words in different
  // places and numbers (distinct scores), and a draft on each site that no search may find.
  for (let i = 0; i < 30; i++) {
    const home = i % 3 === 1 ? bSiteId : 1;
    const other = home === 1 ? bSiteId : 1;
    const cross = i % 5 === 0;
    const word = WORDS[i % WORDS.length]!;
    const saved = await app.pipeline.save(
      article({
        headline: `${i % 2 ? word : 'Road'} story ${i}`,
        body: `${`${word} `.repeat(1 + (i % 4))}and road pricing on the network, story ${i}.`,
        siteId: home,
        ...(cross ? { alsoOn: [other] } : {}),
        publishedAt: NOW - (i % 7) * 3600_000 - i * 60_000,
      }),
    );
    onSite.get(home)!.add(saved.id);
    if (cross) onSite.get(other)!.add(saved.id);
  }
  await app.pipeline.save(article({ headline: 'Tolling draft', status: 'draft' }));
  await app.pipeline.save(article({ headline: 'Tolling draft', status: 'draft', siteId: bSiteId }));
});
afterAll(async () => {
  await app?.close();
});

const query = (...words: string[]): SearchQuery => ({ words: words.map((text) => ({ text, prefix: false })), phrases: [], excluded: [], mode: 'all' });

describe('a site’s search', () => {
  const cases: { name: string; q: SearchQuery; sort: 'relevance' | 'date'; limit: number; offset: number }[] = [
    { name: 'one word by relevance', q: query('tolling'), sort: 'relevance', limit: 50, offset: 0 },
    { name: 'two words by relevance', q: query('road', 'pricing'), sort: 'relevance', limit: 50, offset: 0 },
    { name: 'a second page by relevance', q: query('pricing'), sort: 'relevance', limit: 4, offset: 4 },
    { name: 'by date', q: query('road'), sort: 'date', limit: 50, offset: 0 },
    { name: 'a second page by date', q: query('story'), sort: 'date', limit: 3, offset: 3 },
  ];
  for (const c of cases) {
    it(`is the unfiltered search restricted to the site: ${c.name}`, async () => {
      const base: SearchRequest = { query: c.q, sort: c.sort, limit: 1000, offset: 0, withIds: true };
      const all = await app.store.search.search(base);
      expect(all.total).toBeGreaterThan(6);
      for (const [siteId, ids] of onSite) {
        const mine = await app.store.search.search({ ...base, siteId });
        const expected = all.hits.map((h) => h.id).filter((id) => ids.has(id));
        expect(mine.total).toBe(expected.length);
        expect([...(mine.ids ?? [])]).toEqual([...(all.ids ?? [])].filter((id) => ids.has(id)));
        expect(mine.hits.map((h) => h.id)).toEqual(expected);
        expect(mine.hits.map((h) => h.score)).toEqual(all.hits.filter((h) => ids.has(h.id)).map((h) => h.score));
        const page = await app.store.search.search({ ...base, siteId, limit: c.limit, offset: c.offset, withIds: false });
        expect(page.hits.map((h) => h.id)).toEqual(expected.slice(c.offset, c.offset + c.limit));
      }
    });
  }

  it('follows an article cross-published later, and one no longer', async () => {
    const story = await app.pipeline.save(article({ headline: 'Quarantined viaduct story', siteId: 1 }));
    const find = async (siteId: number) => (await app.store.search.search({ query: query('viaduct'), sort: 'relevance', limit: 10, offset: 0, siteId })).hits.map((h) => h.id);
    expect(await find(bSiteId)).toEqual([]);
    expect(await find(1)).toEqual([story.id]);
    await app.pipeline.save(article({ headline: 'Quarantined viaduct story', siteId: 1, alsoOn: [bSiteId] }), story.id);
    expect(await find(bSiteId)).toEqual([story.id]);
    await app.pipeline.save(article({ headline: 'Quarantined viaduct story', siteId: 1, alsoOn: [] }), story.id);
    expect(await find(bSiteId)).toEqual([]);
    expect(await find(1)).toEqual([story.id]);
  });

  it('keeps each match’s home site on the narrow row the engine matches on, so the site filter reads no article row', async () => {
    // SQLite: article_search_facts (migration 0035); PostgreSQL: article_search_terms (0039).
    const table = TEST_DB === 'postgres' ? sql`article_search_terms` : sql`article_search_facts`;
    const id = TEST_DB === 'postgres' ? sql`t.article_id` : sql`t.id`;
    const wrong = async () =>
      (await sql<{ n: number }>`SELECT count(*) AS n FROM ${table} t JOIN articles a ON a.id = ${id} WHERE t.site_id <> a.site_id`.execute(app.store.db)).rows[0]!.n;
    const rows = async () => (await sql<{ n: number }>`SELECT count(*) AS n FROM ${table} t WHERE t.site_id = ${bSiteId}`.execute(app.store.db)).rows[0]!.n;
    expect(Number(await wrong())).toBe(0);
    expect(Number(await rows())).toBe(10);
    // A story that moves home follows.
    const moved = await app.pipeline.save(article({ headline: 'Relocated flyover story', siteId: 1 }));
    await app.pipeline.save(article({ headline: 'Relocated flyover story', siteId: bSiteId }), moved.id);
    expect(Number(await wrong())).toBe(0);
    const find = async (siteId: number) => (await app.store.search.search({ query: query('flyover'), sort: 'relevance', limit: 10, offset: 0, siteId })).hits.map((h) => h.id);
    expect(await find(bSiteId)).toEqual([moved.id]);
    expect(await find(1)).toEqual([]);
  });

  it('suggests as you type a full list of the site’s own headlines when it has them', async () => {
    // The other site's matches are newer: a list cut before the site filter would leave B few or none.
    for (let i = 0; i < 9; i++) await app.pipeline.save(article({ headline: `Causeway repairs on B, part ${i}`, siteId: bSiteId, publishedAt: NOW - 90 * 86_400_000 + i }));
    for (let i = 0; i < 9; i++) await app.pipeline.save(article({ headline: `Causeway tolls on A, part ${i}`, siteId: 1 }));
    const b = await app.search.suggest('causew', bSiteId);
    expect(b.articles).toHaveLength(8);
    expect(b.articles.every((a) => a.headline.includes('on B'))).toBe(true);
    const a = await app.search.suggest('causeway', 1);
    expect(a.articles).toHaveLength(8);
    expect(a.articles.every((x) => x.headline.includes('on A'))).toBe(true);
  });
});
