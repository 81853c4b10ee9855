import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UNDATED_REASON } from '../src/import/index.ts';
import { runCliInProcess } from './node-process.ts';
import { makeTestApp } from './support.ts';

const FIXTURES = path.resolve(import.meta.dirname, 'fixtures/import');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-xml-cli-'));
const db = path.join(dir, 'site.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Images go to this test's own media directory, not ./data/media under the working directory.
const run = (args: string[], file = db) => runCliInProcess([...args, '--db', file], { env: { MEDIA_DIR: path.join(dir, 'media') } });

describe('masthead import rss / wxr', () => {
  it('imports a WordPress export with pages, and a second run changes nothing', async () => {
    const first = await run(['import', 'wxr', path.join(FIXTURES, 'export.wxr.xml'), '--json']);
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ imported: 6, updated: 0, unchanged: 0, refused: [], pages: 1 });
    const second = await run(['import', 'wxr', path.join(FIXTURES, 'export.wxr.xml'), '--json']);
    expect(JSON.parse(second.stdout)).toMatchObject({ imported: 0, updated: 0, unchanged: 6, pages: 1 });
  });

  it('brings WordPress images in with --media-from, lists the missing ones, and reuses them on a second run', async () => {
    const media = path.join(dir, 'media.db');
    const args = ['import', 'wxr', path.join(FIXTURES, 'media.wxr.xml'), '--media-from', path.join(FIXTURES, 'uploads'), '--no-related'];
    const first = await run([...args, '--json'], media);
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ imported: 2, pages: 1, media: { imported: 2, missing: [{ url: expect.stringMatching(/lost\.jpg$/) }, { url: expect.stringMatching(/notes\.jpg$/) }] } });
    const second = await run(args, media);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^Imported 0, updated 0, unchanged 2, refused 0, pages 1, skipped 3 in [\d.]+ s\nImages: imported 0, reused \d+, missing 2\n {2}https:\/\/oldsite\.example\/wp-content\/uploads\/2024\/07\/lost\.jpg: not in --media-from/);
    const nowhere = await run([...args.slice(0, 3), '--media-from', path.join(dir, 'no-such-dir')], media);
    expect([nowhere.status, nowhere.stderr]).toEqual([1, expect.stringContaining('--media-from: no directory at')]);
  });

  it('imports a Ghost export with its images, and a second run changes nothing', async () => {
    const ghost = path.join(dir, 'ghost.db');
    const args = ['import', 'ghost', path.join(FIXTURES, 'ghost-export.json'), '--media-from', path.join(FIXTURES, 'uploads'), '--no-related'];
    const first = await run([...args, '--json'], ghost);
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ imported: 7, refused: [{ line: 9 }], pages: 1, skipped: 1, media: { imported: 4, missing: [] } });
    const second = await run(args, ghost);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^Imported 0, updated 0, unchanged 7, refused 1, pages 1, skipped 1 in [\d.]+ s\n {2}post 9: no content/);
    // Two feature and body images, an author's profile picture and her cover image (listed for review: author pages here show none).
    expect(second.stdout).toContain('Images: imported 0, reused 5, missing 0');
    expect(second.stdout).toMatch(/item 0 \/author\/ada\/ "Ada Writer": cover image \(author pages here show none\) not shown: it is in the media library \(\/media\/\d+\//);
  });

  it('reads a Ghost routes.yaml with --routes, and stops before importing when it cannot', async () => {
    const routesDb = path.join(dir, 'routes.db');
    const good = path.join(dir, 'routes.yaml');
    fs.writeFileSync(good, 'collections:\n  /:\n    permalink: /{year}/{slug}/\ntaxonomies:\n  tag: /topic/{slug}/\n');
    const ok = await run(['import', 'ghost', path.join(FIXTURES, 'ghost-export.json'), '--routes', good, '--no-related', '--json'], routesDb);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ imported: 7 });
    const bad = path.join(dir, 'bad-routes.yaml');
    fs.writeFileSync(bad, 'collections:\n  /:\n    permalink: /{slug}/\n    filter: "tag:a,tag:b"\n');
    const refused = await run(['import', 'ghost', path.join(FIXTURES, 'ghost-export.json'), '--routes', bad], path.join(dir, 'bad.db'));
    expect([refused.status, refused.stderr]).toEqual([1, expect.stringContaining('--routes: collection /: filter "tag:a,tag:b" is not one this importer reads')]);
  });

  it('imports an RSS feed and reports broken items by position', async () => {
    const feeds = path.join(dir, 'feeds.db');
    expect((await run(['import', 'rss', path.join(FIXTURES, 'feed.rss.xml'), '--json'], feeds)).status).toBe(0);
    const broken = await run(['import', 'rss', path.join(FIXTURES, 'broken-items.rss.xml'), '--json'], feeds);
    expect(broken.status).toBe(0);
    const report = JSON.parse(broken.stdout) as { refused: { line: number; reason: string }[] };
    expect(report.refused.length).toBeGreaterThan(0);
    for (const r of report.refused) expect(r.line).toBeGreaterThan(0);
  });

  it('refuses an undated item with the reason, or dates it with --default-date', async () => {
    const undated = path.join(dir, 'undated.db');
    const refused = await run(['import', 'rss', path.join(FIXTURES, 'feed.rss.xml'), '--json'], undated);
    expect(refused.status, refused.stderr).toBe(0);
    expect(JSON.parse(refused.stdout)).toMatchObject({ imported: 2, refused: [{ line: 3, reason: UNDATED_REASON }] });
    const text = await run(['import', 'rss', path.join(FIXTURES, 'feed.rss.xml')], undated);
    expect(text.stdout).toContain(`item 3: ${UNDATED_REASON}`);

    const dated = await run(['import', 'rss', path.join(FIXTURES, 'feed.rss.xml'), '--default-date', '2011-06-01', '--json'], undated);
    expect(JSON.parse(dated.stdout)).toMatchObject({ imported: 1, unchanged: 2, refused: [] });
    const app = await makeTestApp({ MASTHEAD_DB: undated, DATABASE_URL: '' });
    try {
      expect((await app.store.articles.findBySourceId('http://oldroads.example/?p=1003'))?.published_at).toBe(Date.UTC(2011, 5, 1));
    } finally {
      await app.close();
    }
    const bad = await run(['import', 'jsonl', path.join(FIXTURES, 'feed.rss.xml'), '--default-date', 'last week'], undated);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('--default-date is written YYYY-MM-DD');
  }, 180_000);

  it('refuses a file of the wrong format with a clear error', async () => {
    const r = await run(['import', 'rss', path.join(FIXTURES, 'not-a-feed.html')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('MH_IMPORT_WRONG_FORMAT');
  });

  it('serves the imported site: old permalinks and short links redirect, pages render their HTML', async () => {
    const app = await makeTestApp({ MASTHEAD_DB: db, DATABASE_URL: '' });
    try {
      const get = (url: string) => app.http.inject({ method: 'GET', url });
      const old = await get('/2012/07/old-post/');
      expect(old.statusCode).toBe(301);
      expect(old.headers.location).toBe('/news/old-post');
      expect((await get('/news/old-post')).statusCode).toBe(200);
      const short = await get('/?p=101');
      expect(short.statusCode).toBe(301);
      expect(short.headers.location).toBe('/news/old-post');
      expect((await get('/?p=999999')).statusCode).toBe(404);
      const about = await get('/about/');
      expect(about.statusCode).toBe(301);
      const page = await get(about.headers.location as string);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('&lt;p&gt;');
    } finally {
      await app.close();
    }
  });
});
