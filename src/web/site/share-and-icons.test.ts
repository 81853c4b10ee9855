import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, makeTestApp, NOW, type TestApp } from '../../../test/support.ts';
import { mediaUrl } from '../../media/index.ts';
import { siteIcons } from './icons.ts';

let app: TestApp;
let withImage: string;
let withoutImage: string;
let imported: string;
let imageId: number;
beforeAll(async () => {
  app = await makeTestApp();
  const userId = await app.store.users.insert({ email: 'photo@example.com', name: 'Photo Desk', role: 'editor', passwordHash: 'x', now: NOW });
  // 1600 wide, so the library stores a 1200 variant among others.
  const png = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#246' } }).png().toBuffer();
  const uploaded = await app.media.upload({ filename: 'depot.png', data: png }, 'Buses charging at a depot', (await app.store.users.byId(userId))!);
  if (!('id' in uploaded)) throw new Error(uploaded.error.message);
  imageId = uploaded.id;
  const lead = { url: mediaUrl(imageId, 1600, 'png'), alt: 'Buses charging at a depot', caption: 'The depot', credit: 'Desk' };
  withImage = (await app.pipeline.save(article({ headline: 'Depot charging goes live', publishedAt: NOW, leadImage: lead }))).slug;
  withoutImage = (await app.pipeline.save(article({ headline: 'Toll rates rise', publishedAt: NOW - 3600_000 }))).slug;
  const importedLead = { url: 'https://images.example/toll.jpg', alt: 'A toll gantry', caption: '', credit: '' };
  imported = (await app.pipeline.save(article({ headline: 'Imported gantry story', publishedAt: NOW - 7200_000, leadImage: importedLead }))).slug;
}, 60_000);
afterAll(async () => {
  await app.close();
});

const get = (url: string) => app.http.inject({ method: 'GET', url, headers: { 'accept-encoding': 'identity' } });
const meta = (html: string, key: string) => new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"/>`).exec(html)?.[1];
const jsonLd = (html: string) => JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!);

describe('site icons and manifest', () => {
  it('answers /favicon.ico with an ICO holding a 32 px PNG', async () => {
    const res = await get('/favicon.ico');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/x-icon');
    const ico = res.rawPayload;
    expect([...ico.subarray(0, 6)]).toEqual([0, 0, 1, 0, 1, 0]);
    const png = ico.subarray(ico.readUInt32LE(18));
    expect(png.length).toBe(ico.readUInt32LE(14));
    expect(await sharp(png).metadata()).toMatchObject({ format: 'png', width: 32, height: 32 });
  });

  it('draws the SVG icon from the site title, and the PNG icons at their sizes', async () => {
    const svg = await get('/icon.svg');
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    // The test site is "Masthead Transport Review" (or whatever the config says): its initial is drawn.
    const title = app.config.site.title.replace(/^the\s+/i, '');
    expect(svg.body).toContain(`>${title[0]!.toUpperCase()}</text>`);
    for (const [url, size] of [['/apple-touch-icon.png', 180], ['/icon-192.png', 192], ['/icon-512.png', 512]] as const) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(await sharp(res.rawPayload).metadata(), url).toMatchObject({ format: 'png', width: size, height: size });
    }
  });

  it('keeps each site title\'s icons while several sites ask in turn, drawing each once', async () => {
    const first = siteIcons('Highways Today');
    const second = siteIcons('Transport Review');
    expect(siteIcons('Highways Today')).toBe(first);
    expect(siteIcons('Transport Review')).toBe(second);
    expect((await first).svg).toContain('>H</text>');
    expect((await second).svg).toContain('>T</text>');
  });

  it('serves a web app manifest whose icons all answer', async () => {
    const res = await get('/manifest.webmanifest');
    expect(res.headers['content-type']).toMatch(/^application\/manifest\+json/);
    const manifest = JSON.parse(res.body);
    expect(manifest).toMatchObject({ name: app.config.site.title, start_url: '/' });
    expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(['any', '192x192', '512x512']);
    for (const icon of manifest.icons) expect((await get(icon.src)).statusCode, icon.src).toBe(200);
  });

  it('links every icon and the manifest from each page, and each link answers', async () => {
    for (const page of ['/', `/news/${withoutImage}`, '/no-such-page']) {
      const html = (await get(page)).body;
      const links = [...html.matchAll(/<link rel="(?:icon|apple-touch-icon|manifest)" href="([^"]+)"/g)].map((m) => m[1]!);
      expect(links, page).toEqual(['/favicon.ico', '/icon.svg', '/apple-touch-icon.png', '/manifest.webmanifest']);
      for (const href of links) expect((await get(href)).statusCode, href).toBe(200);
    }
  });
});

describe('link previews and structured data', () => {
  it('shares the 1200 px variant of a library lead image as a large card', async () => {
    const html = (await get(`/news/${withImage}`)).body;
    const shared = `https://news.example${mediaUrl(imageId, 1200, 'png')}`;
    expect(meta(html, 'og:image')).toBe(shared);
    expect(meta(html, 'og:image:width')).toBe('1200');
    expect(meta(html, 'og:image:height')).toBe('675');
    expect(meta(html, 'og:image:alt')).toBe('Buses charging at a depot');
    expect(meta(html, 'twitter:card')).toBe('summary_large_image');
    expect(jsonLd(html).image).toEqual([shared]);
    const variant = await get(mediaUrl(imageId, 1200, 'png'));
    expect(variant.statusCode).toBe(200);
    expect(await sharp(variant.rawPayload).metadata()).toMatchObject({ width: 1200, height: 675 });
  });

  it('shares an imported lead image by its own URL', async () => {
    const html = (await get(`/news/${imported}`)).body;
    expect(meta(html, 'og:image')).toBe('https://images.example/toll.jpg');
    expect(meta(html, 'twitter:card')).toBe('summary_large_image');
    expect(jsonLd(html).image).toEqual(['https://images.example/toll.jpg']);
  });

  it('uses a small card and no image when the article has none', async () => {
    const html = (await get(`/news/${withoutImage}`)).body;
    expect(meta(html, 'og:image')).toBeUndefined();
    expect(meta(html, 'twitter:card')).toBe('summary');
    expect(jsonLd(html).image).toBeUndefined();
  });

  it('names the publisher with a logo that answers', async () => {
    const ld = jsonLd((await get(`/news/${withoutImage}`)).body);
    expect(ld.publisher).toMatchObject({ '@type': 'Organization', name: app.config.site.title, logo: { '@type': 'ImageObject', url: 'https://news.example/icon-512.png', width: 512, height: 512 } });
    const logo = await get('/icon-512.png');
    expect(await sharp(logo.rawPayload).metadata()).toMatchObject({ format: 'png', width: 512, height: 512 });
  });
});
