import { type Kysely, sql } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';

/**
 * Unstemmed words beside the stemmed index, for three jobs the stemmed index cannot do:
 * the exact-form ranking bonus (`charging` above `charge` for a reader who typed `charging`),
 * the vocabulary that typo correction draws from, and headline prefixes for search-as-you-type.
 *
 * SQLite: two contentless FTS5 tables with `detail=none` (only which articles hold each word,
 * about a fifth the size of the stemmed index), an fts5vocab view that reads document
 * frequencies straight off the index, and a narrow table of each indexed article's section and
 * date for the filters. PostgreSQL: two generated `simple` (unstemmed) tsvectors, the headline
 * one under a GIN index. Existing articles are copied in by the migration.
 */
export function searchWordsMigration(kind: DialectKind) {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>): Promise<void> {
      if (kind === 'postgres') {
        await sql`ALTER TABLE article_search ADD COLUMN words TSVECTOR GENERATED ALWAYS AS (
          to_tsvector('simple', unaccent_immutable(headline || ' ' || standfirst || ' ' || body))
        ) STORED`.execute(db);
        await sql`ALTER TABLE article_search ADD COLUMN title TSVECTOR GENERATED ALWAYS AS (
          to_tsvector('simple', unaccent_immutable(headline))
        ) STORED`.execute(db);
        await sql`CREATE INDEX article_search_title ON article_search USING GIN (title)`.execute(db);
        return;
      }
      await sql`CREATE VIRTUAL TABLE article_words USING fts5(
        text, tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1, detail = none
      )`.execute(db);
      await sql`CREATE VIRTUAL TABLE article_words_vocab USING fts5vocab(article_words, 'row')`.execute(db);
      // Prefix indexes for one to three characters keep a short typed prefix from scanning the vocabulary.
      await sql`CREATE VIRTUAL TABLE article_titles USING fts5(
        headline, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3', content = '', contentless_delete = 1, detail = none
      )`.execute(db);
      await sql`INSERT INTO article_words (rowid, text)
        SELECT rowid, headline || ' ' || standfirst || ' ' || body FROM article_search`.execute(db);
      await sql`INSERT INTO article_titles (rowid, headline) SELECT rowid, headline FROM article_search`.execute(db);
      // What the filters and the date order read for each match: a row of a few bytes, where the
      // article's own row (its body inline) costs a random page read per match.
      await sql`CREATE TABLE article_search_facts (
        id INTEGER PRIMARY KEY, section_id INTEGER, published_at INTEGER NOT NULL
      )`.execute(db);
      await sql`INSERT INTO article_search_facts (id, section_id, published_at)
        SELECT id, section_id, COALESCE(published_at, updated_at) FROM articles
        WHERE status = 'published' AND id IN (SELECT rowid FROM article_search)`.execute(db);
    },
  };
}
