import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serveOldSite } from '../../test/old-site-server.ts';
import { decodedBody, makeTestApp, type TestApp } from '../../test/support.ts';
import { importMediaLibrary } from '../admin/index.ts';
import { type GhostImportOptions, type GhostRoutes, importGhost, MediaImporter, parseGhostRoutes, saveGhostTerms, saveWxrPage } from './index.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/import');
const EXPORT = path.join(FIXTURES, 'ghost-export.json');
const UPLOADS = path.join(FIXTURES, 'uploads');

let app: TestApp;
beforeEach(async () => {
  app = await makeTestApp();
});
afterEach(async () => {
  await app.close();
});

function run(options: GhostImportOptions = {}, file = EXPORT) {
  const deps = {
    pipeline: app.pipeline,
    savePage: (page: Parameters<typeof saveWxrPage>[1]) => saveWxrPage(app.store, page, app.clock.now),
    saveTerms: (terms: Parameters<typeof saveGhostTerms>[1], fixed: Parameters<typeof saveGhostTerms>[3]) => saveGhostTerms(app.store, terms, app.clock.now, fixed),
    media: importMediaLibrary(app.store, app.media, () => app.clock.now),
  };
  return importGhost(file, deps, options);
}

const article = async (id: string) => (await app.store.articles.findBySourceId(`ghost-${id}`))!;

/** The photo (media id) of each imported author, or null. */
async function photos(): Promise<{ ada: number | null; ben: number | null }> {
  const of = async (slug: string) => (await app.store.authors.byId(Number((await app.store.taxonomy.authorBySlug(slug))!.id)))!.photoMediaId;
  return { ada: await of('ada-writer'), ben: await of('ben-editor') };
}

/** A public page's HTML, asked for as a browser asks. */
async function page(url: string): Promise<string> {
  const res = await app.http.inject({ method: 'GET', url, headers: { accept: 'text/html', 'accept-encoding': 'br, gzip' } });
  expect(res.statusCode).toBe(200);
  return decodedBody(res);
}

describe('Ghost import', () => {
  it('imports posts and pages, keeps drafts and scheduled posts, and refuses what it cannot read', async () => {
    const report = await run();
    expect({ ...report, media: undefined }).toEqual({
      imported: 7,
      updated: 0,
      unchanged: 0,
      refused: [{ line: 9, reason: 'no content (html, lexical and mobiledoc are all empty)' }],
      pages: 1,
      skipped: 1,
      review: [
        { item: 2, sourceId: 'ghost-6650a2', title: 'Rail freight grows', notes: ['unknown Lexical node "x-poll" (left out)'] },
        { item: 3, sourceId: 'ghost-6650a3', title: 'Tonnage fell in 2019', notes: ['unknown Mobiledoc card "x-poll" (left out)'] },
        { item: 6, sourceId: 'ghost-6650a6', title: 'Members-only analysis', notes: ['only paid members could read it on Ghost: imported as a draft'] },
        // Readers saw Ada's cover image on her author page; without a media source it stays on the old site.
        { item: 0, sourceId: '/author/ada/', title: 'Ada Writer', notes: ['cover image (author pages here show none) not shown: it could not be brought in (see media.missing)'] },
      ],
      media: undefined,
    });
    const statuses = await Promise.all(['6650a1', '6650a4', '6650a5', '6650a6', '6650aa'].map(async (id) => (await article(id)).status));
    expect(statuses).toEqual(['published', 'draft', 'scheduled', 'draft', 'draft']);
  });

  it('maps a post: html, custom excerpt, primary tag as section, other public tags, authors with bios, dates, feature image', async () => {
    await run();
    const row = await article('6650a1');
    expect(row).toMatchObject({
      slug: 'quay-reopens',
      headline: 'Quay reopens after storm',
      standfirst: 'Cranes are back at work.',
      published_at: Date.parse('2024-07-03T09:00:00.000Z'),
      updated_at: Date.parse('2024-07-04T12:00:00.000Z'),
      section_id: (await app.store.taxonomy.sectionBySlug('ports'))!.id,
      lead_image_url: '__GHOST_URL__/content/images/2024/07/quay.jpg',
      lead_image_alt: 'Ship-to-shore cranes on the quay',
      lead_image_caption: 'The quay at dawn',
    });
    // Links to the old site become site-relative, and the old path redirects.
    expect(row.body).toContain('<p>See <a href="/rail-freight-grows/">rail freight</a>.</p>');
    const id = Number(row.id);
    expect((await app.store.taxonomy.tagsOf([id])).get(id)?.map((t) => t.name)).toEqual(['Rail']);
    expect((await app.store.taxonomy.authorsOf([id])).get(id)?.map((a) => a.name)).toEqual(['Ada Writer', 'Ben Editor']);
    expect((await app.store.taxonomy.authorBySlug('ada-writer'))?.bio).toBe('Ada covers ports and shipping.');
  });

  it('renders Lexical and Mobiledoc with Ghost’s own renderers and cards when the export has no html', async () => {
    await run();
    const lexical = (await article('6650a2')).body;
    expect(lexical.startsWith(
      [
        '<p>Rail freight <strong>grew</strong> in June, <a href="https://stats.example/june"><em>the figures</em></a> show &lt;all&gt; lines.</p>',
        // Ghost gives headings an id for anchors, and images its classes, lazy loading and size.
        '<h2 id="by-corridor">By corridor</h2>',
        '<ul><li>North</li><li>South</li></ul>',
        '<figure class="kg-card kg-image-card kg-card-hascaption"><img src="/content/images/2024/07/gate.png" class="kg-image" alt="The terminal gate" loading="lazy" width="40" height="40"><figcaption><span>Gate at six</span></figcaption></figure>',
        '<p>A <strong>markdown</strong> card.</p>\n',
      ].join(''),
    )).toBe(true);
    // The product card, with Ghost's own markup; the unknown node is left out (and listed for review).
    expect(lexical).toContain('<div class="kg-card kg-product-card">');
    expect(lexical).toContain('<h4 class="kg-product-card-title">Annual report</h4>');
    expect(lexical).not.toContain('x-poll');
    expect((await article('6650a3')).body).toBe(
      [
        '<p>Tonnage <b>fell</b> in 2019; <a href="https://old.example/2019/">see 2019</a><br>Second line.</p>',
        '<figure class="kg-card kg-image-card kg-card-hascaption"><img src="https://images.unsplash.example/photo-1.jpg" class="kg-image" alt="A quay" loading="lazy"><figcaption>Photo: Unsplash</figcaption></figure>',
        '<hr>',
        '<div class="kg-card kg-callout-card kg-callout-card-grey"><div class="kg-callout-emoji">💡</div><div class="kg-callout-text">Mind the gap</div></div>',
        '<ol><li>One</li><li>Two</li></ol>',
      ].join(''),
    );
  });

  it('redirects the URLs a routes.yaml gave: collections by filter, in order, and taxonomies', async () => {
    const routes = parseGhostRoutes(
      [
        'routes:',
        '  /podcast/: podcast',
        'collections:',
        '  /ports/:',
        '    permalink: /ports/{year}/{month}/{slug}/',
        '    filter: primary_tag:ports+featured:-true',
        '  /:',
        '    permalink: /{primary_tag}/{slug}/',
        'taxonomies:',
        '  tag: /topic/{slug}/',
        '  author: /writer/{slug}/',
      ].join('\n'),
    ) as GhostRoutes;
    await run({ routes });
    const paths = ['/ports/2024/07/quay-reopens/', '/rail/rail-freight-grows/', '/all/tonnage-fell/', '/about/', '/topic/ports/', '/writer/ada/', '/quay-reopens/', '/tag/ports/'];
    const found = await Promise.all(paths.map((p) => app.store.redirects.find(p)));
    expect(found.map((r) => r?.to_path)).toEqual(['/news/quay-reopens', '/news/rail-freight-grows', '/news/tonnage-fell', '/pages/about', '/sections/ports', '/authors/ada-writer', undefined, undefined]);
    expect(parseGhostRoutes('collections:\n  /:\n    permalink: /{slug}/\n    filter: "tag:a,tag:b"\n')).toBe(
      'collection /: filter "tag:a,tag:b" is not one this importer reads (tag:, primary_tag:, author:, primary_author:, featured: joined by +)',
    );
  });

  it("dates routes.yaml permalinks in the site's time zone: the export's setting, or --timezone", async () => {
    // 23:30 UTC on New Year's Eve is already 2020 in Berlin, where this Ghost site ran.
    const data = JSON.parse(fs.readFileSync(EXPORT, 'utf8'));
    const db = data.db[0].data;
    db.posts.find((p: { slug: string }) => p.slug === 'tonnage-fell').published_at = '2019-12-31T23:30:00.000Z';
    db.settings.push({ id: 's2', key: 'timezone', value: 'Europe/Berlin', type: 'site' });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ghost-tz-')), 'export.json');
    fs.writeFileSync(file, JSON.stringify(data));
    const routes = parseGhostRoutes('collections:\n  /:\n    permalink: /{year}/{month}/{day}/{slug}/\n') as GhostRoutes;
    const to = async (p: string) => (await app.store.redirects.find(p))?.to_path;
    await run({ routes }, file);
    expect([await to('/2020/01/01/tonnage-fell/'), await to('/2019/12/31/tonnage-fell/')]).toEqual(['/news/tonnage-fell', undefined]);
    // The operator's --timezone wins over the export's (a site moved zones since).
    await run({ routes, timeZone: 'America/New_York' }, file);
    expect(await to('/2019/12/31/tonnage-fell/')).toBe('/news/tonnage-fell');
    // Without a setting, UTC.
    await run({ routes });
    expect(await to('/2019/12/30/tonnage-fell/')).toBe('/news/tonnage-fell');
  });

  it('redirects old post, page, tag and author URLs with 301', async () => {
    await run();
    const found = await Promise.all(['/quay-reopens/', '/about/', '/tag/ports/', '/tag/rail/', '/author/ada/', '/author/ben/', '/canals-draft/', '/tag/hash-feature/'].map((p) => app.store.redirects.find(p)));
    expect(found.map((r) => r && [r.to_path, r.status])).toEqual([
      ['/news/quay-reopens', 301],
      ['/pages/about', 301],
      ['/sections/ports', 301],
      ['/tags/rail', 301],
      ['/authors/ada-writer', 301],
      ['/authors/ben-editor', 301],
      undefined,
      undefined,
    ]);
    const res = await app.http.inject({ method: 'GET', url: '/author/ada/', headers: { accept: 'text/html', 'accept-encoding': 'br, gzip' } });
    expect([res.statusCode, res.headers.location]).toEqual([301, '/authors/ada-writer']);
    // Ghost's feeds: the site's, each tag's and each author's.
    const feeds = await Promise.all(['/rss/', '/tag/ports/rss/', '/tag/rail/rss/', '/author/ada/rss/'].map((p) => app.store.redirects.find(p)));
    expect(feeds.map((r) => r?.to_path)).toEqual(['/feed.xml', '/sections/ports/feed.xml', '/tags/rail/feed.xml', '/authors/ada-writer/feed.xml']);
  });

  it('is idempotent: the same export twice writes nothing', async () => {
    await run({ mediaSource: { mediaFrom: UPLOADS } });
    const version = await app.store.state.contentVersion();
    const again = await run({ mediaSource: { mediaFrom: UPLOADS } });
    expect([again.imported, again.updated, again.unchanged, again.media.imported]).toEqual([0, 0, 7, 0]);
    expect(await app.store.state.contentVersion()).toBe(version);
  });

  it('brings feature and body images in with --media-from, Ghost’s resized copies as the original; lists what is missing', async () => {
    const report = await run({ mediaSource: { mediaFrom: UPLOADS } });
    const { items } = await app.media.list(1, 10);
    const url = (alt: string) => {
      const m = items.find((i) => i.alt === alt)!;
      return `/media/${m.id}/${m.width}.${m.format === 'jpeg' ? 'jpg' : m.format}`;
    };
    expect(items.map((i) => i.alt).sort()).toEqual(['Ada Writer', 'Ada Writer (cover image)', 'Lorries at the gate', 'Ship-to-shore cranes on the quay']);
    expect(report.media).toEqual({ imported: 4, reused: 1, missing: [] });
    expect(report.review.at(-1)).toEqual({ item: 0, sourceId: '/author/ada/', title: 'Ada Writer', notes: [`cover image (author pages here show none) not shown: it is in the media library (${url('Ada Writer (cover image)')})`] });
    const row = await article('6650a1');
    expect(row.lead_image_url).toBe(url('Ship-to-shore cranes on the quay'));
    expect(row.body).toContain(`<img src="${url('Lorries at the gate')}" class="kg-image" alt="Lorries at the gate" loading="lazy" width="40" height="40">`);
    expect((await article('6650a2')).body).toContain(`<img src="${url('Lorries at the gate')}" class="kg-image" alt="The terminal gate" loading="lazy" width="40" height="40">`);
  });

  it('without a media source lists the images as missing, and reads a bare {meta, data} export', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-ghost-'));
    const bare = path.join(dir, 'bare.json');
    fs.writeFileSync(bare, JSON.stringify((JSON.parse(fs.readFileSync(EXPORT, 'utf8')) as { db: unknown[] }).db[0]));
    try {
      const report = await run({}, bare);
      expect(report.imported).toBe(7);
      expect(report.media.missing.map((m) => m.url)).toEqual(['__GHOST_URL__/content/images/2024/07/ada-cover.jpg', '__GHOST_URL__/content/images/2024/07/ada.jpg', '__GHOST_URL__/content/images/2024/07/gate.png', '__GHOST_URL__/content/images/2024/07/quay.jpg']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('makes authors’ profile pictures their photos, shown on author pages and bylines; a re-import changes nothing', async () => {
    await run({ mediaSource: { mediaFrom: UPLOADS } });
    const { ada, ben } = await photos();
    const photo = (await app.media.list(1, 10)).items.find((i) => i.id === ada);
    expect([photo?.alt, photo?.width, ben]).toEqual(['Ada Writer', 64, null]);
    const authorPage = await page('/authors/ada-writer');
    expect(authorPage).toMatch(new RegExp(`class="author-photo"[^]*?/media/${ada}/`));
    expect(await page('/news/quay-reopens')).toMatch(new RegExp(`class="byline-photo"[^]*?/media/${ada}/`));
    const before = [await app.store.state.contentVersion(), await app.store.authors.list(), (await app.media.list(1, 10)).total];
    const again = await run({ mediaSource: { mediaFrom: UPLOADS } });
    expect(again.media).toEqual({ imported: 0, reused: 5, missing: [] });
    expect([await app.store.state.contentVersion(), await app.store.authors.list(), (await app.media.list(1, 10)).total]).toEqual(before);
  });

  it('fetches profile pictures from the old site with --fetch-media, refusing its loopback address unless allowed', async () => {
    const site = await serveOldSite(
      (p) => (p.startsWith('/content/images/') && fs.existsSync(path.join(UPLOADS, p.slice(16))) ? { body: fs.readFileSync(path.join(UPLOADS, p.slice(16))), type: 'image/jpeg' } : undefined),
      () => {},
    );
    try {
      const refused = await run({ siteUrl: site.base, mediaSource: { fetch: {} } });
      expect(refused.media.missing.find((m) => m.url.endsWith('/ada.jpg'))?.reason).toMatch(/^refused: 127\.0\.0\.1 is a private, loopback/);
      expect((await photos()).ada).toBeNull();
      const allowed = await run({ siteUrl: site.base, mediaSource: { fetch: { allowPrivateAddresses: true } } });
      expect(allowed.media.missing).toEqual([]);
      const { ada } = await photos();
      expect((await app.media.list(1, 10)).items.find((i) => i.id === ada)?.alt).toBe('Ada Writer');
    } finally {
      await site.close();
    }
  });

  it('brings a Gravatar from its own host only with --fetch-media, through the guard, once; covers, tag and link-preview images into the library for review', async () => {
    const asked: string[] = [];
    // A local stand-in for www.gravatar.com: nothing leaves this machine.
    const gravatar = await serveOldSite((p) => (p.startsWith('/avatar/') ? { body: fs.readFileSync(path.join(UPLOADS, '2024/07/ada.jpg')), type: 'image/jpeg' } : undefined), (p) => asked.push(p));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-ghost-'));
    const file = path.join(dir, 'export.json');
    const json = JSON.parse(fs.readFileSync(EXPORT, 'utf8')) as { db: { data: Record<string, Record<string, unknown>[]> }[] };
    const data = json.db[0]!.data;
    data.users!.find((u) => u.id === 'u2')!.profile_image = `${gravatar.base}/avatar/0f3c9a?s=250&d=mm&r=x`;
    data.tags!.find((t) => t.id === 't2')!.feature_image = '__GHOST_URL__/content/images/2024/07/gate.png';
    Object.assign(data.posts_meta!.find((m) => m.post_id === '6650a1')!, { og_image: '__GHOST_URL__/content/images/2024/07/gate.png', twitter_image: '__GHOST_URL__/content/images/2024/07/gate.png' });
    fs.writeFileSync(file, JSON.stringify(json));
    try {
      const copyOnly = await run({ mediaSource: { mediaFrom: UPLOADS } }, file);
      expect(copyOnly.media.missing).toEqual([{ url: `${gravatar.base}/avatar/0f3c9a?s=250&d=mm&r=x`, reason: `on another host (${new URL(gravatar.base).host}): give --fetch-media to bring it in` }]);
      const refused = await run({ mediaSource: { mediaFrom: UPLOADS, fetch: {} } }, file);
      expect(refused.media.missing[0]?.reason).toMatch(/^refused: 127\.0\.0\.1 is a private, loopback/);
      expect([(await photos()).ben, asked]).toEqual([null, []]);
      const allowed = await run({ mediaSource: { mediaFrom: UPLOADS, fetch: { allowPrivateAddresses: true } } }, file);
      expect([allowed.media.missing, asked]).toEqual([[], ['/avatar/0f3c9a?s=250&d=mm&r=x']]);
      const { ben } = await photos();
      expect((await app.media.list(1, 10)).items.find((i) => i.id === ben)?.alt).toBe('Ben Editor');
      expect(await page('/authors/ben-editor')).toMatch(new RegExp(`class="author-photo"[^]*?/media/${ben}/`));
      const gate = (await article('6650a2')).body.match(/\/media\/\d+\/\d+\.png/)![0];
      expect(allowed.review.filter((r) => r.sourceId === 'ghost-6650a1' || r.item === 0)).toEqual([
        { item: 1, sourceId: 'ghost-6650a1', title: 'Quay reopens after storm', notes: [`og_image (the link-preview image; link previews here show the lead image) not shown: it is in the media library (${gate})`] },
        { item: 0, sourceId: '/tag/rail/', title: 'Rail', notes: [`feature image (section and tag pages here show none) not shown: it is in the media library (${gate})`] },
        { item: 0, sourceId: '/author/ada/', title: 'Ada Writer', notes: [expect.stringMatching(/^cover image \(author pages here show none\) not shown: it is in the media library \(\/media\/\d+\//)] },
      ]);
      // A re-import finds the Gravatar by its address: not fetched again, nothing written.
      const version = await app.store.state.contentVersion();
      const again = await run({ mediaSource: { mediaFrom: UPLOADS, fetch: { allowPrivateAddresses: true } } }, file);
      expect([again.media.imported, again.updated, asked.length, await app.store.state.contentVersion()]).toEqual([0, 0, 1, version]);
    } finally {
      await gravatar.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes a Gravatar written without a scheme, as Ghost stores it, over https', async () => {
    const fetched: string[] = [];
    const library = { find: async () => undefined, add: async () => ({ url: '/media/1/64.jpg' }) };
    const media = new MediaImporter(library, { fetch: {} }, '/content/images/', 'ghost', async (url) => {
      fetched.push(url);
      return { data: Buffer.from('') };
    });
    expect(await media.resolveAnywhere({ url: '//www.gravatar.com/avatar/0f3c9a?s=250&d=mm&r=x', alt: 'Ben Editor' })).toBe('/media/1/64.jpg');
    expect(fetched).toEqual(['https://www.gravatar.com/avatar/0f3c9a?s=250&d=mm&r=x']);
  });

  it('refuses a file that is not a Ghost export', async () => {
    await expect(run({}, path.join(FIXTURES, 'export.wxr.xml'))).rejects.toMatchObject({ code: 'MH_IMPORT_WRONG_FORMAT' });
  });
});
