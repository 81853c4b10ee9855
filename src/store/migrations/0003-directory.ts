import { type Kysely, sql } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';

/**
 * Company-like names the tagger found that are not in the directory (suggestions for editors),
 * and editors' decisions on them.
 */
export function directoryMigration(kind: DialectKind) {
  const ref = kind === 'postgres' ? 'bigint' : 'integer';
  const ms = kind === 'postgres' ? 'bigint' : 'integer';
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('company_candidates')
        .addColumn('article_id', ref, (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('mentions', 'integer', (c) => c.notNull().defaultTo(1))
        .addPrimaryKeyConstraint('company_candidates_pk', ['article_id', 'name_key'])
        .execute();
      await db.schema.createIndex('company_candidates_name').on('company_candidates').column('name_key').execute();
      await db.schema
        .createTable('candidate_decisions')
        .addColumn('name_key', 'text', (c) => c.primaryKey())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('company_id', ref, (c) => c.references('companies.id').onDelete('set null'))
        .addColumn('decided_at', ms, (c) => c.notNull())
        .execute();
      await sql`INSERT INTO site_state (key, value) VALUES ('directory_version', '0')`.execute(db);
    },
  };
}
