/**
 * The PostgreSQL search rows a bulk write makes (issue 16): each text cleaned once, yet the same
 * vectors and lengths as the expressions migration 0032 indexed with; and match rows narrow
 * (migration 0042) whatever the document's length.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, TEST_DB } from '../../../test/support.ts';
import type { Store } from '../store.ts';
import { DOC_LENGTH, DOC_VECTOR, HEAD_VECTOR, TITLE_VECTOR, WORDS_VECTOR } from './postgres-search-migration.ts';
import { SearchTextCleaner } from './search-text-cleaner.ts';

const TEXTS = [
  { headline: 'Citroën’s e-commerce push: US$160 million', standfirst: '', body: 'Renault-Nissan 8.03 million; "quoted" \\ back\\slash and {braces}, commas' },
  { headline: 'Short', standfirst: 'A standfirst, with punctuation!', body: 'tiny' },
  { headline: '', standfirst: '', body: '' },
  { headline: 'Long one', standfirst: 'Über straße', body: 'charging stations and tolls '.repeat(400) },
  // Cleaned in this process (SearchTextCleaner): ASCII, and separators the server is asked about.
  { headline: 'Plain ASCII: Tolls & Charging (2024)', standfirst: "It's 8.03% UP", body: ` e-commerce at example.com;\tA-B-C  spaced\n${'x'.repeat(2100)} end! ` },
  { headline: '“Quoted” – dashes… and £160m', standfirst: 'Mixed ‘single’ quotes', body: 'Price £5 — a “deal” again and again' },
  { headline: '', standfirst: '', body: '...' },
];

describe.skipIf(TEST_DB !== 'postgres')('PostgreSQL search rows', () => {
  let store: Store;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, close } = await openTestStore());
    for (const [i] of TEXTS.entries()) {
      await store.db
        .insertInto('articles')
        .values({ id: i + 1, slug: `a${i + 1}`, headline: 'h', standfirst: '', body: 'x', body_format: 'markdown', word_count: 1, status: 'published', published_at: 1000, created_at: 0, updated_at: 0, section_id: null, source_id: null })
        .execute();
    }
    // One batch, then the first document again with new text (the update path of the same statement).
    await store.search.put(...TEXTS.map((t, i) => ({ id: i + 1, ...t })));
    await store.search.put({ id: 1, headline: 'Updated: Škoda’s ½-price deal', standfirst: 'Now', body: 'e-mail me at example.com' });
  });
  afterAll(async () => {
    await close();
  });

  it('stores the vectors and length the migration defined, for every document', async () => {
    const rows = await sql<{ id: number; same: boolean }>`SELECT s.article_id AS id,
        (t.doc = ${sql.raw(DOC_VECTOR)} AND h.head = ${sql.raw(HEAD_VECTOR)} AND h.len = ${sql.raw(DOC_LENGTH)}
          AND s.words = ${sql.raw(WORDS_VECTOR)} AND s.title = ${sql.raw(TITLE_VECTOR)}) AS same
      FROM article_search s JOIN article_search_terms t USING (article_id) JOIN article_search_heads h USING (article_id) ORDER BY s.article_id`.execute(store.db);
    expect(rows.rows).toEqual(TEXTS.map((_, i) => ({ id: i + 1, same: true })));
    const updated = await sql<{ headline: string }>`SELECT headline FROM article_search WHERE article_id = 1`.execute(store.db);
    expect(updated.rows[0]?.headline).toBe('Updated: Škoda’s ½-price deal');
  });

  it('keeps in `words` and `title` the words SQLite\'s tokenizer sees, without positions', async () => {
    const rows = await sql<{ words: string; title: string }>`SELECT words::text AS words, title::text AS title FROM article_search WHERE article_id = 1`.execute(store.db);
    expect(rows.rows[0]).toEqual({
      words: "'1' '2' 'at' 'com' 'deal' 'e' 'example' 'mail' 'me' 'now' 'price' 's' 'skoda' 'updated'",
      title: "'1' '2' 'deal' 'price' 's' 'skoda' 'updated'",
    });
  });

  it('writes the same rows with the vectors computed on a connection of their own (putLater), and none when the transaction fails', async () => {
    const ids = Array.from({ length: 2 * TEXTS.length }, (_, i) => 401 + i);
    for (const id of ids) {
      await store.db
        .insertInto('articles')
        .values({ id, slug: `c${id}`, headline: 'h', standfirst: '', body: 'x', body_format: 'markdown', word_count: 1, status: 'published', published_at: 1000, created_at: 0, updated_at: 0, section_id: null, source_id: null })
        .execute();
    }
    const docs = (from: number) => TEXTS.map((t, i) => ({ id: from + i, ...t }));
    await store.transaction(async (repos) => {
      const written = repos.search.putLater(...docs(401));
      await written();
    });
    expect(store.poolStats().map((p) => p.role)).toContain('search-vectors');
    const rows = await sql<{ id: number; same: boolean }>`SELECT s.article_id AS id,
        (t.doc = ${sql.raw(DOC_VECTOR)} AND h.head = ${sql.raw(HEAD_VECTOR)} AND h.len = ${sql.raw(DOC_LENGTH)}
          AND s.words = ${sql.raw(WORDS_VECTOR)} AND s.title = ${sql.raw(TITLE_VECTOR)}) AS same
      FROM article_search s JOIN article_search_terms t USING (article_id) JOIN article_search_heads h USING (article_id)
      WHERE s.article_id BETWEEN 401 AND ${400 + TEXTS.length} ORDER BY s.article_id`.execute(store.db);
    expect(rows.rows).toEqual(TEXTS.map((_, i) => ({ id: 401 + i, same: true })));
    await expect(
      store.transaction(async (repos) => {
        const written = repos.search.putLater(...docs(401 + TEXTS.length));
        await written();
        throw new Error('a later stage failed');
      }),
    ).rejects.toThrow('a later stage failed');
    const left = await sql<{ n: number }>`SELECT (SELECT count(*) FROM article_search WHERE article_id BETWEEN ${401 + TEXTS.length} AND 500)
      + (SELECT count(*) FROM article_search_terms WHERE article_id BETWEEN ${401 + TEXTS.length} AND 500)
      + (SELECT count(*) FROM article_search_heads WHERE article_id BETWEEN ${401 + TEXTS.length} AND 500) AS n`.execute(store.db);
    expect(Number(left.rows[0]?.n)).toBe(0);
  });

  it('builds vectors here only for texts whose every character the server was asked about and cleans as this process reads it', async () => {
    const cleaner = new SearchTextCleaner(() => store.db);
    expect(await cleaner.learn(TEXTS.flatMap((t) => [t.headline, t.standfirst, t.body]))).toBe(true);
    const here = TEXTS.map((t) => cleaner.cleanable(t.headline, t.standfirst, t.body));
    expect(here).toEqual([false, true, true, false, true, true, true]);
    expect(cleaner.cleanable('“Quoted” – dashes… and £160m', '', 'x')).toBe(true);
    // A character never learnt is left to the server.
    expect(cleaner.cleanable('naïve', '', '')).toBe(false);
    expect(cleaner.cleanable('≈', '', '')).toBe(false);
    // Never probed: half of a surrogate pair, and U+0000.
    expect(await cleaner.learn(['rocket 🚀', 'nul \u0000'])).toBe(true);
    expect(cleaner.cleanable('rocket 🚀', '', '')).toBe(false);
    expect(cleaner.cleanable('nul \u0000', '', '')).toBe(false);
  });

  it('keeps match rows narrow: a short document goes out of line too', async () => {
    // 200 documents whose vectors (about 1.3 KB) would each stay in the row without 0042's pad.
    const words = (n: number) => Array.from({ length: 120 }, (_, j) => `w${n}x${j}`).join(' ');
    for (let id = 101; id <= 300; id++) {
      await store.db
        .insertInto('articles')
        .values({ id, slug: `b${id}`, headline: 'h', standfirst: '', body: 'x', body_format: 'markdown', word_count: 1, status: 'published', published_at: 1000, created_at: 0, updated_at: 0, section_id: null, source_id: null })
        .execute();
    }
    await store.search.put(...Array.from({ length: 200 }, (_, i) => ({ id: 101 + i, headline: 'Short', standfirst: '', body: words(i) })));
    const size = await sql<{ doc: number; pages: number }>`SELECT (SELECT avg(pg_column_size(doc)) FROM article_search_terms WHERE article_id > 100)::float8 AS doc,
      pg_relation_size('article_search_terms') / 8192 AS pages`.execute(store.db);
    const { doc, pages } = size.rows[0]!;
    expect(doc).toBeGreaterThan(1000);
    expect(doc).toBeLessThan(2000);
    // About 100 rows of some 80 bytes a page: 204 rows in 3 pages, where in-row documents need 40.
    expect(pages).toBeLessThanOrEqual(4);
  });

  it('writes the same rows when a batch large enough for the vector thread (VectorThread) builds them there', async () => {
    const batch = Array.from({ length: 80 }, (_, i) => ({ id: 601 + i, ...TEXTS[i % TEXTS.length]!, body: `${TEXTS[i % TEXTS.length]!.body} number ${i}` }));
    for (const d of batch) {
      await store.db
        .insertInto('articles')
        .values({ id: d.id, slug: `t${d.id}`, headline: 'h', standfirst: '', body: 'x', body_format: 'markdown', word_count: 1, status: 'published', published_at: 1000, created_at: 0, updated_at: 0, section_id: null, source_id: null })
        .execute();
    }
    await store.transaction(async (repos) => {
      const written = repos.search.putLater(...batch);
      await written();
    });
    const rows = await sql<{ id: number; same: boolean }>`SELECT s.article_id AS id,
        (t.doc = ${sql.raw(DOC_VECTOR)} AND h.head = ${sql.raw(HEAD_VECTOR)} AND h.len = ${sql.raw(DOC_LENGTH)}
          AND s.words = ${sql.raw(WORDS_VECTOR)} AND s.title = ${sql.raw(TITLE_VECTOR)}) AS same
      FROM article_search s JOIN article_search_terms t USING (article_id) JOIN article_search_heads h USING (article_id)
      WHERE s.article_id BETWEEN 601 AND 680 ORDER BY s.article_id`.execute(store.db);
    expect(rows.rows).toEqual(batch.map((d) => ({ id: d.id, same: true })));
    const bodies = await sql<{ body: string }>`SELECT body FROM article_search WHERE article_id BETWEEN 601 AND 680 ORDER BY article_id`.execute(store.db);
    expect(bodies.rows.map((r) => r.body)).toEqual(batch.map((d) => d.body));
  });
});
