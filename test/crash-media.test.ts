/**
 * kill -9 during a media upload, on the engine of this test run: the server killed while an admin
 * upload writes its files, and `masthead import wxr --media-from` killed once its first image is in
 * the library. An image's files are written first and its rows (image and every variant) in one
 * transaction after them, so after a kill every image row has all its variants, every variant's
 * file is there with its recorded size, and what the kill cut short left only files no row names
 * (never served: no URL reaches them). After a restart the upload succeeds whole, and a re-run of
 * the import brings the rest in (reusing the images already in) to the same site as an import
 * that never crashed.
 */

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { query, type Target, targetArgs } from './crash-harness.ts';
import { BIN, runCliSync, SERVER_IN_ONE_PROCESS, startServe, stopServe } from './node-process.ts';
import { freshPostgresDatabase, TEST_DB } from './support.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-crash-media-'));
const drops: (() => Promise<void>)[] = [];
const PASSWORD = 'crash media password';

afterAll(async () => {
  for (const drop of drops) await drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function freshSite(name: string): Promise<{ target: Target; env: Record<string, string>; media: string }> {
  const media = path.join(dir, `${name}-media`);
  fs.mkdirSync(media);
  if (TEST_DB === 'sqlite') {
    const file = path.join(dir, `${name}.db`);
    return { target: { kind: 'sqlite', file }, env: { MASTHEAD_DB: file, MEDIA_DIR: media }, media };
  }
  const db = await freshPostgresDatabase();
  drops.push(db.drop);
  return { target: { kind: 'postgres', url: db.url }, env: { DATABASE_URL: db.url, MEDIA_DIR: media }, media };
}

function cli(site: { target: Target; media: string }, ...args: string[]): string {
  const r = runCliSync([...targetArgs(site.target), ...args], { env: { MEDIA_DIR: site.media } });
  if (r.status !== 0) throw new Error(`masthead ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** A photo-like JPEG (noise compresses and resizes slowly, which widens the window a kill lands in). */
async function noiseJpeg(width: number, height: number, seed: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let x = seed * 2654435761;
  for (let i = 0; i < raw.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    raw[i] = x >>> 24;
  }
  return sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
}

/** The variants an upload of this width makes: each width below it (and the width itself, up to 2048) in WebP, AVIF and JPEG. */
function expectedVariants(width: number): number {
  const largest = Math.min(width, 2048);
  return ([320, 640, 1024, 1200, 1600].filter((w) => w < largest).length + 1) * 3;
}

/** Every image row whole (all its variants, each file present at its size) and the files no row names. */
async function library(site: { target: Target; media: string }): Promise<{ images: { id: number; filename: string; width: number; variants: number }[]; orphans: string[] }> {
  const images = (await query<{ id: number | string; filename: string; width: number | string }>(site.target, 'SELECT id, filename, width FROM media ORDER BY id')).map((r) => ({ id: Number(r.id), filename: r.filename, width: Number(r.width) }));
  const variants = await query<{ media_id: number | string; storage_key: string | null; bytes: number | string }>(site.target, 'SELECT media_id, storage_key, bytes FROM media_variants');
  const named = new Set<string>();
  const count = new Map<number, number>();
  for (const v of variants) {
    expect(images.some((i) => i.id === Number(v.media_id)), `a variant of image ${v.media_id}, which has no row`).toBe(true);
    expect(v.storage_key).not.toBeNull();
    expect(fs.statSync(path.join(site.media, v.storage_key!)).size, v.storage_key!).toBe(Number(v.bytes));
    named.add(v.storage_key!);
    count.set(Number(v.media_id), (count.get(Number(v.media_id)) ?? 0) + 1);
  }
  const files = fs.readdirSync(site.media, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !e.name.startsWith('.tmp-'));
  const orphans = files.map((e) => path.relative(site.media, path.join(e.parentPath, e.name))).filter((key) => !named.has(key));
  return { images: images.map((i) => ({ ...i, variants: count.get(i.id) ?? 0 })), orphans };
}

/** Resolves once `check` holds, polling (no fixed wait: as long as the work takes). */
async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 240_000): Promise<void> {
  const start = Date.now();
  // A check may fail while the work starts (a database file not made yet): not yet, then.
  while (!(await Promise.resolve().then(check).catch(() => false))) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Signs in to the admin over HTTP as a browser does; returns the cookie and the CSRF token. */
async function signIn(base: string, email: string): Promise<{ cookie: string; csrf: string }> {
  const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
  const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const form = await fetch(`${base}/admin/sign-in`);
  const pre = cookiesOf(form).join('; ');
  const signed = await fetch(`${base}/admin/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: pre, origin: base, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrfIn(await form.text()), email, password: PASSWORD }).toString(),
  });
  expect(signed.status).toBe(303);
  const cookie = cookiesOf(signed).filter((c) => c.startsWith('mh_session=')).join('; ');
  const home = await fetch(`${base}/admin`, { headers: { cookie } });
  return { cookie, csrf: csrfIn(await home.text()) };
}

function upload(base: string, session: { cookie: string; csrf: string }, image: Buffer): Promise<Response> {
  const body = new FormData();
  body.set('_csrf', session.csrf);
  body.set('alt', 'A gantry over the motorway');
  body.set('file', new Blob([new Uint8Array(image)], { type: 'image/jpeg' }), 'gantry.jpg');
  return fetch(`${base}/admin/media`, { method: 'POST', redirect: 'manual', headers: { cookie: session.cookie, origin: base }, body });
}

describe('kill -9 during a media upload (crash consistency)', () => {
  it('the server killed while an admin upload writes its files leaves no image row, only unnamed files; after a restart the upload is whole', async () => {
    const image = await noiseJpeg(1400, 900, 1);
    // The kill must land between the first file written and the row: the few milliseconds of the
    // file writes. On a fast machine it can land after the row; the upload is then whole (also a
    // consistent state, which library() checks), and the test tries again on a fresh site.
    const TRIES = 5;
    let site!: Awaited<ReturnType<typeof freshSite>>;
    let node!: Awaited<ReturnType<typeof startServe>>;
    let after!: Awaited<ReturnType<typeof library>>;
    for (let attempt = 1; ; attempt++) {
      site = await freshSite(`upload-${attempt}`);
      cli(site, 'users', 'add', '--email', 'editor@example.com', '--role', 'editor', '--password', PASSWORD);
      node = await startServe({ ...site.env, ...SERVER_IN_ONE_PROCESS });
      const session = await signIn(node.url, 'editor@example.com');
      const sent = upload(node.url, session, image).then(
        (res) => `answered ${res.status}`,
        () => 'cut off',
      );
      const uploading = site;
      // The first variant file is published under its key: the upload is mid-way, its row not yet written.
      await until(async () => {
        const seen = await library(uploading);
        return seen.orphans.length > 0 || seen.images.length > 0;
      }, 'the first variant file');
      node.child.kill('SIGKILL');
      const outcome = await sent;
      const child = node.child;
      await new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
      after = await library(site);
      if (after.images.length === 0) {
        expect(outcome).toBe('cut off');
        break;
      }
      expect(after.images[0]!.variants).toBe(expectedVariants(1400));
      if (attempt === TRIES) throw new Error(`the kill landed after the upload's row in all ${TRIES} tries`);
    }
    expect(after.orphans.length).toBeGreaterThan(0);
    // All of them when the kill came after the last file and before the row: still no row.
    expect(after.orphans.length).toBeLessThanOrEqual(expectedVariants(1400));

    node = await startServe({ ...site.env, ...SERVER_IN_ONE_PROCESS });
    try {
      const again = await signIn(node.url, 'editor@example.com');
      expect((await upload(node.url, again, image)).status).toBe(303);
      const whole = await library(site);
      expect(whole.images).toHaveLength(1);
      expect(whole.images[0]!.variants).toBe(expectedVariants(1400));
      // The cut-off upload's files are still there, named by no row, and no URL reaches them.
      expect(whole.orphans.sort()).toEqual(after.orphans.sort());
      const id = whole.images[0]!.id;
      for (const url of [`/media/${id}/1400.jpg`, `/media/${id}/320.avif`, `/media/${id}/1200.webp`]) expect((await fetch(`${node.url}${url}`)).status, url).toBe(200);
    } finally {
      await stopServe(node.child);
    }
  }, 300_000);

  it('an import killed once its first image is in the library leaves whole images; a re-run reuses them and equals an import that never crashed', async () => {
    const K = 6;
    const uploads = path.join(dir, 'uploads');
    fs.mkdirSync(path.join(uploads, '2024', '07'), { recursive: true });
    for (let i = 0; i < K; i++) fs.writeFileSync(path.join(uploads, '2024', '07', `photo-${i}.jpg`), await noiseJpeg(900, 600, i + 10));
    const wxr = path.join(dir, 'photos.wxr.xml');
    fs.writeFileSync(wxr, wxrWith(K));

    const never = await freshSite('never');
    cli(never, 'import', 'wxr', wxr, '--media-from', uploads, '--no-related');
    const reference = await articlesByImage(never.target);
    expect(Object.keys(reference)).toHaveLength(K);

    const crashed = await freshSite('crashed');
    const { DATABASE_URL: _u, MASTHEAD_DB: _d, DATABASE_READ_URL: _r, ...rest } = process.env;
    const child = spawn(process.execPath, [BIN, ...targetArgs(crashed.target), 'import', 'wxr', wxr, '--media-from', uploads, '--no-related'], {
      env: { ...rest, MEDIA_DIR: crashed.media, LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    const exited = new Promise<string | null>((r) => child.once('exit', (_code, signal) => r(signal)));
    await until(async () => (await library(crashed)).images.length > 0, 'the first imported image');
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const partial = await library(crashed);
    expect(partial.images.length).toBeGreaterThan(0);
    expect(partial.images.length).toBeLessThan(K);
    for (const img of partial.images) expect(img.variants, img.filename).toBe(expectedVariants(900));

    cli(crashed, 'import', 'wxr', wxr, '--media-from', uploads, '--no-related');
    const resumed = await library(crashed);
    expect(resumed.images.map((i) => i.filename).sort()).toEqual((await library(never)).images.map((i) => i.filename).sort());
    for (const img of resumed.images) expect(img.variants, img.filename).toBe(expectedVariants(900));
    // The images the first run brought in were reused, not added again.
    for (const img of partial.images) expect(resumed.images.find((i) => i.filename === img.filename)?.id).toBe(img.id);
    expect(await articlesByImage(crashed.target)).toEqual(reference);
  }, 300_000);
});

/** A WordPress export of `k` posts, each showing its own photo from the uploads folder. */
function wxrWith(k: number): string {
  const items = Array.from(
    { length: k },
    (_, i) => `<item><title><![CDATA[Gantry photo ${i}]]></title><link>https://oldsite.example/2024/07/gantry-${i}/</link>
<dc:creator><![CDATA[desk]]></dc:creator><guid isPermaLink="false">https://oldsite.example/?p=${700 + i}</guid>
<content:encoded><![CDATA[<img src="https://oldsite.example/wp-content/uploads/2024/07/photo-${i}.jpg" alt="Gantry number ${i}" />
The gantry went up on day ${i}.]]></content:encoded>
<wp:post_id>${700 + i}</wp:post_id><wp:post_date_gmt><![CDATA[2024-07-0${1 + (i % 9)} 09:00:00]]></wp:post_date_gmt>
<wp:post_name><![CDATA[gantry-${i}]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type></item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old site</title><link>https://oldsite.example</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://oldsite.example</wp:base_site_url>
${items.join('\n')}
</channel></rss>`;
}

/** Each article's slug and body, with library image ids replaced by the image's file name (ids differ between sites). */
async function articlesByImage(t: Target): Promise<Record<string, string>> {
  const names = new Map((await query<{ id: number | string; filename: string }>(t, 'SELECT id, filename FROM media')).map((r) => [String(r.id), r.filename]));
  const rows = await query<{ slug: string; body: string; headline: string }>(t, 'SELECT slug, headline, body FROM articles');
  return Object.fromEntries(rows.map((r) => [r.slug, `${r.headline}\n${r.body.replace(/\/media\/(\d+)\//g, (_, id: string) => `/media/${names.get(id) ?? `missing-${id}`}/`)}`]));
}
