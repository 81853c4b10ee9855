import type { Kysely } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';
import { columnTypes } from './column-types.ts';

/**
 * Newsletter lists per site (issue 14 with issue 13): `newsletter_lists.site_id` is the site whose
 * articles a list's issues carry and whose pages offer it. Existing lists go to the first site
 * (id 1, as in 0023), so a one-site installation is unchanged. No foreign key, as for the other
 * `site_id` columns added after the fact (SQLite refuses ADD COLUMN with REFERENCES).
 */
export function newsletterListSitesMigration(kind: DialectKind) {
  const { ref } = columnTypes(kind);
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .alterTable('newsletter_lists')
        .addColumn('site_id', ref, (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema.createIndex('newsletter_lists_site').on('newsletter_lists').column('site_id').execute();
    },
  };
}
