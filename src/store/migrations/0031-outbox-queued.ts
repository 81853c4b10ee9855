import type { Kysely } from 'kysely';

/**
 * An index on the mail outbox by status and kind: /metrics counts the queued messages of each kind
 * at every scrape (`masthead_mail_outbox_queued`), and the outbox keeps every sent message, so
 * without it each scrape would read the whole table.
 */
export const outboxQueuedMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.createIndex('mail_outbox_status_kind').on('mail_outbox').columns(['status', 'kind']).execute();
  },
};
