import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, makeTestApp, NOW, type TestApp } from '../../test/support.ts';
import { ADS_JS_PATH } from './site/assets.ts';

/** What Chromium sends; fetch sends nothing like it by default. */
const BROWSER = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8',
  'accept-encoding': 'br, gzip',
  'accept-language': 'en-GB,en;q=0.9',
};
const GOOGLEBOT = { ...BROWSER, 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' };
const DAY = 86_400_000;

let app: TestApp;
let address: string;

/** Through a real socket: cache hits are answered before Fastify, which inject() skips. */
const get = (path: string, headers: Record<string, string> = BROWSER) => fetch(`${address}${path}`, { headers, redirect: 'manual' });

/** The choices the page's slot carries, as the ad script reads them. */
function choicesIn(html: string, slot: string): { id: number; weight: number; src: string; href?: string }[] {
  const m = html.match(new RegExp(`data-ad-slot="${slot}"[^>]*>.*?<script type="application/json" class="ad-choices">(.*?)</script>`, 's'));
  return m ? JSON.parse(m[1]!) : [];
}

const banner = async () => ({ filename: 'banner.png', data: await sharp({ create: { width: 300, height: 250, channels: 3, background: '#036' } }).png().toBuffer() });
const counts = async (id: number) => (await app.ads.report()).filter((r) => r.creativeId === id).map(({ impressions, clicks }) => ({ impressions, clicks }));

beforeAll(async () => {
  app = await makeTestApp({ SCHEDULER_INTERVAL_MS: '3600000' });
  await app.pipeline.save(article({ sourceId: 'tolling-1', headline: 'Tolling story', section: 'Tolling' }));
  await app.pipeline.save(article({ sourceId: 'rail-1', headline: 'Rail story', section: 'Rail', tags: ['Signalling'] }));
  address = await app.http.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => app.close());

describe('serving ads on cached pages', () => {
  it('keeps pages without ads script-free, and a new campaign reaches pages already cached', async () => {
    const before = await get('/news/tolling-story');
    expect(before.headers.get('content-security-policy')).toContain("script-src 'none'");
    expect(await before.text()).not.toContain('data-ad-slot');
    expect((await get('/news/tolling-story')).headers.get('x-cache')).toBe('HIT');

    const a = (await app.ads.addImageAd({ name: 'Tolling A', sections: ['tolling'] }, await banner(), { slot: 'sidebar', alt: 'Toll systems', url: 'https://a.example/' }, 'test')).id;
    const b = (await app.ads.addImageAd({ name: 'Tolling B', sections: ['tolling'], weight: 2 }, await banner(), { slot: 'sidebar', alt: 'Road pricing', url: 'https://b.example/' }, 'test')).id;
    const page = await get('/news/tolling-story');
    expect(page.headers.get('x-cache')).toBe('MISS');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain(`<script src="${ADS_JS_PATH}" defer></script>`);
    expect(html).toContain('<p class="ad-label">Advertisement</p>');
    expect(choicesIn(html, 'sidebar')).toEqual([
      { id: a, weight: 1, kind: 'image', src: `/ads/i/${a}`, href: `/ads/c/${a}`, alt: 'Toll systems', width: 300, height: 250 },
      { id: b, weight: 2, kind: 'image', src: `/ads/i/${b}`, href: `/ads/c/${b}`, alt: 'Road pricing', width: 300, height: 250 },
    ]);
    // The cached page carries both: the choice is made per view, in the browser.
    const again = await get('/news/tolling-story');
    expect(again.headers.get('x-cache')).toBe('HIT');
    expect(choicesIn(await again.text(), 'sidebar').map((c) => c.id)).toEqual([a, b]);
    // Targeted at Tolling: the rail story has none.
    expect(await (await get('/news/rail-story')).text()).not.toContain('data-ad-slot');

    await app.ads.endCampaign((await app.ads.list()).find((c) => c.name === 'Tolling B')!.id, 'test');
    expect(choicesIn(await (await get('/news/tolling-story')).text(), 'sidebar').map((c) => c.id)).toEqual([a]);
  });

  it('carries alt text in the slot’s JSON without letting it close the script element', async () => {
    const alt = '</script><script>alert(1)</script> & "quotes"';
    const { id } = await app.ads.addImageAd({ name: 'Hostile alt', tags: ['signalling'] }, await banner(), { slot: 'leaderboard', alt, url: 'https://x.example/' }, 'test');
    const html = await (await get('/news/rail-story')).text();
    expect(html).not.toContain('<script>alert(1)');
    expect(choicesIn(html, 'leaderboard').find((c) => c.id === id)).toMatchObject({ alt });
  });

  it('serves the rotation script under its hashed name, cacheable for a year', async () => {
    const res = await get(ADS_JS_PATH);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toContain('function pickWeighted');
  });
});

describe('counting', () => {
  it('counts an impression when the image loads, then sends the browser to the image file; crawlers are not counted', async () => {
    const { id } = await app.ads.addImageAd({ name: 'Counted', sections: ['nowhere'] }, await banner(), { slot: 'leaderboard', alt: 'x', url: 'https://counted.example/landing' }, 'test');
    const res = await get(`/ads/i/${id}`);
    expect(res.status).toBe(302);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const image = await get(res.headers.get('location')!);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    await get(`/ads/i/${id}`, GOOGLEBOT);
    expect(await counts(id)).toEqual([{ impressions: 1, clicks: 0 }]);
  });

  it('redirects a click to the creative’s own URL only, whatever the query says', async () => {
    const { id } = await app.ads.addImageAd({ name: 'Clicked', sections: ['nowhere'] }, await banner(), { slot: 'leaderboard', alt: 'x', url: 'https://clicked.example/landing?a=1' }, 'test');
    const res = await get(`/ads/c/${id}?url=https://evil.example/&to=//evil.example`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://clicked.example/landing?a=1');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect((await get('/ads/c/999999')).status).toBe(404);
    expect((await get('/ads/c/not-a-number')).status).toBe(400);
    expect(await counts(id)).toEqual([{ impressions: 0, clicks: 1 }]);
  });

  it('holds under concurrency: every one of many simultaneous beacons is counted once', async () => {
    const { id } = await app.ads.addImageAd({ name: 'Busy', sections: ['nowhere'] }, await banner(), { slot: 'leaderboard', alt: 'x', url: 'https://busy.example/' }, 'test');
    const sent = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? `/ads/c/${id}` : `/ads/i/${id}`));
    const statuses = await Promise.all(sent.map(async (path) => (await get(path)).status));
    expect(statuses.every((s) => s === 302)).toBe(true);
    expect(await counts(id)).toEqual([{ impressions: 200, clicks: 100 }]);
  });
});

describe('tag creatives and ads.txt', () => {
  it('frames a tag in its own sandboxed document whose CSP names only the listed origins', async () => {
    await app.ads.setTagOrigins('https://securepubads.g.doubleclick.net', 'test');
    const campaign = await app.ads.addCampaign({ name: 'GAM', startsAt: NOW + 300 * DAY }, 'test');
    const id = await app.ads.addCreative(campaign, { kind: 'tag', slot: 'sidebar', html: '<script async src="https://securepubads.g.doubleclick.net/tag/js/gpt.js"></script>' }, 'test');
    const res = await get(`/ads/f/${id}`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'unsafe-inline' https://securepubads.g.doubleclick.net");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain('sandbox allow-scripts');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(await res.text()).toContain('gpt.js');
  });

  it('serves ads.txt as the admin wrote it, and 404 until then', async () => {
    expect((await get('/ads.txt')).status).toBe(404);
    await app.ads.setAdsTxt('google.com, pub-0000000000000000, DIRECT, f08c47fec0942fa0', 'test');
    const res = await get('/ads.txt');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('google.com, pub-0000000000000000, DIRECT, f08c47fec0942fa0\n');
  });
});
