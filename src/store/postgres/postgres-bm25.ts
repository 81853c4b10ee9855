import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../schema.ts';
import type { SearchQuery } from '../search-index.ts';
import { lexeme } from './tsquery.ts';

/**
 * BM25 on PostgreSQL, computed as SQLite FTS5's bm25() computes it, so both engines rank alike
 * (the product's search contract is SQLite's ranking; ts_rank, without IDF and saturating
 * differently, chose SQLite's first hit for 56 % of the bench queries). For each positive word or
 * phrase of the query: its frequency f in the document, each occurrence counted with its
 * column's weight (headline 10, standfirst 4, body 1: FTS5's column weights); its IDF,
 * ln((N − n + 0.5) / (n + 0.5)) (1e-6 when not positive), n the documents that hold it; the
 * document's length in tokens against the average (k1 = 1.2, b = 0.75). Exclusions add nothing,
 * as on FTS5.
 *
 * f comes from ts_rank_cd, in C: for a query of one word (or one phrase) every occurrence is a
 * cover of its own, worth its position's weight, so with weights {C 0.1, B 0.4, A 1.0} it is
 * exactly f / 10. Counting occurrences by unnesting the tsvector instead cost 30–500 µs a row.
 */

/** ts_rank_cd weights {D, C, B, A}: a tenth of FTS5's column weights (body 1, standfirst 4, headline 10). */
const WEIGHTS = `'{0.1, 0.1, 0.4, 1.0}'`;
const K1 = 1.2;
const B = 0.75;

/** What BM25 needs of one query: each term as a tsquery of its lexemes with its IDF, and the average length. */
export interface Bm25Query {
  readonly terms: readonly { readonly tsquery: string; readonly idf: number }[];
  readonly avgdl: number;
}

/**
 * BM25 of the tsvector `vec` (a column reference) whose document is `len` tokens long. Each
 * term's f / (f + K) is written 1 − K / (f + K), so that f, one ts_rank_cd call, appears once.
 */
export function bm25Score(q: Bm25Query, vec: string, len: string): RawBuilder<number> {
  const k = sql`(${K1}::float8 * (${1 - B}::float8 + ${B}::float8 * ${sql.ref(len)}::float8 / ${q.avgdl}::float8))`;
  const parts = q.terms.map(
    (t) => sql`${t.idf * (K1 + 1)}::float8 * (1 - ${k} / (round(10 * ts_rank_cd(${sql.raw(WEIGHTS)}, ${sql.ref(vec)}, ${t.tsquery}::tsquery)) + ${k}))`,
  );
  return sql<number>`(${sql.join(parts, sql` + `)})`;
}

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

  /** The terms of `query` (no exclusions) with their statistics, or null when no term has a lexeme. */
  async query(query: SearchQuery): Promise<Bm25Query | null> {
    if (Date.now() - this.readAt > STATS_TTL_MS || this.terms.size > MAX_CACHED_TERMS) {
      this.invalidate();
      this.readAt = Date.now();
    }
    const terms: Term[] = [...query.words.map((w) => ({ words: [w.text], prefix: w.prefix })), ...query.phrases.filter((p) => p.length).map((p) => ({ words: p, prefix: false }))];
    const [collection, stats] = await Promise.all([this.readCollection(), Promise.all(terms.map((t) => this.term(t)))]);
    const N = collection.documents;
    const out = stats.flatMap((s, i) => {
      if (s.lexemes.length === 0) return [];
      const tsquery = s.lexemes.map((lex, j) => lexeme(lex, terms[i]!.prefix && j === s.lexemes.length - 1)).join(' <-> ');
      const idf = Math.log((N - s.docs + 0.5) / (s.docs + 0.5));
      return [{ tsquery, idf: idf > 0 ? idf : 1e-6 }];
    });
    return out.length ? { terms: out, avgdl: collection.avgdl } : null;
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

  private readCollection(): Promise<{ documents: number; avgdl: number }> {
    if (!this.collection) {
      const read = this.countCollection();
      this.collection = read;
      // A failed read is not kept.
      read.catch(() => {
        if (this.collection === read) this.collection = undefined;
      });
    }
    return this.collection;
  }

  private async countCollection(): Promise<{ documents: number; avgdl: number }> {
    const rows = await sql<{ n: string; total: string | null }>`SELECT count(*) AS n, sum(len) AS total FROM article_search_heads`.execute(this.db);
    const n = Number(rows.rows[0]?.n ?? 0);
    return { documents: n, avgdl: n ? Number(rows.rows[0]?.total ?? 0) / n : 1 };
  }
}
