import type { Kysely } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';
import { columnTypes } from './column-types.ts';

/**
 * Author pages and "Most read" (issue 10).
 *
 * `authors.photo_media_id`: the author's photo, a media library image (the bio is in 0001). Like
 * the site logo setting it has no foreign key: backups copy authors before media, and the media
 * library refuses to delete an image an author uses, so the reference is kept by the service;
 * a photo that is gone anyway just leaves the page without one.
 *
 * `article_views`: how often each article was read each day (a day is whole days since the epoch,
 * UTC), one row per article and day, raised by one atomic upsert per counted view. Nothing about
 * the reader is kept.
 */
export function authorProfilesMigration(kind: DialectKind) {
  const { ref } = columnTypes(kind);
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('authors').addColumn('photo_media_id', ref).execute();
      await db.schema.createIndex('authors_photo_media').on('authors').column('photo_media_id').execute();
      await db.schema
        .createTable('article_views')
        .addColumn('article_id', ref, (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('day', 'integer', (c) => c.notNull())
        .addColumn('views', ref, (c) => c.notNull())
        .addPrimaryKeyConstraint('article_views_pk', ['article_id', 'day'])
        .execute();
      // "Most read" sums a few recent days: this index answers it without touching the table.
      await db.schema.createIndex('article_views_day').on('article_views').columns(['day', 'article_id', 'views']).execute();
    },
  };
}
