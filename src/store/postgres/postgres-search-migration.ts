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
