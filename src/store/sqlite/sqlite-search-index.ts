import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';
import type { SearchDocument, SearchIndex, SearchRequest, SearchResult } from '../search-index.ts';
import { MARK_CLOSE, MARK_OPEN } from '../search-markers.ts';
import { toFts5Match } from './fts5-query.ts';

// Column weights for bm25(): a word in the headline counts most, then the standfirst.
const HEADLINE_WEIGHT = 10;
const STANDFIRST_WEIGHT = 4;
const BODY_WEIGHT = 1;

/** Search over SQLite FTS5, ranked by BM25 with column weights. */
export class SqliteSearchIndex implements SearchIndex {
  constructor(private readonly db: Kysely<Database>) {}

  /** Adds or replaces a document (FTS5 honours OR REPLACE on rowid). */
  async put(doc: SearchDocument): Promise<void> {
    await sql`INSERT OR REPLACE INTO article_search (rowid, headline, standfirst, body)
      VALUES (${doc.id}, ${doc.headline}, ${doc.standfirst}, ${doc.body})`.execute(this.db);
  }

  async remove(id: number): Promise<void> {
    await sql`DELETE FROM article_search WHERE rowid = ${id}`.execute(this.db);
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    const match = toFts5Match(req.query);
    if (!match) return { total: 0, hits: [] };
    const filters = [sql`a.status = 'published'`];
    if (req.sectionId !== undefined) filters.push(sql`a.section_id = ${req.sectionId}`);
    if (req.from !== undefined) filters.push(sql`a.published_at >= ${req.from}`);
    if (req.to !== undefined) filters.push(sql`a.published_at < ${req.to}`);
    const where = sql.join([sql`article_search MATCH ${match}`, ...filters], sql` AND `);
    const order =
      req.sort === 'date'
        ? sql`a.published_at DESC, a.id DESC`
        : sql`rank ASC, a.published_at DESC`;
    const rows = await sql<{ id: number; rank: number; snippet: string }>`
      SELECT a.id AS id,
        bm25(article_search, ${HEADLINE_WEIGHT}, ${STANDFIRST_WEIGHT}, ${BODY_WEIGHT}) AS rank,
        snippet(article_search, 2, ${MARK_OPEN}, ${MARK_CLOSE}, '…', 28) AS snippet
      FROM article_search JOIN articles a ON a.id = article_search.rowid
      WHERE ${where}
      ORDER BY ${order}
      LIMIT ${req.limit} OFFSET ${req.offset}`.execute(this.db);
    // A short first page is the whole result: no need to count.
    const total = req.offset === 0 && rows.rows.length < req.limit ? rows.rows.length : await this.count(where);
    return {
      total,
      // bm25() is lower-is-better and negative; the API reports higher-is-better.
      hits: rows.rows.map((r) => ({ id: Number(r.id), score: -r.rank, snippet: r.snippet })),
    };
  }

  private async count(where: ReturnType<typeof sql.join>): Promise<number> {
    const r = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM article_search
      JOIN articles a ON a.id = article_search.rowid WHERE ${where}`.execute(this.db);
    return r.rows[0]?.n ?? 0;
  }
}
