import type { Kysely } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';

/**
 * The editorial admin: users, their sessions (only a SHA-256 of each token is kept), failed
 * sign-ins (in the database so every app node counts the same attempts), who owns an article, and
 * the media library (images and their resized variants).
 */
export function adminMigration(kind: DialectKind) {
  const ms = kind === 'postgres' ? 'bigint' : 'integer';
  const ref = kind === 'postgres' ? 'bigint' : 'integer';
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>): Promise<void> {
      const id = (table: string) =>
        db.schema
          .createTable(table)
          .addColumn('id', ref, (c) => (kind === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()));
      await id('users')
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('expires_at', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
      await id('sign_in_failures')
        .addColumn('at', ms, (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('ip', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sign_in_failures_email').on('sign_in_failures').columns(['email', 'at']).execute();
      await db.schema.createIndex('sign_in_failures_ip').on('sign_in_failures').columns(['ip', 'at']).execute();
      await db.schema
        .createTable('article_owners')
        .addColumn('article_id', ref, (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
        .addColumn('user_id', ref, (c) => c.notNull().references('users.id'))
        .execute();
      await id('media')
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('alt', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('width', 'integer', (c) => c.notNull())
        .addColumn('height', 'integer', (c) => c.notNull())
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('user_id', ref, (c) => c.notNull().references('users.id'))
        .execute();
      // Variants live in the database too, so every app node can serve every image.
      await db.schema
        .createTable('media_variants')
        .addColumn('media_id', ref, (c) => c.notNull().references('media.id').onDelete('cascade'))
        .addColumn('width', 'integer', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('data', kind === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addPrimaryKeyConstraint('media_variants_pk', ['media_id', 'width', 'format'])
        .execute();
    },
  };
}
