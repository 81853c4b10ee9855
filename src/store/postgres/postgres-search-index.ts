import { type Kysely, type RawBuilder, sql } from 'kysely';
import { BandRanker, type MatchText, matchText, type Ranked } from '../ranked-bands.ts';
import type { Database } from '../schema.ts';
import type { FacetIds, FacetNames, FacetRows, SearchDocument, SearchHit, SearchIndex, SearchRequest, SearchResult, VocabularyRows } from '../search-index.ts';
import { exactMultiplier, exactTerms, facetRows, filterConditions, hasArticleFilters, hasFilters, namesOf, parseIdList } from '../search-reads.ts';
import { bigintArray, textArray, tsvectorArray } from './binary-arrays.ts';
import { type Bm25Query, Bm25Stats, bm25Counts, bm25CountsRead, bm25Score, bm25StemsRead, bm25VersionRead, CONTENT_VERSION } from './postgres-bm25.ts';
import { searchVectors } from './postgres-search-migration.ts';
import { SearchTextCleaner } from './search-text-cleaner.ts';
import { type DocumentVectors, SearchVectorBuilder } from './search-vectors.ts';
import { toTsQuery, toTsTitleQuery } from './tsquery.ts';
import { VectorThread } from './vector-thread.ts';

/**
 * How many of a band's matches, by their BM25 on `head` (headline and standfirst, with the whole
 * document's length), are scored again on the whole document: at least this many, and
 * HEAD_MARGIN more than the depth asked for. A headline occurrence weighs as ten body ones, and
 * BM25 saturates, so a match the head leaves out rarely has the body occurrences to overtake
 * these. Reading each candidate's document out of TOAST and scoring it was half of a typical
 * search's statement (0.09 ms a candidate); 60 instead of 100, chosen on the tuning set (981 of
 * 1,000 SQLite's first hit, as before), gave the same first hit on all 1,000 report-set queries.
 */
const HEAD_CANDIDATES = 60;
const HEAD_MARGIN = 10;

/**
 * The end of a statement whose `r` holds each document's texts and vectors (article_id,
 * headline, standfirst, body, head, doc, len, words, title): its three search rows, written in
 * this one statement, replacing earlier ones.
 */
const WRITE_ROWS = `texts AS (
    INSERT INTO article_search (article_id, headline, standfirst, body, words, title)
    SELECT article_id, headline, standfirst, body, words, title FROM r
    ON CONFLICT (article_id) DO UPDATE SET headline = EXCLUDED.headline, standfirst = EXCLUDED.standfirst, body = EXCLUDED.body,
      words = EXCLUDED.words, title = EXCLUDED.title
  ),
  terms AS (
    INSERT INTO article_search_terms (article_id, doc, site_id)
    SELECT article_id, doc, COALESCE((SELECT a.site_id FROM articles a WHERE a.id = r.article_id), 1) FROM r
    ON CONFLICT (article_id) DO UPDATE SET doc = EXCLUDED.doc, site_id = EXCLUDED.site_id
  )
  INSERT INTO article_search_heads (article_id, head, len) SELECT article_id, head, len FROM r
  ON CONFLICT (article_id) DO UPDATE SET head = EXCLUDED.head, len = EXCLUDED.len`;

/** The texts of documents as four binary arrays (unnest): four parameters however many documents. */
function textColumns(docs: readonly SearchDocument[]): RawBuilder<unknown> {
  return sql`${bigintArray(docs.map((d) => d.id))}::bigint[], ${textArray(docs.map((d) => d.headline))}::text[], ${textArray(docs.map((d) => d.standfirst))}::text[], ${textArray(docs.map((d) => d.body))}::text[]`;
}

/** Documents from which `putLater` computes vectors on a connection of its own: a single save's are not worth the round trip. */
const SEPARATE_VECTORS_MIN = 2;

/**
 * A match set expected to be at least this many bands is not listed whole: see `newestMatches`.
 * Below it, listing every match costs a few milliseconds.
 */
const LARGE_SET_BANDS = 4;
/** The id window read for a large match set is sized to hold this many bands' worth of matches by the expected density. */
const WINDOW_MARGIN = 2;

/**
 * "This match is on the site": `terms` names an `article_search_terms` row, which carries its
 * article's home site (migration 0039), so the check costs nothing more than the match's own row;
 * a cross-published article is one primary-key probe of `article_sites`.
 */
function termsOnSite(terms: string, siteId: number): RawBuilder<unknown> {
  const t = (col: string) => sql.ref(`${terms}.${col}`);
  return sql`(${t('site_id')} = ${siteId} OR EXISTS (SELECT 1 FROM article_sites x WHERE x.article_id = ${t('article_id')} AND x.site_id = ${siteId}))`;
}

/** Ids as a PostgreSQL array literal: one parameter however many ids, no JS array built. */
function idArray(ids: Int32Array | readonly number[]): string {
  return `{${ids.join(',')}}`;
}

/**
 * Search over PostgreSQL full text: the weighted `masthead` tsvector of `article_search_terms`
 * (GIN; a narrow table, migrations 0026, 0032 and 0042: SQLite's tokens and Porter stems, every
 * document out of line) finds, and
 * BM25 as FTS5 computes it (postgres-bm25.ts) ranks in the same recency bands as on
 * SQLite (`ranked-bands.ts`). Each band is scored on `head` (headline and standfirst, in
 * `article_search_heads`) and only its best HEAD_CANDIDATES are scored on the whole `doc`, the one read out of TOAST
 * (about 2.5 KB an article), and the texts of those best come back with their scores. A match
 * set that fits in one band is ranked in the statement that matches; a larger one's newest band
 * in a second. The exact-form bonus is read from the text of each band's head, as on SQLite. The unstemmed
 * word sets of `article_search` (`words`, `title`: SQLite's tokens, lower-cased, no positions)
 * give the vocabulary (ts_stat) and headline prefixes for search-as-you-type.
 */
export class PostgresSearchIndex implements SearchIndex {
  private readonly bands: BandRanker;
  private readonly stats: Bm25Stats;

  constructor(
    private readonly db: Kysely<Database>,
    /** The band size and the re-scored head (tests make them small). */
    options: { rankWindow?: number; rerankDepth?: number } = {},
    /** Connections outside `db`'s transaction where `putLater` computes vectors; without them it computes in its statement. */
    private readonly vectors?: VectorConnections,
  ) {
    this.bands = new BandRanker(options);
    this.stats = new Bm25Stats(db);
  }

  async put(...docs: SearchDocument[]): Promise<void> {
    // One statement may not update a row twice: the last version of a document wins.
    const latest = [...new Map(docs.map((d) => [d.id, d])).values()];
    this.stats.invalidate();
    if (latest.length === 0) return;
    await sql`WITH d AS (SELECT * FROM unnest(${textColumns(latest)}) AS d(article_id, headline, standfirst, body)),
      v AS MATERIALIZED (${sql.raw(searchVectors('d'))}),
      r AS (SELECT * FROM d JOIN v USING (article_id)),
      ${sql.raw(WRITE_ROWS)}`.execute(this.db);
  }

  /**
   * The vectors (`head`, `doc`, `len`, `words`, `title`) are computed outside the transaction
   * while it goes on, and the texts and vectors are written in one statement when the caller
   * awaits. Texts the server would clean to their runs of ASCII letters and digits
   * (SearchTextCleaner) get every vector here (SearchVectorBuilder: the same cleaning, parsing,
   * stemming and positions as the server's expressions), so the server only receives them: parsing and stemming were most of its time in a bulk import.
   * Other texts' vectors are computed by the server, on another connection, from the same
   * expressions. Either way the vectors travel in PostgreSQL's binary form, one array a column
   * (from the server `array_send`, passed back unread): as text, writing them out and parsing
   * them again cost the server about a third of computing them.
   */
  putLater(...docs: SearchDocument[]): () => Promise<void> {
    // Ascending ids: the order both array_agg and the texts' arrays follow, so one unnest pairs them.
    const latest = [...new Map(docs.map((d) => [d.id, d])).values()].sort((a, b) => a.id - b.id);
    const vectors = this.vectors;
    if (!vectors || latest.length < SEPARATE_VECTORS_MIN) return () => this.put(...docs);
    this.stats.invalidate();
    const groups = vectors.cleaner.learn(latest.flatMap((d) => [d.headline, d.standfirst, d.body])).then(async (usable) => {
      const cleanable: SearchDocument[] = [];
      const others: SearchDocument[] = [];
      for (const d of latest) (usable && vectors.cleaner.cleanable(d.headline, d.standfirst, d.body) ? cleanable : others).push(d);
      // The server's vectors are begun before this process's are awaited, so the two are computed at once.
      const fromServer = (list: SearchDocument[]) => (list.length > 0 ? [{ docs: list, vectors: handled(this.serverVectors(vectors.db, list)) }] : []);
      const serverGroup = fromServer(others);
      const built = await vectors.builder.build(cleanable.map((d) => [d.headline, d.standfirst, d.body]));
      const here: BuiltDocument[] = [];
      // A document whose vectors the builder left to the server (over 1 MB): rare, a group of its own.
      const tooLarge: SearchDocument[] = [];
      cleanable.forEach((d, i) => {
        const vectorsOf = built[i];
        if (vectorsOf) here.push({ doc: d, built: vectorsOf });
        else tooLarge.push(d);
      });
      return [
        ...serverGroup,
        ...fromServer(tooLarge),
        ...(here.length > 0 ? [{ docs: here.map((h) => h.doc), vectors: Promise.resolve(builtVectors(here)) }] : []),
      ];
    });
    const written = groups.then(async (list) => {
      for (const { docs: group, vectors: v } of list) {
        const { head, doc, len, words, title } = await v;
        await sql`WITH r AS MATERIALIZED (
            SELECT * FROM unnest(${textColumns(group)}, ${head}::tsvector[], ${doc}::tsvector[], ${len}::integer[], ${words}::tsvector[], ${title}::tsvector[])
              AS r(article_id, headline, standfirst, body, head, doc, len, words, title)
          ),
          ${sql.raw(WRITE_ROWS)}`.execute(this.db);
      }
    });
    // The caller awaits it; until then a failure must not count as unhandled (a group's vectors: `handled`).
    written.catch(() => {});
    return () => written;
  }

  /** Every vector of `docs`, from their texts as they are, computed by the server: each column one binary array. */
  private async serverVectors(db: () => Kysely<Database>, docs: readonly SearchDocument[]): Promise<BinaryVectors> {
    const { rows } = await sql<BinaryVectors>`WITH d AS (
        SELECT * FROM unnest(${textColumns(docs)}) AS d(article_id, headline, standfirst, body)
      )
      SELECT ${binaryColumn('head')}, ${binaryColumn('doc')}, ${binaryColumn('len')}, ${binaryColumn('words')}, ${binaryColumn('title')} FROM (${sql.raw(searchVectors('d'))}) v`.execute(db());
    return rows[0]!;
  }

  async remove(id: number): Promise<void> {
    this.stats.invalidate();
    await sql`DELETE FROM article_search WHERE article_id = ${id}`.execute(this.db);
  }

  async clear(): Promise<void> {
    this.stats.invalidate();
    await sql`DELETE FROM article_search`.execute(this.db);
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    const tsquery = toTsQuery(req.query);
    if (!tsquery) return { total: 0, hits: [], ...(req.withIds ? { ids: new Int32Array(0) } : {}) };
    // A sub-select the planner cannot see into: with statistics it would know a common word's
    // 60,000 matches and scan the table, reading every document out of TOAST (0.6–0.9 s at
    // 100,000 articles), where the GIN index and a bitmap of the matches take 30 ms.
    const query = sql`(SELECT to_tsquery('masthead', ${tsquery}))`;
    const asked = (await this.stats.query(req.query)) ?? undefined;
    const terms = exactTerms(req.query);
    const relevance = req.sort !== 'date';
    // By relevance, a match set that fits in one band is ranked in the statement that matches.
    const depth = this.bands.depth(req.offset, req.limit, terms);
    const first = relevance && req.offset < this.bands.rankWindow && req.limit > 0 ? depth : 0;
    const newest = req.estimate && first && req.offset + req.limit <= this.bands.rankWindow && asked ? await this.newestMatches(query, asked, req, first, terms) : undefined;
    if (newest) return newest;
    const { ids, top, bm25: learnt, version } = await this.match(query, asked, req, first);
    // Bands past the first and the date order score in statements of their own: every count known first.
    const bm25 = learnt && (relevance ? ids.length > this.bands.rankWindow : true) ? await this.stats.resolve(learnt) : learnt;
    const extra = { ...(req.withIds ? { ids } : {}), ...(version === undefined ? {} : { version }) };
    if (ids.length === 0 || req.offset >= ids.length || req.limit <= 0) return { total: ids.length, hits: [], ...extra };
    const hits = relevance
      ? await this.bands.page(
          { band: (members, n) => this.band(bm25, members, n), texts: (list) => this.texts(undefined, list).then((m) => m.texts) },
          ids,
          req.offset,
          req.limit,
          terms,
          first ? top : undefined,
        )
      : await this.byDate(query, bm25, req, terms);
    return { total: ids.length, hits, ...extra };
  }

  /**
   * The first band's page of a match set expected to be large (LARGE_SET_BANDS bands or more, by
   * each term's document count), without listing every match: a common word's 60,000 matches took
   * 40–140 ms to list, most of a search. Only the newest ids are read, those above an id chosen so
   * that the window holds about WINDOW_MARGIN bands at the expected density (the GIN bitmap and a
   * primary-key range, ANDed: the heap pages of the window only), and the newest band of them is
   * ranked in the same statement. When the window holds a whole band, that band is exactly the
   * newest band of all the matches, so the page is the one the whole list would give. The total is
   * exact for a lone word (its document count), otherwise the window's share scaled to the whole
   * collection (`estimated`), and `ids` are the window's (a sample for facets). Undefined when the
   * set is not expected to be large, a filter or a count is unknown, or the window held less than
   * a band (then the caller lists every match).
   */
  private async newestMatches(query: RawBuilder<unknown>, bm25: Bm25Query, req: SearchRequest, top: number, terms: readonly string[]): Promise<SearchResult | undefined> {
    const band = this.bands.rankWindow;
    if (hasFilters(req) || req.query.excluded.length > 0) return undefined;
    // A guessed count sizes the window as well as a known one; the statement checks the guess.
    const docs = bm25.terms.map((t) => t.docs ?? t.guess?.docs);
    if (docs.some((d) => d === undefined) || bm25.documents === 0) return undefined;
    // Each term's share of the documents, taken as independent (common words mostly are).
    const shares = docs.map((d) => (d ?? 0) / bm25.documents);
    const share = req.query.mode === 'all' ? shares.reduce((a, b) => a * b, 1) : 1 - shares.reduce((a, b) => a * (1 - b), 1);
    if (share * bm25.documents < LARGE_SET_BANDS * band) return undefined;
    const span = Math.ceil((WINDOW_MARGIN * band) / share);
    if (span * 2 > bm25.maxId) return undefined;
    const counts = bm25Counts(bm25);
    const rows = await sql<TextRow & HeadRow>`
      WITH m AS MATERIALIZED (SELECT s.article_id FROM article_search_terms s WHERE s.doc @@ ${query} AND s.article_id > ${bm25.maxId - span}),${counts ? sql` ${counts},` : sql``}
      band AS (SELECT h.article_id, h.head, h.len FROM (SELECT article_id FROM m ORDER BY article_id DESC LIMIT ${band}) n
        JOIN article_search_heads h USING (article_id) WHERE (SELECT count(*) FROM m) >= ${band}),
      ${this.bestOf(bm25, sql`band`, top)}
      SELECT NULL::bigint AS id, NULL::float8 AS score, NULL AS headline, NULL AS standfirst, NULL AS body, (SELECT string_agg(article_id::text, ',') FROM m) AS ids,
        ${bm25CountsRead(bm25, sql`SELECT 1`)} AS counts, ${bm25StemsRead(bm25)} AS stems, ${bm25VersionRead(bm25)} AS version, ${CONTENT_VERSION} AS content
      UNION ALL
      SELECT b.id, b.score, s.headline, s.standfirst, s.body, NULL, NULL, NULL, NULL, NULL FROM best b JOIN article_search s ON s.article_id = b.id`.execute(this.db);
    const head = rows.rows.find((r) => r.id === null);
    const learnt = this.learnt(bm25, head);
    const ids = parseIdList(head?.ids);
    if (ids.length < band) return undefined;
    const ranked = rankedWithTexts(rows.rows.filter((r) => r.id !== null));
    const reader = { band: (members: Int32Array, n: number) => this.band(learnt, members, n), texts: (list: readonly number[]) => this.texts(undefined, list).then((m) => m.texts) };
    const hits = await this.bands.page(reader, ids, req.offset, req.limit, terms, ranked);
    // A lone word's matches are its documents; otherwise the window's density over the whole collection.
    const exact = bm25.terms.length === 1 && req.query.words.length + req.query.phrases.length === 1;
    const total = exact ? (learnt.terms[0]?.docs ?? 0) : Math.max(ids.length, Math.round((ids.length / Math.min(span, bm25.maxId)) * bm25.documents));
    return { total, hits, ...(req.withIds ? { ids } : {}), ...(exact ? {} : { estimated: true }), ...contentVersion(head) };
  }

  /**
   * Every matching id, ascending, as one string from the server (no JS object per row). The GIN
   * index gives the matches, and their narrow rows (migration 0042) the ids: about 600 pages for a
   * common word's 60,000 matches. With `top`, also the `top` best of the newest band (see `band`)
   * with their texts, in the same statement: one round trip for a page of the first band. (A match
   * set large enough for the top-N sort of its ids to cost more than a round trip is expected
   * large and read by `newestMatches` instead.)
   */
  private async match(query: RawBuilder<unknown>, bm25: Bm25Query | undefined, req: SearchRequest, top: number): Promise<{ ids: Int32Array; top: Ranked[]; bm25: Bm25Query | undefined; version?: number }> {
    // The site alone needs no join: the terms row carries it.
    const filtered = hasArticleFilters(req);
    const join = filtered ? sql`JOIN articles a ON a.id = s.article_id` : sql``;
    const site = req.siteId === undefined ? [] : [termsOnSite('s', req.siteId)];
    const where = sql.join([sql`s.doc @@ ${query}`, ...site, ...(filtered ? filterConditions(req) : [])], sql` AND `);
    if (top === 0) {
      const all = await sql<{ ids: string | null; content: number | string | null }>`SELECT string_agg(s.article_id::text, ',') AS ids, ${CONTENT_VERSION} AS content
        FROM article_search_terms s ${join} WHERE ${where}`.execute(this.db);
      return { ids: parseIdList(all.rows[0]?.ids), top: [], bm25, ...contentVersion(all.rows[0]) };
    }
    // The only term's documents are the match set when nothing else narrows it. Counts are read
    // whenever something matches: a larger set than one band needs them for its bands too.
    const alone = !filtered && req.siteId === undefined && req.query.excluded.length === 0 && req.query.words.length + req.query.phrases.length === 1;
    const counts = bm25 && bm25Counts(bm25, alone ? sql`(SELECT count(*) FROM m)` : undefined);
    const rows = await sql<TextRow & HeadRow>`
      WITH m AS MATERIALIZED (SELECT s.article_id FROM article_search_terms s ${join} WHERE ${where}),${counts ? sql` ${counts},` : sql``}
      band AS (SELECT h.article_id, h.head, h.len FROM (SELECT article_id FROM m ORDER BY article_id DESC LIMIT ${this.bands.rankWindow}) n JOIN article_search_heads h USING (article_id)),
      ${this.bestOf(bm25, sql`band`, top)}
      SELECT NULL::bigint AS id, NULL::float8 AS score, NULL AS headline, NULL AS standfirst, NULL AS body,
        (SELECT string_agg(article_id::text, ',') FROM m) AS ids, ${bm25 ? bm25CountsRead(bm25, sql`SELECT 1 FROM m`) : sql`NULL`} AS counts,
        ${bm25 ? bm25StemsRead(bm25) : sql`NULL`} AS stems, ${bm25 ? bm25VersionRead(bm25) : sql`NULL`} AS version, ${CONTENT_VERSION} AS content
      UNION ALL
      SELECT b.id, b.score, s.headline, s.standfirst, s.body, NULL, NULL, NULL, NULL, NULL FROM best b JOIN article_search s ON s.article_id = b.id`.execute(this.db);
    const head = rows.rows.find((r) => r.id === null);
    return { ids: parseIdList(head?.ids), top: rankedWithTexts(rows.rows.filter((r) => r.id !== null)), bm25: bm25 && this.learnt(bm25, head), ...contentVersion(head) };
  }

  /** `bm25` with the stems and counts a matching statement read, which the statistics keep. */
  private learnt(bm25: Bm25Query, head: HeadRow | undefined): Bm25Query {
    this.stats.seen(head?.version);
    return this.stats.learn(this.stats.learnStems(bm25, head?.stems), head?.counts);
  }

  /**
   * CTEs ending in `best`: the `top` of `band` (rows of article_id, head and len) by BM25 on the
   * whole document, among its best by BM25 on `head` (see HEAD_CANDIDATES). Each candidate's
   * document is read by its key: since the match table's rows are narrow (0042), a join let the
   * planner scan all of it (20,000 rows, 7 ms) to hash a hundred candidates.
   */
  private bestOf(bm25: Bm25Query | undefined, band: RawBuilder<unknown>, top: number): RawBuilder<unknown> {
    const score = (vec: string) => (bm25 ? bm25Score(bm25, vec, 'len') : sql`0::float8`);
    return sql`cand AS (SELECT article_id, len FROM ${band} ORDER BY ${score('head')} DESC, article_id DESC LIMIT ${Math.max(HEAD_CANDIDATES, top + HEAD_MARGIN)}),
      best AS (SELECT id, ${score('doc')} AS score FROM (
          SELECT article_id AS id, len, (SELECT t.doc FROM article_search_terms t WHERE t.article_id = cand.article_id) AS doc FROM cand OFFSET 0
        ) d ORDER BY score DESC, id DESC LIMIT ${top})`;
  }

  /** The `top` best of one band (its ids, all matches), with their texts: scored on `head`, then its best on the whole document. */
  private async band(bm25: Bm25Query | undefined, members: Int32Array, top: number): Promise<Ranked[]> {
    const rows = await sql<TextRow>`
      WITH band AS (SELECT article_id, head, len FROM article_search_heads WHERE article_id = ANY(${idArray(members)}::bigint[])),
      ${this.bestOf(bm25, sql`band`, top)}
      SELECT b.id, b.score, s.headline, s.standfirst, s.body FROM best b JOIN article_search s ON s.article_id = b.id`.execute(this.db);
    return rankedWithTexts(rows.rows);
  }

  /** Texts of some matches (for the exact-form bonus and snippets), and their plain BM25 when `bm25` is given. */
  private async texts(bm25: Bm25Query | undefined, ids: readonly number[]): Promise<{ texts: Map<number, MatchText>; scores: Map<number, number> }> {
    if (ids.length === 0) return { texts: new Map(), scores: new Map() };
    const rows = await sql<{ id: number; score: number; headline: string; standfirst: string; body: string }>`
      SELECT s.article_id AS id, ${bm25 ? bm25Score(bm25, 't.doc', 'h.len') : sql`0`} AS score, headline, standfirst, body
      FROM article_search s ${bm25 ? sql`JOIN article_search_terms t USING (article_id) JOIN article_search_heads h USING (article_id)` : sql``}
      WHERE s.article_id = ANY(${idArray(ids)}::bigint[])`.execute(this.db);
    return {
      texts: new Map(rows.rows.map((r) => [Number(r.id), matchText(r.headline, r.standfirst, r.body)])),
      scores: new Map(rows.rows.map((r) => [Number(r.id), Number(r.score)])),
    };
  }

  /** Newest first: the page's ids by date, then their scores and texts (BM25 for these rows only). */
  private async byDate(query: RawBuilder<unknown>, bm25: Bm25Query | undefined, req: SearchRequest, terms: readonly string[]): Promise<SearchHit[]> {
    const site = req.siteId === undefined ? [] : [termsOnSite('s', req.siteId)];
    const where = sql.join([sql`s.doc @@ ${query}`, ...site, ...filterConditions(req)], sql` AND `);
    const page = await sql<{ id: number }>`SELECT s.article_id AS id FROM article_search_terms s JOIN articles a ON a.id = s.article_id
      WHERE ${where} ORDER BY a.published_at DESC, s.article_id DESC LIMIT ${req.limit} OFFSET ${req.offset}`.execute(this.db);
    const ids = page.rows.map((r) => Number(r.id));
    const { texts, scores } = await this.texts(bm25, ids);
    const bonus = exactMultiplier(terms);
    return ids.map((id) => {
      const text = texts.get(id);
      return { id, score: (scores.get(id) ?? 0) * (text ? bonus(text.parts) : 1), body: text?.body ?? '' };
    });
  }

  async suggestTitles(words: readonly string[], prefix: string, limit: number, siteId?: number): Promise<number[]> {
    const tsquery = toTsTitleQuery(words, prefix);
    if (!tsquery) return [];
    const site = siteId === undefined ? sql`` : sql`AND EXISTS (SELECT 1 FROM article_search_terms t WHERE t.article_id = article_search.article_id AND ${termsOnSite('t', siteId)})`;
    const rows = await sql<{ id: number }>`SELECT article_id AS id FROM article_search
      WHERE title @@ ${tsquery}::tsquery ${site} ORDER BY article_id DESC LIMIT ${limit}`.execute(this.db);
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

  names(ids: FacetIds): Promise<FacetNames> {
    return namesOf(this.db, ids);
  }
}

/**
 * Where `putLater` computes vectors: connections outside the saving transaction (for texts
 * cleaned by the server), the cleaner that learns the server's cleaning once for all of them,
 * and the builder of the vectors of the texts it cleans (with its remembered stems, on a thread
 * of its own for a batch: `VectorThread`).
 */
export interface VectorConnections {
  readonly db: () => Kysely<Database>;
  readonly cleaner: SearchTextCleaner;
  readonly builder: VectorThread;
}

/** `VectorConnections` over these connections. */
export function vectorConnections(db: () => Kysely<Database>): VectorConnections {
  return { db, cleaner: new SearchTextCleaner(db), builder: new VectorThread(new SearchVectorBuilder()) };
}

/** A document whose vectors were built in this process. */
interface BuiltDocument {
  readonly doc: SearchDocument;
  readonly built: DocumentVectors;
}

/** The vectors of documents built here, each column one binary array in their order. */
function builtVectors(docs: readonly BuiltDocument[]): BinaryVectors {
  return {
    head: tsvectorArray(docs.map((d) => d.built.head)),
    doc: tsvectorArray(docs.map((d) => d.built.doc)),
    len: docs.map((d) => d.built.len),
    words: tsvectorArray(docs.map((d) => d.built.words)),
    title: tsvectorArray(docs.map((d) => d.built.title)),
  };
}

/** A column of every row as one binary array in id order (`array_send`), which this process passes back unread. */
function binaryColumn(column: string) {
  return sql.raw(`array_send(array_agg(${column} ORDER BY article_id)) AS ${column}`);
}

/** `work`, whose failure is not unhandled while it waits for a caller that awaits it later (or not at all, when an earlier group failed). */
function handled<T>(work: Promise<T>): Promise<T> {
  work.catch(() => {});
  return work;
}

/** A batch's vectors, each column one binary array in id order (`len` may be a plain array). */
interface BinaryVectors {
  readonly head: Buffer;
  readonly doc: Buffer;
  readonly len: Buffer | readonly number[];
  readonly words: Buffer;
  readonly title: Buffer;
}

/** The first row of a matching statement: every match's id, and what it learnt of the query's terms. */
interface HeadRow {
  readonly ids: string | null;
  readonly counts: string | null;
  readonly stems: string | null;
  readonly version: number | string | null;
  /** The content version (always read: see SearchResult.version). */
  readonly content: number | string | null;
}

/** `{ version }` from a statement's `content` column, when it read one. */
function contentVersion(row: { readonly content: number | string | null } | undefined): { version?: number } {
  return row?.content === null || row?.content === undefined ? {} : { version: Number(row.content) };
}

/** A ranked match read with its texts. */
interface TextRow {
  readonly id: number | null;
  readonly score: number | null;
  readonly headline: string | null;
  readonly standfirst: string | null;
  readonly body: string | null;
}

/** Rows of `best` joined to their texts, best first (ties newest first, as `best` orders them). */
function rankedWithTexts(rows: readonly TextRow[]): Ranked[] {
  return rows
    .map((r) => ({ id: Number(r.id), score: Number(r.score), text: matchText(r.headline, r.standfirst, r.body) }))
    .sort((a, b) => b.score - a.score || b.id - a.id);
}
