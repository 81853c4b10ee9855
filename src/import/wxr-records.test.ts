import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodedBody, makeTestApp, TEST_DB, type TestApp } from '../../test/support.ts';
import { importWxr, type SourceRecord, saveWxrPage, type WxrImportOptions, type WxrPage, wxrRecords } from './index.ts';
import { localDate } from './wxr-records.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/import');
const EXPORT = path.join(FIXTURES, 'export.wxr.xml');
const NO_MEDIA = { imported: 0, reused: 0, missing: [] };

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
    expect(await importWxr(EXPORT, deps())).toEqual({ imported: 6, updated: 0, unchanged: 0, refused: [], pages: 1, skipped: 4, review: [], media: NO_MEDIA });
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

  it('takes the last change from wp:post_modified_gmt, else wp:post_modified in the site time zone, for sitemaps', async () => {
    await importWxr(path.join(FIXTURES, 'media.wxr.xml'), deps(), { timeZone: 'Europe/London' });
    const updated = async (id: string) => (await app.store.articles.findBySourceId(id))?.updated_at;
    expect([await updated('wp-601'), await updated('wp-602')]).toEqual([Date.UTC(2024, 6, 5, 14, 30), Date.UTC(2024, 6, 6, 7)]);
    const sitemap = await app.http.inject({ method: 'GET', url: '/sitemaps/articles-1.xml', headers: { 'accept-encoding': 'identity' } });
    expect(sitemap.body).toMatch(/<loc>https:\/\/news\.example\/news\/quay-reopens<\/loc><lastmod>2024-07-05T14:30:00/);
  });

  it('is idempotent: the same export twice changes nothing', async () => {
    await importWxr(EXPORT, deps());
    const version = await app.store.state.contentVersion();
    expect(await importWxr(EXPORT, deps())).toEqual({ imported: 0, updated: 0, unchanged: 6, refused: [], pages: 1, skipped: 4, review: [], media: NO_MEDIA });
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
      review: [],
      media: NO_MEDIA,
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

const SITE = path.join(FIXTURES, 'wordpress-site.wxr.xml');

describe('WXR import of a WordPress site as readers saw it', () => {
  const importSite = (options: WxrImportOptions = {}) => importWxr(SITE, { pipeline: app.pipeline, savePage: (page) => saveWxrPage(app.store, page, app.clock.now) }, options);
  /** A browser's GET: compressed answers are decompressed as it would. */
  const get = async (url: string) => {
    const res = await app.http.inject({ method: 'GET', url, headers: { accept: 'text/html', 'accept-encoding': 'br, gzip' } });
    return { statusCode: res.statusCode, headers: res.headers, body: decodedBody(res) };
  };
  const body = async (sourceId: string) => (await app.store.articles.findBySourceId(sourceId))?.body;

  it('renders a caption shortcode as the figure WordPress shows, and the page shows it', async () => {
    await importSite();
    expect(await body('wp-201')).toBe(
      '<figure id="attachment_5008" class="wp-caption alignright"><a href="https://freight.example/wp-content/uploads/2024/06/floor.jpg"><img class="size-medium wp-image-5008" src="https://freight.example/wp-content/uploads/2024/06/floor-300x200.jpg" alt="The trading floor" width="300" height="200" /></a><figcaption class="wp-caption-text">Traders on the floor</figcaption></figure>\n' +
        '<p>The exchange stopped trading at 00:10.</p>\n<p>Dealers said the index had risen [sic] by a fifth. To show a shortcode, WordPress writes [caption].</p>',
    );
    const page = (await get('/news/trading-halted')).body;
    expect(page).toContain('<figcaption>Traders on the floor</figcaption></figure>');
    expect(page).not.toContain('[caption id=');
  });

  it('renders a gallery of attachments listed after the post, without the block comments', async () => {
    await importSite();
    const html = (await body('wp-202'))!;
    expect(html).not.toContain('<!--');
    expect(html).not.toContain('[gallery');
    expect([...html.matchAll(/<figure class="gallery-item">.*?<img src="([^"]+)" alt="([^"]*)"/g)].map((m) => [m[1], m[2]])).toEqual([
      ['https://freight.example/wp-content/uploads/2024/07/terminal-quay.jpg', 'Ship-to-shore cranes on the quay'],
      ['https://freight.example/wp-content/uploads/2024/07/terminal-gate.jpg', 'Lorries at the gate'],
    ]);
    expect(html).toContain('<figcaption class="wp-caption-text gallery-caption">The quay at dawn</figcaption>');
  });

  it('lists per post what an editor should review: unknown shortcodes and images the export lacks', async () => {
    const report = await importSite();
    expect(report.review).toEqual([
      { item: 2, sourceId: 'wp-202', title: 'In pictures: the new container terminal', notes: ['gallery: attachment 903 is not in the export'] },
      {
        item: 3,
        sourceId: 'wp-203',
        title: 'Rail freight: the week in video',
        notes: ['unknown shortcode [contact-form-7]', 'unknown shortcode [vc_column]', 'unknown shortcode [vc_column_text]', 'unknown shortcode [vc_row]'],
      },
    ]);
    const html = (await body('wp-203'))!;
    expect(html).toContain('<p>The yard handled 40 trains.</p>');
    expect(html).toContain('<p><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">');
    expect(html).toContain('<video controls="controls" preload="metadata" src="https://freight.example/wp-content/uploads/2024/07/yard.mp4"');
    expect(html).toContain('<audio controls="controls" preload="metadata" src="https://freight.example/wp-content/uploads/2024/07/briefing.mp3"');
    expect(html).not.toMatch(/\[\/?(?:vc_|contact|embed|video|audio)/);
  });

  it('decodes titles once and keeps a ticker in angle brackets as text', async () => {
    await importSite();
    expect((await app.store.articles.findBySourceId('wp-204'))?.headline).toBe('NWA <NWA> NAMES NEW HEAD FOR UNIT');
    expect((await app.store.articles.findBySourceId('wp-205'))?.headline).toBe('Q&A: fares “will rise” <FRT>');
    expect((await get('/news/nwa-names-new-head')).body).toContain('<h1>NWA &lt;NWA> NAMES NEW HEAD FOR UNIT</h1>');
  });

  it('keeps child pages with the same slug apart, each old URL redirecting to its own page', async () => {
    expect((await importSite()).pages).toBe(4);
    expect((await app.store.pages.all()).map((p) => p.slug).sort()).toEqual(['about-us', 'about-us/history', 'advertise-with-us', 'advertise-with-us/history']);
    for (const [old, to, title] of [
      ['/about-us/history/', '/pages/about-us/history', 'Our history'],
      ['/advertise-with-us/history/', '/pages/advertise-with-us/history', 'Advertising since 1990'],
      ['/?page_id=13', '/pages/advertise-with-us/history', 'Advertising since 1990'],
    ] as const) {
      const res = await get(old);
      expect([old, res.statusCode, res.headers.location]).toEqual([old, 301, to]);
      expect((await get(to)).body).toContain(`<h1>${title}</h1>`);
    }
  });

  it('writes nothing at all when the same export is imported again', async () => {
    await importSite();
    const before = [await app.store.state.contentVersion(), await writes()];
    expect(await importSite()).toMatchObject({ imported: 0, updated: 0, unchanged: 6, refused: [], pages: 4 });
    expect([await app.store.state.contentVersion(), await writes()]).toEqual(before);
  });

  it('dates a post by its GMT date near midnight, else by its local date in the site’s time zone', async () => {
    await importSite({ timeZone: 'Europe/London' });
    expect((await app.store.articles.findBySourceId('wp-201'))?.published_at).toBe(Date.UTC(2024, 5, 30, 23, 30));
    // No GMT date (0000-00-00): 00:30 on 5 July in London is 23:30 on 4 July UTC.
    expect((await app.store.articles.findBySourceId('wp-205'))?.published_at).toBe(Date.UTC(2024, 6, 4, 23, 30));
    // A draft's local date is a floating one in WordPress: it stays undated.
    expect(await app.store.articles.findBySourceId('wp-206')).toMatchObject({ status: 'draft', published_at: null });
  });

  it('reads a local date as UTC when no time zone is given', async () => {
    await importSite();
    expect((await app.store.articles.findBySourceId('wp-205'))?.published_at).toBe(Date.UTC(2024, 6, 5, 0, 30));
  });

  it('redirects an emoji slug’s old URL whatever the case of its percent-escapes', async () => {
    await importSite();
    const slug = (await app.store.articles.findBySourceId('wp-205'))!.slug;
    for (const old of ['/2024/07/%f0%9f%9a%86-rail-fares/', '/2024/07/%F0%9F%9A%86-rail-fares/']) {
      const res = await get(old);
      expect([old, res.statusCode, res.headers.location]).toEqual([old, 301, `/news/${slug}`]);
    }
  });
});

/**
 * What tells whether rows were written: PostgreSQL's row versions (xmin changes on any update,
 * even to the same values), SQLite's count of rows changed on the connection.
 */
async function writes(): Promise<string> {
  if (TEST_DB === 'postgres') {
    const tables = ['articles', 'pages', 'redirects', 'site_state', 'revisions', 'article_tags', 'article_authors'];
    const out: string[] = [];
    for (const table of tables) {
      const { rows } = await sql<{ v: string }>`SELECT string_agg(xmin::text, ',' ORDER BY xmin::text) AS v FROM ${sql.table(table)}`.execute(app.store.db);
      out.push(`${table}:${rows[0]?.v ?? ''}`);
    }
    return out.join(' ');
  }
  const { rows } = await sql<{ n: number }>`SELECT total_changes() AS n`.execute(app.store.db);
  return String(rows[0]?.n);
}

describe('WXR pages under plain permalinks', () => {
  const page = (id: number, parent: number, name: string) =>
    `<item><title>Page ${id}</title><link>https://plain.example/?page_id=${id}</link><content:encoded><![CDATA[Text ${id}.]]></content:encoded><wp:post_id>${id}</wp:post_id><wp:post_name>${name}</wp:post_name><wp:status>publish</wp:status><wp:post_parent>${parent}</wp:post_parent><wp:post_type>page</wp:post_type></item>`;
  const wxr = (items: string[]) =>
    `<rss xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><link>https://plain.example</link>${items.join('')}</channel></rss>`;

  it('builds child pages’ paths from their parents, and numbers a path two pages want, noting it for review', async () => {
    const pages: string[] = [];
    const review: unknown[] = [];
    const source = wxr([page(10, 0, 'about-us'), page(11, 10, 'history'), page(12, 0, 'advertise'), page(13, 12, 'history'), page(14, 0, 'about-us')]);
    for await (const _ of wxrRecords([source], { onPage: (p) => void pages.push(p.slug), onReview: (r) => review.push(r) }));
    expect(pages).toEqual(['about-us', 'about-us/history', 'advertise', 'advertise/history', 'about-us-2']);
    expect(review).toEqual([{ item: 5, sourceId: 'wp-14', title: 'Page 14', notes: ['page path /pages/about-us is taken by another page: saved as /pages/about-us-2'] }]);
  });
});

describe('WordPress local dates', () => {
  it('reads a local time in the site’s IANA time zone, across daylight-saving changes', () => {
    expect(localDate('2024-01-05 23:30:00', 'America/New_York')).toBe(Date.UTC(2024, 0, 6, 4, 30));
    expect(localDate('2024-07-01 00:15:00', 'Asia/Kolkata')).toBe(Date.UTC(2024, 5, 30, 18, 45));
    expect(localDate('2024-03-31 00:30:00', 'Europe/London')).toBe(Date.UTC(2024, 2, 31, 0, 30));
    expect(localDate('2024-03-31 03:00:00', 'Europe/London')).toBe(Date.UTC(2024, 2, 31, 2, 0));
    expect(localDate('2024-02-30 10:00:00', 'Europe/London')).toBeUndefined();
  });
});
