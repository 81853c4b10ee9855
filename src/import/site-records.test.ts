import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OldSite, serveOldSite } from '../../test/old-site-server.ts';
import { makeTestApp, type TestApp } from '../../test/support.ts';
import { importSite, type SiteImportOptions } from './index.ts';

/** The Drupal 10 article page of ../shared/seed, as such a site serves it: JSON-LD, Open Graph, an <article>, related content beside it. */
function drupalArticle(site: string): string {
  const ld = {
    '@context': 'https://schema.org',
    '@graph': [
      { '@type': 'WebSite', name: 'ITS International', url: site },
      {
        '@type': 'NewsArticle',
        headline: 'Renault-Nissan Alliance invests $160 million in Korea',
        description: 'Renault-Nissan Alliance will invest US$160 million in Korea to meet anticipated demand for the next-generation Nissan Rogue.',
        datePublished: '2012-07-23T09:00:00+01:00',
        dateModified: '2012-07-23T09:30:00+01:00',
        author: { '@type': 'Person', name: 'David Arminas' },
        articleSection: 'Transport',
        keywords: 'Renault, Nissan, Korea',
        image: { '@type': 'ImageObject', url: '/sites/default/files/busan.jpg', caption: 'The Busan plant' },
      },
    ],
  };
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Renault-Nissan Alliance invests $160 million in Korea | ITS International</title>
<link rel="canonical" href="${site}/news/renault-nissan-alliance-invests-160-million-korea">
<meta property="og:type" content="article"><meta property="og:title" content="Renault-Nissan Alliance invests $160 million in Korea">
<script type="application/ld+json">${JSON.stringify(ld)}</script></head>
<body><a href="#main-content">Skip to main content</a><header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main id="main-content"><article>
<h1>Renault-Nissan Alliance invests $160 million in Korea</h1>
<footer><time datetime="2012-07-23T08:00:00Z">July 23, 2012</time> Read time: 1 min</footer>
<div class="field--name-body"><p>2453 Renault-838 Nissan Alliance will invest US$160 million in Korea to meet anticipated demand for the next-generation Nissan Rogue.</p>
<p>"Adding production in Korea shows a commitment across the Alliance," said Carlos Ghosn.</p>
<script>trackRead()</script></div>
<aside><h2>For more information on companies in this article</h2><a href="/company/renault">Renault</a></aside>
</article>
<section><h2>Related Content</h2><ul><li>July 25, 2012 Qualcomm and Renault sign MoU on wireless EV charging technology</li></ul></section></main>
<footer>© ITS International</footer></body></html>`;
}

/** A WordPress-like page with only Open Graph and article:* meta and an <article>. */
const ogArticle = `<!doctype html><html><head><meta property="og:type" content="article">
<meta property="og:title" content="Qualcomm and Renault sign MoU on wireless EV charging">
<meta property="og:description" content="A London trial of wireless charging.">
<meta property="article:published_time" content="2012-07-25T14:00:00+00:00">
<meta property="article:section" content="Electric Vehicles"><meta property="article:tag" content="Charging"><meta property="article:tag" content="Qualcomm">
<meta name="author" content="Jon Masters"><meta property="og:image" content="https://cdn.example/halo.jpg"><meta property="og:image:alt" content="A charging pad"></head>
<body><article><header><h1>Qualcomm and Renault sign MoU</h1></header><p>Qualcomm and Renault announced a memorandum of understanding.</p></article></body></html>`;

/** Structured data only: the story's text is in JSON-LD articleBody. */
const ldOnly = `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"Article","headline":"Whisky residues power a car","datePublished":"2015-03-02T08:00:00Z","author":[{"name":"A. Reporter"}],"articleBody":"A Scottish company produced biofuel.\\n\\nIt plans a plant & more."}</script></head><body><div>Whisky</div></body></html>`;

let app: TestApp;
let oldSite: OldSite;
let base: string;
let pages: Record<string, { body: string | Buffer; type?: string }>;
let hits: string[];

beforeEach(async () => {
  app = await makeTestApp();
  hits = [];
  oldSite = await serveOldSite((path) => pages[path], (path) => hits.push(path));
  base = oldSite.base;
  const xml = (body: string) => ({ body: `<?xml version="1.0" encoding="UTF-8"?>${body}`, type: 'application/xml' });
  pages = {
    '/robots.txt': { body: `User-agent: *\nDisallow: /admin\nSitemap: ${base}/sitemap.xml\n`, type: 'text/plain' },
    '/sitemap.xml': xml(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${base}/sitemap-news.xml</loc></sitemap><sitemap><loc>${base}/sitemap-old.xml.gz</loc></sitemap><sitemap><loc>https://elsewhere.example/sitemap.xml</loc></sitemap></sitemapindex>`),
    '/sitemap-news.xml': xml(
      `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${base}/news/renault-nissan-alliance-invests-160-million-korea</loc><lastmod>2012-07-23T08:30:00Z</lastmod></url>` +
        `<url><loc>${base}/2012/07/25/qualcomm-renault-mou.html</loc></url><url><loc>${base}/contact</loc></url><url><loc>${base}/gone</loc></url><url><loc>http://169.254.169.254/latest/meta-data/</loc></url></urlset>`,
    ),
    '/sitemap-old.xml.gz': { body: zlib.gzipSync(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${base}/archive/whisky?id=7</loc></url><url><loc>${base}/undated</loc></url></urlset>`), type: 'application/gzip' },
    '/news/renault-nissan-alliance-invests-160-million-korea': { body: drupalArticle(base) },
    '/2012/07/25/qualcomm-renault-mou.html': { body: ogArticle },
    '/archive/whisky?id=7': { body: ldOnly },
    '/contact': { body: '<html><head><title>Contact us</title></head><body><main><h1>Contact us</h1></main></body></html>' },
    '/undated': { body: '<html><body><article><h1>An undated story</h1><p>Text.</p></article></body></html>' },
  };
});
afterEach(async () => {
  await oldSite.close();
  await app.close();
});

function run(start = `${base}/`, options: SiteImportOptions = {}) {
  const lastChange = async (id: string) => (await app.store.articles.findBySourceId(id))?.updated_at;
  return importSite(start, { pipeline: app.pipeline, lastChange }, { fetch: { allowPrivateAddresses: true }, ...options });
}

describe('import site', () => {
  it('finds the sitemap from robots.txt, walks the index and its gzipped part, and imports each article', async () => {
    const report = await run();
    expect(report).toEqual({
      imported: 3,
      updated: 0,
      unchanged: 0,
      refused: [
        { line: 4, reason: `${base}/gone: the old site answered 404` },
        { line: 6, reason: 'has no date: add one to the source, or give --default-date YYYY-MM-DD to date undated records' },
      ],
      sitemap: `${base}/sitemap.xml`,
      sitemaps: 3,
      urls: 6,
      resumed: 0,
      skipped: [{ url: `${base}/contact`, reason: 'not an article: no schema.org Article, og:type article or <article> on the page, and no block of 250 characters of text' }],
      termRedirects: [],
      sitemapProblems: [
        { url: 'https://elsewhere.example/sitemap.xml', reason: `not on ${new URL(base).host}: a sitemap lists only its own host's pages` },
        { url: 'http://169.254.169.254/latest/meta-data/', reason: `not on ${new URL(base).host}: a sitemap lists only its own host's pages` },
      ],
    });
    // Nothing off the site's host was ever asked for.
    expect(hits.every((h) => h.startsWith('/'))).toBe(true);
  });

  it('takes JSON-LD first: headline, dates, author, section, keywords, image; the body is the <article> less its frame', async () => {
    await run();
    const row = (await app.store.articles.findBySourceId('site:/news/renault-nissan-alliance-invests-160-million-korea'))!;
    expect(row).toMatchObject({
      slug: 'renault-nissan-alliance-invests-160-million-korea',
      headline: 'Renault-Nissan Alliance invests $160 million in Korea',
      standfirst: 'Renault-Nissan Alliance will invest US$160 million in Korea to meet anticipated demand for the next-generation Nissan Rogue.',
      status: 'published',
      published_at: Date.UTC(2012, 6, 23, 8),
      updated_at: Date.UTC(2012, 6, 23, 8, 30),
      lead_image_url: `${base}/sites/default/files/busan.jpg`,
      lead_image_caption: 'The Busan plant',
      section_id: (await app.store.taxonomy.sectionBySlug('transport'))!.id,
    });
    expect(row.body).toContain('<p>"Adding production in Korea shows a commitment across the Alliance," said Carlos Ghosn.</p>');
    // The headline, byline footer, script and company aside frame the story; related content is outside the <article>.
    for (const frame of ['<h1>', 'Read time', 'trackRead', 'For more information', 'Related Content']) expect(row.body).not.toContain(frame);
    const id = Number(row.id);
    expect((await app.store.taxonomy.authorsOf([id])).get(id)?.map((a) => a.name)).toEqual(['David Arminas']);
    expect((await app.store.taxonomy.tagsOf([id])).get(id)?.map((t) => t.name)).toEqual(['Korea', 'Nissan', 'Renault']);
  });

  it('falls back to Open Graph and article:* meta, and to JSON-LD articleBody, redirecting each old URL', async () => {
    await run();
    const og = (await app.store.articles.findBySourceId('site:/2012/07/25/qualcomm-renault-mou.html'))!;
    expect(og).toMatchObject({ slug: 'qualcomm-renault-mou', headline: 'Qualcomm and Renault sign MoU on wireless EV charging', standfirst: 'A London trial of wireless charging.', published_at: Date.UTC(2012, 6, 25, 14), lead_image_url: 'https://cdn.example/halo.jpg', lead_image_alt: 'A charging pad' });
    expect(og.body).toBe('<p>Qualcomm and Renault announced a memorandum of understanding.</p>');
    const id = Number(og.id);
    expect((await app.store.taxonomy.tagsOf([id])).get(id)?.map((t) => t.name)).toEqual(['Charging', 'Qualcomm']);
    expect((await app.store.taxonomy.authorsOf([id])).get(id)?.map((a) => a.name)).toEqual(['Jon Masters']);
    expect(await app.store.redirects.find('/2012/07/25/qualcomm-renault-mou.html')).toMatchObject({ to_path: '/news/qualcomm-renault-mou', status: 301 });
    const ld = (await app.store.articles.findBySourceId('site:/archive/whisky?id=7'))!;
    expect([ld.headline, ld.body, ld.published_at]).toEqual(['Whisky residues power a car', '<p>A Scottish company produced biofuel.</p>\n<p>It plans a plant &amp; more.</p>', Date.UTC(2015, 2, 2, 8)]);
    // The article's own URL is unchanged: no redirect to itself.
    expect(await app.store.redirects.find('/news/renault-nissan-alliance-invests-160-million-korea')).toBeUndefined();
  });

  it('dates undated pages with --default-date when asked', async () => {
    const report = await run(`${base}/sitemap-old.xml.gz`, { defaultDate: Date.UTC(2001, 0, 1) });
    expect([report.imported, report.refused]).toEqual([2, []]);
    expect((await app.store.articles.findBySourceId('site:/undated'))?.published_at).toBe(Date.UTC(2001, 0, 1));
  });

  it('resumes: a second run fetches no page it already has, writes nothing, and re-reads one whose lastmod moved on', async () => {
    await run(`${base}/`, { limit: 2 });
    expect(hits.filter((h) => h.startsWith('/news/') || h.endsWith('.html'))).toHaveLength(2);
    hits = [];
    const second = await run();
    // The two pages of the interrupted run are not fetched again.
    expect(hits).not.toContain('/news/renault-nissan-alliance-invests-160-million-korea');
    expect(hits).not.toContain('/2012/07/25/qualcomm-renault-mou.html');
    expect([second.imported, second.resumed]).toEqual([1, 2]);
    const version = await app.store.state.contentVersion();
    hits = [];
    const third = await run();
    expect([third.imported, third.updated, third.unchanged, third.resumed]).toEqual([0, 0, 3, 3]);
    expect(hits.filter((h) => !h.includes('sitemap') && h !== '/robots.txt').sort()).toEqual(['/contact', '/gone', '/undated']);
    expect(await app.store.state.contentVersion()).toBe(version);
    const path = '/news/renault-nissan-alliance-invests-160-million-korea';
    pages['/sitemap-news.xml']!.body = String(pages['/sitemap-news.xml']!.body).replace('2012-07-23T08:30:00Z', '2013-01-01T00:00:00Z');
    pages[path]!.body = String(pages[path]!.body).replace('said Carlos Ghosn', 'said the chairman');
    const fourth = await run();
    expect([fourth.updated, fourth.resumed]).toEqual([1, 2]);
    expect((await app.store.articles.findBySourceId(`site:${path}`))?.body).toContain('said the chairman');
  });

  it('refuses a private or loopback address unless allowed, without connecting', async () => {
    const report = await importSite(`${base}/`, { pipeline: app.pipeline, lastChange: async () => undefined }, {});
    expect([report.urls, report.imported, hits]).toEqual([0, 0, []]);
    expect(report.sitemapProblems).toEqual([{ url: `${base}/sitemap.xml`, reason: 'sitemap not read: refused: 127.0.0.1 is a private, loopback or link-local address (--allow-private-addresses allows it)' }]);
  });
});
