import { type Kysely, sql } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';

/**
 * Media files move out of the database into media storage: a variant row records its storage
 * key and byte size, and its `data` column becomes optional. Rows written before keep their bytes
 * and are served from them, so an existing site needs no step to keep its images. SQLite cannot
 * drop a NOT NULL constraint, so it rebuilds the table (nothing references it) in one transaction.
 */
export function mediaStorageMigration(kind: DialectKind) {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>): Promise<void> {
      if (kind === 'postgres') {
        await sql`ALTER TABLE media_variants ALTER COLUMN data DROP NOT NULL`.execute(db);
        await db.schema.alterTable('media_variants').addColumn('storage_key', 'text').execute();
        await db.schema.alterTable('media_variants').addColumn('bytes', 'integer', (c) => c.notNull().defaultTo(0)).execute();
        await sql`UPDATE media_variants SET bytes = octet_length(data) WHERE data IS NOT NULL`.execute(db);
        return;
      }
      // Kysely runs SQLite migrations outside a transaction, and this one drops a table: take one
      // on the migrator's own connection (a nested Kysely transaction would wait for that connection).
      await sql`BEGIN IMMEDIATE`.execute(db);
      try {
        await db.schema
          .createTable('media_variants_new')
          .addColumn('media_id', 'integer', (c) => c.notNull().references('media.id').onDelete('cascade'))
          .addColumn('width', 'integer', (c) => c.notNull())
          .addColumn('format', 'text', (c) => c.notNull())
          .addColumn('data', 'blob')
          .addColumn('storage_key', 'text')
          .addColumn('bytes', 'integer', (c) => c.notNull().defaultTo(0))
          .addPrimaryKeyConstraint('media_variants_pk', ['media_id', 'width', 'format'])
          .execute();
        await sql`INSERT INTO media_variants_new (media_id, width, format, data, bytes) SELECT media_id, width, format, data, length(data) FROM media_variants`.execute(db);
        await db.schema.dropTable('media_variants').execute();
        await db.schema.alterTable('media_variants_new').renameTo('media_variants').execute();
        await sql`COMMIT`.execute(db);
      } catch (err) {
        await sql`ROLLBACK`.execute(db);
        throw err;
      }
    },
  };
}
