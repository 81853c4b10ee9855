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
