import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, makeTestApp, NOW, type TestApp } from '../../test/support.ts';

let app: TestApp;
beforeAll(async () => {
  app = await makeTestApp();
  await app.pipeline.save(article({ headline: 'Current story' }));
  await app.store.redirects.put('/node/123', '/news/current-story', 301, NOW);
  await app.store.redirects.put('/news/withdrawn-story', null, 410, NOW);
});
afterAll(async () => {
  await app.close();
});

const get = (url: string) => app.http.inject({ method: 'GET', url });

describe('redirects, 404 and 410', () => {
  it('redirects an old URL permanently', async () => {
    const res = await get('/node/123');
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe('/news/current-story');
  });
  it('redirects an old URL with a query string', async () => {
    expect((await get('/node/123?utm_source=x')).statusCode).toBe(301);
  });
  it('answers 410 with the site frame for removed content', async () => {
    const res = await get('/news/withdrawn-story');
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('<h1>This page has been removed</h1>');
    expect(res.body).toContain('Skip to main content');
  });
  it('answers 404 with the site frame, a search form and noindex', async () => {
    const res = await get('/no/such/page');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('<h1>Page not found</h1>');
    expect(res.body).toContain('<meta name="robots" content="noindex, follow"/>');
    expect(res.body).toContain('action="/search"');
  });
  it('escapes the requested path in the error page', async () => {
    const res = await get('/%3Cscript%3Ealert(1)%3C/script%3E');
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('<script>alert(1)');
  });
  it('answers an unsupported method with 404, not 500', async () => {
    const res = await app.http.inject({ method: 'DELETE', url: '/news/current-story' });
    expect(res.statusCode).toBe(404);
  });
});
