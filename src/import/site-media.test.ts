import sharp from 'sharp';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type OldSite, serveOldSite } from '../../test/old-site-server.ts';
import { makeTestApp, type TestApp } from '../../test/support.ts';
import { importMediaLibrary } from '../admin/index.ts';
import { importSite, type SiteImportOptions } from './index.ts';
import { imageFormat } from './site-media.ts';

let app: TestApp;
let oldSite: OldSite;
let base: string;
let files: Record<string, { body: string | Buffer; type: string }>;
let hits: string[];
const image: Record<string, Buffer> = {};

beforeAll(async () => {
  const solid = (r: number, g: number, b: number) => sharp({ create: { width: 40, height: 30, channels: 3, background: { r, g, b } } });
  image.lead = await solid(200, 30, 30).jpeg().toBuffer();
  image.chart = await solid(30, 200, 30).png().toBuffer();
  image.lazy = await solid(30, 30, 200).png().toBuffer();
  // Noise does not compress: this one is over the test's size limit.
  const noise = Buffer.from(Array.from({ length: 64 * 64 * 3 }, (_, i) => (i * 7919) % 251));
  image.big = await sharp(noise, { raw: { width: 64, height: 64, channels: 3 } }).png().toBuffer();
});

/** A page of a site that marks its story with JSON-LD; its body holds the images in the shapes sites serve them. */
function page(headline: string, lead: string | undefined, body: string): string {
  const ld = { '@context': 'https://schema.org', '@type': 'NewsArticle', headline, datePublished: '2019-05-02T10:00:00Z', dateModified: '2019-05-02T10:00:00Z', ...(lead ? { image: { '@type': 'ImageObject', url: lead, caption: 'The new depot' } } : {}) };
  return `<!doctype html><html><head><script type="application/ld+json">${JSON.stringify(ld)}</script></head><body><article><h1>${headline}</h1><div class="entry-content">${body}</div></article></body></html>`;
}

beforeEach(async () => {
  app = await makeTestApp();
  hits = [];
  oldSite = await serveOldSite((path) => files[path], (path) => hits.push(path));
  base = oldSite.base;
  const port = new URL(base).port;
  const png = (data: Buffer) => ({ body: data, type: 'image/png' });
  files = {
    '/sitemap.xml': {
      body: `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${base}/news/depot</loc><lastmod>2019-05-02T10:00:00Z</lastmod></url><url><loc>${base}/news/fleet</loc><lastmod>2019-05-02T10:00:00Z</lastmod></url></urlset>`,
      type: 'application/xml',
    },
    '/news/depot': {
      body: page(
        'A new depot',
        '/files/lead.jpg',
        `<p>The depot opened.</p><figure><img src="/files/chart.png" alt="Passengers a year" srcset="/files/chart-300.png 300w" sizes="100vw"><figcaption>Growth</figcaption></figure>` +
          `<p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/files/lazy.png" alt="The yard"></p>` +
          // The same chart again under a CDN-style address (another host name for the same server): one library image.
          `<p><a href="http://localhost:${port}/cdn/chart.png"><img src="http://localhost:${port}/cdn/chart.png" alt="Passengers a year"></a></p>`,
      ),
      type: 'text/html',
    },
    '/news/fleet': {
      body: page(
        'A bigger fleet',
        undefined,
        `<p><img src="/files/chart.png" alt="Passengers"></p><p><img src="/files/gone.png" alt="Gone"></p><p><img src="/files/big.png" alt="Big"></p>` +
          `<p><img src="/files/page.png" alt="Not an image"></p><p><img src="http://127.0.0.2:${port}/secret.png" alt="Internal"></p>`,
      ),
      type: 'text/html',
    },
    '/files/lead.jpg': { body: image.lead!, type: 'image/jpeg' },
    '/files/chart.png': png(image.chart!),
    '/cdn/chart.png': png(image.chart!),
    '/files/lazy.png': png(image.lazy!),
    '/files/big.png': png(image.big!),
    '/files/page.png': { body: '<html>Sign in</html>', type: 'image/png' },
  };
});
afterEach(async () => {
  await oldSite.close();
  await app.close();
});

function run(options: SiteImportOptions = {}) {
  const lastChange = async (id: string) => (await app.store.articles.findBySourceId(id))?.updated_at;
  const media = importMediaLibrary(app.store, app.media, () => app.clock.now);
  // Loopback is allowed for the test's server; 127.0.0.2 stands for the operator's private network.
  const fetch = { allowPrivateAddresses: true, refuse: (address: string) => address === '127.0.0.2' };
  return importSite(`${base}/sitemap.xml`, { pipeline: app.pipeline, lastChange, media }, { fetch, mediaMaxBytes: image.big!.length - 1, ...options });
}

async function libraryUrls(): Promise<string[]> {
  const { items } = await app.media.list(1, 100);
  return items.map((m) => `/media/${m.id}/${m.width}.${m.format === 'jpeg' ? 'jpg' : m.format}`).sort();
}

describe('import site: images into the media library', () => {
  it('brings the lead and body images in once per content, rewrites the body to them, and lists what it could not have', async () => {
    const report = await run();
    expect(report.imported).toBe(2);
    expect(report.media).toEqual({
      imported: 3,
      // The CDN copy of the chart (same bytes, by hash), and the chart again on the second page.
      reused: 2,
      missing: [
        { url: `${base}/files/gone.png`, reason: 'the old site answered 404' },
        { url: `${base}/files/big.png`, reason: `larger than ${image.big!.length - 1} bytes` },
        { url: `${base}/files/page.png`, reason: 'That file is not an image we can read (JPEG, PNG, GIF, WebP or AVIF).' },
        { url: `http://127.0.0.2:${new URL(base).port}/secret.png`, reason: 'refused: 127.0.0.2 is a private, loopback or link-local address (--allow-private-addresses allows it)' },
      ],
    });
    const urls = await libraryUrls();
    expect(urls).toHaveLength(3);
    const depot = (await app.store.articles.findBySourceId('site:/news/depot'))!;
    expect(urls).toContain(depot.lead_image_url);
    expect(depot.lead_image_alt).toBe('The new depot');
    const srcs = [...depot.body.matchAll(/<img[^>]*\ssrc="([^"]*)"/g)].map((m) => m[1]!);
    expect(srcs).toHaveLength(3);
    for (const src of srcs) expect(urls).toContain(src);
    // The chart and its CDN copy are one image; the lazy one is its real file, not the placeholder.
    expect(new Set(srcs).size).toBe(2);
    expect(depot.body).toContain(`<a href="${srcs[0]}">`);
    for (const old of ['/files/', '/cdn/', 'data:', 'srcset', 'data-src']) expect(depot.body).not.toContain(old);
    const fleet = (await app.store.articles.findBySourceId('site:/news/fleet'))!.body;
    expect(fleet).toContain(`src="${srcs[0]}"`);
    // What could not be had stays at its old, now absolute, address: readers see it while the old site lives.
    expect(fleet).toContain(`src="${base}/files/gone.png"`);
    expect(hits).not.toContain('/secret.png');
    const library = await app.media.list(1, 100);
    expect(library.items.map((m) => m.alt).sort()).toEqual(['Passengers a year', 'The new depot', 'The yard']);
  });

  it('re-reading every page adds no image and writes nothing', async () => {
    await run();
    const before = await libraryUrls();
    const version = await app.store.state.contentVersion();
    // A newer lastmod makes the import fetch each page and its images again.
    files['/sitemap.xml']!.body = String(files['/sitemap.xml']!.body).replaceAll('2019-05-02T10:00:00Z', '2030-01-01T00:00:00Z');
    hits = [];
    const again = await run();
    expect(hits).toContain('/files/chart.png');
    expect([again.imported, again.updated, again.unchanged]).toEqual([0, 0, 2]);
    expect(again.media).toMatchObject({ imported: 0, reused: 5 });
    expect(await libraryUrls()).toEqual(before);
    expect(await app.store.state.contentVersion()).toBe(version);
  });

  it('reads an image by its bytes, not its name', () => {
    expect([imageFormat(image.lead!), imageFormat(image.chart!), imageFormat(Buffer.from('<html>not an image</html>'))]).toEqual(['jpg', 'png', undefined]);
  });
});
