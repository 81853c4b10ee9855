import { type Kysely, sql } from 'kysely';

/**
 * The FTS5 index behind search and "more like this". Porter stemming over unicode61 with
 * diacritics removed, so `charging` finds `charge` and `Citroen` finds `Citroën`.
 * Only published articles are in it; rowid is the article id.
 */
export const sqliteSearchMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
  async up(db: Kysely<any>): Promise<void> {
    await sql`CREATE VIRTUAL TABLE article_search USING fts5(
      headline, standfirst, body,
      tokenize = 'porter unicode61 remove_diacritics 2'
    )`.execute(db);
  },
};
