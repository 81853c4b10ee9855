import type { Kysely } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';

/**
 * Site settings an admin changes in the browser (title, time zone, posts per page, related-content
 * weights): one row per setting, its value JSON. A missing row means "the environment's default".
 */
export function settingsMigration(kind: DialectKind) {
  const ms = kind === 'postgres' ? 'bigint' : 'integer';
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('site_settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
