import type { Kysely } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';
import { columnTypes } from './column-types.ts';

/**
 * Advertising and gated resources per site (issues 15 and 13).
 *
 * `ad_campaigns.site_id`: the site a campaign runs on, or null for every site (chosen explicitly
 * in the admin or with `ads add --all-sites`). `lead_assets.site_id`: the site whose pages offer
 * a resource. Existing rows go to the first site (id 1, as in 0023 and 0034): they were made when
 * it was the only one. No foreign key, as for the other `site_id` columns added after the fact.
 */
export function adLeadSitesMigration(kind: DialectKind) {
  const { ref } = columnTypes(kind);
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>): Promise<void> {
      // Nullable (null: every site); the default only fills the rows that exist now.
      await db.schema
        .alterTable('ad_campaigns')
        .addColumn('site_id', ref, (c) => c.defaultTo(1))
        .execute();
      await db.schema
        .alterTable('lead_assets')
        .addColumn('site_id', ref, (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema.createIndex('lead_assets_site').on('lead_assets').column('site_id').execute();
    },
  };
}
