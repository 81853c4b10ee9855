import type { Kysely } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';

/**
 * Directory management in the admin: a company's logo as a reference to a media library image
 * (so the library knows the image is in use), and `background_jobs`, one row per kind of
 * background job (the re-tag after directory changes), which doubles as the lock that lets one
 * node of many run it and as the progress every node can show.
 */
export function directoryAdminMigration(kind: DialectKind) {
  const ms = kind === 'postgres' ? 'bigint' : 'integer';
  const ref = kind === 'postgres' ? 'bigint' : 'integer';
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .alterTable('companies')
        .addColumn('logo_media_id', ref, (c) => c.references('media.id').onDelete('set null'))
        .execute();
      await db.schema.createIndex('companies_logo_media').on('companies').column('logo_media_id').execute();
      await db.schema
        .createTable('background_jobs')
        .addColumn('name', 'text', (c) => c.primaryKey())
        // Requests count up; a run takes every request up to `claimed`, so requests coalesce.
        .addColumn('requested', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('claimed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('owner', 'text')
        .addColumn('lease_until', ms, (c) => c.notNull().defaultTo(0))
        .addColumn('started_at', ms)
        .addColumn('finished_at', ms)
        .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('error', 'text')
        .execute();
    },
  };
}
