import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../schema.ts';
import type { SearchQuery } from '../search-index.ts';
import { lexeme } from './tsquery.ts';

/**
 * BM25 on PostgreSQL, computed as SQLite FTS5's bm25() computes it, so both engines rank alike
 * (the product's search contract is SQLite's ranking). For each positive word or phrase of the
 * query: its frequency in the document, each occurrence counted with its column's weight (headline
 * 10, standfirst 4, body 1, FTS5's column weights); its IDF, ln((N − n + 0.5) / (n + 0.5)) (1e-6
 * when not positive), n the documents that hold it; and the document's length in tokens against
 * the average (k1 = 1.2, b = 0.75). ts_rank, which has no IDF and saturates differently, chose
 * SQLite's first hit for 56 % of the bench queries. Exclusions add nothing, as on FTS5.
 *
 * The function's arrays describe the query, one entry per lexeme: `lexemes`, the term it belongs
 * to (`term_of`), its place in that term (`word_of`, 1 for a single word), whether it is a prefix;
 * then per term, its number of lexemes (`words`) and its IDF.
 */
export const BM25_FUNCTION = `CREATE OR REPLACE FUNCTION masthead_bm25(vec tsvector, len integer, lexemes text[], term_of integer[],
    word_of integer[], prefix boolean[], words integer[], idf float8[], avgdl float8) RETURNS float8
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH occ AS MATERIALIZED (
    SELECT k.i, k.j, x.p, x.w FROM unnest(vec) u
    JOIN unnest(lexemes, term_of, word_of, prefix) AS k(lex, i, j, pre) ON u.lexeme = k.lex OR (k.pre AND starts_with(u.lexeme, k.lex))
    CROSS JOIN LATERAL unnest(u.positions, u.weights) AS x(p, w)
  ),
  freq AS (
    SELECT o.i, sum(CASE o.w WHEN 'A' THEN 10 WHEN 'B' THEN 4 ELSE 1 END)::float8 AS f FROM occ o
    WHERE o.j = 1 AND (words[o.i] = 1
      OR (SELECT count(DISTINCT o2.j) FROM occ o2 WHERE o2.i = o.i AND o2.j > 1 AND o2.p = o.p + o2.j - 1) = words[o.i] - 1)
    GROUP BY o.i
  )
  SELECT coalesce(sum(idf[i] * f * 2.2 / (f + 1.2 * (0.25 + 0.75 * len / greatest(avgdl, 1)))), 0) FROM freq
$$`;

/** A positive word or phrase of a query, as its own tsquery. */
interface Term {
  readonly words: readonly string[];
  readonly prefix: boolean;
}

/** What BM25 needs of a term: its lexemes in order (none when it has no letters or digits) and how many documents hold it. */
interface TermStats {
  readonly lexemes: readonly string[];
  readonly docs: number;
}

/** Other nodes write too: what this node has not written itself is seen within this long. */
const STATS_TTL_MS = 30_000;
/** Terms whose counts are kept; past it the cache starts again. */
const MAX_CACHED_TERMS = 20_000;

/**
 * The collection statistics BM25 needs (documents, average length, each term's document count),
 * cached: counting a common word's documents reads thousands of index entries. The cache is
 * dropped on every write through this node (`invalidate`) and after STATS_TTL_MS.
 */
export class Bm25Stats {
  private collection?: Promise<{ documents: number; avgdl: number }>;
  private readonly terms = new Map<string, Promise<TermStats>>();
  private readAt = 0;

  constructor(private readonly db: Kysely<Database>) {}

  invalidate(): void {
    this.collection = undefined;
    this.terms.clear();
  }

  /** The function's arguments after `vec, len` for this query, or null when no term has a lexeme. */
  async args(query: SearchQuery): Promise<RawBuilder<unknown> | null> {
    if (Date.now() - this.readAt > STATS_TTL_MS || this.terms.size > MAX_CACHED_TERMS) {
      this.invalidate();
      this.readAt = Date.now();
    }
    const terms: Term[] = [...query.words.map((w) => ({ words: [w.text], prefix: w.prefix })), ...query.phrases.filter((p) => p.length).map((p) => ({ words: p, prefix: false }))];
    this.collection ??= this.readCollection();
    const [collection, stats] = await Promise.all([this.collection, Promise.all(terms.map((t) => this.term(t)))]);
    const lexemes: string[] = [];
    const termOf: number[] = [];
    const wordOf: number[] = [];
    const prefix: boolean[] = [];
    const words: number[] = [];
    const idf: number[] = [];
    stats.forEach((s, i) => {
      if (s.lexemes.length === 0) return;
      const n = idf.length + 1;
      s.lexemes.forEach((lex, j) => {
        lexemes.push(lex);
        termOf.push(n);
        wordOf.push(j + 1);
        prefix.push(terms[i]!.prefix && j === s.lexemes.length - 1);
      });
      words.push(s.lexemes.length);
      const N = collection.documents;
      const value = Math.log((N - s.docs + 0.5) / (s.docs + 0.5));
      idf.push(value > 0 ? value : 1e-6);
    });
    if (idf.length === 0) return null;
    return sql`${lexemes}::text[], ${termOf}::int[], ${wordOf}::int[], ${prefix}::boolean[], ${words}::int[], ${idf}::float8[], ${collection.avgdl}::float8`;
  }

  private term(term: Term): Promise<TermStats> {
    const key = `${term.prefix ? '*' : ''}${term.words.join(' ')}`;
    let found = this.terms.get(key);
    if (!found) {
      found = this.readTerm(term);
      this.terms.set(key, found);
      // A failed read is not kept.
      found.catch(() => this.terms.delete(key));
    }
    return found;
  }

  private async readTerm(term: Term): Promise<TermStats> {
    const tsquery = term.words.length === 1 ? lexeme(term.words[0]!, term.prefix) : term.words.map((w) => lexeme(w)).join(' <-> ');
    const rows = await sql<{ lexemes: string[] | null; docs: string }>`SELECT
        (SELECT array_agg(u.lexeme ORDER BY x.p) FROM unnest(to_tsvector('masthead', masthead_search_text(${term.words.join(' ')}))) u, unnest(u.positions) x(p)) AS lexemes,
        (SELECT count(*) FROM article_search_terms WHERE doc @@ to_tsquery('masthead', ${tsquery})) AS docs`.execute(this.db);
    const row = rows.rows[0];
    return { lexemes: row?.lexemes ?? [], docs: Number(row?.docs ?? 0) };
  }

  private async readCollection(): Promise<{ documents: number; avgdl: number }> {
    const rows = await sql<{ n: string; total: string | null }>`SELECT count(*) AS n, sum(len) AS total FROM article_search_heads`.execute(this.db);
    const n = Number(rows.rows[0]?.n ?? 0);
    return { documents: n, avgdl: n ? Number(rows.rows[0]?.total ?? 0) / n : 1 };
  }
}
