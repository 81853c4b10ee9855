import type { Kysely } from 'kysely';

/** Static pages imported from WordPress are HTML: pages get a body format like articles. */
export const pageFormatMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('pages').addColumn('body_format', 'text', (c) => c.notNull().defaultTo('markdown')).execute();
  },
};
