import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../../test/support.ts';

let app: TestApp;
beforeAll(async () => {
  app = await makeTestApp();
  await app.store.pages.upsert('about-us/history', 'History', '<p>Since 1921.</p>', app.clock.now, 'html');
});
afterAll(async () => {
  await app.close();
});

const get = (url: string) => app.http.inject({ method: 'GET', url, headers: { accept: 'text/html', 'accept-encoding': 'br, gzip' } });

describe('/pages/ with a trailing slash', () => {
  it('redirects to the page without it (WordPress wrote every page URL with one)', async () => {
    const res = await get('/pages/about-us/history/');
    expect([res.statusCode, res.headers.location]).toEqual([301, '/pages/about-us/history']);
    expect((await get('/pages/about-us/history')).statusCode).toBe(200);
  });

  it('still refuses what is not a page path', async () => {
    expect((await get('/pages/about-us//')).statusCode).toBe(400);
    expect((await get('/pages/%2F%2Fevil.example/')).statusCode).toBe(400);
  });
});
