/**
 * `import site` redirects the old site's section, tag and author pages to the new ones: found from
 * the articles' structured data (JSON-LD author `url`, BreadcrumbList), their links (rel="tag",
 * a tag list, WordPress's category block), or a listed page that calls itself by an author's name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OldSite, serveOldSite } from '../../test/old-site-server.ts';
import { makeTestApp, type TestApp } from '../../test/support.ts';
import { importMediaLibrary } from '../admin/index.ts';
import { importSite, saveGhostTerms } from './index.ts';

const BROWSER = { accept: 'text/html', 'accept-encoding': 'br, gzip' };

/** A news page with JSON-LD (author with its page, a BreadcrumbList) and a plain tag list; its body links elsewhere with a tag's name. */
function structured(base: string): string {
  const ld = [
    { '@context': 'https://schema.org', '@type': 'NewsArticle', headline: 'Quay cranes arrive', datePublished: '2024-03-10T09:00:00Z', articleSection: 'Ports', keywords: 'Gates', author: { '@type': 'Person', name: 'Jane Doe', url: `${base}/staff/jane-doe` } },
    { '@context': 'https://schema.org', '@type': 'BreadcrumbList', itemListElement: [{ '@type': 'ListItem', position: 1, name: 'Home', item: `${base}/` }, { '@type': 'ListItem', position: 2, name: 'Ports', item: `${base}/topics/ports/` }] },
  ];
  return `<html><head><title>Quay cranes arrive | Port Weekly</title><script type="application/ld+json">${JSON.stringify(ld)}</script></head>
<body><nav><a href="/">Home</a></nav><article><h1>Quay cranes arrive</h1><div class="body"><p>Three cranes reached the <a href="/elsewhere/gates">Gates</a> terminal.</p></div>
<ul class="tags"><li><a href="/keyword/gates">Gates</a></li></ul></article></body></html>`;
}

/** A WordPress block theme's post: no structured data, no <article>, terms and author printed by blocks. */
const blockTheme = `<html><head><title>Rail yard reopens &#8211; Port Weekly</title></head><body><main>
<h1 class="wp-block-post-title">Rail yard reopens</h1><div class="entry-content wp-block-post-content"><p>The yard reopened on Monday after works.</p></div>
<div class="wp-block-post-date"><time datetime="2024-03-12T09:15:00-04:00">March 12, 2024</time></div>
<div class="taxonomy-category wp-block-post-terms"><a href="/category/rail/" rel="tag">Rail</a></div>
<div class="wp-block-post-author"><p class="wp-block-post-author__name">Raj Patel</p></div>
<div class="taxonomy-post_tag wp-block-post-terms"><a href="/tag/cranes/" rel="tag">Cranes</a></div></main></body></html>`;

let app: TestApp;
let oldSite: OldSite;
let pages: Record<string, string>;

beforeEach(async () => {
  app = await makeTestApp();
  oldSite = await serveOldSite(
    (path) => (path.startsWith('/avatar/') ? avatar(path) : pages[path] === undefined ? undefined : { body: pages[path]!, ...(path.endsWith('.xml') ? { type: 'application/xml' } : {}) }),
    () => {},
  );
  const base = oldSite.base;
  const urls = ['/2024/03/quay-cranes/', '/2024/03/rail-yard/', '/people/raj/', '/contact/'];
  pages = {
    '/sitemap.xml': `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.map((u) => `<url><loc>${base}${u}</loc></url>`).join('')}</urlset>`,
    '/2024/03/quay-cranes/': structured(base),
    '/2024/03/rail-yard/': blockTheme,
    '/people/raj/': '<html><head><title>Raj Patel &#8211; Port Weekly</title></head><body><main><h1>Author: Raj Patel</h1><p>Posts by Raj.</p></main></body></html>',
    '/contact/': '<html><head><title>Contact &#8211; Port Weekly</title></head><body><h1>Contact</h1></body></html>',
  };
});
afterEach(async () => {
  await oldSite.close();
  await app.close();
});

/** Avatars the old site serves (a stand-in for Gravatar on the same local server): each person's own picture. */
const PICTURES = path.resolve(import.meta.dirname, '../../test/fixtures/import/uploads/2024/07');
function avatar(at: string) {
  const file = { '/avatar/jane': 'ada.jpg', '/avatar/raj': 'quay.jpg', '/avatar/reader': 'ada-cover.jpg' }[at.split('?')[0]!];
  return file ? { body: fs.readFileSync(path.join(PICTURES, file)), type: 'image/jpeg' } : undefined;
}

function run(withMedia = false) {
  const lastChange = async (id: string) => (await app.store.articles.findBySourceId(id))?.updated_at;
  const saveTerms = (terms: Parameters<typeof saveGhostTerms>[1]) => saveGhostTerms(app.store, terms, app.clock.now);
  const media = withMedia ? { media: importMediaLibrary(app.store, app.media, () => app.clock.now) } : {};
  return importSite(`${oldSite.base}/sitemap.xml`, { pipeline: app.pipeline, lastChange, saveTerms, ...media }, { fetch: { allowPrivateAddresses: true } });
}

describe('import site: old section, tag and author pages', () => {
  it('redirects the pages the articles and the sitemap name to the new section, tag and author pages, and lists them', async () => {
    const report = await run();
    expect([report.imported, report.refused]).toEqual([2, []]);
    expect([...report.termRedirects].sort((a, b) => a.from.localeCompare(b.from))).toEqual([
      { from: '/category/rail/', to: '/sections/rail' },
      { from: '/keyword/gates', to: '/tags/gates' },
      { from: '/people/raj/', to: '/authors/raj-patel' },
      { from: '/staff/jane-doe', to: '/authors/jane-doe' },
      { from: '/tag/cranes/', to: '/tags/cranes' },
      { from: '/topics/ports/', to: '/sections/ports' },
    ]);
    for (const { from, to } of report.termRedirects) {
      const res = await app.http.inject({ method: 'GET', url: from, headers: BROWSER });
      expect([from, res.statusCode, res.headers.location]).toEqual([from, 301, to]);
      expect([to, (await app.http.inject({ method: 'GET', url: to, headers: BROWSER })).statusCode]).toEqual([to, 200]);
    }
    expect(await app.store.redirects.find('/elsewhere/gates')).toBeUndefined();
  });

  it('reads a WordPress block theme’s post: the lone entry-content, its date, category, tags and author', async () => {
    await run();
    const row = (await app.store.articles.findBySourceId('site:/2024/03/rail-yard/'))!;
    expect([row.headline, row.body, row.published_at, row.section_id]).toEqual([
      'Rail yard reopens',
      '<p>The yard reopened on Monday after works.</p>',
      Date.UTC(2024, 2, 12, 13, 15),
      (await app.store.taxonomy.sectionBySlug('rail'))!.id,
    ]);
    const id = Number(row.id);
    expect((await app.store.taxonomy.tagsOf([id])).get(id)?.map((t) => t.name)).toEqual(['Cranes']);
    expect((await app.store.taxonomy.authorsOf([id])).get(id)?.map((a) => a.name)).toEqual(['Raj Patel']);
  });

  it('makes the avatar on an author’s page, else in their byline, their photo; never a commenter’s', async () => {
    const img = (who: string, size: number) => `<img alt="" src="${oldSite.base}/avatar/${who}?s=${size}&amp;d=mm" class="avatar avatar-${size} photo" width="${size}" height="${size}">`;
    pages['/2024/03/quay-cranes/'] = structured(oldSite.base).replace(
      '<h1>Quay cranes arrive</h1>',
      `<h1>Quay cranes arrive</h1><section class="comments">${img('reader', 40)} A reader: Fine cranes.</section><div class="byline">${img('jane', 48)} Jane Doe</div>`,
    );
    pages['/people/raj/'] = pages['/people/raj/']!.replace('<p>Posts by Raj.</p>', `<div class="author-box">${img('raj', 96)}<p>Posts by Raj.</p></div>`);
    await run(true);
    const photo = async (slug: string) => {
      const id = (await app.store.authors.byId(Number((await app.store.taxonomy.authorBySlug(slug))!.id)))!.photoMediaId;
      return (await app.media.list(1, 20)).items.find((m) => m.id === id);
    };
    // Distinct pictures: Jane's is ada.jpg (64×64), Raj's quay.jpg; the reader's is nobody's photo.
    expect([(await photo('jane-doe'))?.alt, (await photo('jane-doe'))?.width, (await photo('raj-patel'))?.alt]).toEqual(['Jane Doe', 64, 'Raj Patel']);
    expect((await photo('jane-doe'))?.id).not.toBe((await photo('raj-patel'))?.id);
    expect((await app.media.list(1, 20)).total).toBe(2);
  });

  it('changes nothing when run again (pages not fetched again name no terms; their redirects stay)', async () => {
    await run();
    const version = await app.store.state.contentVersion();
    const again = await run();
    expect([again.unchanged, again.resumed, again.termRedirects.length]).toEqual([2, 2, 0]);
    expect(await app.store.state.contentVersion()).toBe(version);
    expect((await app.store.redirects.find('/staff/jane-doe'))?.to_path).toBe('/authors/jane-doe');
  });
});
