import type { Kysely } from 'kysely';

/**
 * Revisions remember who wrote them, so the editor's autosaves by one person can fold into one
 * revision instead of adding one per pause in typing.
 */
export const revisionAuthorMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('revisions').addColumn('author', 'text').execute();
  },
};
