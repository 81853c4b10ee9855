import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../test/support.ts';
import { importMediaLibrary } from '../admin/index.ts';
import { importWxr, saveGhostTerms, saveWxrPage, type WxrImportOptions } from './index.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/import');
const EXPORT = path.join(FIXTURES, 'media.wxr.xml');
const UPLOADS = path.join(FIXTURES, 'uploads');
const OLD = 'https://oldsite.example/wp-content/uploads/2024/07';

let app: TestApp;
beforeEach(async () => {
  app = await makeTestApp();
});
afterEach(async () => {
  await app.close();
});

function run(options: WxrImportOptions = {}, file = EXPORT) {
  const deps = {
    pipeline: app.pipeline,
    savePage: (page: Parameters<typeof saveWxrPage>[1]) => saveWxrPage(app.store, page, app.clock.now),
    saveTerms: (terms: Parameters<typeof saveGhostTerms>[1], fixed: Parameters<typeof saveGhostTerms>[3]) => saveGhostTerms(app.store, terms, app.clock.now, fixed),
    media: importMediaLibrary(app.store, app.media, () => app.clock.now),
  };
  return importWxr(file, deps, options);
}

/** The library's images by alt text, with the URL bodies use (the largest variant, in the uploaded format). */
async function library(): Promise<Record<string, string>> {
  const { items } = await app.media.list(1, 100);
  return Object.fromEntries(items.map((m) => [m.alt, `/media/${m.id}/${m.width}.${m.format === 'jpeg' ? 'jpg' : m.format}`]));
}

async function body(sourceId: string): Promise<string> {
  return (await app.store.articles.findBySourceId(sourceId))!.body;
}

describe('WXR images into the media library', () => {
  it('brings attachments and body images in from --media-from, rewrites bodies, lead images and pages, and lists what is missing', async () => {
    const report = await run({ mediaSource: { mediaFrom: UPLOADS } });
    expect(report.media.imported).toBe(2);
    expect(report.media.missing).toEqual([
      { url: `${OLD}/lost.jpg`, reason: 'not in --media-from (looked for 2024/07/lost.jpg)' },
      { url: `${OLD}/notes.jpg`, reason: 'That file is not an image we can read (JPEG, PNG, GIF, WebP or AVIF).' },
    ]);
    const images = await library();
    // The alt text of the attachment; without one, its caption or title.
    expect(Object.keys(images).sort()).toEqual(['Ship-to-shore cranes on the quay', 'Terminal gate']);
    const quay = images['Ship-to-shore cranes on the quay']!;
    const gate = images['Terminal gate']!;
    expect(quay).toMatch(/^\/media\/\d+\/48\.jpg$/);
    expect(gate).toMatch(/^\/media\/\d+\/40\.png$/);
    // The resized copy points at the full image; its srcset of old sizes is gone; the link to the file follows.
    expect(await body('wp-601')).toBe(
      `<p><a href="${quay}"><img class="size-medium wp-image-501" src="${quay}" alt="" width="300" height="200" /></a><br />\n` +
        'The quay reopened on Wednesday.</p>\n' +
        `<figure id="attachment_502" class="wp-caption alignright"><img src="${gate}" alt="" width="40" height="40" /><figcaption class="wp-caption-text">The gate at six</figcaption></figure>\n` +
        '<p>Lorries queued from dawn.</p>',
    );
    expect((await app.store.articles.findBySourceId('wp-601'))).toMatchObject({ lead_image_url: quay, lead_image_alt: 'Ship-to-shore cranes on the quay', lead_image_caption: 'The quay at dawn' });
    const other = await body('wp-602');
    expect(other).toContain(`<img src="${OLD}/lost.jpg" alt="A lost picture" />`);
    expect(other).toContain('<img src="https://photos.other.example/2024/07/crane.jpg" alt="A crane" />');
    expect(other).toContain(`<a href="${quay}">see the quay</a>`);
    expect((await app.store.pages.bySlug('visit-us'))?.body).toContain(`<img src="${gate}" alt="The gate" />`);
  });

  it('redirects every archive a reader knew: category, author, their feeds, the site feeds, and image attachment pages', async () => {
    await run({ mediaSource: { mediaFrom: UPLOADS } });
    const quay = (await library())['Ship-to-shore cranes on the quay']!;
    const get = async (url: string) => {
      const res = await app.http.inject({ method: 'GET', url, headers: { accept: 'text/html', 'accept-encoding': 'br, gzip' } });
      return [res.statusCode, res.headers.location];
    };
    const paths = ['/category/ports/', '/category/ports/feed/', '/author/desk/', '/author/desk/feed/', '/feed/', '/feed/atom/', '/?feed=rss2', '/?attachment_id=501', '/?attachment_id=503'];
    expect(await Promise.all(paths.map(get))).toEqual([
      [301, '/sections/ports'],
      [301, '/sections/ports/feed.xml'],
      [301, '/authors/markets-desk'],
      [301, '/authors/markets-desk/feed.xml'],
      [301, '/feed.xml'],
      [301, '/atom.xml'],
      [301, '/feed.xml'],
      [301, quay],
      // lost.jpg never reached the library: its attachment page has nothing to show.
      [404, undefined],
    ]);
    // And each target answers.
    for (const to of ['/sections/ports', '/sections/ports/feed.xml', '/authors/markets-desk', '/authors/markets-desk/feed.xml']) expect((await get(to))[0]).toBe(200);
  });

  it('is idempotent: a second import reuses every image and writes nothing', async () => {
    await run({ mediaSource: { mediaFrom: UPLOADS } });
    const version = await app.store.state.contentVersion();
    const before = await library();
    const again = await run({ mediaSource: { mediaFrom: UPLOADS } });
    expect([again.imported, again.updated, again.unchanged, again.media.imported, again.media.missing.length]).toEqual([0, 0, 2, 0, 2]);
    expect(again.media.reused).toBeGreaterThanOrEqual(2);
    expect(await library()).toEqual(before);
    expect(await app.store.state.contentVersion()).toBe(version);
  });

  it('without --media-from or --fetch-media leaves images where they were and lists them', async () => {
    const report = await run();
    expect(report.media).toEqual({
      imported: 0,
      reused: 0,
      missing: ['gate.png', 'lost.jpg', 'notes.jpg', 'quay.jpg'].map((f) => ({ url: `${OLD}/${f}`, reason: 'not imported: give --media-from DIR or --fetch-media to bring images in' })),
    });
    expect((await app.media.list(1, 10)).total).toBe(0);
    expect(await body('wp-601')).toContain(`src="${OLD}/quay-300x200.jpg"`);
    expect((await app.store.articles.findBySourceId('wp-601'))?.lead_image_url).toBe(`${OLD}/quay.jpg`);
  });

  describe('--fetch-media', () => {
    let server: http.Server;
    let requests: string[];
    let exportFile: string;
    let gravatarUrl: string;
    /** Whether the stand-in for Gravatar (the same local server: nothing leaves this machine) has a picture for the author's email. */
    let hasGravatar: boolean;
    const deskHash = createHash('md5').update('desk@oldsite.example').digest('hex');
    beforeEach(async () => {
      requests = [];
      hasGravatar = true;
      server = http.createServer((req, res) => {
        requests.push(req.url!);
        if (req.url!.startsWith('/avatar/')) {
          // Asked with d=404: an email without a Gravatar is a 404, not a placeholder.
          if (!hasGravatar || req.url !== `/avatar/${deskHash}?s=512&d=404`) return res.writeHead(404).end();
          return res.writeHead(200, { 'content-type': 'image/jpeg' }).end(fs.readFileSync(path.join(UPLOADS, '2024/07/ada.jpg')));
        }
        const file = path.join(UPLOADS, decodeURIComponent(req.url!.replace(/^\/wp-content\/uploads\//, '')));
        if (!req.url!.startsWith('/wp-content/uploads/') || !fs.existsSync(file)) return res.writeHead(404).end();
        // The server claims every file is a JPEG: the library reads the bytes, not the header.
        res.writeHead(200, { 'content-type': 'image/jpeg' }).end(fs.readFileSync(file));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      gravatarUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-wxr-'));
      exportFile = path.join(dir, 'media.wxr.xml');
      fs.writeFileSync(exportFile, fs.readFileSync(EXPORT, 'utf8').replaceAll('https://oldsite.example', `http://127.0.0.1:${(server.address() as AddressInfo).port}`));
    });
    afterEach(async () => {
      await new Promise((resolve) => server.close(resolve));
      fs.rmSync(path.dirname(exportFile), { recursive: true, force: true });
    });

    it('fetches from the old host when private addresses are allowed', async () => {
      const report = await run({ mediaSource: { fetch: { allowPrivateAddresses: true } }, gravatarUrl }, exportFile);
      // The two images, and the author's Gravatar.
      expect(report.media.imported).toBe(3);
      expect(report.media.missing.map((m) => [m.url.replace(/^http:\/\/127\.0\.0\.1:\d+/, ''), m.reason])).toEqual([
        ['/wp-content/uploads/2024/07/lost.jpg', 'the old site answered 404'],
        ['/wp-content/uploads/2024/07/notes.jpg', 'That file is not an image we can read (JPEG, PNG, GIF, WebP or AVIF).'],
      ]);
      expect(await body('wp-601')).toContain(`src="${(await library())['Ship-to-shore cranes on the quay']}"`);
    });

    it('makes an author’s Gravatar their photo; no Gravatar is no photo and not missing; a re-import does not ask again', async () => {
      hasGravatar = false;
      const none = await run({ mediaSource: { fetch: { allowPrivateAddresses: true } }, gravatarUrl }, exportFile);
      const desk = async () => (await app.store.authors.byId(Number((await app.store.taxonomy.authorBySlug('markets-desk'))!.id)))!.photoMediaId;
      expect([await desk(), none.media.missing.some((m) => m.url.includes('/avatar/'))]).toEqual([null, false]);
      hasGravatar = true;
      await run({ mediaSource: { fetch: { allowPrivateAddresses: true } }, gravatarUrl }, exportFile);
      const photo = await desk();
      expect((await app.media.list(1, 10)).items.find((i) => i.id === photo)?.alt).toBe('Markets Desk');
      const version = await app.store.state.contentVersion();
      requests = [];
      await run({ mediaSource: { fetch: { allowPrivateAddresses: true } }, gravatarUrl }, exportFile);
      expect([requests.filter((r) => r.startsWith('/avatar/')), await app.store.state.contentVersion()]).toEqual([[], version]);
    });

    it('refuses a loopback host without --allow-private-addresses, and never connects to it', async () => {
      const report = await run({ mediaSource: { fetch: {} }, gravatarUrl }, exportFile);
      expect(report.media.imported).toBe(0);
      expect(new Set(report.media.missing.map((m) => m.reason))).toEqual(new Set(['refused: 127.0.0.1 is a private, loopback or link-local address (--allow-private-addresses allows it)']));
      expect(requests).toEqual([]);
      expect((await app.media.list(1, 10)).total).toBe(0);
    });
  });
});
