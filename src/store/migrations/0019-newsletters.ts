import type { Kysely } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';
import { columnTypes } from './column-types.ts';

/**
 * Newsletters and the outbox. Lists (sent on a schedule or by hand), one subscription per list and
 * reader (an unsubscribe or a bounce is a status an import never turns back), issues (the articles
 * chosen in order, and the email rendered once), and `mail_outbox`: one row per message to send,
 * the durable queue every sender on every node works from. The outbox is generic (`kind` + `ref`):
 * a newsletter issue is `('newsletter', issue id)`; alerts can queue `('alert', …)` rows beside them.
 */
export function newslettersMigration(kind: DialectKind) {
  const { ms, ref: id, identity } = columnTypes(kind);
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('newsletter_lists')
        .addColumn('id', id, identity)
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        // e.g. 'daily 07:00' or 'weekly mon 07:00' in the site's zone; null: sent by hand.
        .addColumn('schedule', 'text')
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('newsletter_subscriptions')
        .addColumn('list_id', id, (c) => c.notNull().references('newsletter_lists.id').onDelete('cascade'))
        .addColumn('reader_id', id, (c) => c.notNull().references('readers.id').onDelete('cascade'))
        // 'active' | 'unsubscribed' | 'bounced': only 'active' receives issues.
        .addColumn('status', 'text', (c) => c.notNull())
        // 'import' | 'signup' | 'admin' | 'cli'
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .addPrimaryKeyConstraint('newsletter_subscriptions_pk', ['list_id', 'reader_id'])
        .execute();
      await db.schema.createIndex('newsletter_subscriptions_reader').on('newsletter_subscriptions').column('reader_id').execute();

      await db.schema
        .createTable('newsletter_issues')
        .addColumn('id', id, identity)
        .addColumn('list_id', id, (c) => c.notNull().references('newsletter_lists.id').onDelete('cascade'))
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('intro', 'text', (c) => c.notNull().defaultTo(''))
        // JSON: the chosen articles in order, each as it was when assembled (headline, standfirst,
        // image, section), so the web archive shows what was sent even after later edits.
        .addColumn('items', 'text', (c) => c.notNull())
        // 'draft' | 'scheduled' | 'sending' | 'sent'
        .addColumn('status', 'text', (c) => c.notNull())
        // Articles published up to this time are in this issue; the next issue starts after it.
        .addColumn('covers_until', ms, (c) => c.notNull())
        // Rendered once when sending starts; per-recipient links are placeholders filled per message.
        .addColumn('html', 'text')
        .addColumn('text', 'text')
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('scheduled_at', ms)
        .addColumn('sending_at', ms)
        .addColumn('sent_at', ms)
        // The archive's date (yyyy-mm-dd in the site's zone), set when sending starts.
        .addColumn('issue_date', 'text')
        .execute();
      await db.schema.createIndex('newsletter_issues_list').on('newsletter_issues').columns(['list_id', 'status']).execute();

      await db.schema
        .createTable('mail_outbox')
        .addColumn('id', id, identity)
        // What the message is: 'newsletter' (ref = issue id); other senders add their own kinds.
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('ref', id, (c) => c.notNull())
        .addColumn('reader_id', id, (c) => c.notNull().references('readers.id').onDelete('cascade'))
        .addColumn('email', 'text', (c) => c.notNull())
        // 'queued' | 'sent' | 'bounced' (5xx) | 'failed' (retries exhausted) | 'skipped' (suppressed or unsubscribed meanwhile)
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', ms, (c) => c.notNull())
        // A batch is claimed by a conditional UPDATE that sets both; a lapsed lease may be taken over.
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until', ms, (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('sent_at', ms)
        .addUniqueConstraint('mail_outbox_once', ['kind', 'ref', 'reader_id'])
        .execute();
      await db.schema.createIndex('mail_outbox_due').on('mail_outbox').columns(['kind', 'ref', 'status', 'next_attempt_at']).execute();
      await db.schema.createIndex('mail_outbox_lease').on('mail_outbox').column('lease_owner').execute();
      await db.schema.createIndex('mail_outbox_reader').on('mail_outbox').column('reader_id').execute();
    },
  };
}
