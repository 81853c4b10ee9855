/**
 * `import site` against a real site: Masthead's own demo, served over HTTP by a test app, read
 * through its sitemaps and article pages (JSON-LD NewsArticle, Open Graph, <article>) into a second
 * app. What the importer must keep is what the first site shows readers.
 */
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, NOW, runInRealTime, type TestApp } from '../../test/support.ts';
import { seedDemo } from '../demo/index.ts';
import { importSite, type SiteImportReport, saveGhostTerms } from './index.ts';

describe('import site from a running Masthead', () => {
  let source: TestApp;
  let target: TestApp;
  let base: string;
  let report: SiteImportReport;
  /** The old section, tag and author pages the importer found. */
  let named: string[] = [];
  beforeAll(async () => {
    // The site's own address goes into its sitemaps and canonical links, so it is known before the app starts.
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    source = await makeTestApp({ SITE_URL: base });
    await seedDemo(source, NOW);
    runInRealTime(source);
    await source.http.listen({ port, host: '127.0.0.1' });
    target = await makeTestApp();
    const lastChange = async (id: string) => (await target.store.articles.findBySourceId(id))?.updated_at;
    // The articles' part of the sitemap index (the index also lists sections, tags and pages).
    const saveTerms = (terms: Parameters<typeof saveGhostTerms>[1]) => {
      named = terms.map((t) => t.oldPath);
      return saveGhostTerms(target.store, terms, target.clock.now);
    };
    report = await importSite(`${base}/sitemaps/articles-1.xml`, { pipeline: target.pipeline, lastChange, saveTerms }, { fetch: { allowPrivateAddresses: true }, limit: 15 });
  }, 180_000);
  afterAll(async () => {
    await target?.close();
    await source?.close();
  });

  it('imports each listed article once, with nothing refused', () => {
    expect([report.imported, report.refused, report.sitemapProblems]).toEqual([15, [], []]);
    expect(report.urls).toBe(15);
  });

  it('keeps headline, standfirst, dates, section, tags, authors and the body text as the old site had them', async () => {
    const ids = await target.store.articles.allIds();
    expect(ids).toHaveLength(15);
    const plain = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
    for (const id of ids) {
      const copy = (await target.store.articles.findById(id))!;
      const slug = copy.source_id!.replace(/^site:\/news\//, '');
      const original = (await source.store.articles.findBySlug(slug))!;
      expect([copy.slug, copy.headline, copy.standfirst, copy.published_at, copy.status]).toEqual([original.slug, original.headline, original.standfirst, original.published_at, 'published']);
      const [a, b] = [await termsOf(source, original.id), await termsOf(target, copy.id)];
      expect(b).toEqual(a);
      // The page's body is the stored body rendered: the same words, none of the page's frame.
      const words = plain(copy.body).split(' ');
      expect(words.length).toBeGreaterThan(20);
      expect(Math.abs(words.length - original.word_count)).toBeLessThanOrEqual(Math.ceil(original.word_count * 0.05));
      for (const frame of ['Read time', 'Share', 'Copy link']) expect(copy.body).not.toContain(frame);
    }
  });

  it('finds them at the paths they keep here, so none redirects (a redirect to itself would loop)', async () => {
    expect(report.termRedirects).toEqual([]);
    const paths = new Set<string>();
    for (const id of await target.store.articles.allIds()) {
      const row = (await target.store.articles.findById(id))!;
      if (row.section_id !== null) paths.add(`/sections/${(await target.store.terms.byId('sections', row.section_id))!.slug}`);
      for (const t of (await target.store.taxonomy.tagsOf([id])).get(id) ?? []) paths.add(`/tags/${t.slug}`);
      for (const a of (await target.store.taxonomy.authorsOf([id])).get(id) ?? []) paths.add(`/authors/${a.slug}`);
    }
    expect(paths.size).toBeGreaterThan(5);
    expect(named.sort()).toEqual([...paths].sort());
    for (const p of paths) {
      expect([p, await target.store.redirects.find(p)]).toEqual([p, undefined]);
      const res = await target.http.inject({ method: 'GET', url: p, headers: { accept: 'text/html', 'accept-encoding': 'br, gzip' } });
      expect([p, res.statusCode]).toEqual([p, 200]);
    }
  });
});

async function termsOf(app: TestApp, id: number): Promise<{ section: string | undefined; tags: string[]; authors: string[] }> {
  const row = (await app.store.articles.findById(id))!;
  const section = row.section_id === null ? undefined : (await app.store.terms.byId('sections', row.section_id))?.name;
  return {
    section,
    tags: ((await app.store.taxonomy.tagsOf([id])).get(id) ?? []).map((t) => t.name).sort(),
    authors: ((await app.store.taxonomy.authorsOf([id])).get(id) ?? []).map((a) => a.name),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
