import { type Kysely, type RawBuilder, sql } from 'kysely';
import { valuesInChunks } from '../insert-rows.ts';
import { BandRanker, type Ranked } from '../ranked-bands.ts';
import type { Database } from '../schema.ts';
import type { FacetRows, NamedRef, SearchDocument, SearchHit, SearchIndex, SearchRequest, SearchResult, VocabularyRows } from '../search-index.ts';
import { exactMultiplier, exactTerms, facetRows, filterConditions, hasFilters, namesOf, parseIdList } from '../search-reads.ts';
import { DOC_TSVECTOR, HEAD_TSVECTOR } from './postgres-search-migration.ts';
import { toTsQuery, toTsTitleQuery } from './tsquery.ts';

// ts_rank weights for {D, C, B, A}: body (C) 0.1, standfirst (B) 0.4, headline (A) 1.0 — the
// same 1 : 4 : 10 proportions as the SQLite index's bm25 column weights.
const WEIGHTS = sql.raw(`'{0, 0.1, 0.4, 1.0}'`);

/**
 * How many of a band's matches, by their `head` score (headline and standfirst), are scored again
 * on the whole document: at least this many, and twice the depth asked for. A match that no
 * headline or standfirst word lifts into these needs ten body occurrences per headline one to
 * outrank them (the weights are 0.1 and 1.0), so the page it would top is one of body-only matches.
 */
const HEAD_CANDIDATES = 100;

/**
 * ts_rank's normalization 1: the rank divided by 1 + log(document length), so that of two
 * documents with the same matches the shorter wins, as BM25 (SQLite's ranking) has it.
 */
const LENGTH_NORMALIZATION = sql.raw('1');

/** Ids as a PostgreSQL array literal: one parameter however many ids, no JS array built. */
function idArray(ids: Int32Array | readonly number[]): string {
  return `{${ids.join(',')}}`;
}

/**
 * Search over PostgreSQL full text: the weighted `english` tsvector of `article_search_terms`
 * (GIN; a narrow table, migration 0026) finds, and ts_rank ranks in the same recency bands as on
 * SQLite (`ranked-bands.ts`). Each band is scored on `head` (headline and standfirst, in
 * `article_search_heads`) and only its best HEAD_CANDIDATES are scored on the whole `doc`, the one read out of TOAST
 * (about 2.5 KB an article); the newest band is ranked in the statement that matches. The
 * exact-form bonus is read from the text of each band's head, as on SQLite. The unstemmed
 * `simple` tsvectors of `article_search` give the vocabulary (ts_stat) and headline prefixes for
 * search-as-you-type.
 */
export class PostgresSearchIndex implements SearchIndex {
  private readonly bands: BandRanker;

  constructor(
    private readonly db: Kysely<Database>,
    /** The band size and the re-scored head (tests make them small). */
    options: { rankWindow?: number; rerankDepth?: number } = {},
  ) {
    this.bands = new BandRanker(options);
  }

  async put(...docs: SearchDocument[]): Promise<void> {
    // One statement may not update a row twice: the last version of a document wins.
    const latest = [...new Map(docs.map((d) => [d.id, d])).values()];
    await valuesInChunks(
      latest.map((d) => [d.id, d.headline, d.standfirst, d.body]),
      (values) => sql`WITH put AS (
          INSERT INTO article_search (article_id, headline, standfirst, body) VALUES ${values}
          ON CONFLICT (article_id) DO UPDATE SET headline = EXCLUDED.headline, standfirst = EXCLUDED.standfirst, body = EXCLUDED.body
          RETURNING article_id, headline, standfirst, body
        )
        , terms AS (
          INSERT INTO article_search_terms (article_id, doc) SELECT article_id, ${sql.raw(DOC_TSVECTOR)} FROM put
          ON CONFLICT (article_id) DO UPDATE SET doc = EXCLUDED.doc
        )
        INSERT INTO article_search_heads (article_id, head) SELECT article_id, ${sql.raw(HEAD_TSVECTOR)} FROM put
        ON CONFLICT (article_id) DO UPDATE SET head = EXCLUDED.head`.execute(this.db),
    );
  }

  async remove(id: number): Promise<void> {
    await sql`DELETE FROM article_search WHERE article_id = ${id}`.execute(this.db);
  }

  async clear(): Promise<void> {
    await sql`DELETE FROM article_search`.execute(this.db);
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    const tsquery = toTsQuery(req.query);
    if (!tsquery) return { total: 0, hits: [], ...(req.withIds ? { ids: new Int32Array(0) } : {}) };
    const query = sql`to_tsquery('english', ${tsquery})`;
    const terms = exactTerms(req.query);
    const relevance = req.sort !== 'date';
    // By relevance, the newest band is ranked in the statement that matches: one round trip.
    const depth = this.bands.depth(req.offset, req.limit, terms);
    const first = relevance && req.offset < this.bands.rankWindow && req.limit > 0 ? depth : 0;
    const { ids, top } = await this.match(query, req, first);
    const withIds = req.withIds ? { ids } : {};
    if (ids.length === 0 || req.offset >= ids.length || req.limit <= 0) return { total: ids.length, hits: [], ...withIds };
    const hits = relevance
      ? await this.bands.page(
          { band: (members, n) => this.band(query, members, n), texts: (list) => this.texts(undefined, list).then((m) => m.texts) },
          ids,
          req.offset,
          req.limit,
          terms,
          first ? top : undefined,
        )
      : await this.byDate(query, req, terms);
    return { total: ids.length, hits, ...withIds };
  }

  /**
   * Every matching id, ascending, as one string from the server (no JS object per row); with
   * `top`, also the `top` best of the newest band (see `band`), in the same statement.
   */
  private async match(query: RawBuilder<unknown>, req: SearchRequest, top: number): Promise<{ ids: Int32Array; top: Ranked[] }> {
    const filtered = hasFilters(req);
    const join = filtered ? sql`JOIN articles a ON a.id = s.article_id` : sql``;
    const where = sql.join([sql`s.doc @@ ${query}`, ...(filtered ? filterConditions(req) : [])], sql` AND `);
    if (top === 0) {
      const all = await sql<{ ids: string | null }>`SELECT string_agg(s.article_id::text, ',') AS ids FROM article_search_terms s ${join} WHERE ${where}`.execute(this.db);
      return { ids: parseIdList(all.rows[0]?.ids), top: [] };
    }
    const rows = await sql<{ ids: string | null; top: string | null }>`
      WITH m AS MATERIALIZED (SELECT s.article_id FROM article_search_terms s ${join} WHERE ${where}),
      band AS (SELECT h.article_id, h.head FROM (SELECT article_id FROM m ORDER BY article_id DESC LIMIT ${this.bands.rankWindow}) n
        JOIN article_search_heads h USING (article_id)),
      ${this.bestOf(query, sql`band`, top)}
      SELECT (SELECT string_agg(article_id::text, ',') FROM m) AS ids,
        (SELECT string_agg(id || ':' || score, ',' ORDER BY score DESC, id DESC) FROM best) AS top`.execute(this.db);
    const row = rows.rows[0];
    return { ids: parseIdList(row?.ids), top: parseRanked(row?.top) };
  }

  /**
   * CTEs ending in `best`: the `top` of `band` (rows of article_id and head) by ts_rank on the
   * whole document, among its best by ts_rank on `head` (see HEAD_CANDIDATES).
   */
  private bestOf(query: RawBuilder<unknown>, band: RawBuilder<unknown>, top: number): RawBuilder<unknown> {
    return sql`cand AS (SELECT article_id FROM ${band} ORDER BY ts_rank(${WEIGHTS}, head, ${query}) DESC, article_id DESC LIMIT ${Math.max(HEAD_CANDIDATES, 2 * top)}),
      best AS (SELECT t.article_id AS id, ts_rank(${WEIGHTS}, t.doc, ${query}, ${LENGTH_NORMALIZATION}) AS score FROM cand JOIN article_search_terms t USING (article_id)
        ORDER BY score DESC, id DESC LIMIT ${top})`;
  }

  /** The `top` best of one band (its ids, all matches): scored on `head`, then its best on the whole document. */
  private async band(query: RawBuilder<unknown>, members: Int32Array, top: number): Promise<Ranked[]> {
    const rows = await sql<{ id: number; score: number }>`
      WITH band AS (SELECT article_id, head FROM article_search_heads WHERE article_id = ANY(${idArray(members)}::bigint[])),
      ${this.bestOf(query, sql`band`, top)}
      SELECT id, score FROM best ORDER BY score DESC, id DESC`.execute(this.db);
    return rows.rows.map((r) => ({ id: Number(r.id), score: Number(r.score) }));
  }

  /** Texts of some matches (for the exact-form bonus and snippets), and their plain ts_rank when `query` is given. */
  private async texts(query: RawBuilder<unknown> | undefined, ids: readonly number[]): Promise<{ texts: Map<number, { all: string; body: string }>; scores: Map<number, number> }> {
    if (ids.length === 0) return { texts: new Map(), scores: new Map() };
    const rows = await sql<{ id: number; score: number; headline: string; standfirst: string; body: string }>`
      SELECT s.article_id AS id, ${query ? sql`ts_rank(${WEIGHTS}, t.doc, ${query}, ${LENGTH_NORMALIZATION})` : sql`0`} AS score, headline, standfirst, body
      FROM article_search s ${query ? sql`JOIN article_search_terms t USING (article_id)` : sql``}
      WHERE s.article_id = ANY(${idArray(ids)}::bigint[])`.execute(this.db);
    return {
      texts: new Map(rows.rows.map((r) => [Number(r.id), { all: `${r.headline}\n${r.standfirst}\n${r.body}`, body: r.body }])),
      scores: new Map(rows.rows.map((r) => [Number(r.id), Number(r.score)])),
    };
  }

  /** Newest first: the page's ids by date, then their scores and texts (ts_rank for these rows only). */
  private async byDate(query: RawBuilder<unknown>, req: SearchRequest, terms: readonly string[]): Promise<SearchHit[]> {
    const where = sql.join([sql`s.doc @@ ${query}`, ...filterConditions(req)], sql` AND `);
    const page = await sql<{ id: number }>`SELECT s.article_id AS id FROM article_search_terms s JOIN articles a ON a.id = s.article_id
      WHERE ${where} ORDER BY a.published_at DESC, s.article_id DESC LIMIT ${req.limit} OFFSET ${req.offset}`.execute(this.db);
    const ids = page.rows.map((r) => Number(r.id));
    const { texts, scores } = await this.texts(query, ids);
    const bonus = exactMultiplier(terms);
    return ids.map((id) => {
      const text = texts.get(id);
      return { id, score: (scores.get(id) ?? 0) * (text ? bonus(text.all) : 1), body: text?.body ?? '' };
    });
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

/** `string_agg(id || ':' || score)` output ("17:0.6,3:0.2") into ranked matches, in order. */
function parseRanked(list: string | null | undefined): Ranked[] {
  if (!list) return [];
  return list.split(',').map((pair) => {
    const at = pair.indexOf(':');
    return { id: Number(pair.slice(0, at)), score: Number(pair.slice(at + 1)) };
  });
}
