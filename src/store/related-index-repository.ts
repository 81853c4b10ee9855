import { type Kysely, sql } from 'kysely';
import type { DialectKind } from './dialect-kind.ts';
import { chunks, deleteByIds } from './id-chunks.ts';
import { copyRows } from './insert-rows.ts';
import type { ArticleRow, Database } from './schema.ts';
import { withCacheBytes } from './sqlite/sqlite-dialect.ts';

/** SQLite's page cache while `restoreTermIndex` builds the postings index (see there). */
const INDEX_BUILD_CACHE_BYTES = 8 * 1024 * 1024;

/**
 * The related tables' foreign keys, which a rebuild on PostgreSQL drops with the rows and
 * `restoreTermIndex` adds back. Kept, every row the rebuild writes was checked against `articles`
 * one at a time (a lookup and a key-share lock on the article, per row): copying the 5.9 M
 * signature rows of 100,000 articles took 53–63 s with the key and 18 s without, and adding it
 * afterwards 2–2.5 s, one join (docs/benchmarks.md, "PostgreSQL rebuild without per-row key
 * checks"). The names are PostgreSQL's own for the keys migrations 0001 and 0007 declared.
 */
const RELATED_FOREIGN_KEYS = [
  { table: 'related_terms', column: 'article_id', name: 'related_terms_article_id_fkey' },
  { table: 'related', column: 'article_id', name: 'related_article_id_fkey' },
  { table: 'related', column: 'related_id', name: 'related_related_id_fkey' },
] as const;

/** A stored signature: terms with fixed-point weights (× 65535) and their readable forms. */
export interface StoredSignature {
  readonly terms: string[];
  readonly fixedWeights: number[];
  readonly surface: string[];
}

/** What related-content ranking needs of an article besides its text. */
export interface RelatedMeta {
  readonly id: number;
  readonly title: string;
  readonly section: string | null;
  readonly tags: string[];
  /** Directory (source) ids of the companies it mentions. */
  readonly companies: string[];
  readonly publishedAt: number;
}

/**
 * The related-content index in the database: signatures, corpus statistics, and "more like this"
 * in SQL (the same arithmetic as the in-memory engine: a sum of fixed-point weight products).
 */
export class RelatedIndexRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: DialectKind = 'sqlite',
  ) {}

  async corpus(): Promise<{ docs: number; length: number }> {
    const rows = await this.db.selectFrom('site_state').select(['key', 'value']).where('key', 'in', ['related_docs', 'related_length']).execute();
    const get = (k: string) => Number(rows.find((r) => r.key === k)?.value ?? 0);
    return { docs: get('related_docs'), length: get('related_length') };
  }

  /** Counts (delta +1) or uncounts (-1) one article's distinct terms and length. */
  async count(terms: readonly string[], length: number, delta: 1 | -1): Promise<void> {
    for (const part of chunks(terms)) {
      if (delta === 1) {
        await this.db
          .insertInto('term_stats')
          .values(part.map((term) => ({ term, df: 1 })))
          .onConflict((oc) => oc.column('term').doUpdateSet({ df: sql`term_stats.df + 1` }))
          .execute();
      } else {
        await this.db.updateTable('term_stats').set({ df: sql`df - 1` }).where('term', 'in', part).execute();
      }
    }
    await sql`UPDATE site_state SET value = CAST(CAST(value AS BIGINT) + ${delta} AS TEXT) WHERE key = 'related_docs'`.execute(this.db);
    await sql`UPDATE site_state SET value = CAST(CAST(value AS BIGINT) + ${delta * Math.round(length)} AS TEXT) WHERE key = 'related_length'`.execute(this.db);
  }

  async df(terms: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const part of chunks(terms)) {
      const rows = await this.db.selectFrom('term_stats').select(['term', 'df']).where('term', 'in', part).execute();
      for (const r of rows) out.set(r.term, Number(r.df));
    }
    return out;
  }

  async putSignature(articleId: number, sig: StoredSignature): Promise<void> {
    await this.db.deleteFrom('related_terms').where('article_id', '=', articleId).execute();
    if (sig.terms.length) {
      await this.db
        .insertInto('related_terms')
        .values(sig.terms.map((term, i) => ({ article_id: articleId, term, weight: sig.fixedWeights[i]!, surface: sig.surface[i] ?? term })))
        .execute();
    }
  }

  /** Many articles' signatures at once (a rebuild's chunk): one delete and one multi-row insert. */
  async putSignatures(entries: readonly { readonly articleId: number; readonly sig: StoredSignature }[]): Promise<void> {
    await deleteByIds(this.db, 'related_terms', 'article_id', entries.map((e) => e.articleId));
    const rows = entries.flatMap(({ articleId, sig }) => sig.terms.map((term, i) => ({ article_id: articleId, term, weight: sig.fixedWeights[i]!, surface: sig.surface[i] ?? term })));
    await copyRows(this.db, 'related_terms', rows);
  }

  async deleteSignature(articleId: number): Promise<void> {
    await this.db.deleteFrom('related_terms').where('article_id', '=', articleId).execute();
  }

  async signatures(ids: readonly number[]): Promise<Map<number, StoredSignature>> {
    const out = new Map<number, StoredSignature>();
    for (const part of chunks(ids)) {
      const rows = await this.db
        .selectFrom('related_terms')
        .select(['article_id', 'term', 'weight', 'surface'])
        .where('article_id', 'in', part)
        .orderBy('article_id')
        .orderBy('weight', 'desc')
        .orderBy('term')
        .execute();
      for (const r of rows) {
        const id = Number(r.article_id);
        let s = out.get(id);
        if (!s) {
          s = { terms: [], fixedWeights: [], surface: [] };
          out.set(id, s);
        }
        s.terms.push(r.term);
        s.fixedWeights.push(Number(r.weight));
        s.surface.push(r.surface);
      }
    }
    return out;
  }

  /**
   * "More like this": the articles sharing signature terms with the query, by the sum of weight
   * products (fixed point), best first, ties by id. Only articles with a signature (published).
   */
  async candidates(terms: readonly string[], fixedWeights: readonly number[], limit: number, excludeId: number, siteId?: number): Promise<{ id: number; fixedScore: number }[]> {
    if (!terms.length) return [];
    const values = sql.join(terms.map((t, i) => sql`(${t}, CAST(${fixedWeights[i]!} AS BIGINT))`));
    // Only one site's articles (home or cross-published there) when asked: no extra condition otherwise.
    const onSite =
      siteId === undefined
        ? sql``
        : sql` AND (t.article_id IN (SELECT id FROM articles WHERE site_id = ${siteId}) OR t.article_id IN (SELECT article_id FROM article_sites WHERE site_id = ${siteId}))`;
    const rows = await sql<{ article_id: number; score: number }>`
      WITH q(term, w) AS (VALUES ${values})
      SELECT t.article_id, SUM(CAST(t.weight AS BIGINT) * q.w) AS score
      FROM related_terms t JOIN q ON q.term = t.term
      WHERE t.article_id <> ${excludeId}${onSite}
      GROUP BY t.article_id
      ORDER BY score DESC, t.article_id
      LIMIT ${limit}`.execute(this.db);
    return rows.rows.map((r) => ({ id: Number(r.article_id), fixedScore: Number(r.score) }));
  }

  /**
   * The sites each article is on, its home site first, then those it is cross-published on;
   * `ids` absent: every article. Related lists are ranked within each of them.
   */
  async sitesOf(ids?: readonly number[]): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>();
    for (const part of ids ? chunks(ids) : [undefined]) {
      const homes = await (part ? this.db.selectFrom('articles').select(['id', 'site_id']).where('id', 'in', part) : this.db.selectFrom('articles').select(['id', 'site_id'])).orderBy('id').execute();
      for (const r of homes) out.set(Number(r.id), [Number(r.site_id)]);
      const q = this.db.selectFrom('article_sites').select(['article_id', 'site_id']);
      const others = await (part ? q.where('article_id', 'in', part) : q).orderBy('article_id').orderBy('site_id').execute();
      for (const r of others) out.get(Number(r.article_id))?.push(Number(r.site_id));
    }
    return out;
  }

  /**
   * Ranking metadata of published articles (section name, tag names, company source ids).
   * Here and in `texts` the status is checked on the rows read by id, not in the WHERE clause:
   * there SQLite (no statistics) chose the status index and walked every published article's
   * entry for each chunk, 60 ms for 240 ids at 100,000 articles against 3 ms by id.
   */
  async metas(ids: readonly number[]): Promise<Map<number, RelatedMeta>> {
    const out = new Map<number, RelatedMeta>();
    for (const part of chunks(ids)) {
      const rows = await this.db
        .selectFrom('articles as a')
        .leftJoin('sections as s', 's.id', 'a.section_id')
        .select(['a.id', 'a.headline', 'a.status', 'a.published_at', 'a.updated_at', 's.name as section'])
        .where('a.id', 'in', part)
        .execute();
      for (const r of rows) {
        if (r.status !== 'published') continue;
        out.set(Number(r.id), { id: Number(r.id), title: r.headline, section: r.section, tags: [], companies: [], publishedAt: Number(r.published_at ?? r.updated_at) });
      }
      const found = [...out.keys()].filter((id) => part.includes(id));
      if (!found.length) continue;
      const tags = await this.db.selectFrom('article_tags as at').innerJoin('tags as t', 't.id', 'at.tag_id').select(['at.article_id', 't.name']).where('at.article_id', 'in', found).execute();
      for (const t of tags) out.get(Number(t.article_id))?.tags.push(t.name);
      const companies = await this.db
        .selectFrom('article_companies as ac')
        .innerJoin('companies as c', 'c.id', 'ac.company_id')
        .select(['ac.article_id', 'c.id', 'c.source_id'])
        .where('ac.article_id', 'in', found)
        .where('ac.origin', '!=', 'blocked')
        .execute();
      for (const c of companies) out.get(Number(c.article_id))?.companies.push(c.source_id ?? `mh-${c.id}`);
    }
    return out;
  }

  /** Which of `ids` are published articles now. */
  async publishedAmong(ids: readonly number[]): Promise<Set<number>> {
    const out = new Set<number>();
    for (const part of chunks(ids)) {
      // The status compared here, not in SQL: given `status = ?` SQLite's planner scanned the
      // covering index of every published article's status for each chunk of ids (8 ms a call at
      // 100,000 articles, 3.4 s of a rebuild) instead of looking the ids up (0.26 ms).
      const rows = await this.db.selectFrom('articles').select(['id', 'status']).where('id', 'in', part).execute();
      for (const r of rows) if (r.status === 'published') out.add(Number(r.id));
    }
    return out;
  }

  /** The text of the published articles among `ids`, in one query (a rebuild reads the archive in chunks of these). */
  async texts(ids: readonly number[]): Promise<Map<number, Pick<ArticleRow, 'headline' | 'standfirst' | 'body' | 'body_format'>>> {
    const out = new Map<number, Pick<ArticleRow, 'headline' | 'standfirst' | 'body' | 'body_format'>>();
    for (const part of chunks(ids)) {
      const rows = await this.db
        .selectFrom('articles')
        .select(['id', 'headline', 'standfirst', 'body', 'body_format', 'status'])
        .where('id', 'in', part)
        .execute();
      for (const r of rows) if (r.status === 'published') out.set(Number(r.id), { headline: r.headline, standfirst: r.standfirst, body: r.body, body_format: r.body_format });
    }
    return out;
  }

  /** How many published articles mention each company (by source id). */
  async companyDf(sourceIds: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const part of chunks(sourceIds)) {
      const rows = await this.db
        .selectFrom('article_companies as ac')
        .innerJoin('companies as c', 'c.id', 'ac.company_id')
        .innerJoin('articles as a', 'a.id', 'ac.article_id')
        .select(['c.source_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('c.source_id', 'in', part)
        .where('ac.origin', '!=', 'blocked')
        .where('a.status', '=', 'published')
        .groupBy('c.source_id')
        .execute();
      for (const r of rows) if (r.source_id) out.set(r.source_id, Number(r.n));
    }
    return out;
  }

  /** How many published articles carry each tag (by tag name). */
  async tagDf(names: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const part of chunks(names)) {
      const rows = await this.db
        .selectFrom('article_tags as at')
        .innerJoin('tags as t', 't.id', 'at.tag_id')
        .innerJoin('articles as a', 'a.id', 'at.article_id')
        .select(['t.name', (eb) => eb.fn.countAll<number>().as('n')])
        .where('t.name', 'in', part)
        .where('a.status', '=', 'published')
        .groupBy('t.name')
        .execute();
      for (const r of rows) out.set(r.name, Number(r.n));
    }
    return out;
  }

  /**
   * Empties the index (before a full rebuild writes it anew). The postings index
   * (`related_terms_term`) goes with the rows, and on PostgreSQL the tables' foreign keys
   * (`RELATED_FOREIGN_KEYS`), until `restoreTermIndex` builds it once from all of them: kept, it took a random B-tree insert per (article, term), on SQLite more than half the
   * cost of writing the signatures, on PostgreSQL 13 of 38 server CPU-s copying 5.9 M rows
   * (the build: 7 s, two thirds of it in parallel workers). Rebuilds compute lists in memory and
   * never read it; meanwhile a publish's "more like this" scans the table.
   */
  async clear(): Promise<void> {
    // Dropped first: the old rows then leave without an index entry deleted for each, and the new
    // ones arrive without one inserted for each (`restoreTermIndex` builds both from sorted rows).
    // The lists' index on the listed article is in random order to the rows: kept, it took 2.7 of
    // the 5.6 s that writing 600,000 list entries took on SQLite; built after, 0.27 s.
    await sql`DROP INDEX IF EXISTS related_terms_term`.execute(this.db);
    await sql`DROP INDEX IF EXISTS related_related`.execute(this.db);
    if (this.kind === 'postgres') {
      for (const key of RELATED_FOREIGN_KEYS) await sql`ALTER TABLE ${sql.table(key.table)} DROP CONSTRAINT IF EXISTS ${sql.id(key.name)}`.execute(this.db);
    }
    await this.db.deleteFrom('related_terms').execute();
    await this.db.deleteFrom('term_stats').execute();
    await this.db.deleteFrom('related').execute();
    await sql`UPDATE site_state SET value = '0' WHERE key IN ('related_docs', 'related_length')`.execute(this.db);
  }

  /**
   * Builds the postings index and the lists' index `clear` dropped, and on PostgreSQL adds back the foreign keys (a
   * no-op when they exist): at the end of a rebuild, and when a store opens, so a rebuild that
   * died half way leaves "more like this" slow, and the tables unchecked, for no longer than the
   * next start.
   */
  async restoreTermIndex(): Promise<void> {
    if (this.kind === 'postgres') return this.restoreTermIndexPostgres();
    // The build sorts every (term, article, weight) row: with the connection's in-memory temp store
    // that sort stays resident (about 360 MB more at 100,000 articles, the rebuild's peak); through
    // temporary files it holds about the page cache and took less CPU. A small page cache for it
    // too: the sorter fills memory up to the cache's size before it writes a sorted run, so the
    // bulk cache (64 MB) added about 115 MB resident at 100,000 articles; with 8 MB the build
    // peaked 114 MB lower and took 4.6 CPU-s instead of 7.4 (docs/benchmarks.md, "seventh pass").
    await sql`PRAGMA temp_store = FILE`.execute(this.db);
    try {
      await withCacheBytes(this.db, INDEX_BUILD_CACHE_BYTES, async () => {
        await sql`CREATE INDEX IF NOT EXISTS related_terms_term ON related_terms (term, article_id, weight)`.execute(this.db);
        await sql`CREATE INDEX IF NOT EXISTS related_related ON related (related_id)`.execute(this.db);
      });
    } finally {
      await sql`PRAGMA temp_store = MEMORY`.execute(this.db);
    }
  }

  /**
   * PostgreSQL: looked up first, so a start takes no lock on the tables when the index and the keys are there.
   * Built, the rewritten tables are analyzed too: without statistics (autovacuum off, or not yet
   * run) the planner guesses half a percent of a table per value, and a publish's statements
   * plan on guesses. A larger `maintenance_work_mem` did not make the build faster (64 MB and
   * 256 MB: 9 s either way at 5.9 M rows, the sort runs in parallel workers).
   */
  private async restoreTermIndexPostgres(): Promise<void> {
    const { rows } = await sql<{ indexname: string }>`SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN ('related_terms_term', 'related_related')`.execute(this.db);
    const indexes = new Set(rows.map((r) => r.indexname));
    const keys = await this.foreignKeysPresent(this.db);
    if (indexes.size === 2 && keys.size === RELATED_FOREIGN_KEYS.length) return;
    if (!indexes.has('related_terms_term')) await sql`CREATE INDEX IF NOT EXISTS related_terms_term ON related_terms (term, article_id, weight)`.execute(this.db);
    if (!indexes.has('related_related')) await sql`CREATE INDEX IF NOT EXISTS related_related ON related (related_id)`.execute(this.db);
    if (keys.size < RELATED_FOREIGN_KEYS.length) await this.restoreForeignKeys();
    await sql`ANALYZE related_terms, related, term_stats`.execute(this.db);
  }

  private async foreignKeysPresent(db: Kysely<Database>): Promise<Set<string>> {
    const names = RELATED_FOREIGN_KEYS.map((k) => k.name);
    const { rows } = await sql<{ conname: string }>`SELECT conname FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace AND conname = ANY(${names})`.execute(db);
    return new Set(rows.map((r) => r.conname));
  }

  /**
   * Adds back the foreign keys `clear` dropped, in one transaction. `articles` is locked first, in
   * the mode adding a key takes on it anyway: no article can go between the removal of rows whose
   * article went while the keys were away (a rebuild writes the lists of the ids it started with)
   * and the key's own check; a publish, which writes `articles` before these tables, waits instead
   * of deadlocking; and of two processes restoring at once (nodes starting together), the second
   * finds the keys there once it has the lock.
   */
  private async restoreForeignKeys(): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await sql`LOCK TABLE articles IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
      const present = await this.foreignKeysPresent(trx);
      for (const key of RELATED_FOREIGN_KEYS) {
        if (present.has(key.name)) continue;
        const table = sql.table(key.table);
        const column = sql.ref(`${key.table}.${key.column}`);
        await sql`DELETE FROM ${table} WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = ${column})`.execute(trx);
        await sql`ALTER TABLE ${table} ADD CONSTRAINT ${sql.id(key.name)} FOREIGN KEY (${sql.id(key.column)}) REFERENCES articles (id) ON DELETE CASCADE`.execute(trx);
      }
    });
  }

  async putTermStats(entries: readonly [string, number][], docs: number, length: number): Promise<void> {
    for (const part of chunks(entries, 500)) {
      await this.db
        .insertInto('term_stats')
        .values(part.map(([term, df]) => ({ term, df })))
        .execute();
    }
    await sql`UPDATE site_state SET value = ${String(docs)} WHERE key = 'related_docs'`.execute(this.db);
    await sql`UPDATE site_state SET value = ${String(Math.round(length))} WHERE key = 'related_length'`.execute(this.db);
  }
}
