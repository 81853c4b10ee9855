import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';
import type { SearchDocument, SearchIndex, SearchRequest, SearchResult } from '../search-index.ts';
import { MARK_CLOSE, MARK_OPEN } from '../search-markers.ts';
import { toTsQuery } from './tsquery.ts';

// ts_rank weights for {D, C, B, A}: body (C) 0.1, standfirst (B) 0.4, headline (A) 1.0 — the
// same 1 : 4 : 10 proportions as the SQLite index's bm25 column weights.
const WEIGHTS = '{0, 0.1, 0.4, 1.0}';
const HEADLINE_OPTIONS = `StartSel=${MARK_OPEN}, StopSel=${MARK_CLOSE}, MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=1, FragmentDelimiter=" … "`;

/** Search over PostgreSQL full text: weighted tsvector, GIN index, ts_rank, ts_headline snippets. */
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
    if (!tsquery) return { total: 0, hits: [] };
    const query = sql`to_tsquery('english', ${tsquery})`;
    const filters = [sql`s.doc @@ q.query`, sql`a.status = 'published'`];
    if (req.sectionId !== undefined) filters.push(sql`a.section_id = ${req.sectionId}`);
    if (req.from !== undefined) filters.push(sql`a.published_at >= ${req.from}`);
    if (req.to !== undefined) filters.push(sql`a.published_at < ${req.to}`);
    const where = sql.join(filters, sql` AND `);
    const order = req.sort === 'date' ? sql`a.published_at DESC, a.id DESC` : sql`score DESC, a.published_at DESC`;
    const rows = await sql<{ id: number; score: number; snippet: string; total: number }>`
      WITH q AS (SELECT ${query} AS query),
      matched AS (
        SELECT a.id, a.published_at, ts_rank(${sql.raw(`'${WEIGHTS}'`)}, s.doc, q.query) AS score, COUNT(*) OVER () AS total
        FROM article_search s JOIN articles a ON a.id = s.article_id, q
        WHERE ${where}
        ORDER BY ${order}
        LIMIT ${req.limit} OFFSET ${req.offset}
      )
      SELECT m.id, m.score, m.total,
        ts_headline('english', s.body, q.query, ${HEADLINE_OPTIONS}) AS snippet
      FROM matched m JOIN article_search s ON s.article_id = m.id, q
      ORDER BY ${req.sort === 'date' ? sql`m.published_at DESC, m.id DESC` : sql`m.score DESC, m.published_at DESC`}`.execute(this.db);
    const total = rows.rows[0]?.total ?? (req.offset > 0 ? await this.count(where, query) : 0);
    return { total: Number(total), hits: rows.rows.map((r) => ({ id: Number(r.id), score: Number(r.score), snippet: r.snippet })) };
  }

  private async count(where: ReturnType<typeof sql.join>, query: ReturnType<typeof sql>): Promise<number> {
    const r = await sql<{ n: number }>`WITH q AS (SELECT ${query} AS query)
      SELECT COUNT(*) AS n FROM article_search s JOIN articles a ON a.id = s.article_id, q WHERE ${where}`.execute(this.db);
    return Number(r.rows[0]?.n ?? 0);
  }
}
