import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, decodedBody, makeTestApp, NOW, type TestApp } from '../../test/support.ts';

let app: TestApp;
const site: string[] = [];
const api: string[] = [];

beforeAll(async () => {
  app = await makeTestApp();
  await app.directory.importCompanies([JSON.stringify({ id: 'c1', name: 'Voltline Systems', aliases: [] })]);
  await app.pipeline.save(article({ headline: 'Voltline Systems opens charging hubs', section: 'Freight', tags: ['Hubs'], authors: ['Ann Writer'], publishedAt: NOW - 86_400_000 }));
  await app.pipeline.save(article({ headline: 'Charging corridors planned', section: 'Freight', tags: ['Hubs'], authors: ['Ann Writer'], publishedAt: NOW - 2 * 86_400_000 }));
  const slug = (await app.catalog.latest(1)).items[0]!.slug;
  const month = new Date(NOW - 86_400_000);
  const ym = `${month.getUTCFullYear()}/${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
  // Every paged public route, and every API parameter that counts.
  site.push(
    '/news?page=',
    `/news/${slug}/related?page=`,
    '/sections/freight?page=',
    '/tags/hubs?page=',
    '/authors/ann-writer?page=',
    `/archive/${ym.slice(0, 4)}?page=`,
    `/archive/${ym}?page=`,
    '/companies?page=',
    '/companies?letter=v&page=',
    '/companies/voltline-systems?page=',
    '/search?q=charging&page=',
  );
  api.push(
    '/api/v1/articles?page=',
    '/api/v1/articles?limit=',
    '/api/v1/articles?section=freight&page=',
    '/api/v1/companies?page=',
    '/api/v1/companies?limit=',
    '/api/v1/companies/voltline-systems?page=',
    '/api/v1/search?q=charging&page=',
    '/api/v1/search?q=charging&limit=',
  );
}, 60_000);

afterAll(async () => {
  await app?.close();
});

const get = (url: string) => app.http.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br, gzip' } });
const INFINITE = ['1e309', 'Infinity', '-Infinity', '9'.repeat(400)];

describe('a page number too large to be a number', () => {
  it('is a 400 on every paged page, with a page that says why', async () => {
    for (const prefix of site) {
      expect((await get(`${prefix}1`)).statusCode, prefix).toBe(200);
      for (const value of INFINITE) {
        const res = await get(`${prefix}${value}`);
        expect(res.statusCode, `${prefix}${value}`).toBe(400);
        expect(res.headers['content-type'], `${prefix}${value}`).toMatch(/^text\/html/);
        expect(decodedBody(res), `${prefix}${value}`).toMatch(/querystring\/page must be/);
      }
    }
  }, 60_000);

  it('is a 400 on every API route, in the error envelope', async () => {
    for (const prefix of api) {
      expect((await get(`${prefix}1`)).statusCode, prefix).toBe(200);
      for (const value of INFINITE) {
        const res = await get(`${prefix}${value}`);
        expect(res.statusCode, `${prefix}${value}`).toBe(400);
        const body = JSON.parse(decodedBody(res)) as { code: string; message: string };
        expect(body.code, `${prefix}${value}`).toBe('MH_BAD_REQUEST');
        expect(body.message, `${prefix}${value}`).toMatch(/querystring\/(page|limit) must be/);
      }
    }
  }, 60_000);
});
