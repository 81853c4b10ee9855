import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { article, makeTestApp, type TestApp } from '../../test/support.ts';
import { makePage, PageCache } from './cache/index.ts';

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
  it('answers hits in every coding with that coding’s own length, one after another, and HEAD with the same headers', async () => {
    address ??= await app.http.listen({ port: 0, host: '127.0.0.1' });
    const raw = (coding: string, method = 'GET') =>
      new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        http
          .request(`${address}/news/cached-story`, { method, headers: { 'accept-encoding': coding } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          })
          .on('error', reject)
          .end();
      });
    const decode = { identity: (b: Buffer) => b, br: zlib.brotliDecompressSync, gzip: zlib.gunzipSync } as const;
    const plain = await raw('identity');
    expect(plain.headers['x-cache']).toBe('MISS');
    // Each coding twice, interleaved: the first hit of a coding builds its headers, the second reuses them.
    for (const coding of ['identity', 'br', 'gzip', 'br', 'identity', 'gzip'] as const) {
      const res = await raw(coding);
      expect(res.headers['x-cache'], coding).toBe('HIT');
      expect(res.headers['content-encoding'], coding).toBe(coding === 'identity' ? undefined : coding);
      expect(Number(res.headers['content-length']), coding).toBe(res.body.length);
      expect(decode[coding](res.body).equals(plain.body), coding).toBe(true);
      expect(res.headers['content-security-policy']).toContain("script-src 'none'");
      expect(res.headers.vary).toBe('Accept-Encoding');
    }
    const head = await raw('br', 'HEAD');
    const get = await raw('br');
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    expect(head.headers['x-cache']).toBe('HIT');
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
  it('purges only the pages a publish touches, and names them in Surrogate-Key and Cache-Tag', async () => {
    await app.pipeline.save(article({ sourceId: 'f', headline: 'Harvest festival', section: 'Farming', body: 'Farmers gather apples.', tags: [], authors: ['Bo Grower'] }));
    const id = (await app.store.articles.findBySourceId('c'))!.id;
    const page = await fetchPage('/news/cached-story');
    expect(page.headers.get('surrogate-key')?.split(' ')).toContain(`article:${id}`);
    expect((await fetchPage('/sections/rail')).headers.get('cache-tag')?.split(',')).toEqual(expect.arrayContaining(['section:rail', `article:${id}`, 'all']));
    for (const path of ['/news/cached-story', '/news/harvest-festival', '/sections/rail', '/sections/farming']) await fetchPage(path);
    await app.pipeline.save(article({ sourceId: 'c', headline: 'Cached story, updated', section: 'Rail' }));
    // The listeners' purge reads the article's places first; the cache serves nothing meanwhile.
    const updated = await fetchPage('/news/cached-story');
    expect(await updated.text()).toContain('Cached story, updated');
    const rail = await fetchPage('/sections/rail');
    expect(rail.headers.get('x-cache')).toBe('MISS');
    // The other article's page lists this one as related (it names it), so it goes too; its section's list stays.
    expect((await fetchPage('/news/harvest-festival')).headers.get('x-cache')).toBe('MISS');
    expect((await fetchPage('/sections/farming')).headers.get('x-cache')).toBe('HIT');
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

describe('page cache keys and bounds', () => {
  const browser = { 'accept-encoding': 'br, gzip' };

  it('keeps one entry for an article however many tracking parameters it is asked with', async () => {
    for (let i = 0; i < 400; i++) {
      const res = await fetchPage(`/news/cached-story?utm_source=${i}`, browser);
      expect(res.status).toBe(200);
      if (i > 0) expect(res.headers.get('x-cache')).toBe('HIT');
      await res.arrayBuffer();
    }
    expect(app.pageCache.size).toBe(1);
    expect((await fetchPage('/news/cached-story', browser)).headers.get('x-cache')).toBe('HIT');
  }, 120_000);

  it('keys list pages on ?page= alone', async () => {
    for (let i = 0; i < 6; i++) await app.pipeline.save(article({ section: 'Rail' }));
    const first = await fetchPage('/sections/rail?page=2&utm_medium=email', browser);
    expect(first.headers.get('x-cache')).toBe('MISS');
    const again = await fetchPage('/sections/rail?utm_campaign=x&page=2', browser);
    expect(again.headers.get('x-cache')).toBe('HIT');
    expect(await again.text()).toBe(await first.text());
    // Another page is another entry.
    expect((await fetchPage('/sections/rail?page=1', browser)).headers.get('x-cache')).toBe('MISS');
    expect(app.pageCache.size).toBe(2);
  });

  it('still sends the home page’s short links on once the home page is cached', async () => {
    await fetchPage('/?utm_source=x', browser);
    expect((await fetchPage('/?utm_source=y', browser)).headers.get('x-cache')).toBe('HIT');
    const shortLink = await fetchPage('/?p=12345', browser);
    expect(shortLink.status).toBe(404);
    expect(shortLink.headers.get('x-cache')).toBeNull();
  });

  it('stays within PAGE_CACHE_BYTES, compressed variants included', async () => {
    await app.close();
    app = await makeTestApp({ PAGE_CACHE_BYTES: String(40 * 1024) });
    address = undefined;
    for (let i = 0; i < 12; i++) await app.pipeline.save(article({ headline: `Bounded story ${i}`, body: `${'A paragraph of words. '.repeat(200)}` }));
    for (let i = 0; i < 12; i++) {
      await (await fetchPage(`/news/bounded-story-${i}`, browser)).arrayBuffer();
      expect(app.pageCache.bytes).toBeLessThanOrEqual(40 * 1024);
    }
    expect(app.pageCache.size).toBeGreaterThan(0);
    expect(app.pageCache.size).toBeLessThan(12);
    // The newest stays; the first went.
    expect((await fetchPage('/news/bounded-story-11', browser)).headers.get('x-cache')).toBe('HIT');
    expect((await fetchPage('/news/bounded-story-0', browser)).headers.get('x-cache')).toBe('MISS');
  });
});

describe('PageCache eviction', () => {
  const req = (url: string) => ({ method: 'GET', url, headers: { 'accept-encoding': 'br, gzip' } }) as unknown as IncomingMessage;
  const res = () => ({ writeHead() {}, end() {} }) as unknown as ServerResponse;
  const page = (text: string) => makePage(200, 'text/html', text, undefined);

  it('evicts the least recently used page, not the oldest', () => {
    const one = page('x'.repeat(2000));
    const cache = new PageCache(100, 3 * (one.body.length + 1024) + 100);
    cache.set('/a', page('a'.repeat(2000)), []);
    cache.set('/b', page('b'.repeat(2000)), []);
    cache.set('/c', page('c'.repeat(2000)), []);
    expect(cache.size).toBe(3);
    cache.tryServe(req('/a?utm=1'), res()); // /a is used (and gains a small brotli variant)
    cache.set('/d', page('d'.repeat(2000)), []);
    expect(cache.get('/a')).toBeDefined();
    expect(cache.get('/b')).toBeUndefined();
    expect(cache.get('/d')).toBeDefined();
  });

  it('counts compressed variants and keeps no page larger than the bound', () => {
    const cache = new PageCache(100, 10_000);
    cache.set('/huge', page('h'.repeat(20_000)), []);
    expect(cache.size).toBe(0);
    cache.set('/a', page('<p>words</p>'.repeat(500)), []);
    const before = cache.bytes;
    cache.tryServe(req('/a'), res());
    expect(cache.bytes).toBeGreaterThan(before);
  });

  it('holds each compressed variant in memory of its own size, as it counts it', () => {
    const cache = new PageCache(100);
    cache.set('/a', page('<p>an article of words, words and more words</p>'.repeat(400)), []);
    const gzipReq = { method: 'GET', url: '/a', headers: { 'accept-encoding': 'gzip' } } as unknown as IncomingMessage;
    cache.tryServe(req('/a'), res());
    cache.tryServe(gzipReq, res());
    const kept = cache.get('/a')!;
    // zlib's sync calls return a view of a 16 KiB chunk; a few hundred bytes must not hold it all.
    for (const variant of [kept.br!, kept.gzip!]) {
      expect(variant.length).toBeLessThan(4096);
      expect(variant.buffer.byteLength).toBe(variant.length);
    }
    expect(zlib.brotliDecompressSync(kept.br!).equals(kept.body)).toBe(true);
    expect(zlib.gunzipSync(kept.gzip!).equals(kept.body)).toBe(true);
  });

  it('holds what it knows of paths only for the pages it holds, however many distinct paths a crawler asks for', () => {
    const cache = new PageCache(10);
    for (let i = 0; i < 5000; i++) cache.set(`/news/made-up-${i}`, page(`page ${i}`), []);
    expect(cache.size).toBe(10);
    expect(cache.knownPaths).toBe(10);
    // Two entries of one path (a list page's ?page=N): the path stays known until the last goes.
    cache.set('/news', page('one'), ['page']);
    cache.set('/news?page=2', page('two'), ['page']);
    cache.purge([]);
    expect(cache.knownPaths).toBe(0);
    cache.set('/news', page('one'), ['page']);
    cache.set('/news?page=2', page('two'), ['page']);
    for (let i = 0; i < 9; i++) cache.set(`/x${i}`, page('x'), []);
    expect(cache.get('/news')).toBeUndefined();
    expect(cache.tryServe(req('/news?page=2&utm=1'), res())).toBe(true);
    cache.clear();
    expect(cache.knownPaths).toBe(0);
  });
});
