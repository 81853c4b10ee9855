import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, openTestStore, TEST_DB } from '../../test/support.ts';
import { deleteByIds } from './id-chunks.ts';
import { copyRows, insertRows, insertRowsReturning } from './insert-rows.ts';
import { createPostgresDialect, createPostgresPool } from './postgres/postgres-dialect.ts';
import type { Database } from './schema.ts';
import { openStore, Store } from './store.ts';

let store: Store;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ store, close } = await openTestStore());
});
afterAll(() => close());

/** A store over a fresh PostgreSQL database that records every statement it sends. */
async function watchedPostgresStore(): Promise<{ store: Store; statements: string[]; close: () => Promise<void> }> {
  const pgdb = await freshPostgresDatabase();
  const statements: string[] = [];
  const db = new Kysely<Database>({
    dialect: createPostgresDialect(createPostgresPool(pgdb.url)),
    log: (e) => {
      statements.push(e.query.sql);
    },
  });
  const watched = new Store(db, 'postgres', false);
  return {
    store: watched,
    statements,
    close: async () => {
      await watched.close();
      await pgdb.drop();
    },
  };
}

describe('bulkTransaction', () => {
  it('commits its writes whole, and rolls them all back when the work throws', async () => {
    await store.bulkTransaction((repos) => repos.state.putSettings({ title: 'kept' }, 1, 'test'));
    await expect(
      store.bulkTransaction(async (repos) => {
        await repos.state.putSettings({ title: 'lost' }, 2, 'test');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await store.state.settings()).title).toBe('kept');
  });

  it.runIf(TEST_DB === 'postgres')('on PostgreSQL, sets its bulk settings (no wait for the WAL flush, lz4, larger GIN runs) for that transaction only', async () => {
    const watched = await watchedPostgresStore();
    const settings = (db: Kysely<Database>) =>
      sql<Record<string, string>>`SELECT current_setting('synchronous_commit') AS commit, current_setting('default_toast_compression') AS toast,
        current_setting('gin_pending_list_limit') AS pending, current_setting('work_mem') AS work`
        .execute(db)
        .then((r) => r.rows[0]!);
    try {
      const before = await settings(watched.store.db);
      expect(before).toMatchObject({ commit: 'on', toast: 'pglz' });
      watched.statements.length = 0;
      await watched.store.bulkTransaction((repos) => repos.state.contentVersion());
      // The server's lz4 asked once, by the first bulk transaction.
      expect(watched.statements.shift()).toMatch(/enumvals/);
      await watched.store.bulkTransaction((repos) => repos.state.contentVersion());
      expect(watched.statements.slice(4)).toEqual(['begin', expect.stringMatching(/set_config\('synchronous_commit', 'off', true\)/), expect.stringMatching(/site_state/), 'commit']);
      expect(watched.statements[1]).toMatch(/gin_pending_list_limit.*work_mem.*default_toast_compression', 'lz4'/s);
      // Set for the transaction only: the pool's connection (the one just used: the pool hands out the last idle one) is as it was.
      expect(await settings(watched.store.db)).toEqual(before);
      watched.statements.length = 0;
      await watched.store.transaction((repos) => repos.state.contentVersion());
      expect(watched.statements.some((s) => s.includes('set_config'))).toBe(false);
    } finally {
      await watched.close();
    }
  });

  it.runIf(TEST_DB === 'postgres')('on PostgreSQL, texts written in bulk are stored by lz4 and read back as written; an import leaves no GIN entries pending', async () => {
    const watched = await watchedPostgresStore();
    const { store: s } = watched;
    try {
      const body = `${'A long body, compressed where it is stored. '.repeat(200)}naïve 🎉`;
      await s.db
        .insertInto('articles')
        .values({ id: 1, slug: 'a1', headline: 'Toll road', standfirst: '', body, body_format: 'markdown', word_count: 1, status: 'published', published_at: 1, created_at: 0, updated_at: 0, section_id: null, source_id: null })
        .execute();
      await s.db
        .insertInto('articles')
        .values({ id: 2, slug: 'a2', headline: 'Bridge', standfirst: '', body: 'x', body_format: 'markdown', word_count: 1, status: 'published', published_at: 2, created_at: 0, updated_at: 0, section_id: null, source_id: null })
        .execute();
      await s.bulkTransaction((repos) => repos.search.put({ id: 1, headline: 'Toll road', standfirst: '', body }, { id: 2, headline: 'Bridge', standfirst: '', body: 'toll bridge' }));
      const stored = await sql<{ method: string; body: string }>`SELECT pg_column_compression(body) AS method, body FROM article_search WHERE article_id = 1`.execute(s.db);
      expect(stored.rows[0]).toEqual({ method: 'lz4', body });
      const pending = () => sql<{ pages: number }>`SELECT gin_clean_pending_list('article_search_terms_doc'::regclass)::int AS pages`.execute(s.db).then((r) => r.rows[0]!.pages);
      await s.mergeSearchSegments();
      expect(await pending()).toBe(0);
      // Without the merge the entries wait in the pending list (what the check above would see).
      await s.bulkTransaction((repos) => repos.search.put({ id: 2, headline: 'Bridge', standfirst: '', body: 'toll bridge closed' }));
      expect(await pending()).toBeGreaterThan(0);
    } finally {
      await watched.close();
    }
  });
});

describe('insertRows', () => {
  const texts = ['plain', 'naïve café — “quoted” \\ back\\slash', 'emoji 🎉 and\nnew line\ttab', "it's {braces} [1,2] \"json\"", ''];

  it('stores every value as given: text of any kind, numbers, nulls; ids read back in order', async () => {
    const terms = texts.map((t, i) => ({ term: `${t}#${i}`, df: i * 1000 + 7 }));
    await insertRows(store.db, 'term_stats', terms);
    const rows = await store.db.selectFrom('term_stats').select(['term', 'df']).orderBy('df').execute();
    expect(rows.map((r) => ({ term: r.term, df: Number(r.df) }))).toEqual(terms);
    const settings = texts.map((t, i) => ({ key: `k${i}`, value: t, updated_at: 1_700_000_000_000 + i, updated_by: t }));
    await insertRows(store.db, 'site_settings', settings);
    const back = await store.db.selectFrom('site_settings').select(['key', 'value', 'updated_at', 'updated_by']).where('key', 'like', 'k%').orderBy('key').execute();
    expect(back.map((r) => ({ ...r, updated_at: Number(r.updated_at) }))).toEqual(settings);
    const sites = [{ slug: 'two', name: 'Two ✓', time_zone: null, description: '', created_at: 1_700_000_000_000 }];
    const ids = await insertRowsReturning(store.db, 'sites', sites, 'slug', 'id');
    expect(ids).toEqual([(await store.db.selectFrom('sites').select('id').where('slug', '=', 'two').executeTakeFirstOrThrow()).id]);
  });

  it('stores many rows the same way as a few (on PostgreSQL: as JSON)', async () => {
    const terms = Array.from({ length: 2500 }, (_, i) => ({ term: `${texts[i % texts.length]}@${i}`, df: i }));
    await insertRows(store.db, 'term_stats', terms);
    const rows = await store.db.selectFrom('term_stats').select(['term', 'df']).where('term', 'like', '%@%').orderBy('df').execute();
    expect(rows.map((r) => ({ term: r.term, df: Number(r.df) }))).toEqual(terms);
  });

  it.runIf(TEST_DB === 'postgres')('on PostgreSQL, sends a chunk of many rows as one JSON parameter, not a VALUES list of one per value; copyRows sends COPY', async () => {
    const watched = await watchedPostgresStore();
    try {
      await insertRows(watched.store.db, 'term_stats', Array.from({ length: 2500 }, (_, i) => ({ term: `t${i}`, df: i })));
      expect(watched.statements).toEqual([expect.stringContaining('json_populate_recordset')]);
      watched.statements.length = 0;
      await copyRows(watched.store.db, 'term_stats', Array.from({ length: 2500 }, (_, i) => ({ term: `u${i}`, df: i })));
      expect(watched.statements).toEqual(['COPY "term_stats" ("term", "df") FROM STDIN']);
      expect(Number((await watched.store.db.selectFrom('term_stats').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(5000);
    } finally {
      await watched.close();
    }
  });

  it('copyRows stores rows as insertRows does (on SQLite it is insertRows)', async () => {
    const terms = texts.map((t, i) => ({ term: `copied ${t}#${i}`, df: i }));
    await copyRows(store.db, 'term_stats', terms);
    const rows = await store.db.selectFrom('term_stats').select(['term', 'df']).where('term', 'like', 'copied %').orderBy('df').execute();
    expect(rows.map((r) => ({ term: r.term, df: Number(r.df) }))).toEqual(terms);
  });
});

describe('deleteByIds', () => {
  it('deletes the rows of the ids given, none other in their range', async () => {
    await insertRows(store.db, 'term_stats', Array.from({ length: 10 }, (_, i) => ({ term: `range ${i}`, df: 9001 + i })));
    await deleteByIds(store.db, 'term_stats', 'df', [9009, 9002, 9005]);
    const left = await store.db.selectFrom('term_stats').select('df').where('term', 'like', 'range %').orderBy('df').execute();
    expect(left.map((r) => Number(r.df))).toEqual([9001, 9003, 9004, 9006, 9007, 9008, 9010]);
  });
});

describe.runIf(TEST_DB === 'postgres')('the postings index and the foreign keys on PostgreSQL', () => {
  const termIndexes = async (s: Store) =>
    (
      await sql<{ indexname: string }>`SELECT indexname FROM pg_indexes WHERE tablename IN ('related_terms', 'related') AND indexname IN ('related_terms_term', 'related_related') ORDER BY indexname`.execute(s.db)
    ).rows.map((r) => r.indexname);
  const foreignKeys = async (s: Store) =>
    (await sql<{ key: string }>`SELECT conrelid::regclass || '.' || conname AS key FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('related'::regclass, 'related_terms'::regclass) ORDER BY 1`.execute(s.db)).rows.map(
      (r) => r.key,
    );
  const KEYS = ['related.related_article_id_fkey', 'related.related_related_id_fkey', 'related_terms.related_terms_article_id_fkey'];

  it('a rebuild drops them with the rows; they are built again (and the tables analyzed) at its end, or when a store opens after a rebuild died', async () => {
    const pgdb = await freshPostgresDatabase();
    let pg = await openStore({ kind: 'postgres', url: pgdb.url });
    try {
      expect(await foreignKeys(pg)).toEqual(KEYS);
      await pg.transaction((repos) => repos.relatedIndex.clear());
      expect(await termIndexes(pg)).toEqual([]);
      expect(await foreignKeys(pg)).toEqual([]);
      await pg.relatedIndex.restoreTermIndex();
      expect(await termIndexes(pg)).toEqual(['related_related', 'related_terms_term']);
      expect(await foreignKeys(pg)).toEqual(KEYS);
      const analyzed = await sql<{ relname: string }>`SELECT relname FROM pg_stat_user_tables WHERE relname IN ('related_terms', 'related', 'term_stats') AND last_analyze IS NOT NULL ORDER BY relname`.execute(pg.db);
      expect(analyzed.rows.map((r) => r.relname)).toEqual(['related', 'related_terms', 'term_stats']);

      // A rebuild killed after its first transaction: the next process to open the database restores them.
      await pg.transaction((repos) => repos.relatedIndex.clear());
      await pg.close();
      pg = await openStore({ kind: 'postgres', url: pgdb.url });
      expect(await termIndexes(pg)).toEqual(['related_related', 'related_terms_term']);
      expect(await foreignKeys(pg)).toEqual(KEYS);
    } finally {
      await pg.close();
      await pgdb.drop();
    }
  });

  it('rows of an article that went while the keys were away go before the keys come back', async () => {
    const pgdb = await freshPostgresDatabase();
    const pg = await openStore({ kind: 'postgres', url: pgdb.url });
    try {
      await pg.transaction((repos) => repos.relatedIndex.clear());
      // What a rebuild writes for an article deleted meanwhile: nothing checks it until the keys are back.
      await sql`INSERT INTO related_terms (article_id, term, weight, surface) VALUES (999999, 'gantry', 10, 'gantries')`.execute(pg.db);
      await sql`INSERT INTO related (article_id, related_id, rank, score, why) VALUES (999999, 999998, 0, 0.5, '{}')`.execute(pg.db);
      await pg.relatedIndex.restoreTermIndex();
      expect(await foreignKeys(pg)).toEqual(KEYS);
      const left = await sql<{ n: string }>`SELECT (SELECT count(*) FROM related_terms) + (SELECT count(*) FROM related) AS n`.execute(pg.db);
      expect(Number(left.rows[0]!.n)).toBe(0);
      await expect(sql`INSERT INTO related_terms (article_id, term, weight, surface) VALUES (999999, 'gantry', 10, 'gantries')`.execute(pg.db)).rejects.toThrow(/foreign key/);
    } finally {
      await pg.close();
      await pgdb.drop();
    }
  });
});
