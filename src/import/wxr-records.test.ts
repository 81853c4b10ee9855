import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../test/support.ts';
import { importWxr, type SourceRecord, type WxrPage, wxrRecords } from './index.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/import');
const EXPORT = path.join(FIXTURES, 'export.wxr.xml');

let app: TestApp;
let saved: WxrPage[];
beforeEach(async () => {
  app = await makeTestApp();
  saved = [];
});
afterEach(async () => {
  await app.close();
});

/** What the CLI will pass: the page into the pages table, its old paths recorded. */
function deps() {
  return {
    pipeline: app.pipeline,
    savePage: async (page: WxrPage) => {
      saved.push(page);
      await app.store.pages.upsert(page.slug, page.title, page.body, app.clock.now);
    },
  };
}

async function records(file: string, skips: [number, string][] = []): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const r of wxrRecords([fs.readFileSync(file, 'utf8')], { onSkip: (n, why) => skips.push([n, why]) })) out.push(r);
  return out;
}

describe('WXR import', () => {
  it('imports posts as articles, pages as pages, and skips the rest', async () => {
    expect(await importWxr(EXPORT, deps())).toEqual({ imported: 6, updated: 0, unchanged: 0, refused: [], pages: 1, skipped: 4 });
  });

  it('maps a published post: title, content, excerpt, GMT date, categories, tags, author, post_name', async () => {
    await importWxr(EXPORT, deps());
    const row = (await app.store.articles.findBySourceId('wp-101'))!;
    expect(row).toMatchObject({
      slug: 'old-post',
      headline: 'Free-flow tolling reaches the M6',
      standfirst: 'Gantries replace barriers.',
      body: '<p>The operator removed the last barrier on Monday.</p>\n<p>Drivers now pay online within five days.</p>',
      body_format: 'html',
      status: 'published',
      published_at: Date.UTC(2012, 6, 23, 10),
      section_id: (await app.store.taxonomy.sectionBySlug('tolling'))!.id,
    });
    const id = Number(row.id);
    expect((await app.store.taxonomy.tagsOf([id])).get(id)?.map((t) => t.name)).toEqual(['ANPR', 'Motorways']);
    expect((await app.store.taxonomy.authorsOf([id])).get(id)?.map((a) => a.name)).toEqual(['Ada Writer']);
  });

  it('names an author without a display name by first and last name, and an unknown login by the login', async () => {
    const out = await records(EXPORT);
    expect(out.flatMap((r) => ('input' in r ? [[r.input.sourceId, r.input.authors]] : []))).toEqual([
      ['wp-101', ['Ada Writer']],
      ['wp-102', ['Bob Ng']],
      ['wp-103', ['Ada Writer']],
      ['wp-104', ['Bob Ng']],
      ['wp-109', ['carol']],
      ['wp-110', ['Ada Writer']],
    ]);
  });

  it('makes paragraphs of content that has none, as WordPress does', async () => {
    await importWxr(EXPORT, deps());
    expect((await app.store.articles.findBySourceId('wp-102'))?.body).toBe(
      '<p>The crossing keeps its 2011 prices.<br />\nCars pay &pound;2.</p>\n<p>A review follows in the autumn.</p>',
    );
  });

  it('does not make "Uncategorized" a section', async () => {
    await importWxr(EXPORT, deps());
    expect([(await app.store.articles.findBySourceId('wp-102'))?.section_id, await app.store.taxonomy.sectionBySlug('uncategorized')]).toEqual([null, undefined]);
  });

  it('imports a draft without a date as an undated draft', async () => {
    await importWxr(EXPORT, deps());
    expect(await app.store.articles.findBySourceId('wp-103')).toMatchObject({ status: 'draft', published_at: null, slug: 'congestion-charge-next-ten-years' });
  });

  it('imports a future post as scheduled at its date', async () => {
    await importWxr(EXPORT, deps());
    expect(await app.store.articles.findBySourceId('wp-104')).toMatchObject({ status: 'scheduled', published_at: Date.UTC(2099, 0, 1, 9) });
  });

  it('decodes entities in titles and a percent-encoded post_name', async () => {
    await importWxr(EXPORT, deps());
    expect(await app.store.articles.findBySourceId('wp-109')).toMatchObject({ headline: 'Café culture at the services & what it costs', slug: 'cafe-culture' });
  });

  it('redirects the old permalink and /?p=ID of a published post', async () => {
    await importWxr(EXPORT, deps());
    expect(await app.store.redirects.find('/2012/07/old-post/')).toMatchObject({ to_path: '/news/old-post', status: 301 });
    expect(await app.store.redirects.find('/?p=101')).toMatchObject({ to_path: '/news/old-post', status: 301 });
    expect(await app.store.redirects.find('/2012/09/caf%c3%a9-culture/')).toMatchObject({ to_path: '/news/cafe-culture', status: 301 });
  });

  it('records no redirect for a draft', async () => {
    await importWxr(EXPORT, deps());
    expect(await app.store.redirects.find('/?p=103')).toBeUndefined();
  });

  it('hands a published page to savePage with its old paths', async () => {
    await importWxr(EXPORT, deps());
    expect(saved).toEqual([
      {
        sourceId: 'wp-2',
        slug: 'about',
        title: 'About Old Roads',
        body: '<p>Old Roads covers tolling.</p>\n<p>Founded in 1998.</p>',
        bodyFormat: 'html',
        publishedAt: Date.UTC(2012, 0, 1, 12),
        oldPaths: ['/about/', '/?page_id=2'],
      },
    ]);
    expect(await app.store.pages.bySlug('about')).toMatchObject({ title: 'About Old Roads' });
  });

  it('skips draft pages, attachments, menu items and trashed posts silently, saying why', async () => {
    const skips: [number, string][] = [];
    await records(EXPORT, skips);
    expect(skips).toEqual([
      [6, 'a draft page'],
      [7, 'a WordPress attachment'],
      [8, 'a WordPress nav_menu_item'],
      [9, 'a trash post'],
    ]);
  });

  it('imports a password-protected post as a draft, without redirects', async () => {
    await importWxr(EXPORT, deps());
    expect([(await app.store.articles.findBySourceId('wp-110'))?.status, await app.store.redirects.find('/?p=110')]).toEqual(['draft', undefined]);
  });

  it('reads `</item>` inside a comment’s CDATA as text', async () => {
    await importWxr(EXPORT, deps());
    expect((await app.store.articles.findBySourceId('wp-101'))?.source_text).toContain('Great news </item> for drivers.');
  });

  it('is idempotent: the same export twice changes nothing', async () => {
    await importWxr(EXPORT, deps());
    const version = await app.store.state.contentVersion();
    expect(await importWxr(EXPORT, deps())).toEqual({ imported: 0, updated: 0, unchanged: 6, refused: [], pages: 1, skipped: 4 });
    expect(await app.store.state.contentVersion()).toBe(version);
  });
});

describe('WXR import of broken input', () => {
  it('refuses items without title or content, malformed, with an unknown status or date, and imports the rest', async () => {
    expect(await importWxr(path.join(FIXTURES, 'broken.wxr.xml'), deps())).toEqual({
      imported: 1,
      updated: 0,
      unchanged: 0,
      refused: [
        { line: 2, reason: 'no title' },
        { line: 3, reason: 'no content (content:encoded is empty)' },
        { line: 4, reason: "malformed XML at line 41: Expected closing tag 'item' (opened in line 35, col 1) instead of closing tag 'wp:post_type'." },
        { line: 5, reason: 'unknown wp:status "archived"' },
        { line: 6, reason: 'wp:post_date_gmt is not a date: "2012-13-45 99:00:00"' },
      ],
      pages: 0,
      skipped: 0,
    });
  });

  it('refuses an item whose page cannot be saved, and reads on', async () => {
    const report = await importWxr(EXPORT, { pipeline: app.pipeline, savePage: async () => Promise.reject(new Error('disk full')) });
    expect([report.refused, report.imported, report.pages]).toEqual([[{ line: 5, reason: 'page could not be saved: disk full' }], 6, 0]);
  });

  it('sends a plain RSS feed to the RSS importer', async () => {
    await expect(importWxr(path.join(FIXTURES, 'feed.rss.xml'), deps())).rejects.toMatchObject({
      code: 'MH_IMPORT_WRONG_FORMAT',
      message: 'Not a WordPress export (WXR): an RSS feed without the WordPress export namespace; import it with "import rss"',
    });
  });

  it('refuses an HTML page', async () => {
    await expect(importWxr(path.join(FIXTURES, 'not-a-feed.html'), deps())).rejects.toMatchObject({
      message: 'Not a WordPress export (WXR): the root element is <html>',
    });
  });
});
