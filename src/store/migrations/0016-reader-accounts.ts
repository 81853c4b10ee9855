import type { Kysely } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';
import { columnTypes } from './column-types.ts';

/**
 * Reader accounts on top of the readers table: sign-in links (only a SHA-256 of the link's token,
 * of the browser's nonce and of the one-time code are kept), reader sessions (apart from staff
 * sessions), fixed-window rate limits shared by every node, follows (reader → company, section,
 * tag or author) and the alert queue (one row per reader and article, so never twice). Everything
 * hanging off a reader goes with it (ON DELETE CASCADE): deleting an account leaves nothing behind.
 */
export function readerAccountsMigration(kind: DialectKind) {
  const { ms, ref, identity } = columnTypes(kind);
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>): Promise<void> {
      // 'instant', 'daily' or 'off' (unsubscribed from alerts; follows are kept).
      await db.schema.alterTable('readers').addColumn('alert_mode', 'text', (c) => c.notNull().defaultTo('instant')).execute();
      // The secret in a reader's unsubscribe-from-alerts link; made when the first alert is sent.
      await db.schema.alterTable('readers').addColumn('alert_key', 'text').execute();
      await db.schema
        .createTable('reader_sign_ins')
        .addColumn('id', ref, identity)
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        // The browser that asked holds the nonce in a cookie; the link and the code work only there.
        .addColumn('nonce_hash', 'text', (c) => c.notNull())
        .addColumn('code_hash', 'text', (c) => c.notNull())
        // The address typed: the reader may not exist yet (created, confirmed, when the link is followed).
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        // What to do once signed in (a follow asked for while signed out) and where to go: JSON.
        .addColumn('after', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('expires_at', ms, (c) => c.notNull())
        .addColumn('used_at', ms)
        .execute();
      await db.schema.createIndex('reader_sign_ins_nonce').on('reader_sign_ins').column('nonce_hash').execute();
      await db.schema.createIndex('reader_sign_ins_email').on('reader_sign_ins').column('email').execute();
      await db.schema
        .createTable('reader_sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('reader_id', ref, (c) => c.notNull().references('readers.id').onDelete('cascade'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('expires_at', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('reader_sessions_reader').on('reader_sessions').column('reader_id').execute();
      await db.schema
        .createTable('reader_rate_limits')
        // e.g. 'ip:203.0.113.9' or 'email:<sha256>' (no address in clear).
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('window_start', ms, (c) => c.notNull())
        .addColumn('hits', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('reader_follows')
        .addColumn('reader_id', ref, (c) => c.notNull().references('readers.id').onDelete('cascade'))
        // 'company' | 'section' | 'tag' | 'author'; target_id is that table's id.
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('target_id', ref, (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addPrimaryKeyConstraint('reader_follows_pk', ['reader_id', 'kind', 'target_id'])
        .execute();
      // Publishing asks "who follows these?": by target.
      await db.schema.createIndex('reader_follows_target').on('reader_follows').columns(['kind', 'target_id', 'reader_id']).execute();
      await db.schema
        .createTable('reader_alerts')
        .addColumn('reader_id', ref, (c) => c.notNull().references('readers.id').onDelete('cascade'))
        .addColumn('article_id', ref, (c) => c.notNull().references('articles.id').onDelete('cascade'))
        // The reader's mode when queued: 'instant' or 'daily'.
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('queued_at', ms, (c) => c.notNull())
        .addColumn('sent_at', ms)
        .addPrimaryKeyConstraint('reader_alerts_pk', ['reader_id', 'article_id'])
        .execute();
      await db.schema.createIndex('reader_alerts_unsent').on('reader_alerts').columns(['sent_at', 'mode', 'reader_id']).execute();
    },
  };
}
