import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, makeTestApp, NOW, type TestApp } from '../../test/support.ts';

// Lists' totals and the sitemap's latest change are kept per content version (catalog's
// VersionMemo): with the page cache off, every page after a publish must show it at once.
let app: TestApp;
beforeAll(async () => {
  app = await makeTestApp({ PAGE_CACHE: 'off' });
  for (let i = 0; i < 5; i++) await app.pipeline.save(article({ section: 'Rail', publishedAt: NOW - (i + 1) * 3600_000 }));
});
afterAll(async () => {
  await app.close();
});

const get = (url: string) => app.http.inject({ method: 'GET', url });
const total = async (url: string) => (JSON.parse((await get(url)).body) as { total: number; pages: number }).total;
const lastmod = async () => /<lastmod>([^<]+)<\/lastmod>/.exec((await get('/sitemap.xml')).body)?.[1];

describe('list totals after a change', () => {
  it('count a publish and an unpublish on the next request, in lists, pagers and the sitemap', async () => {
    expect(await total('/api/v1/articles')).toBe(5);
    expect(await total('/api/v1/articles?section=rail')).toBe(5);
    expect((await get('/news?page=2')).statusCode).toBe(404);
    const before = await lastmod();

    app.clock.now = NOW + 60_000;
    const saved = await app.pipeline.save(article({ section: 'Rail', publishedAt: NOW }));
    expect(await total('/api/v1/articles')).toBe(6);
    expect(await total('/api/v1/articles?section=rail')).toBe(6);
    expect((await get('/news?page=2')).statusCode).toBe(200);
    expect(await lastmod()).toBe(new Date(NOW + 60_000).toISOString());
    expect(await lastmod()).not.toBe(before);

    await app.pipeline.save({ ...article({ section: 'Rail', publishedAt: NOW }), slug: saved.slug, status: 'draft' }, saved.id);
    expect(await total('/api/v1/articles')).toBe(5);
    expect((await get('/news?page=2')).statusCode).toBe(404);
  });
});
