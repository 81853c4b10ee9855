import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';
import type { FacetRows, NamedRef, SearchDocument, SearchIndex, SearchRequest, SearchResult, VocabularyRows } from '../search-index.ts';
import { EXACT_BOOST, exactTerms, facetRows, filterConditions, hasFilters, namesOf, parseIdList } from '../search-reads.ts';
import { lexeme, toTsQuery, toTsTitleQuery } from './tsquery.ts';

// ts_rank weights for {D, C, B, A}: body (C) 0.1, standfirst (B) 0.4, headline (A) 1.0 — the
// same 1 : 4 : 10 proportions as the SQLite index's bm25 column weights.
const WEIGHTS = sql.raw(`'{0, 0.1, 0.4, 1.0}'`);

/**
 * Search over PostgreSQL full text: the weighted `english` tsvector (GIN) finds and ranks with
 * ts_rank; the unstemmed `simple` tsvectors give the exact-form bonus, the vocabulary (ts_stat)
 * and headline prefixes for search-as-you-type. PostgreSQL ranks the whole match set; the
 * banding the SQLite index uses for very common words is not needed for correctness here.
 */
export class PostgresSearchIndex implements SearchIndex {
  constructor(private readonly db: Kysely<Database>) {}

  async put(doc: SearchDocument): Promise<void> {
    await sql`INSERT INTO article_search (article_id, headline, standfirst, body)
      VALUES (${doc.id}, ${doc.headline}, ${doc.standfirst}, ${doc.body})
      ON CONFLICT (article_id) DO UPDATE SET headline = EXCLUDED.headline, standfirst = EXCLUDED.standfirst, body = EXCLUDED.body`.execute(this.db);
  }

  async remove(id: number): Promise<void> {
    await sql`DELETE FROM article_search WHERE article_id = ${id}`.execute(this.db);
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    const tsquery = toTsQuery(req.query);
    if (!tsquery) return { total: 0, hits: [], ...(req.withIds ? { ids: new Int32Array(0) } : {}) };
    const query = sql`to_tsquery('english', ${tsquery})`;
    const filtered = hasFilters(req);
    const join = filtered ? sql`JOIN articles a ON a.id = s.article_id` : sql``;
    const where = sql.join([sql`s.doc @@ ${query}`, ...(filtered ? filterConditions(req) : [])], sql` AND `);
    const all = await sql<{ ids: string | null }>`SELECT string_agg(s.article_id::text, ',') AS ids FROM article_search s ${join} WHERE ${where}`.execute(this.db);
    const ids = parseIdList(all.rows[0]?.ids);
    const withIds = req.withIds ? { ids } : {};
    if (ids.length === 0 || req.offset >= ids.length || req.limit <= 0) return { total: ids.length, hits: [], ...withIds };

    const exact = exactTerms(req.query);
    const bonus = exact.length
      ? sql`(1.0 + ${EXACT_BOOST / exact.length}::float8 * (${sql.join(
          exact.map((w) => sql`(s.words @@ to_tsquery('simple', ${lexeme(w)}))::int`),
          sql` + `,
        )}))`
      : sql`1.0`;
    const order = req.sort === 'date' ? sql`a.published_at DESC, s.article_id DESC` : sql`score DESC, s.article_id DESC`;
    const rows = await sql<{ id: number; score: number; body: string }>`
      SELECT s.article_id AS id, ts_rank(${WEIGHTS}, s.doc, ${query}) * ${bonus} AS score, s.body
      FROM article_search s JOIN articles a ON a.id = s.article_id
      WHERE ${where}
      ORDER BY ${order}
      LIMIT ${req.limit} OFFSET ${req.offset}`.execute(this.db);
    return { total: ids.length, hits: rows.rows.map((r) => ({ id: Number(r.id), score: Number(r.score), body: r.body })), ...withIds };
  }

  async suggestTitles(words: readonly string[], prefix: string, limit: number): Promise<number[]> {
    const tsquery = toTsTitleQuery(words, prefix);
    if (!tsquery) return [];
    const rows = await sql<{ id: number }>`SELECT article_id AS id FROM article_search
      WHERE title @@ to_tsquery('simple', ${tsquery}) ORDER BY article_id DESC LIMIT ${limit}`.execute(this.db);
    return rows.rows.map((r) => Number(r.id));
  }

  async vocabulary(): Promise<VocabularyRows> {
    const [docs, vocab] = await Promise.all([
      sql<{ n: number }>`SELECT COUNT(*) AS n FROM articles WHERE status = 'published'`.execute(this.db),
      sql<{ word: string; ndoc: number }>`SELECT word, ndoc FROM ts_stat('SELECT words FROM article_search')`.execute(this.db),
    ]);
    return { documents: Number(docs.rows[0]?.n ?? 0), words: vocab.rows.map((r) => r.word), docs: vocab.rows.map((r) => Number(r.ndoc)) };
  }

  facetRows(): Promise<FacetRows> {
    return facetRows(this.db);
  }

  names(kind: 'section' | 'company', ids: readonly number[]): Promise<NamedRef[]> {
    return namesOf(this.db, kind, ids);
  }
}
