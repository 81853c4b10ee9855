import type { Kysely } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';
import { columnTypes } from './column-types.ts';

/**
 * Staff roles per site (issue 13): the sites an editor or contributor may work on. A staff user
 * with no row works on every site (what every account did before), and admins always do, so an
 * existing database needs nothing moved.
 */
export function staffSitesMigration(kind: DialectKind) {
  const { ref } = columnTypes(kind);
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('staff_sites')
        .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('site_id', ref, (c) => c.notNull().references('sites.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('staff_sites_pk', ['user_id', 'site_id'])
        .execute();
    },
  };
}
