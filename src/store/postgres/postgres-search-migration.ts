import { type Kysely, sql } from 'kysely';

/**
 * Full-text search on PostgreSQL: a weighted tsvector (headline A, standfirst B, body C) kept by
 * the database itself (a generated column), a GIN index over it, and pg_trgm on the vocabulary
 * for typo correction.
 */
export const postgresSearchMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
  async up(db: Kysely<any>): Promise<void> {
    await sql`CREATE TABLE article_search (
      article_id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
      headline TEXT NOT NULL,
      standfirst TEXT NOT NULL,
      body TEXT NOT NULL,
      doc TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('english', unaccent_immutable(headline)), 'A') ||
        setweight(to_tsvector('english', unaccent_immutable(standfirst)), 'B') ||
        setweight(to_tsvector('english', unaccent_immutable(body)), 'C')
      ) STORED
    )`.execute(db);
    await sql`CREATE INDEX article_search_doc ON article_search USING GIN (doc)`.execute(db);
  },
};

/**
 * unaccent() is not IMMUTABLE, so it cannot feed a generated column directly; this wrapper pins
 * the dictionary, which makes it safe to declare immutable (the usual PostgreSQL recipe).
 */
export const postgresUnaccentMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
  async up(db: Kysely<any>): Promise<void> {
    await sql`CREATE EXTENSION IF NOT EXISTS unaccent`.execute(db);
    await sql`CREATE OR REPLACE FUNCTION unaccent_immutable(text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$`.execute(db);
  },
};

/** The headline (A) and standfirst (B) as a weighted tsvector: the expression the narrow table's `head` holds. */
export const HEAD_TSVECTOR = `setweight(to_tsvector('english', unaccent_immutable(headline)), 'A') ||
  setweight(to_tsvector('english', unaccent_immutable(standfirst)), 'B')`;

/** The whole document: headline (A), standfirst (B), body (C), as 0002 defined it. */
export const DOC_TSVECTOR = `${HEAD_TSVECTOR} ||
  setweight(to_tsvector('english', unaccent_immutable(body)), 'C')`;

/**
 * Search at SQLite's speed (issue 16): the weighted tsvector moves out of `article_search`, whose
 * rows carry the texts and two more tsvectors (about 8 KB an article), into a narrow table of
 * its own, `article_search_terms`: the id and `doc` (the whole document, always out of line:
 * toast_tuple_target and STORAGE EXTERNAL), some 50 bytes a row, so matching walks the GIN index
 * and then a few hundred heap pages. `article_search_heads` holds `head`, headline and
 * standfirst only (a few hundred bytes, in the row): ranking scores a band on it first, so only
 * its best few `doc`s are read out of TOAST. See docs/architecture.md, "Search".
 */
export const postgresSearchTermsMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
  async up(db: Kysely<any>): Promise<void> {
    await sql`CREATE TABLE article_search_terms (
      article_id BIGINT PRIMARY KEY REFERENCES article_search(article_id) ON DELETE CASCADE,
      doc TSVECTOR NOT NULL
    ) WITH (toast_tuple_target = 128)`.execute(db);
    await sql`ALTER TABLE article_search_terms ALTER COLUMN doc SET STORAGE EXTERNAL`.execute(db);
    await sql`CREATE TABLE article_search_heads (
      article_id BIGINT PRIMARY KEY REFERENCES article_search(article_id) ON DELETE CASCADE,
      head TSVECTOR NOT NULL
    )`.execute(db);
    // Kept in the row: MAIN leaves the heap only past 2 KB.
    await sql`ALTER TABLE article_search_heads ALTER COLUMN head SET STORAGE MAIN`.execute(db);
    await sql`INSERT INTO article_search_terms (article_id, doc) SELECT article_id, doc FROM article_search`.execute(db);
    await sql`INSERT INTO article_search_heads (article_id, head) SELECT article_id, ${sql.raw(HEAD_TSVECTOR)} FROM article_search`.execute(db);
    await sql`CREATE INDEX article_search_terms_doc ON article_search_terms USING GIN (doc)`.execute(db);
    // Its index goes with it; the texts stay for snippets, the exact-form bonus and `words`/`title`.
    await sql`ALTER TABLE article_search DROP COLUMN doc`.execute(db);
  },
};

/**
 * Text as SQLite's unicode61 tokenizer splits it: accents folded, every run of characters that is
 * not a letter or digit one space. PostgreSQL's parser would otherwise keep `8.03`, `e-commerce`
 * and `example.com` as tokens of their own, which a query for `8 03` or `commerce` never finds.
 */
const SEARCH_TEXT_FUNCTION = `CREATE OR REPLACE FUNCTION masthead_search_text(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT regexp_replace(unaccent_immutable($1), '[^[:alnum:]]+', ' ', 'g') $$`;

/** How many tokens a text holds, as FTS5 counts a column's length for BM25. */
const TOKEN_COUNT_FUNCTION = `CREATE OR REPLACE FUNCTION masthead_token_count(text) RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT coalesce(array_length(string_to_array(btrim(masthead_search_text($1)), ' '), 1), 0) $$`;

/** One text as the `masthead` configuration indexes it. */
function vector(column: string, weight: string): string {
  return `setweight(to_tsvector('masthead', masthead_search_text(${column})), '${weight}')`;
}

/** Headline (A) and standfirst (B), as SQLite's tokenizer and stemmer see them (0032). */
export const HEAD_VECTOR = `${vector('headline', 'A')} || ${vector('standfirst', 'B')}`;

/** The whole document (0032): headline (A), standfirst (B), body (C). */
export const DOC_VECTOR = `${HEAD_VECTOR} || ${vector('body', 'C')}`;

/** The document's length in tokens, headline, standfirst and body together (BM25's |D|). */
export const DOC_LENGTH = 'masthead_token_count(headline) + masthead_token_count(standfirst) + masthead_token_count(body)';

/**
 * Search that finds what SQLite finds (issue 16): a text search configuration `masthead` with the
 * Porter stemmer SQLite's `porter` tokenizer uses (not snowball's `english`) and no stop words
 * (a search for `over` or `after` found nothing, since `english` drops them from the query), over
 * text split where unicode61 splits it. Both tsvectors are rebuilt, and each head row gains the
 * document's length in tokens, which BM25 (postgres-bm25.ts) needs.
 */
export const postgresSearchTokensMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
  async up(db: Kysely<any>): Promise<void> {
    await sql`CREATE TEXT SEARCH DICTIONARY masthead_porter (TEMPLATE = snowball, Language = porter)`.execute(db);
    // Numbers and words with digits stay as `simple` gives them (lower-cased), as on SQLite.
    await sql`CREATE TEXT SEARCH CONFIGURATION masthead (COPY = simple)`.execute(db);
    await sql`ALTER TEXT SEARCH CONFIGURATION masthead ALTER MAPPING FOR asciiword, word, asciihword, hword, hword_asciipart, hword_part WITH masthead_porter`.execute(db);
    await sql.raw(SEARCH_TEXT_FUNCTION).execute(db);
    await sql.raw(TOKEN_COUNT_FUNCTION).execute(db);
    await sql`DROP INDEX article_search_terms_doc`.execute(db);
    await sql`TRUNCATE article_search_terms, article_search_heads`.execute(db);
    await sql`ALTER TABLE article_search_heads ADD COLUMN len INTEGER NOT NULL DEFAULT 0`.execute(db);
    await sql`INSERT INTO article_search_terms (article_id, doc) SELECT article_id, ${sql.raw(DOC_VECTOR)} FROM article_search`.execute(db);
    await sql`INSERT INTO article_search_heads (article_id, head, len) SELECT article_id, ${sql.raw(HEAD_VECTOR)}, ${sql.raw(DOC_LENGTH)} FROM article_search`.execute(db);
    await sql`CREATE INDEX article_search_terms_doc ON article_search_terms USING GIN (doc)`.execute(db);
    // Fresh tables have no statistics: the planner would guess a common word's matches at 3,000 for 50,000.
    await sql`ANALYZE article_search_terms, article_search_heads`.execute(db);
  },
};

/**
 * Matching reads fewer pages (issue 16): every `article_search_terms` row now has its `doc` out
 * of line, so the bitmap heap scan that lists a common word's matches reads rows of some 80 bytes
 * (about 100 to a page) instead of 2 KB. PostgreSQL moves values out of a row only when the whole
 * row passes TOAST_TUPLE_THRESHOLD (2 KB, fixed when the server is built: `toast_tuple_target`
 * only says how far to shrink a row once that happens), so a document under 2 KB stayed in the
 * row, and a fifth of the rows filled four fifths of the pages (990 pages at 20,000 articles).
 * `toast_pad` is a stored constant of 2,100 spaces that makes every row pass the threshold; it
 * compresses to about 30 bytes in the row, and then `doc` (STORAGE EXTERNAL, toast_tuple_target
 * 128) goes out of line: 207 pages at 20,000 articles, and listing 15,000 matches took 2.7 ms
 * instead of 18. The column is generated, so no writer can give it another value, and it is never
 * read. Adding it rewrites the table and its indexes (about a minute at 100,000 articles).
 */
export const postgresSearchMatchRowsMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
  async up(db: Kysely<any>): Promise<void> {
    await sql`ALTER TABLE article_search_terms ADD COLUMN toast_pad TEXT GENERATED ALWAYS AS (repeat(' ', 2100)) STORED`.execute(db);
    await sql`ANALYZE article_search_terms`.execute(db);
  },
};

/** How many tokens a text already passed through masthead_search_text holds (masthead_token_count without the cleaning). */
function tokenCount(cleaned: string): string {
  return `coalesce(array_length(string_to_array(btrim(${cleaned}), ' '), 1), 0)`;
}

/**
 * The distinct words of a text already passed through masthead_search_text, lower-cased, as a
 * tsvector without positions (`words` and `title` since migration 0045). No parser runs: the
 * cleaned text is words between single spaces, so splitting it at spaces gives what the parser
 * would (for `7e7s` it gives that, as SQLite's tokenizer does, where the parser reads `7e7` and
 * `s`). Words of 2,048 bytes and more are left out, as `to_tsvector` leaves them out.
 */
function wordSet(cleaned: string): string {
  return `array_to_tsvector(ARRAY(SELECT w FROM unnest(string_to_array(lower(${cleaned}), ' ')) w WHERE w <> '' AND octet_length(w) < 2048))`;
}

/**
 * HEAD_VECTOR (`head`), DOC_VECTOR (`doc`) and DOC_LENGTH (`len`) of each row of `source`
 * (article_id, headline, standfirst, body), equal to those expressions but cleaning each text
 * once (masthead_search_text: unaccent and a regular expression over the whole body) where they
 * clean it twice, and parsing the headline and standfirst once: three quarters of a bulk
 * import's statement time on PostgreSQL was these rows. Also `words` and `title`, the
 * unstemmed word sets of `article_search` (see WORDS_VECTOR), from the same cleaned texts.
 * `OFFSET 0` keeps the planner from pulling each sub-select up, which would put the cleaning
 * back in every place that reads it.
 */
export function searchVectors(source: string): string {
  return `SELECT article_id, head, ${CLEANED_DOC} AS doc, ${tokenCount('h')} + ${tokenCount('s')} + ${tokenCount('b')} AS len,
      ${wordSet("h || ' ' || s || ' ' || b")} AS words, ${wordSet('h')} AS title
    FROM (SELECT article_id, h, s, b, ${CLEANED_HEAD} AS head
      FROM (SELECT article_id, masthead_search_text(headline) AS h, masthead_search_text(standfirst) AS s, masthead_search_text(body) AS b FROM ${source} OFFSET 0) t
      OFFSET 0) v`;
}

/** HEAD_VECTOR of cleaned texts `h` and `s`. */
const CLEANED_HEAD = `setweight(to_tsvector('masthead', h), 'A') || setweight(to_tsvector('masthead', s), 'B')`;
/** DOC_VECTOR from `head` and the cleaned body `b`. */
const CLEANED_DOC = `head || setweight(to_tsvector('masthead', b), 'C')`;

/** `words` of a row of `article_search` (headline, standfirst, body) as a writer computes it since 0045 (searchVectors). */
export const WORDS_VECTOR = wordSet("masthead_search_text(headline) || ' ' || masthead_search_text(standfirst) || ' ' || masthead_search_text(body)");

/** `title` of a row of `article_search` as a writer computes it since 0045. */
export const TITLE_VECTOR = wordSet('masthead_search_text(headline)');

/**
 * Bulk imports on PostgreSQL (issue 16): `words` and `title`, the unstemmed word sets behind the
 * vocabulary and search-as-you-type (0004), stop being generated columns and are written with
 * the other search vectors, computed from the cleaned texts on the connection that computes
 * `doc` (SearchIndex.putLater), not in the batch's transaction. As generated columns the server
 * parsed every text a second time (`to_tsvector('simple', …)` over the raw text) inside the
 * batch's insert: the largest single cost of an import's statement time. Their tokens are now
 * the ones `doc` and SQLite's tokenizer see (`e-commerce` is `e` and `commerce`, `8.03` is `8`
 * and `03`; before, the parser kept `e-commerce`, `8.03` and `example.com` as words of their
 * own, which no query word can be), without positions, which nothing read.
 *
 * Cost on an existing database: a catalog change only (DROP EXPRESSION keeps the stored values
 * and rewrites nothing), a moment's exclusive lock on `article_search`. Existing rows keep the
 * parser's word sets until they are next saved; the vocabulary mixes both meanwhile, which only
 * matters for words with punctuation inside (never offered as corrections) and their parts.
 */
export const postgresSearchWordsValuesMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
  async up(db: Kysely<any>): Promise<void> {
    await sql`ALTER TABLE article_search ALTER COLUMN words DROP EXPRESSION, ALTER COLUMN title DROP EXPRESSION`.execute(db);
  },
};
