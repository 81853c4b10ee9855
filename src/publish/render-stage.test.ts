import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, makeTestApp, type TestApp } from '../../test/support.ts';

// Issue 16: an article's body is rendered once, by the pipeline, and stored; a page view reads it.
const COMPANIES = [
  { id: '2453', name: 'Renault', aliases: [] },
  { id: '838', name: 'Nissan', aliases: [] },
  { id: '9001', name: 'Renault Samsung Motors', aliases: ['RSM'] },
].map((c) => JSON.stringify(c));

let app: TestApp;
const slugs: string[] = [];
const ids: number[] = [];

beforeAll(async () => {
  app = await makeTestApp({ PAGE_CACHE: 'off' });
  await app.directory.importCompanies(COMPANIES);
  const saved = await Promise.all(
    [
      // Company links, typographer quotes, a link and an image: everything the Markdown path does.
      article({ body: 'Renault and Nissan said "yes" to [RSM](https://rsm.example/) -- and Renault Samsung Motors agreed.\n\n![A plant](https://img.example/p.jpg)' }),
      // No standfirst: the page is described by the body's summary.
      article({ standfirst: '', body: `Nissan ${'builds cars in Busan and sells them abroad. '.repeat(12)}` }),
      // Sponsored: every link carries rel="sponsored".
      article({ body: 'Renault paid for this, see [the offer](https://renault.example/).', sponsor: { directoryIdOrSlug: '2453' } }),
      // Imported HTML: sanitized, never linked.
      article({ body: '<p>Nissan <b>grew</b><script>alert(1)</script></p>', bodyFormat: 'html' }),
    ].map((input) => app.pipeline.save(input)),
  );
  for (const s of saved) {
    slugs.push(s.slug);
    ids.push(s.id);
  }
});
afterAll(async () => {
  await app.close();
});

const page = async (slug: string) => {
  const res = await app.http.inject({ method: 'GET', url: `/news/${slug}` });
  expect(res.statusCode).toBe(200);
  return res.body;
};
const pages = () => Promise.all(slugs.map(page));
const bumpDirectory = () => app.store.transaction((repos) => repos.state.bumpDirectoryVersion());

describe('stored article bodies', () => {
  it('are written by every save and shown by the page', async () => {
    for (const id of ids) expect(await app.store.renders.get(id)).toBeDefined();
    const [linked, unsummarised, sponsored, html] = await pages();
    expect(linked).toContain('<a href="/companies/renault">Renault</a> and <a href="/companies/nissan">Nissan</a> said “yes”');
    expect(unsummarised).toContain('<meta name="description" content="Nissan builds cars in Busan');
    expect(sponsored).toContain('rel="sponsored noopener"');
    expect(html).toContain('Nissan <b>grew</b></p>');
    expect(html).not.toContain('alert(1)');
  });

  it('give the page byte for byte as rendering it on the view does', async () => {
    const stored = await pages();
    // A directory change makes every stored key stale: the pages render on the view again.
    await bumpDirectory();
    expect(await pages()).toEqual(stored);
    // The backfill stores them again (all four), and a second run finds nothing to do.
    expect(await app.renderBodies()).toEqual({ rendered: 4, total: 4 });
    expect(await app.renderBodies()).toEqual({ rendered: 0, total: 4 });
    expect(await pages()).toEqual(stored);
  });

  it('are shown only while their inputs give their key', async () => {
    const id = ids[0]!;
    const before = (await app.store.renders.get(id))!;
    // A stored body with a current key is what the page shows (nothing is rendered on the view).
    await app.store.transaction((repos) => repos.renders.put([{ article_id: id, render_key: before.renderKey, html: '<p>from the store</p>', summary: before.summary, read_minutes: 1 }]));
    expect(await page(slugs[0]!)).toContain('<p>from the store</p>');
    // An editor blocks Nissan on the article: its companies change, so the stored body is stale.
    const nissan = (await app.store.companies.bySourceId('838'))!;
    await app.store.transaction((repos) => repos.companies.setEditorChoice(id, Number(nissan.id), 'blocked'));
    const html = await page(slugs[0]!);
    expect(html).not.toContain('from the store');
    expect(html).toContain('<a href="/companies/renault">Renault</a> and Nissan said');
  });
});
