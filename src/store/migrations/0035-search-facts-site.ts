import { type Kysely, sql } from 'kysely';

/**
 * SQLite search: the home site of each indexed article in its narrow facts row, so a site's search
 * checks each match's site where it already reads its row. Without it the site's ids came from
 * `articles` once per query, an IN list of every article of the site built and hashed for each
 * search (1.4 ms at 5,000 articles a site, where the whole unfiltered search takes 0.2).
 * PostgreSQL filters on the article row itself and needs nothing.
 */
export const searchFactsSiteMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
  async up(db: Kysely<any>): Promise<void> {
    await sql`ALTER TABLE article_search_facts ADD COLUMN site_id INTEGER NOT NULL DEFAULT 1`.execute(db);
    await sql`UPDATE article_search_facts SET site_id = (SELECT a.site_id FROM articles a WHERE a.id = article_search_facts.id)
      WHERE EXISTS (SELECT 1 FROM articles a WHERE a.id = article_search_facts.id AND a.site_id <> 1)`.execute(db);
  },
};
