/**
 * The search service over each engine (SQLite FTS5 and PostgreSQL full text, see vitest.config.ts):
 * the same articles, the same answers. Built on the store and the publish pipeline alone, so it
 * tests search and nothing else.
 */
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOW, POSTGRES_ADMIN_URL, TEST_DB } from '../../test/support.ts';
import { type ArticleInput, PublishPipeline } from '../publish/index.ts';
import { openStore, type Store } from '../store/index.ts';
import { snippetHtml } from './index.ts';
import { type SearchParams, SearchService } from './search-service.ts';

const DAY = 86_400_000;
let store: Store;
let search: SearchService;
let dropDatabase: (() => Promise<void>) | undefined;
const ids: Record<string, number> = {};
let n = 0;

function input(headline: string, body: string, extra: Partial<ArticleInput> = {}): ArticleInput {
  n++;
  return { headline, body, standfirst: '', status: 'published', publishedAt: NOW - n * DAY, section: 'Freight', tags: [], authors: [], ...extra };
}

async function openFreshStore(): Promise<Store> {
  if (TEST_DB === 'sqlite') return openStore({ kind: 'sqlite', path: ':memory:' });
  const name = `mh_search_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  dropDatabase = async () => {
    const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  };
  return openStore({ kind: 'postgres', url: url.toString() });
}

beforeAll(async () => {
  store = await openFreshStore();
  const pipeline = new PublishPipeline({ store, clock: () => NOW });
  // Every change is seen at once here, however slow a busy machine makes a rebuild.
  search = new SearchService({ store, snapshotSyncBudgetMs: Number.POSITIVE_INFINITY });
  const save = async (key: string, a: ArticleInput) => {
    ids[key] = (await pipeline.save(a)).id;
  };
  await save('buses', input('Wireless charging for electric buses', 'Buses charge wirelessly at stops. <b>Bold</b> claims & more.', { section: 'Electric Vehicles', tags: ['Charging'], authors: ['Ann Writer'] }));
  await save('exact', input('Charging points open for trucks', 'Points for trucks open today near the depot.', { tags: ['Charging'], authors: ['Bob Writer'] }));
  await save('stem', input('Charge points open for trucks', 'Points for trucks open today near the depot.', { authors: ['Bob Writer'] }));
  await save('hubs', input('Motorway service areas add fast chargers', 'Charging hubs on motorways, with chargers from Acme.', { section: 'Electric Vehicles' }));
  await save('tolling', input('Tolling gantries removed', 'Free-flow tolling arrives on the ring road. Gantries go.', { section: 'Tolling' }));
  await save('old', input('Toll road charging scheme', 'An old charging scheme for toll roads.', { section: 'Tolling', publishedAt: Date.UTC(2001, 5, 1) }));
  await save('draft', input('Charging draft never shown', 'Charging draft.', { status: 'draft' }));
  // A long body whose matches sit far from its start.
  const filler = Array.from({ length: 60 }, (_, i) => `filler${i}`).join(' ');
  await save('long', input('Depot upgrade', `${filler} the depot gets overnight charging for electric trucks. ${filler}`, { section: 'Rail' }));

  const fields = { aliases: [] as string[], website: null, country: null, sector: null, description: '', logoUrl: null };
  const acme = await store.companies.insert(null, 'acme-mobility', { ...fields, name: 'Acme Mobility', aliases: ['AMX'] }, NOW);
  const beta = await store.companies.insert(null, 'beta-grid', { ...fields, name: 'Beta Grid' }, NOW);
  await store.companies.insert(null, 'acme-rail', { ...fields, name: 'Acme Rail Systems' }, NOW);
  const none = { pinned: [], blocked: [] };
  for (const key of ['buses', 'exact', 'hubs']) await store.companies.setAutoMentions({ articleId: ids[key]!, counts: new Map([[acme, 1]]), choices: none, fresh: true });
  for (const key of ['exact', 'stem']) await store.companies.setAutoMentions({ articleId: ids[key]!, counts: new Map([[beta, 2]]), choices: none, fresh: true });
  // An editor's block hides the mention from filters and facets.
  await store.companies.setEditorChoice(ids.hubs!, beta, 'blocked');
  await store.state.bumpContentVersion();
  await store.state.bumpDirectoryVersion();
});

afterAll(async () => {
  await store?.close();
  await dropDatabase?.();
});

const find = (q: string, extra: Partial<SearchParams> = {}) => search.search({ q, limit: 10, page: 1, ...extra });
const keyOf = (id: number) => Object.entries(ids).find(([, v]) => v === id)?.[0];
const keys = async (q: string, extra: Partial<SearchParams> = {}) => (await find(q, extra)).hits.map((h) => keyOf(h.article.id));

describe('matching and ranking', () => {
  it('finds published articles only, headline matches first', async () => {
    const r = await find('wireless charging');
    expect(r.total).toBe(1);
    expect(r.hits[0]!.article.headline).toBe('Wireless charging for electric buses');
    expect(await keys('draft')).toEqual([]);
  });
  it('stems: "charging" finds "charge" and "chargers"', async () => {
    expect((await keys('charging')).sort()).toEqual(['buses', 'exact', 'hubs', 'long', 'old', 'stem'].sort());
  });
  it('ranks the exact form above a stem-only match', async () => {
    const charging = await keys('charging');
    expect(charging.indexOf('exact')).toBeLessThan(charging.indexOf('stem'));
    const charge = await keys('charge');
    expect(charge.indexOf('stem')).toBeLessThan(charge.indexOf('exact'));
  });
  it('counts a folded form as exact: "citroen" is exactly "Citroën", not "Citroëns"', async () => {
    const pipeline = new PublishPipeline({ store, clock: () => NOW });
    const plural = await pipeline.save(input('Citroëns leave the depot', 'Vans leave the depot.'));
    const exact = await pipeline.save(input('Citroën leaves the depot', 'Vans leave the depot.'));
    const hits = (await find('citroen')).hits.map((h) => h.article.id);
    expect(hits).toEqual([exact.id, plural.id]);
    for (const a of [plural, exact]) await pipeline.save({ ...input('gone', 'gone'), status: 'draft' }, a.id);
  });
  it('matches phrases in order, excludes words and phrases', async () => {
    expect(await keys('"points open"')).toEqual(expect.arrayContaining(['exact', 'stem']));
    expect(await keys('"open points"')).toEqual([]);
    expect((await keys('charging -trucks -"toll roads"')).sort()).toEqual(['buses', 'hubs']);
  });
  it('drops stop words when other words remain', async () => {
    expect(await keys('the tolling of the gantries')).toEqual(['tolling']);
  });
  it('relaxes to any word when all cannot match', async () => {
    const r = await find('gantries zeppelin');
    expect(r.relaxed).toBe(true);
    expect(r.hits.map((h) => keyOf(h.article.id))).toEqual(['tolling']);
  });
  it('sorts by date, newest first, and pages', async () => {
    expect(await keys('charging', { sort: 'date' })).toEqual(['buses', 'exact', 'stem', 'hubs', 'long', 'old']);
    const page2 = await find('charging', { sort: 'date', limit: 4, page: 2 });
    expect(page2.total).toBe(6);
    expect(page2.hits.map((h) => keyOf(h.article.id))).toEqual(['long', 'old']);
    expect(page2.hits.every((h) => h.score > 0)).toBe(true);
  });
  it('pages by relevance without repeating an article', async () => {
    const all = await keys('charging');
    const pages = [...(await keys('charging', { limit: 4 })), ...(await keys('charging', { limit: 4, page: 2 }))];
    expect(pages).toEqual(all);
  });
});

describe('filters', () => {
  it.each<[string, Partial<SearchParams>, string[]]>([
    ['section', { section: 'freight' }, ['exact', 'stem']],
    ['company', { company: 'acme-mobility' }, ['buses', 'exact', 'hubs']],
    ['company, blocked mention left out', { company: 'beta-grid' }, ['exact', 'stem']],
    ['tag', { tag: 'charging' }, ['buses', 'exact']],
    ['author', { author: 'bob-writer' }, ['exact', 'stem']],
    ['date range', { from: Date.UTC(2000, 0, 1), to: Date.UTC(2010, 0, 1) }, ['old']],
    ['from only', { from: NOW - 3 * DAY }, ['buses', 'exact', 'stem']],
    ['combined', { section: 'freight', author: 'bob-writer', company: 'acme-mobility' }, ['exact']],
  ])('by %s', async (_name, filter, expected) => {
    expect((await keys('charging', filter)).sort()).toEqual(expected.sort());
  });
  it('an unknown slug matches nothing, and says which filters applied', async () => {
    const r = await find('charging', { section: 'nowhere', tag: 'charging' });
    expect(r.total).toBe(0);
    expect(r.filters).toEqual([{ kind: 'tag', slug: 'charging', name: 'Charging' }]);
  });
});

describe('facets', () => {
  it('counts sections and companies over the whole match set, not the page', async () => {
    const r = await find('charging', { limit: 1, facets: true });
    expect(r.hits).toHaveLength(1);
    expect(r.facets).toEqual({
      sections: [
        { slug: 'electric-vehicles', name: 'Electric Vehicles', count: 2 },
        { slug: 'freight', name: 'Freight', count: 2 },
        { slug: 'rail', name: 'Rail', count: 1 },
        { slug: 'tolling', name: 'Tolling', count: 1 },
      ],
      // Beta's mention in "hubs" is blocked by an editor.
      companies: [
        { slug: 'acme-mobility', name: 'Acme Mobility', count: 3 },
        { slug: 'beta-grid', name: 'Beta Grid', count: 2 },
      ],
    });
  });
  it('counts within the filters', async () => {
    const r = await find('charging', { section: 'freight', facets: true });
    expect(r.facets?.sections).toEqual([{ slug: 'freight', name: 'Freight', count: 2 }]);
    expect(r.facets?.companies).toEqual([
      { slug: 'beta-grid', name: 'Beta Grid', count: 2 },
      { slug: 'acme-mobility', name: 'Acme Mobility', count: 1 },
    ]);
  });
  it('is empty without matches', async () => {
    expect((await find('zeppelin', { facets: true })).facets).toEqual({ sections: [], companies: [] });
  });
  // PostgreSQL answers a common word with its exact count and only its newest matches' ids: the
  // facets are then counted over that sample and scaled, and said to be estimates. Here an engine
  // that keeps half of the ids stands in for it.
  it('scales counts over a sample of the matches up to the total, and says they are estimates', async () => {
    const index = Object.create(store.search) as typeof store.search;
    index.search = async (req) => {
      const r = await store.search.search(req);
      return { ...r, ...(r.ids ? { ids: r.ids.subarray(r.ids.length - Math.ceil(r.ids.length / 2)) } : {}) };
    };
    const sampled = new SearchService({ store: Object.assign(Object.create(store) as Store, { search: index }), snapshotSyncBudgetMs: Number.POSITIVE_INFINITY });
    const whole = await find('charging', { facets: true });
    const r = await sampled.search({ q: 'charging', limit: 10, page: 1, facets: true });
    expect(whole.facetsEstimated).toBeUndefined();
    expect(r.total).toBe(whole.total);
    expect(r.facetsEstimated).toBe(true);
    // One section an article: the scaled section counts add up to the total again.
    expect(r.facets!.sections.reduce((sum, f) => sum + f.count, 0)).toBe(whole.total);
  });
});

describe('typo correction', () => {
  it('corrects an unknown long word within two edits', async () => {
    const r = await find('gamtreis');
    expect(r.correctedQuery).toBe('gantries');
    expect(r.hits.map((h) => keyOf(h.article.id))).toEqual(['tolling']);
  });
  it('corrects an unknown short word within one edit, not two', async () => {
    expect((await find('truks')).correctedQuery).toBe('trucks');
    const far = await find('trks');
    expect(far.correctedQuery).toBeUndefined();
    expect(far.total).toBe(0);
  });
  it('keeps the rest of the query as typed', async () => {
    const r = await find('"wireles charging" -trucks');
    expect(r.correctedQuery).toBe('"wireless charging" -trucks');
    expect(r.total).toBe(1);
  });
  it('leaves known words alone, and corrects nothing when asked not to', async () => {
    expect((await find('charging')).correctedQuery).toBeUndefined();
    const exact = await find('gamtreis', { correct: false });
    expect(exact.correctedQuery).toBeUndefined();
    expect(exact.total).toBe(0);
  });
  it('sees words published after the vocabulary was first built', async () => {
    expect((await find('zeplin')).correctedQuery).toBeUndefined();
    const pipeline = new PublishPipeline({ store, clock: () => NOW });
    const { id } = await pipeline.save(input('Zeppelin freight trial', 'A zeppelin carries freight.', { section: 'Airships' }));
    const r = await find('zeplin', { facets: true });
    expect(r.correctedQuery).toBe('zeppelin');
    expect(r.hits.map((h) => h.article.id)).toEqual([id]);
    // The facet columns follow the change too.
    expect(r.facets?.sections).toEqual([{ slug: 'airships', name: 'Airships', count: 1 }]);
    await pipeline.save({ ...input('Zeppelin freight trial', 'A zeppelin carries freight.', { section: 'Airships' }), status: 'draft' }, id);
    expect((await find('zeppelin', { facets: true })).total).toBe(0);
  });
});

describe('snippets', () => {
  it('cuts a passage around the matches from the body, highlighted, with article markup escaped', async () => {
    const r = await find('bold');
    expect(snippetHtml(r.hits[0]!.snippet)).toBe('Buses charge wirelessly at stops. &lt;b&gt;<mark>Bold</mark>&lt;/b&gt; claims &amp; more.');
  });
  it('highlights every form of the stem', async () => {
    expect(snippetHtml((await find('charging', { author: 'ann-writer' })).hits[0]!.snippet)).toContain('<mark>charge</mark>');
  });
  it('starts near the match in a long body, cut at words', async () => {
    const s = snippetHtml((await find('overnight')).hits[0]!.snippet);
    expect(s).toMatch(/^… filler5\d .*<mark>overnight<\/mark> charging .* …$/);
  });
});

describe('search as you type', () => {
  it('suggests headlines with the last word as a prefix, newest first, and companies by name or alias', async () => {
    const s = await search.suggest('charg');
    expect(s.articles.map((a) => keyOf(a.id))).toEqual(['old', 'hubs', 'stem', 'exact', 'buses']);
    expect((await search.suggest('points op')).articles.map((a) => keyOf(a.id))).toEqual(['stem', 'exact']);
    expect((await search.suggest('points op ')).articles).toEqual([]);
    expect((await search.suggest('acme')).companies.map((c) => c.name)).toEqual(['Acme Mobility', 'Acme Rail Systems']);
    expect((await search.suggest('amx')).companies.map((c) => c.slug)).toEqual(['acme-mobility']);
    expect(await search.suggest('')).toEqual({ articles: [], companies: [] });
  });
});

describe('malformed queries never fail', () => {
  const nasty = ['"', '""', '-', '--', '*', '"*"', 'NEAR(', 'NEAR(a b', 'NEAR(a, b, 2)', ')(', '-"x"', 'AND', 'a OR', 'NOT', '^x', 'x^2', ':', 'col:x', 'headline:charging', '{headline standfirst}: x', "'", "'; DROP TABLE articles; --", '%', '_', '\\', '\u0000', '\u{E000}x\u{E001}', '🚚', 'x'.repeat(10_000), 'charging '.repeat(500)];
  it.each(nasty)('%j gives a normal answer', async (q) => {
    for (const sort of ['relevance', 'date'] as const) {
      const r = await find(q, { sort, facets: true, section: 'freight' });
      expect(r.total).toBeGreaterThanOrEqual(0);
    }
    await search.suggest(q);
  });
  it('survives any string', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60, unit: 'binary' }), async (q) => {
        const r = await find(q, { facets: true });
        expect(r.hits.length).toBeLessThanOrEqual(10);
        await search.suggest(q);
      }),
      { numRuns: 150 },
    );
  });
  it('survives numbers, words and punctuation in any order (uniform random strings rarely make "1,000")', async () => {
    const piece = fc.constantFrom('1', '000', '5', 'charg', 'points', 'é', ',', '.', '-', '_', ' ', '"', '*', '(', ')', ':', '^', '+', "'", '/');
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 12 }), async (pieces) => {
        const q = pieces.join('');
        expect((await find(q, { facets: true })).total).toBeGreaterThanOrEqual(0);
        await search.suggest(q);
      }),
      { numRuns: 150 },
    );
  });
});
