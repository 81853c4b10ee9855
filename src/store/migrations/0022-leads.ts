import type { Kysely } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';
import { columnTypes } from './column-types.ts';

/**
 * Lead generation (issue 15): gated assets (white papers, reports, webinar recordings) sponsored by a
 * directory company, and the leads their downloads make. A lead keeps the profile values the
 * reader shared and the consent text they were shown, as they were at that moment; the reader can
 * withdraw it (kept, marked, never exported again). One lead per asset and reader: a second
 * download records nothing new. A deleted reader takes their leads with them (ON DELETE CASCADE).
 */
export function leadsMigration(kind: DialectKind) {
  const { ms, ref, identity: id } = columnTypes(kind);
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('lead_assets')
        .addColumn('id', ref, id)
        // 'white-paper' | 'report' | 'webinar'
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('cover_media_id', ref, (c) => c.references('media.id').onDelete('set null'))
        // The PDF in media storage under a random key no public route serves; or a video link.
        .addColumn('file_key', 'text')
        .addColumn('file_name', 'text')
        .addColumn('file_size', 'integer')
        .addColumn('video_url', 'text')
        .addColumn('sponsor_company_id', ref, (c) => c.references('companies.id').onDelete('set null'))
        // Comma-separated profile fields the sponsor asks for (`company,jobTitle`).
        .addColumn('required_fields', 'text', (c) => c.notNull())
        .addColumn('consent', 'text', (c) => c.notNull())
        .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('leads')
        .addColumn('id', ref, id)
        .addColumn('asset_id', ref, (c) => c.notNull().references('lead_assets.id').onDelete('cascade'))
        .addColumn('reader_id', ref, (c) => c.notNull().references('readers.id').onDelete('cascade'))
        // JSON: the address and profile fields shared, as they were when the reader consented.
        .addColumn('shared', 'text', (c) => c.notNull())
        .addColumn('consent', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('withdrawn_at', ms)
        .addUniqueConstraint('leads_asset_reader', ['asset_id', 'reader_id'])
        .execute();
      await db.schema.createIndex('leads_reader').on('leads').column('reader_id').execute();
    },
  };
}
