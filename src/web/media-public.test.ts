import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { article, makeTestApp, makeTwoNodes, type TestApp } from '../../test/support.ts';
import { mediaUrl } from '../media/index.ts';
import type { UserRecord } from '../store/index.ts';

let apps: TestApp[] = [];
afterEach(async () => {
  // The second node first: closing the first drops a PostgreSQL test database and the media directory.
  for (const a of apps.reverse()) await a.close();
  apps = [];
});

async function open(): Promise<TestApp> {
  const app = await makeTestApp();
  apps.push(app);
  return app;
}

async function editorOf(app: TestApp): Promise<UserRecord> {
  const existing = await app.store.users.byEmail('photo@example.com');
  if (existing) return existing;
  const id = await app.store.users.insert({ email: 'photo@example.com', name: 'Photo Desk', role: 'editor', passwordHash: 'x', now: 0 });
  return (await app.store.users.byId(id))!;
}

/** A 700×400 PNG: variants at 320, 640 and 700 wide, in AVIF, WebP and PNG. */
async function uploadPng(app: TestApp, alt = 'A bus at a charging mast'): Promise<number> {
  const data = await sharp({ create: { width: 700, height: 400, channels: 3, background: { r: 20, g: 120, b: 200 } } })
    .png()
    .toBuffer();
  const result = await app.media.upload({ filename: 'bus.png', data }, alt, await editorOf(app));
  if (!('id' in result)) throw new Error(result.error.message);
  return result.id;
}

/** Every file under a directory, relative to it. */
function filesIn(dir: string): string[] {
  return fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort() : [];
}

/** An image as uploaded before media storage: its one variant's bytes in the row. */
async function legacyImage(app: TestApp): Promise<{ row: { id: number }; data: Buffer }> {
  const user = await editorOf(app);
  const data = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#0a0' } }).webp().toBuffer();
  const row = await app.store.db
    .insertInto('media')
    .values({ filename: 'old.webp', alt: 'Old image', format: 'webp', width: 320, height: 200, bytes: data.length, created_at: 0, user_id: user.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  await app.store.db.insertInto('media_variants').values({ media_id: row.id, width: 320, format: 'webp', data, bytes: data.length }).execute();
  return { row: { id: Number(row.id) }, data };
}

const srcset = (id: number, ext: string) => [320, 640, 700].map((w) => `/media/${id}/${w}.${ext} ${w}w`).join(', ');

describe('responsive images on public pages', () => {
  it('shows a library lead image as <picture> (AVIF, WebP, then the uploaded format) on the article and home pages', async () => {
    const app = await open();
    const id = await uploadPng(app);
    await app.pipeline.save(
      article({ headline: 'Electric buses charge at the depot', leadImage: { url: mediaUrl(id, 700, 'png'), alt: 'A bus at a charging mast', caption: 'Depot in Leeds', credit: 'Ada Lens' } }),
    );
    const page = await app.http.inject({ method: 'GET', url: '/news/electric-buses-charge-depot' });
    expect(page.statusCode).toBe(200);
    const sizes = '(min-width: 72rem) 48rem, (min-width: 60rem) calc(100vw - 24rem), calc(100vw - 2rem)';
    expect(page.body).toContain(
      '<figure class="lead"><picture>' +
        `<source type="image/avif" srcset="${srcset(id, 'avif')}" sizes="${sizes}"/>` +
        `<source type="image/webp" srcset="${srcset(id, 'webp')}" sizes="${sizes}"/>` +
        `<img src="/media/${id}/700.png" srcset="${srcset(id, 'png')}" sizes="${sizes}" width="700" height="400" alt="A bus at a charging mast" loading="eager" decoding="async" fetchpriority="high"/>` +
        '</picture><figcaption>Depot in Leeds (Ada Lens)</figcaption></figure>',
    );
    // Shared previews and JSON-LD keep pointing at the one full-size file.
    expect(page.body).toContain(`<meta property="og:image" content="https://news.example/media/${id}/700.png"/>`);

    const home = await app.http.inject({ method: 'GET', url: '/' });
    // The newest story leads the home page, its image as wide as the lead column.
    const thumb = '(min-width: 72rem) 46rem, (min-width: 60rem) 64vw, calc(100vw - 2rem)';
    expect(home.body).toContain(
      '<article class="story story-lead"><picture class="story-image">' +
        `<source type="image/avif" srcset="${srcset(id, 'avif')}" sizes="${thumb}"/>` +
        `<source type="image/webp" srcset="${srcset(id, 'webp')}" sizes="${thumb}"/>` +
        `<img src="/media/${id}/700.png" srcset="${srcset(id, 'png')}" sizes="${thumb}" width="700" height="400" alt="A bus at a charging mast" loading="eager" decoding="async" fetchpriority="high"/>` +
        '</picture>',
    );

    // Every URL a browser could pick answers with the right type and the width it claims.
    const urls = new Set([...`${page.body}${home.body}`.matchAll(/(?:srcset|src)="([^"]+)"/g)].flatMap((m) => m[1]!.split(', ').map((c) => c.split(' ')[0]!)).filter((u) => u.startsWith('/media/')));
    expect(urls.size).toBe(9);
    for (const url of urls) {
      const res = await app.http.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      const ext = url.split('.').pop()!;
      expect(res.headers['content-type'], url).toBe({ avif: 'image/avif', webp: 'image/webp', png: 'image/png' }[ext]);
      expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
      const meta = await sharp(res.rawPayload).metadata();
      expect(meta.format).toBe(ext === 'avif' ? 'heif' : ext);
      expect(meta.width).toBe(Number(url.split('/').pop()!.split('.')[0]));
    }
  });

  it('keeps an imported image URL as a plain <img>, and a home card without a library image has no picture', async () => {
    const app = await open();
    await app.pipeline.save(article({ headline: 'Imported tolling story', leadImage: { url: 'https://images.example/toll.jpg', alt: 'A toll gantry', caption: '', credit: '' } }));
    const page = await app.http.inject({ method: 'GET', url: '/news/imported-tolling-story' });
    expect(page.body).toContain('<figure class="lead"><img src="https://images.example/toll.jpg" alt="A toll gantry"/></figure>');
    expect(page.body).not.toContain('<picture');
    expect((await app.http.inject({ method: 'GET', url: '/' })).body).not.toContain('<picture');
  });
});

describe('media files in storage', () => {
  it('serves a file with a year of immutable caching, an ETag and 304 on revalidation; unknown files are 404', async () => {
    const app = await open();
    const id = await uploadPng(app);
    const res = await app.http.inject({ method: 'GET', url: `/media/${id}/640.webp` });
    expect(res.headers).toMatchObject({ 'content-type': 'image/webp', 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' });
    const etag = String(res.headers.etag);
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    const again = await app.http.inject({ method: 'GET', url: `/media/${id}/640.webp`, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await app.http.inject({ method: 'GET', url: `/media/${id}/640.avif` })).headers.etag).not.toBe(etag);
    for (const url of [`/media/${id}/641.webp`, `/media/${id + 1}/640.webp`]) {
      const missing = await app.http.inject({ method: 'GET', url });
      expect(missing.statusCode, url).toBe(404);
      expect(missing.headers['cache-control'], url).not.toContain('immutable');
    }
    // Not a media URL at all: the route's schema refuses it.
    for (const url of [`/media/${id}/640.gif`, '/media/x/640.webp', `/media/${id}/..%2F..%2Fetc.jpg`]) {
      expect((await app.http.inject({ method: 'GET', url })).statusCode, url).toBe(400);
    }
  });

  it('keeps the bytes out of the database: files in MEDIA_DIR, their key and size in the row; deleting removes them', async () => {
    const app = await open();
    const dir = app.config.media.dir;
    const id = await uploadPng(app);
    const rows = await app.store.db.selectFrom('media_variants').selectAll().where('media_id', '=', id).execute();
    expect(rows).toHaveLength(9);
    const files = filesIn(dir);
    expect(files).toHaveLength(9);
    for (const r of rows) {
      expect(r.data).toBeNull();
      expect(files).toContain(r.storage_key);
      expect(fs.statSync(path.join(dir, r.storage_key!)).size).toBe(Number(r.bytes));
    }
    await app.media.remove(id, await editorOf(app));
    expect(await app.store.db.selectFrom('media_variants').selectAll().where('media_id', '=', id).execute()).toEqual([]);
    expect(filesIn(dir)).toEqual([]);
  });

  it('removes the written files when the database refuses the upload', async () => {
    const app = await open();
    const data = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#888' } }).jpeg().toBuffer();
    const ghost: UserRecord = { id: 987_654, email: 'ghost@example.com', name: 'Ghost', role: 'editor', disabled: false, createdAt: 0 };
    // The media row names its uploader: an unknown user breaks the foreign key inside the transaction.
    await expect(app.media.upload({ filename: 'x.jpg', data }, 'Grey', ghost)).rejects.toThrow();
    expect(filesIn(app.config.media.dir)).toEqual([]);
    expect((await app.store.media.list(10, 0)).total).toBe(0);
  });

  it('still serves variants whose bytes are in the database (uploaded before media storage)', async () => {
    const app = await open();
    const user = await editorOf(app);
    const { row, data } = await legacyImage(app);
    const res = await app.http.inject({ method: 'GET', url: `/media/${row.id}/320.webp` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/webp');
    expect(res.rawPayload.equals(data)).toBe(true);
    expect((await app.http.inject({ method: 'GET', url: `/media/${row.id}/320.webp`, headers: { 'if-none-match': String(res.headers.etag) } })).statusCode).toBe(304);
    await app.media.remove(Number(row.id), user);
    expect((await app.http.inject({ method: 'GET', url: `/media/${row.id}/320.webp` })).statusCode).toBe(404);
  });

  it('moves bytes uploaded before media storage into it (media move-to-storage), serving throughout', async () => {
    const app = await open();
    const first = await legacyImage(app);
    const second = await legacyImage(app);
    const progress: number[] = [];
    expect(await app.media.moveToStorage(1, (n) => progress.push(n))).toEqual({ moved: 2, bytes: first.data.length + second.data.length });
    expect(progress).toEqual([1, 2]);
    for (const { row, data } of [first, second]) {
      const v = (await app.store.media.variant(row.id, 320, 'webp'))!;
      expect(v.data).toBeNull();
      expect(fs.readFileSync(path.join(app.config.media.dir, v.storageKey!)).equals(data)).toBe(true);
      const res = await app.http.inject({ method: 'GET', url: `/media/${row.id}/320.webp` });
      expect(res.rawPayload.equals(data)).toBe(true);
    }
    expect(await app.media.moveToStorage()).toEqual({ moved: 0, bytes: 0 });
    expect(filesIn(app.config.media.dir)).toHaveLength(2);
  });

  it('serves on one app node an image uploaded through the other (same database, same MEDIA_DIR)', async () => {
    const [a, b] = await makeTwoNodes();
    apps = [a, b];
    const fromA = await uploadPng(a, 'Uploaded on A');
    const fromB = await uploadPng(b, 'Uploaded on B');
    for (const [node, id] of [[b, fromA], [a, fromB]] as const) {
      const res = await node.http.inject({ method: 'GET', url: `/media/${id}/320.avif` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/avif');
    }
  });
});
