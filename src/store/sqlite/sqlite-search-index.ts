import { type Kysely, type RawBuilder, sql } from 'kysely';
import { valuesInChunks } from '../insert-rows.ts';
import { BandRanker, type BandReader, type MatchText, matchText, type Ranked } from '../ranked-bands.ts';
import type { Database } from '../schema.ts';
import type { FacetIds, FacetNames, FacetRows, SearchDocument, SearchHit, SearchIndex, SearchRequest, SearchResult, VocabularyRows } from '../search-index.ts';
import { exactMultiplier, exactTerms, facetRows, filterConditions, hasFilters, namesOf, parseIdList } from '../search-reads.ts';
import { toFts5Match, toFts5TitleMatch } from './fts5-query.ts';

// Column weights for bm25(): a word in the headline counts most, then the standfirst.
const HEADLINE_WEIGHT = 10;
const STANDFIRST_WEIGHT = 4;
const BODY_WEIGHT = 1;

/**
 * Search over SQLite FTS5: `article_search` (porter stems, BM25 with column weights) finds and
 * ranks, and holds the text the exact-form bonus and snippets are read from; `article_words`
 * (unstemmed, contentless) is the vocabulary; `article_titles` (headline prefixes) serves
 * search-as-you-type.
 */
export class SqliteSearchIndex implements SearchIndex {
  private readonly bands: BandRanker;

  constructor(
    private readonly db: Kysely<Database>,
    /**
     * The band size and the re-scored head (tests make them small); `bulk`, inside
     * `Store.bulkWrites`: FTS5's merges spaced out from the first write (`spaceOutMerges`).
     */
    options: { rankWindow?: number; rerankDepth?: number; bulk?: BulkMerges } = {},
  ) {
    this.bands = new BandRanker(options);
    this.bulk = options.bulk;
  }

  private readonly bulk: BulkMerges | undefined;

  /** Adds or replaces documents (FTS5 honours OR REPLACE on rowid, contentless-delete tables too). */
  async put(...docs: SearchDocument[]): Promise<void> {
    // Set with the first write, not before: an import that writes nothing leaves the database untouched.
    if (this.bulk && !this.bulk.spaced && docs.length) {
      await setAutomerge(this.db, BULK_AUTOMERGE);
      this.bulk.spaced = true;
    }
    const run = (values: RawBuilder<unknown>, statement: (v: RawBuilder<unknown>) => RawBuilder<unknown>) => statement(values).execute(this.db);
    await valuesInChunks(
      docs.map((d) => [d.id, d.headline, d.standfirst, d.body]),
      (v) => run(v, (values) => sql`INSERT OR REPLACE INTO article_search (rowid, headline, standfirst, body) VALUES ${values}`),
    );
    await valuesInChunks(
      docs.map((d) => [d.id, `${d.headline}\n${d.standfirst}\n${d.body}`]),
      (v) => run(v, (values) => sql`INSERT OR REPLACE INTO article_words (rowid, text) VALUES ${values}`),
    );
    await valuesInChunks(
      docs.map((d) => [d.id, d.headline]),
      (v) => run(v, (values) => sql`INSERT OR REPLACE INTO article_titles (rowid, headline) VALUES ${values}`),
    );
    // The article rows are already written: copy what the filters need from them.
    await valuesInChunks(
      docs.map((d) => [d.id]),
      (v) =>
        run(v, (values) => sql`INSERT OR REPLACE INTO article_search_facts (id, section_id, published_at, site_id)
          SELECT id, section_id, COALESCE(published_at, updated_at), site_id FROM articles WHERE id IN (SELECT column1 FROM (VALUES ${values}))`),
    );
  }

  /** Writes at once: the rows land where a save wrote them before `putLater` (SQLite's page cache keeps the index pages of one burst). */
  putLater(...docs: SearchDocument[]): () => Promise<void> {
    const written = this.put(...docs);
    // The caller awaits it; until then a failure must not count as unhandled.
    written.catch(() => {});
    return () => written;
  }

  async remove(id: number): Promise<void> {
    await sql`DELETE FROM article_search WHERE rowid = ${id}`.execute(this.db);
    await sql`DELETE FROM article_words WHERE rowid = ${id}`.execute(this.db);
    await sql`DELETE FROM article_titles WHERE rowid = ${id}`.execute(this.db);
    await sql`DELETE FROM article_search_facts WHERE id = ${id}`.execute(this.db);
  }

  async clear(): Promise<void> {
    await sql`DELETE FROM article_search`.execute(this.db);
    // Contentless tables cannot be emptied with DELETE; FTS5's 'delete-all' command does it.
    await sql`INSERT INTO article_words (article_words) VALUES ('delete-all')`.execute(this.db);
    await sql`INSERT INTO article_titles (article_titles) VALUES ('delete-all')`.execute(this.db);
    await sql`DELETE FROM article_search_facts`.execute(this.db);
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    const match = toFts5Match(req.query);
    if (!match) return { total: 0, hits: [], ...(req.withIds ? { ids: new Int32Array(0) } : {}) };
    const terms = exactTerms(req.query);
    if (req.sort === 'date') {
      const ids = await this.matchIds(match, req);
      const hits = ids.length > req.offset && req.limit > 0 ? await this.byDate(match, req, terms) : [];
      return { total: ids.length, hits, ...(req.withIds ? { ids } : {}) };
    }
    // The newest band, ranked, in one pass; when the matches fit in one band that is all of them.
    const { rankWindow } = this.bands;
    const band0 = await this.band(match, req, undefined, Math.min(this.bands.depth(req.offset, req.limit, terms), rankWindow), this.bands.readsEveryText(req.offset, terms));
    const complete = band0.ids.length <= rankWindow;
    const ids = complete ? band0.ids : await this.matchIds(match, req);
    const reader: BandReader = {
      band: async (members, top) => (await this.band(match, req, { lo: members[0]!, hi: members[members.length - 1]! }, top)).top,
      texts: (list) => this.texts(list),
    };
    const hits = ids.length > req.offset && req.limit > 0 ? await this.bands.page(reader, ids, req.offset, req.limit, terms, band0.top) : [];
    return { total: ids.length, hits, ...(req.withIds ? { ids } : {}) };
  }

  // Filters and the date order read `article_search_facts` (f), a narrow copy of each indexed
  // article's section, date and home site: probing `articles` itself, whose rows carry the body, costs a
  // random page read per match (100 ms for a word in 50,000 articles). Every join is a CROSS
  // JOIN, which SQLite never reorders: driven from an index on the other table (a date range),
  // it would run the full-text query once per article, with bm25() computed out of context.

  /** Every matching id, ascending. One string from SQLite instead of a JS object per row. */
  private async matchIds(match: string, req: SearchRequest): Promise<Int32Array> {
    const r = hasFilters(req)
      ? await sql<{ ids: string | null }>`SELECT group_concat(f.id) AS ids
          FROM article_search CROSS JOIN article_search_facts f ON f.id = article_search.rowid
          WHERE article_search MATCH ${match} AND ${sql.join(factConditions(req), sql` AND `)}`.execute(this.db)
      : await sql<{ ids: string | null }>`SELECT group_concat(rowid) AS ids FROM article_search WHERE article_search MATCH ${match}`.execute(this.db);
    return parseIdList(r.rows[0]?.ids);
  }

  /**
   * One band: up to RANK_WINDOW matches, newest id first, within an id range (FTS5 walks its
   * index in id order and stops there, so bm25() runs for these rows only); returns the `top` by
   * BM25 and the ids read, ascending: one more than a band when there are more matches. All in
   * SQLite: a JS object per row would cost more than the ranking. `withTexts`: the `top` rows'
   * texts too, when the ranker reads every one of them (the first page of a query with words):
   * the statement after, by id, was one more compile, bind and read per search.
   */
  private async band(match: string, req: SearchRequest, range: { lo: number; hi: number } | undefined, top: number, withTexts = false): Promise<{ top: Ranked[]; ids: Int32Array }> {
    const filtered = hasFilters(req);
    const where = sql.join(
      [sql`article_search MATCH ${match}`, ...(range ? [sql`article_search.rowid BETWEEN ${range.lo} AND ${range.hi}`] : []), ...(filtered ? factConditions(req) : [])],
      sql` AND `,
    );
    const byRank = sql`SELECT id, rank FROM (SELECT * FROM band ORDER BY id DESC LIMIT ${this.bands.rankWindow}) ORDER BY rank ASC, id DESC LIMIT ${top}`;
    // The texts by rowid from the full-text table, as `texts` reads them; the best rows stay the
    // outer loop (CROSS JOIN), in their order.
    const selected = withTexts
      ? sql`SELECT b.id, b.rank, NULL AS ids, s.headline, s.standfirst, s.body FROM (${byRank}) b CROSS JOIN article_search s ON s.rowid = b.id`
      : sql`SELECT id, rank, NULL AS ids, NULL AS headline, NULL AS standfirst, NULL AS body FROM (${byRank})`;
    const rows = await sql<{ id: number | null; rank: number | null; ids: string | null; headline: string | null; standfirst: string | null; body: string | null }>`
      WITH band AS MATERIALIZED (
        SELECT article_search.rowid AS id, bm25(article_search, ${HEADLINE_WEIGHT}, ${STANDFIRST_WEIGHT}, ${BODY_WEIGHT}) AS rank
        FROM article_search ${filtered ? sql`CROSS JOIN article_search_facts f ON f.id = article_search.rowid` : sql``}
        WHERE ${where}
        ORDER BY article_search.rowid DESC
        LIMIT ${this.bands.rankWindow + 1}
      )
      SELECT * FROM (${selected})
      UNION ALL
      SELECT NULL, NULL, (SELECT group_concat(id) FROM band), NULL, NULL, NULL`.execute(this.db);
    const last = rows.rows.at(-1);
    // bm25() is lower-is-better and negative; scores are higher-is-better.
    const best = rows.rows.slice(0, -1).map((r): Ranked => {
      const score = -Number(r.rank);
      return withTexts ? { id: Number(r.id), score, text: matchText(r.headline, r.standfirst, r.body) } : { id: Number(r.id), score };
    });
    return { top: best, ids: parseIdList(last?.ids) };
  }

  /** Newest first; scores for the page come from one pass over the id range it spans. */
  private async byDate(match: string, req: SearchRequest, terms: string[]): Promise<SearchHit[]> {
    const rows = await sql<{ id: number }>`
      SELECT f.id AS id FROM article_search CROSS JOIN article_search_facts f ON f.id = article_search.rowid
      WHERE ${sql.join([sql`article_search MATCH ${match}`, ...factConditions(req)], sql` AND `)}
      ORDER BY f.published_at DESC, f.id DESC
      LIMIT ${req.limit} OFFSET ${req.offset}`.execute(this.db);
    const ids = rows.rows.map((r) => Number(r.id));
    if (ids.length === 0) return [];
    // `rowid + 0` keeps the id list away from FTS5, which would re-run the query (and its IDF
    // scan) once per id; the BETWEEN range it does use, and bm25() runs for these rows only.
    const [scores, texts] = await Promise.all([
      sql<{ id: number; rank: number }>`SELECT rowid AS id, bm25(article_search, ${HEADLINE_WEIGHT}, ${STANDFIRST_WEIGHT}, ${BODY_WEIGHT}) AS rank
        FROM article_search WHERE article_search MATCH ${match} AND rowid BETWEEN ${Math.min(...ids)} AND ${Math.max(...ids)}
        AND (rowid + 0) IN (${sql.join(ids)})`.execute(this.db),
      this.texts(ids),
    ]);
    const rank = new Map(scores.rows.map((r) => [Number(r.id), r.rank]));
    const bonus = exactMultiplier(terms);
    return ids.map((id) => {
      const text = texts.get(id);
      return { id, score: -(rank.get(id) ?? 0) * (text ? bonus(text.parts) : 1), body: text?.body ?? '' };
    });
  }

  private async texts(ids: readonly number[]): Promise<Map<number, MatchText>> {
    if (ids.length === 0) return new Map();
    const rows = await sql<{ id: number; headline: string; standfirst: string; body: string }>`
      SELECT rowid AS id, headline, standfirst, body FROM article_search WHERE rowid IN (${sql.join(ids)})`.execute(this.db);
    return new Map(rows.rows.map((r) => [Number(r.id), matchText(r.headline, r.standfirst, r.body)]));
  }

  async suggestTitles(words: readonly string[], prefix: string, limit: number, siteId?: number): Promise<number[]> {
    const match = toFts5TitleMatch(words, prefix);
    if (!match) return [];
    // The site: a primary-key probe of each match's facts row (its home site), as search does.
    const onSite =
      siteId === undefined
        ? sql``
        : sql`AND EXISTS (SELECT 1 FROM article_search_facts f WHERE f.id = article_titles.rowid
          AND (f.site_id = ${siteId} OR EXISTS (SELECT 1 FROM article_sites s WHERE s.article_id = f.id AND s.site_id = ${siteId})))`;
    const rows = await sql<{ id: number }>`SELECT rowid AS id FROM article_titles WHERE article_titles MATCH ${match} ${onSite}
      ORDER BY rowid DESC LIMIT ${limit}`.execute(this.db);
    return rows.rows.map((r) => Number(r.id));
  }

  async vocabulary(): Promise<VocabularyRows> {
    const [docs, vocab] = await Promise.all([
      sql<{ n: number }>`SELECT COUNT(*) AS n FROM articles WHERE status = 'published'`.execute(this.db),
      sql<{ term: string; doc: number }>`SELECT term, doc FROM article_words_vocab`.execute(this.db),
    ]);
    return { documents: Number(docs.rows[0]?.n ?? 0), words: vocab.rows.map((r) => r.term), docs: vocab.rows.map((r) => Number(r.doc)) };
  }

  facetRows(): Promise<FacetRows> {
    return facetRows(this.db);
  }

  names(ids: FacetIds): Promise<FacetNames> {
    return namesOf(this.db, ids);
  }
}

/**
 * Merges the segments a bulk import left in each full-text table. A bulk import leaves them as
 * several segments on several levels, and every query walks each of its terms in every segment (and
 * bm25() each term's whole list once more, for its document count): merged, the search bench's
 * statements take 10–15 % less CPU (100,000 articles, results identical). FTS5's 'optimize' would
 * do it in one transaction: about 2.5 s at 100,000 articles and tens of seconds at a million, with
 * the database's write lock held while a serving node may be waiting to publish. So it runs as
 * FTS5's 'merge' in steps of about MERGE_STEP_PAGES written pages, each its own transaction, until a
 * step merges nothing (FTS5's documented test: total_changes() moved by less than 2).
 *
 * One segment, when the import's segments are a large share of the index (a new site, a large
 * import) or the table is small enough for one step. When they are small beside the site's largest
 * segment (15,000 articles into a 100,000-article site), merging all would read and write the whole
 * index again to take them in: a quarter of such an import's main thread. They are merged among
 * themselves instead, and the table is left with the largest segment and at most two more; a later
 * import whose segments outgrow a quarter of the largest merges everything. Search results are the
 * same whatever the segments (bm25() counts documents over all of them); its CPU beside one
 * segment: docs/benchmarks.md, "Import, ninth pass". `stepPages`: tests make it small.
 */
export async function mergeSearchSegments(db: Kysely<Database>, stepPages = MERGE_STEP_PAGES): Promise<void> {
  for (const table of SEARCH_TABLES) {
    // A merge step that finds nothing still counts as a write: an import that changed nothing
    // must leave the database untouched, so a table already in one segment is left alone.
    const sizes = await segmentPages(db, table);
    if (sizes.length <= 1) continue;
    const [largest = 0, ...rest] = sizes;
    const others = rest.reduce((a, b) => a + b, 0);
    // A table that one step rewrites whole (the headlines' prefixes) is always merged into one.
    if (largest + others > stepPages && others * SMALL_SEGMENTS_SHARE < largest) {
      await mergeSmallSegments(db, table, stepPages);
      if ((await segmentPages(db, table)).length <= MAX_SEGMENTS_LEFT) continue;
    }
    // A negative page count first moves every segment to one level, so the steps end in one segment.
    await mergeSteps(db, table, -stepPages);
  }
}

const SEARCH_TABLES = ['article_search', 'article_words', 'article_titles'] as const;
type SearchTable = (typeof SEARCH_TABLES)[number];

/**
 * Pages of each segment of an FTS5 table, largest first: the last leaf page that starts a term, from
 * the small `%_idx` table (one row per such page, `pgno` shifted left by one), not a scan of the pages.
 */
async function segmentPages(db: Kysely<Database>, table: SearchTable): Promise<number[]> {
  const { rows } = await sql<{ pages: number }>`SELECT max(pgno >> 1) AS pages FROM ${sql.table(`${table}_idx`)} GROUP BY segid ORDER BY pages DESC`.execute(db);
  return rows.map((r) => Number(r.pages));
}

/**
 * Merges the segments that share a level with another, level by level, which leaves the largest
 * segment (alone on the top level since the last full merge) as it is. FTS5's 'merge' with a
 * positive page count merges a level once it holds 'usermerge' segments (4 by default, which the
 * automatic merges during the import already keep each level under): 2 for these steps, the default
 * after (the setting is stored in the table).
 */
async function mergeSmallSegments(db: Kysely<Database>, table: SearchTable, stepPages: number): Promise<void> {
  const setUsermerge = (n: number) => sql`INSERT INTO ${sql.table(table)} (${sql.ref(table)}, rank) VALUES ('usermerge', ${sql.lit(n)})`.execute(db);
  await setUsermerge(2);
  try {
    await mergeSteps(db, table, stepPages);
  } finally {
    await setUsermerge(FTS5_DEFAULT_USERMERGE);
  }
}

async function mergeSteps(db: Kysely<Database>, table: SearchTable, pages: number): Promise<void> {
  const changes = async () => Number((await sql<{ n: number }>`SELECT total_changes() AS n`.execute(db)).rows[0]?.n);
  for (;;) {
    const before = await changes();
    await sql`INSERT INTO ${sql.table(table)} (${sql.ref(table)}, rank) VALUES ('merge', ${pages})`.execute(db);
    if ((await changes()) - before < 2) break;
  }
}

/** Whether a bulk write has spaced out the full-text tables' merges (`BULK_AUTOMERGE`), to be set back after. */
export interface BulkMerges {
  spaced: boolean;
}

/**
 * FTS5 merges a level's segments into one on the level above once it holds 'automerge' of them (4
 * by default): an import of 100,000 articles writes a segment a batch, and each posting is read and
 * written again once a level, five levels or so, before the import's last merge
 * (`mergeSearchSegments`) rewrites them all once more into one segment. With 16 a level, half the
 * levels; the last merge costs the same. The three tables' inserts, batches of 500 and the last
 * merge, 20,000 articles: 3.32–3.40 CPU-s against 3.69–3.94 (docs/benchmarks.md, "Import, ninth
 * pass"). Set back to the default when the bulk write ends (`restoreAutomerge`): a serving site's
 * saves write a segment each, and searches walk every one.
 */
const BULK_AUTOMERGE = 16;
/** FTS5's 'automerge' when the table does not set it (https://www.sqlite.org/fts5.html#the_automerge_configuration_option). */
const FTS5_DEFAULT_AUTOMERGE = 4;

async function setAutomerge(db: Kysely<Database>, n: number): Promise<void> {
  for (const table of SEARCH_TABLES) await sql`INSERT INTO ${sql.table(table)} (${sql.ref(table)}, rank) VALUES ('automerge', ${sql.lit(n)})`.execute(db);
}

/** After a bulk write whose saves spaced out the merges: FTS5's default again (the setting is stored in each table). */
export async function restoreAutomerge(db: Kysely<Database>, bulk: BulkMerges): Promise<void> {
  if (bulk.spaced) await setAutomerge(db, FTS5_DEFAULT_AUTOMERGE);
}

/** Pages a merge step writes: a few MB, a tenth of a second or so, between which other writers get the lock. */
const MERGE_STEP_PAGES = 2000;
/** The import's segments are merged among themselves while together they are under a quarter of the largest. */
const SMALL_SEGMENTS_SHARE = 4;
/** Segments a table may keep after merging the small ones (the largest and two more); more, and all are merged. */
const MAX_SEGMENTS_LEFT = 3;
/** FTS5's 'usermerge' when the table does not set it (https://www.sqlite.org/fts5.html#the_usermerge_configuration_option). */
const FTS5_DEFAULT_USERMERGE = 4;

/**
 * The filters on the facts row `f`. A site is checked on the row itself (its home site), or by a
 * primary-key probe of `article_sites` (cross-published there): per match, where the facts row is
 * read anyway. The shared condition (an IN list of every id of the site) built that list and its
 * bloom filter again for every query, a millisecond and more, most of the search's time.
 */
function factConditions(req: SearchRequest): RawBuilder<unknown>[] {
  const { siteId, ...rest } = req;
  const out = filterConditions(rest, 'f', false);
  if (siteId !== undefined) {
    out.push(sql`(f.site_id = ${siteId} OR EXISTS (SELECT 1 FROM article_sites s WHERE s.article_id = f.id AND s.site_id = ${siteId}))`);
  }
  return out;
}
