import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, makeTestApp, NOW, type TestApp } from '../../test/support.ts';

// On PostgreSQL an uncached article page reads its tags, authors, companies and related list in
// the statement that reads the article (`ArticleRenderRepository.page`'s `parts`); the page must
// be the same, byte for byte, as when each is read by its own repository.
const COMPANIES = [
  { id: '2453', name: 'Renault', aliases: [], parent: null },
  { id: '838', name: 'Nissan', aliases: [], parent: null },
  { id: '1973', name: 'Dacia', aliases: [], parent: '2453' },
].map((c) => JSON.stringify(c));

let app: TestApp;
const slugs: string[] = [];
beforeAll(async () => {
  app = await makeTestApp({ PAGE_CACHE: 'off' });
  await app.directory.importCompanies(COMPANIES);
  const tags = ['Zebra crossings', 'ANPR', 'Bridges', 'ANPR cameras'];
  const authors = ['Cy Editor', 'Ada Writer', 'Bo Reporter'];
  for (let i = 0; i < 12; i++) {
    const saved = await app.pipeline.save(
      article({
        headline: `Rail freight corridor plan, part ${i}`,
        body: `Nissan and Renault back the rail freight corridor.\n\nDacia trucks ${i % 3 ? 'wait' : 'queue'} at the tolling gantry near the bridge.`,
        section: i % 4 === 3 ? 'Freight' : 'Rail',
        tags: tags.slice(i % 3),
        authors: authors.slice(0, 1 + (i % 3)),
        publishedAt: NOW - (i + 1) * 3600_000,
        ...(i === 5 ? { sponsor: { directoryIdOrSlug: 'dacia' } } : {}),
      }),
    );
    slugs.push(saved.slug);
  }
  // One in a section of its own with nothing like it: no related list, the section's latest instead.
  slugs.push((await app.pipeline.save(article({ headline: 'Quarterly lighthouse report', standfirst: 'Keepers gathered.', body: 'Lighthouse keepers met.', section: 'Coast', tags: [], authors: [] }))).slug);
  // A related article unpublished after the lists were made.
  await app.pipeline.save({ ...article({ headline: 'Rail freight corridor plan, part 2', section: 'Rail' }), slug: slugs[2]!, status: 'draft' }, await idOf(slugs[2]!));
});
afterAll(async () => {
  await app.close();
});

async function idOf(slug: string): Promise<number> {
  return (await app.store.reads.renders.page(slug))!.article.id;
}

const get = (url: string) => app.http.inject({ method: 'GET', url });

describe('an uncached article page read in one statement', () => {
  it('is read whole on PostgreSQL only', async () => {
    const page = await app.store.reads.renders.page(slugs[0]!, 6);
    expect(page?.parts !== undefined).toBe(app.config.database.kind === 'postgres');
    if (page?.parts) {
      expect(page.parts.tags.map((t) => t.name)).toEqual(['ANPR', 'ANPR cameras', 'Bridges', 'Zebra crossings']);
      expect(page.parts.authors.map((a) => a.name)).toEqual(['Cy Editor']);
      expect(page.parts.companies.map((c) => c.name)).toEqual(['Dacia', 'Nissan', 'Renault']);
      expect(page.parts.related?.entries.length).toBe(6);
      expect((await app.store.reads.renders.page(slugs[12]!, 6))?.parts?.related).toBeUndefined();
    }
  });

  it('gives the same pages, byte for byte, as the reads one by one', async () => {
    const pages = async () => Promise.all([...slugs, 'no-such-story'].map(async (slug) => (await get(`/news/${slug}`)).body));
    const whole = await pages();
    const renders = app.store.reads.renders;
    const page = renders.page;
    // Without a related length the repository reads the article and its section only, and the catalog reads the rest itself.
    renders.page = (slug) => page.call(renders, slug);
    try {
      expect(await pages()).toEqual(whole);
    } finally {
      renders.page = page;
    }
    // The pages show what the comparison is about.
    expect(whole[5]).toContain('Sponsored');
    expect(whole[0]).toContain('href="/companies/renault"');
    expect(whole[5]).toContain('Bo Reporter');
    expect(whole[0]).toContain('/related">More related content</a>');
    expect(whole.join('')).not.toContain('>Rail freight corridor plan, part 2</a>');
  });
});
