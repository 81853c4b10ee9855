/**
 * `import site` against a real WordPress as production serves it: Debian's WordPress, seeded
 * through its own PHP functions (test/wordpress/wp.php), served by nginx in front of php-fpm
 * (test/wordpress/served-wordpress.ts), read from its own sitemap (wp-sitemap.xml, WordPress 5.5+)
 * and compared with what WordPress shows readers. Skipped where nginx, php-fpm, PHP, WordPress or
 * MariaDB is absent, except in CI.
 */
import { DomUtils, parseDocument } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodedBody, makeTestApp, type TestApp } from '../../test/support.ts';
import { makeWordPressExport, type WordPressExport } from '../../test/wordpress/real-wordpress.ts';
import { canServeWordPress, type ServedWordPress, serveWordPress } from '../../test/wordpress/served-wordpress.ts';
import { importMediaLibrary } from '../admin/index.ts';
import { importSite, type SiteImportReport, saveGhostTerms } from './index.ts';

const available = await canServeWordPress();
const BROWSER = { accept: 'text/html,application/xhtml+xml', 'accept-encoding': 'br, gzip', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0' };
const text = (s: string) => s.replace(/\s+/g, ' ').trim();

describe.skipIf(!available)('import site from a real WordPress served by nginx and php-fpm', () => {
  let wp: WordPressExport;
  let served: ServedWordPress;
  let app: TestApp;
  let first: SiteImportReport;
  let seconds = 0;
  beforeAll(async () => {
    wp = await makeWordPressExport();
    served = await serveWordPress(wp);
    app = await makeTestApp();
    const t0 = performance.now();
    first = await run();
    seconds = (performance.now() - t0) / 1000;
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await served?.close();
    await wp?.remove();
  });

  function run() {
    const deps = {
      pipeline: app.pipeline,
      lastChange: async (id: string) => (await app.store.articles.findBySourceId(id))?.updated_at,
      media: importMediaLibrary(app.store, app.media, () => app.clock.now),
      saveTerms: (terms: Parameters<typeof saveGhostTerms>[1]) => saveGhostTerms(app.store, terms, app.clock.now),
    };
    // Loopback is allowed for the test's WordPress, and every other address refused: nothing leaves this machine.
    return importSite(`${served.base}/wp-sitemap.xml`, deps, { fetch: { allowPrivateAddresses: true, refuse: (address) => address !== '127.0.0.1' } });
  }

  /** What WordPress shows a reader of one post: headline, date, body text, category, tags, author. */
  async function wordPressShows(path: string) {
    const res = await fetch(`${served.base}${path}`, { headers: BROWSER });
    expect([path, res.status]).toEqual([path, 200]);
    const doc = parseDocument(await res.text()).children;
    const byClass = (c: string) => DomUtils.findAll((e) => (e.attribs.class ?? '').split(/\s+/).includes(c), doc);
    const links = (c: string) => byClass(c).flatMap((e) => DomUtils.findAll((a) => a.name === 'a', [e]).map((a) => text(DomUtils.textContent(a))));
    const time = DomUtils.findOne((e) => e.name === 'time', byClass('wp-block-post-date'));
    // The theme prints the featured image above the post's content, outside it.
    const featured = DomUtils.findOne((e) => e.name === 'img', byClass('wp-block-post-featured-image'));
    return {
      headline: text(DomUtils.textContent(byClass('wp-block-post-title'))),
      published: Date.parse(time!.attribs.datetime!),
      body: text(DomUtils.textContent(byClass('entry-content'))),
      section: links('taxonomy-category')[0],
      tags: links('taxonomy-post_tag').sort(),
      authors: byClass('wp-block-post-author__name').map((e) => text(DomUtils.textContent(e))),
      lead: featured ? { alt: featured.attribs.alt, inLibrary: true } : undefined,
    };
  }

  async function get(url: string): Promise<{ status: number; location: string | undefined; html: string }> {
    const res = await app.http.inject({ method: 'GET', url, headers: BROWSER });
    return { status: res.statusCode, location: res.headers.location as string | undefined, html: decodedBody(res) };
  }

  it('imports the two published posts from wp-sitemap.xml; pages, archives and users are not articles; nothing refused', () => {
    console.info(`import site from WordPress behind nginx: ${first.imported} posts in ${seconds.toFixed(2)} s`);
    expect([first.imported, first.updated, first.refused, first.sitemapProblems]).toEqual([2, 0, [], []]);
    // The index, posts, pages, categories, tags and users sitemaps; the pages and archives listed are read and passed over
    // (the admin wrote the pages, so WordPress lists an author page for them too).
    expect(first.sitemaps).toBe(6);
    expect(first.skipped.map((s) => new URL(s.url).pathname).sort()).toEqual([
      '/',
      '/about-us/',
      '/about-us/history/',
      '/author/admin/',
      '/author/jdoe/',
      '/author/rpatel/',
      '/category/ports/',
      '/category/rail-freight/',
      '/tag/appointments/',
      '/tag/automation/',
      '/tag/gates/',
    ]);
    // The classic post's body crop and its featured image (the full file, which the block post's body shows again).
    expect(first.media).toEqual({ imported: 2, reused: 1, missing: [] });
  });

  it('keeps what WordPress shows readers: headline, date, body text, category as section, tags, author', async () => {
    for (const [path, slug] of [
      ['/2024/03/savannah-automated-gate/', 'savannah-automated-gate'],
      ['/2024/03/nwa-names-new-head/', 'nwa-names-new-head'],
    ] as const) {
      const shown = await wordPressShows(path);
      const row = (await app.store.articles.findBySourceId(`site:${path}`))!;
      const id = Number(row.id);
      const section = row.section_id === null ? undefined : (await app.store.terms.byId('sections', row.section_id))?.name;
      expect({
        headline: row.headline,
        published: row.published_at,
        body: text(DomUtils.textContent(parseDocument(row.body).children).replace(/\u00a0/g, ' ')),
        section,
        tags: ((await app.store.taxonomy.tagsOf([id])).get(id) ?? []).map((t) => t.name).sort(),
        authors: ((await app.store.taxonomy.authorsOf([id])).get(id) ?? []).map((a) => a.name),
        lead: row.lead_image_url === null ? undefined : { alt: row.lead_image_alt, inLibrary: /^\/media\/\d+\//.test(row.lead_image_url) },
      }).toEqual({ ...shown, body: text(shown.body.replace(/\u00a0/g, ' ')) });
      expect(row.slug).toBe(slug);
      // The old permalink redirects to the new page, which answers.
      expect(await get(path)).toMatchObject({ status: 301, location: `/news/${slug}` });
      expect((await get(`/news/${slug}`)).status).toBe(200);
    }
    // The featured image WordPress printed above the classic post is its lead, in the media library; the block post has none.
    expect((await wordPressShows('/2024/03/savannah-automated-gate/')).lead).toEqual({ alt: 'Three ship-to-shore cranes over a container ship', inLibrary: true });
    const lead = (await app.store.articles.findBySourceId('site:/2024/03/savannah-automated-gate/'))!.lead_image_url!;
    expect((await get('/news/savannah-automated-gate')).html).toContain(lead.replace(/\/\d+\.\w+$/, '/'));
    // The body's images are in the media library.
    expect((await app.store.articles.findBySourceId('site:/2024/03/savannah-automated-gate/'))!.body).toMatch(/<img [^>]*src="\/media\/\d+\//);
  });

  it('redirects the category, tag and author pages WordPress gave to the new section, tag and author pages', async () => {
    const archives = wp.archives.filter((p) => /^\/(category|tag|author)\/[^/]+\/$/.test(p)).sort();
    expect(archives).toEqual(['/author/jdoe/', '/author/rpatel/', '/category/ports/', '/category/rail-freight/', '/tag/appointments/', '/tag/automation/', '/tag/gates/']);
    expect(first.termRedirects.map((r) => r.from).sort()).toEqual(archives);
    for (const path of archives) {
      const old = await get(path);
      expect([path, old.status]).toEqual([path, 301]);
      expect([path, (await get(old.location!)).status]).toEqual([path, 200]);
    }
    expect((await get('/author/jdoe/')).location).toBe('/authors/jane-doe');
    expect((await get('/category/rail-freight/')).location).toBe('/sections/rail-freight');
  });

  it('changes nothing on a second run', async () => {
    const version = await app.store.state.contentVersion();
    const again = await run();
    expect([again.imported, again.updated, again.unchanged, again.refused]).toEqual([0, 0, 2, []]);
    expect(await app.store.state.contentVersion()).toBe(version);
  });
});
