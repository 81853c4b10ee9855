import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { article, makeTestApp, NOW, type TestApp } from '../../test/support.ts';
import { MOST_READ_TTL_MS } from '../most-read/index.ts';
import { dayOf } from '../store/index.ts';
import { VIEWS_PER_MINUTE } from './site/view-beacon.ts';

const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
/** What Chromium sends for a page, and for an image on it. */
const PAGE = { 'user-agent': CHROME, accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8', 'accept-encoding': 'br, gzip' };
const IMAGE = { 'user-agent': CHROME, accept: 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8', 'accept-encoding': 'gzip, deflate, br, zstd', referer: 'https://news.example/' };

describe('"Most read": view beacon and list', () => {
  let app: TestApp;
  const ids: number[] = [];

  let address: string | undefined;
  /** Through a real socket: cached pages are answered before Fastify, which inject() would skip. */
  const page = async (url: string) => {
    address ??= await app.http.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${address}${url}`, { headers: PAGE });
    return { cache: res.headers.get('x-cache'), cookie: res.headers.get('set-cookie'), text: await res.text() };
  };
  const mostReadOf = (html: string) => {
    const list = /<h2 id="\w+-most-read" class="block-title">Most read<\/h2><ol[^>]*>(.*?)<\/ol>/s.exec(html)?.[1];
    return list ? [...list.matchAll(/href="\/news\/([^"]+)"/g)].map((m) => m[1]) : [];
  };
  const view = (id: number, headers: Record<string, string> = IMAGE) => app.http.inject({ method: 'GET', url: `/v/${id}`, headers });

  beforeEach(async () => {
    app = await makeTestApp();
    address = undefined;
    ids.length = 0;
    for (const h of ['Alpha story', 'Beta story', 'Gamma story']) ids.push((await app.pipeline.save(article({ sourceId: h, headline: h }))).id);
  });
  afterEach(() => app.close());

  it('puts a cookie-free beacon on the article page that answers 204 and counts a browser’s view once a request', async () => {
    const { cookie, text } = await page('/news/alpha-story');
    // An empty alt (Preact writes it bare): the beacon is no image to anyone.
    expect(text).toContain(`<img class="beacon" src="/v/${ids[0]}" alt width="1" height="1" aria-hidden="true" fetchpriority="low"/>`);
    expect(cookie).toBeNull();
    const beacon = await view(ids[0]!);
    expect(beacon.statusCode).toBe(204);
    expect(beacon.headers['cache-control']).toBe('no-store');
    expect(beacon.headers['set-cookie']).toBeUndefined();
    expect(beacon.body).toBe('');
    await view(ids[0]!);
    expect((await app.http.inject({ method: 'POST', url: `/v/${ids[0]}`, headers: { 'user-agent': CHROME } })).statusCode).toBe(204);
    expect(await app.store.views.ofArticle(ids[0]!)).toEqual([{ day: dayOf(NOW), views: 3 }]);
  });

  it('does not count crawlers, prefetches, unknown or unpublished articles, and refuses a malformed id', async () => {
    expect((await view(ids[1]!, { ...IMAGE, 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' })).statusCode).toBe(204);
    expect((await view(ids[1]!, { ...IMAGE, 'sec-purpose': 'prefetch' })).statusCode).toBe(204);
    expect(await app.store.views.ofArticle(ids[1]!)).toEqual([]);
    expect((await view(987_654)).statusCode).toBe(204);
    const draft = await app.pipeline.save(article({ headline: 'Draft story', status: 'draft' }));
    await view(draft.id);
    expect(await app.store.views.ofArticle(draft.id)).toEqual([]);
    // One address adding views faster than a reader reads is counted only up to the limit.
    const flood = () => app.http.inject({ method: 'GET', url: `/v/${ids[1]}`, headers: IMAGE, remoteAddress: '192.0.2.7' });
    for (let i = 0; i < VIEWS_PER_MINUTE + 5; i++) expect((await flood()).statusCode).toBe(204);
    expect(await app.store.views.ofArticle(ids[1]!)).toEqual([{ day: dayOf(NOW), views: VIEWS_PER_MINUTE }]);
    expect((await app.http.inject({ method: 'GET', url: '/v/abc', headers: IMAGE })).statusCode).toBe(400);
    expect((await app.http.inject({ method: 'GET', url: '/v/0', headers: IMAGE })).statusCode).toBe(400);
  });

  it('lists the week’s most read on the home page and article sidebars, refreshed with the cached pages when the list is due', async () => {
    expect(mostReadOf((await page('/')).text)).toEqual([]);
    // Views of eight days ago fall outside the week.
    for (let i = 0; i < 9; i++) await app.store.views.count(ids[0]!, dayOf(NOW) - 8);
    for (let i = 0; i < 3; i++) await view(ids[2]!);
    await view(ids[1]!);
    // Cached home page: the list it was rendered with stays until it is due.
    const cached = await page('/');
    expect(cached.cache).toBe('HIT');
    expect(mostReadOf(cached.text)).toEqual([]);
    app.clock.now = NOW + MOST_READ_TTL_MS;
    const fresh = await page('/');
    expect(fresh.cache).toBe('MISS');
    expect(mostReadOf(fresh.text)).toEqual(['gamma-story', 'beta-story']);
    expect(mostReadOf((await page('/news/alpha-story')).text)).toEqual(['gamma-story', 'beta-story']);
    // An unpublished story leaves the list at the next render (content changes empty the cache).
    await app.pipeline.save(article({ sourceId: 'Gamma story', headline: 'Gamma story', status: 'draft' }));
    expect(mostReadOf((await page('/')).text)).toEqual(['beta-story']);
  });
});
