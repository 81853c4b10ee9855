import type { Kysely } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';
import { columnTypes } from './column-types.ts';

/**
 * Per-site settings (issue 13): what an admin saved at /admin/settings for a site other than the
 * first, one row per site and setting, its value JSON. The first site keeps `site_settings` as it
 * was (an existing database loses nothing); a setting a site never saved is the first site's.
 */
export function siteSettingValuesMigration(kind: DialectKind) {
  const { ms, ref } = columnTypes(kind);
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('site_setting_values')
        .addColumn('site_id', ref, (c) => c.notNull().references('sites.id').onDelete('cascade'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('site_setting_values_pk', ['site_id', 'key'])
        .execute();
    },
  };
}
