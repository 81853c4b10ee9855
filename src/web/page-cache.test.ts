import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { article, makeTestApp, type TestApp } from '../../test/support.ts';

let app: TestApp;
let address: string | undefined;
beforeEach(async () => {
  app = await makeTestApp();
  address = undefined;
  await app.pipeline.save(article({ sourceId: 'c', headline: 'Cached story', section: 'Rail' }));
});
afterEach(async () => {
  await app.close();
});

/** Requests through a real socket: cache hits are answered before Fastify, which inject() skips. */
async function fetchPage(path: string, headers: Record<string, string> = {}) {
  address ??= await app.http.listen({ port: 0, host: '127.0.0.1' });
  return fetch(`${address}${path}`, { headers });
}

describe('page cache and HTTP caching', () => {
  it('serves the second request from the cache', async () => {
    const first = await fetchPage('/news/cached-story');
    expect(first.headers.get('x-cache')).toBe('MISS');
    const second = await fetchPage('/news/cached-story');
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(await second.text()).toBe(await first.text());
  });
  it('sends ETag, Last-Modified, Cache-Control and answers 304 to a matching If-None-Match', async () => {
    const first = await fetchPage('/news/cached-story');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    expect(first.headers.get('last-modified')).toMatch(/GMT$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=600, stale-if-error=86400');
    const again = await fetchPage('/news/cached-story', { 'if-none-match': etag });
    expect(again.status).toBe(304);
  });
  it('compresses for readers that accept it', async () => {
    const br = await fetchPage('/news/cached-story', { 'accept-encoding': 'br' });
    expect(br.headers.get('content-encoding')).toBe('br');
    const gz = await fetchPage('/news/cached-story', { 'accept-encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(await gz.text()).toContain('<h1>Cached story</h1>');
  });
  it('sends a Content-Security-Policy on pages', async () => {
    const res = await fetchPage('/');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
  it('is emptied when content is published', async () => {
    await fetchPage('/');
    expect((await fetchPage('/')).headers.get('x-cache')).toBe('HIT');
    await app.pipeline.save(article({ headline: 'Breaking news arrives' }));
    const after = await fetchPage('/');
    expect(after.headers.get('x-cache')).toBe('MISS');
    expect(await after.text()).toContain('Breaking news arrives');
  });
  it('follows another node’s change through the content version', async () => {
    await fetchPage('/');
    expect(app.pageCache.size).toBeGreaterThan(0);
    // Another node's publish shows up here only as a new content version in the database.
    await app.store.state.bumpContentVersion();
    const t0 = Date.now();
    while (app.pageCache.size > 0 && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 25));
    expect(app.pageCache.size).toBe(0);
  });
  it('does not cache errors', async () => {
    await fetchPage('/news/missing');
    expect((await fetchPage('/news/missing')).headers.get('x-cache')).toBeNull();
  });
  it('can be turned off', async () => {
    await app.close();
    app = await makeTestApp({ PAGE_CACHE: 'off' });
    address = undefined;
    await app.pipeline.save(article({ headline: 'Uncached' }));
    await fetchPage('/news/uncached');
    expect((await fetchPage('/news/uncached')).headers.get('x-cache')).toBe('MISS');
  });
});
