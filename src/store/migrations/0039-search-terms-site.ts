import { type Kysely, sql } from 'kysely';

/**
 * PostgreSQL search: the home site of each indexed article in its narrow `article_search_terms`
 * row, the row the match reads anyway, so a site's search checks each match's site there (what
 * 0035 did for SQLite's facts). Before it, a site's search joined `articles` and built the list of
 * every id of the site for each query. Kept by the publish pipeline's `put`. SQLite needs nothing.
 */
export const searchTermsSiteMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
  async up(db: Kysely<any>): Promise<void> {
    await sql`ALTER TABLE article_search_terms ADD COLUMN site_id BIGINT NOT NULL DEFAULT 1`.execute(db);
    await sql`UPDATE article_search_terms t SET site_id = a.site_id FROM articles a WHERE a.id = t.article_id AND a.site_id <> 1`.execute(db);
  },
};
