import type { Kysely } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';
import { columnTypes } from './column-types.ts';

/**
 * Readers: the publisher's audience, apart from staff accounts. One row per email address, shared
 * by every newsletter, follow and alert (and later by every title of the installation). The profile
 * fields are what a B2B advertiser values; suppression is per address, so a bounce or a complaint
 * stops every kind of mail to it and no later import can undo it.
 */
export function readersMigration(kind: DialectKind) {
  const { ms, ref: id, identity } = columnTypes(kind);
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('readers')
        .addColumn('id', id, identity)
        // Lower-cased on the way in (readers type their address in any case).
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text')
        .addColumn('company', 'text')
        .addColumn('job_title', 'text')
        .addColumn('industry', 'text')
        .addColumn('country', 'text')
        // 'pending' until the address is confirmed (double opt-in); 'active' after.
        .addColumn('status', 'text', (c) => c.notNull())
        // How the reader came: 'signup', 'import' (with the publisher's consent), 'cli'.
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('confirmed_at', ms)
        .addColumn('updated_at', ms, (c) => c.notNull())
        .addColumn('hard_bounces', 'integer', (c) => c.notNull().defaultTo(0))
        // Set on repeated hard bounces or a complaint: no mail of any kind goes to the address.
        .addColumn('suppressed_at', ms)
        .addColumn('suppressed_reason', 'text')
        .execute();
    },
  };
}
