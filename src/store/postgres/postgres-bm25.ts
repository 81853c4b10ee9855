import { type Kysely, type RawBuilder, sql } from 'kysely';
import { stemmer } from 'stemmer';
import type { Database } from '../schema.ts';
import type { SearchQuery } from '../search-index.ts';
import { LexemeCounts } from './postgres-lexeme-counts.ts';
import { lexeme, termQuery } from './tsquery.ts';

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

/**
 * One positive word or phrase: its tsquery of stemmed lexemes once the server has stemmed it
 * (until then the statement stems `source` itself), and how many documents hold it when known.
 */
export interface Bm25Term {
  /** The term as written for `to_tsquery('masthead', …)`, unstemmed. */
  readonly source: string;
  readonly tsquery?: string;
  readonly docs?: number;
  /**
   * The count of the term's lexeme in the lexeme table and the content version the table was
   * read at; for a lone word not stemmed by the server yet, the lexeme is this process's Porter
   * stem of it. The statement uses the count when the content version is still the table's and
   * the server's stem is the same, and counts otherwise: no round trip first to read the version
   * or to stem a new word.
   */
  readonly guess?: { readonly tsquery: string; readonly docs: number; readonly version: number };
}

/** What BM25 needs of one query: its terms, the documents indexed and their average length in tokens. */
export interface Bm25Query {
  readonly terms: readonly Bm25Term[];
  readonly documents: number;
  readonly avgdl: number;
  /** The largest document id when the statistics were read (newer documents may exist). */
  readonly maxId: number;
}

/** FTS5's IDF: ln((N − n + 0.5) / (n + 0.5)), 1e-6 when not positive. */
function idf(documents: number, docs: number): number {
  const value = Math.log((documents - docs + 0.5) / (docs + 0.5));
  return value > 0 ? value : 1e-6;
}

/** The CTE that `bm25Score` reads unknown document counts from. */
const COUNTS = 'bm25_counts';

/** A term's tsquery in SQL: its lexemes when known, else the server stems it in the statement. */
export function termTsQuery(t: Bm25Term): RawBuilder<unknown> {
  return t.tsquery !== undefined ? sql`${t.tsquery}::tsquery` : sql`to_tsquery('masthead', ${t.source}::text)`;
}

/**
 * BM25 of the tsvector `vec` (a column reference) whose document is `len` tokens long. Each
 * term's f / (f + K) is written 1 − K / (f + K), so that f, one ts_rank_cd call, appears once.
 * A term whose document count is not known yet reads it from the `bm25Counts` CTE.
 */
export function bm25Score(q: Bm25Query, vec: string, len: string): RawBuilder<number> {
  const k = sql`(${K1}::float8 * (${1 - B}::float8 + ${B}::float8 * ${sql.ref(len)}::float8 / ${q.avgdl}::float8))`;
  const parts = q.terms.map((t, i) => {
    const weight =
      t.docs === undefined
        ? sql`(SELECT CASE WHEN x > 0 THEN x ELSE 1e-6 END * ${K1 + 1}::float8 FROM (SELECT ln((${q.documents}::float8 - ${sql.ref(`n${i}`)} + 0.5) / (${sql.ref(`n${i}`)} + 0.5)) AS x FROM ${sql.ref(COUNTS)}) c)`
        : sql`${idf(q.documents, t.docs) * (K1 + 1)}::float8`;
    return sql`${weight} * (1 - ${k} / (round(10 * ts_rank_cd(${sql.raw(WEIGHTS)}, ${sql.ref(vec)}, ${termTsQuery(t)})) + ${k}))`;
  });
  return sql<number>`(${sql.join(parts, sql` + `)})`;
}

/**
 * A CTE, `bm25_counts`, counting the documents of each term whose count is not known: PostgreSQL
 * reads a CTE only when a score needs it, so a query that matches nothing counts nothing. `total`
 * counts the only term when the match set is exactly its documents. Null when every count is known.
 */
export function bm25Counts(q: Bm25Query, total?: RawBuilder<unknown>): RawBuilder<unknown> | null {
  if (q.terms.every((t) => t.docs !== undefined)) return null;
  const counts = q.terms.map((t, i) => {
    const counted = sql`(SELECT count(*) FROM article_search_terms WHERE doc @@ (SELECT ${termTsQuery(t)}))`;
    const guessed =
      t.guess && sql`CASE WHEN ${CONTENT_VERSION} = ${t.guess.version}::bigint AND ${termTsQuery(t)}::text = ${t.guess.tsquery}::text THEN ${t.guess.docs}::bigint ELSE ${counted} END`;
    const count = t.docs !== undefined ? sql`${t.docs}::bigint` : total && q.terms.length === 1 ? total : (guessed ?? counted);
    return sql`${count}::float8 AS ${sql.ref(`n${i}`)}`;
  });
  return sql`${sql.ref(COUNTS)} AS MATERIALIZED (SELECT ${sql.join(counts)})`;
}

/** The counts `bm25Counts` read, as one string ("3,1200"), or null when it read none. */
export function bm25CountsRead(q: Bm25Query, when: RawBuilder<unknown>): RawBuilder<string | null> {
  if (q.terms.every((t) => t.docs !== undefined)) return sql<null>`NULL::text`;
  return sql<string | null>`(SELECT concat_ws(',', ${sql.join(q.terms.map((_, i) => sql.ref(`n${i}`)))}) FROM ${sql.ref(COUNTS)} WHERE EXISTS (${when}))`;
}

/** The content version as the statement sees it. */
export const CONTENT_VERSION = sql`(SELECT value::bigint FROM site_state WHERE key = 'content_version')`;

/** The content version, for `Bm25Stats.seen` (null when every count was known: no table was used). */
export function bm25VersionRead(q: Bm25Query): RawBuilder<number | null> {
  return q.terms.some((t) => t.guess) ? sql<number>`${CONTENT_VERSION}` : sql<null>`NULL::bigint`;
}

/** The server's stems of the terms the statement stemmed, as a JSON array (null where known), or null when all were known. */
export function bm25StemsRead(q: Bm25Query): RawBuilder<string | null> {
  if (q.terms.every((t) => t.tsquery !== undefined)) return sql<null>`NULL::text`;
  return sql<string | null>`json_build_array(${sql.join(q.terms.map((t) => (t.tsquery !== undefined ? sql`NULL::text` : sql`${termTsQuery(t)}::text`)))})::text`;
}

/**
 * A lone word's stem as the `masthead` configuration gives it, guessed here: Porter, as the
 * server's `masthead_porter`; words with digits are not stemmed (the parser's numword tokens
 * map to `simple`). Undefined for anything else (prefixes, phrases, other characters).
 */
function guessStem(words: readonly string[], prefix: boolean): string | undefined {
  const word = words.length === 1 && !prefix ? words[0]! : undefined;
  if (word === undefined || !/^[a-z0-9]+$/.test(word)) return undefined;
  return lexeme(/\d/.test(word) ? word : stemmer(word));
}

/** A positive word or phrase of a query, as its own tsquery. */
interface Term {
  readonly words: readonly string[];
  readonly prefix: boolean;
}

/**
 * Other nodes write too: what this node has not written itself is seen within this long. IDF and
 * the average length move slowly; the collection is counted again in the background meanwhile
 * (a pass over every head row: tens of milliseconds at 100,000 articles).
 */
const STATS_TTL_MS = 300_000;
/** Terms whose counts are kept; past it the cache starts again. */
const MAX_CACHED_TERMS = 20_000;

/**
 * The collection statistics BM25 needs (documents, average length, each term's lexemes and
 * document count), cached: counting a common word's documents reads thousands of index entries.
 * The cache is dropped on every write through this node (`invalidate`); other nodes' writes are
 * seen after STATS_TTL_MS.
 */
export class Bm25Stats {
  private collection?: Promise<{ documents: number; avgdl: number; maxId: number }>;
  /** Each term as a tsquery of stemmed lexemes, as to_tsquery gives it ('' when it has none). */
  private readonly lexemes = new Map<string, string>();
  private readonly docs = new Map<string, number>();
  private readAt = 0;
  /** Moves on every write through this node: a refresh begun before one is not kept. */
  private generation = 0;
  private readonly table: LexemeCounts;

  constructor(private readonly db: Kysely<Database>) {
    this.table = new LexemeCounts(db);
  }

  invalidate(): void {
    this.generation++;
    this.collection = undefined;
    this.docs.clear();
  }

  /**
   * The terms of `query` (no exclusions) with the counts known so far, or null when no term has
   * a lexeme. `bm25Counts` reads the others in the statement that scores, and `learn` keeps them.
   */
  async query(query: SearchQuery): Promise<Bm25Query | null> {
    if (Date.now() - this.readAt > STATS_TTL_MS || this.docs.size > MAX_CACHED_TERMS) {
      this.docs.clear();
      this.readAt = Date.now();
      if (this.collection) this.refreshCollection();
    }
    if (this.lexemes.size > MAX_CACHED_TERMS) this.lexemes.clear();
    const terms: Term[] = [...query.words.map((w) => ({ words: [w.text], prefix: w.prefix })), ...query.phrases.filter((p) => p.length).map((p) => ({ words: p, prefix: false }))];
    const collection = await this.readCollection();
    const out = terms.flatMap((t): Bm25Term[] => {
      const source = termQuery(t.words, t.prefix);
      const tsquery = this.lexemes.get(source);
      if (tsquery === '') return [];
      const docs = tsquery === undefined ? undefined : this.docs.get(tsquery);
      if (tsquery !== undefined && docs !== undefined) return [{ source, tsquery, docs }];
      // Stemmed by the statement that scores when new (learnStems keeps it): no round trip of its own.
      const stem = tsquery ?? guessStem(t.words, t.prefix);
      const guess = stem === undefined ? undefined : this.table.docs(stem);
      return [{ source, ...(tsquery === undefined ? {} : { tsquery }), ...(stem !== undefined && guess ? { guess: { tsquery: stem, ...guess } } : {}) }];
    });
    return out.length ? { terms: out, ...collection } : null;
  }

  /** The content version `bm25VersionRead` returned (null when it read none): a lexeme table of another version is read again. */
  seen(version: number | string | null | undefined): void {
    if (version !== null && version !== undefined) this.table.seen(Number(version));
  }

  /** `q` with the stems `bm25StemsRead` returned, which are kept for the next queries. */
  learnStems(q: Bm25Query, stems: string | null | undefined): Bm25Query {
    if (!stems) return q;
    const read = JSON.parse(stems) as (string | null)[];
    return {
      ...q,
      terms: q.terms.map((t, i) => {
        const tsquery = read[i];
        if (t.tsquery !== undefined || typeof tsquery !== 'string') return t;
        this.lexemes.set(t.source, tsquery);
        return { ...t, tsquery };
      }),
    };
  }

  /** `q` with the counts `bm25CountsRead` returned (one a term, empty where unknown), which are kept for the next queries. */
  learn(q: Bm25Query, counts: string | null | undefined): Bm25Query {
    if (!counts) return q;
    const read = counts.split(',');
    return {
      ...q,
      terms: q.terms.map((t, i) => {
        if (t.docs !== undefined || !read[i]) return t;
        const docs = Number(read[i]);
        if (t.tsquery !== undefined) this.docs.set(t.tsquery, docs);
        return { ...t, docs };
      }),
    };
  }

  /** `q` with every term stemmed and every count known (read now when not, stems and counts in one statement). */
  async resolve(q: Bm25Query): Promise<Bm25Query> {
    const known = this.learn(q, q.terms.map((t) => t.docs ?? (t.tsquery === undefined ? undefined : this.docs.get(t.tsquery)) ?? '').join(','));
    const missing = known.terms.filter((t) => t.docs === undefined || t.tsquery === undefined);
    if (missing.length === 0) return known;
    const rows = await sql<{ q: string; n: string }>`SELECT s.q, (SELECT count(*) FROM article_search_terms WHERE doc @@ s.q::tsquery) AS n
      FROM unnest(${missing.map((t) => t.tsquery ?? '')}::text[], ${missing.map((t) => t.source)}::text[]) WITH ORDINALITY AS t(q, source, i)
      CROSS JOIN LATERAL (SELECT CASE WHEN t.q = '' THEN to_tsquery('masthead', t.source)::text ELSE t.q END AS q) s ORDER BY t.i`.execute(this.db);
    const read = [...rows.rows];
    const stems = known.terms.map((t) => (t.tsquery === undefined ? (read[missing.indexOf(t)]?.q ?? null) : null));
    const counts = known.terms.map((t) => (t.docs === undefined ? (read[missing.indexOf(t)]?.n ?? '') : t.docs)).join(',');
    return this.learn(this.learnStems(known, JSON.stringify(stems)), counts);
  }

  private readCollection(): Promise<{ documents: number; avgdl: number; maxId: number }> {
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

  /** Counts the collection again, answering with the last counts until done. */
  private refreshCollection(): void {
    const generation = this.generation;
    this.countCollection().then(
      (counts) => {
        if (this.collection && generation === this.generation) this.collection = Promise.resolve(counts);
      },
      () => {},
    );
  }

  private async countCollection(): Promise<{ documents: number; avgdl: number; maxId: number }> {
    const rows = await sql<{ n: string; total: string | null; max: string | null }>`SELECT count(*) AS n, sum(len) AS total, max(article_id) AS max FROM article_search_heads`.execute(this.db);
    const n = Number(rows.rows[0]?.n ?? 0);
    return { documents: n, avgdl: n ? Number(rows.rows[0]?.total ?? 0) / n : 1, maxId: Number(rows.rows[0]?.max ?? 0) };
  }
}
