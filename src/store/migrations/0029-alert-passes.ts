import type { Kysely } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';
import { columnTypes } from './column-types.ts';

/**
 * Company alerts sent through the mail outbox (issue 14). A pass gathers the alerts queued since the
 * last one (`alert_passes`: its mode, when it was made, when its mail was all out) and, in the same
 * transaction, stamps them with its id (`reader_alerts.pass_id`) and queues one outbox row per
 * reader, `('alert', pass id, reader)`: one email per reader per pass, sent, retried and resumed
 * after a crash by the same sender as newsletters. No foreign key on `pass_id`: a restore copies
 * tables in an order of its own, and the pass id is only a grouping.
 */
export function alertPassesMigration(kind: DialectKind) {
  const { ms, ref: id, identity } = columnTypes(kind);
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('alert_passes')
        .addColumn('id', id, identity)
        // 'instant' | 'daily'
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        // Null while its outbox rows are queued.
        .addColumn('finished_at', ms)
        .execute();
      await db.schema.createIndex('alert_passes_open').on('alert_passes').column('finished_at').execute();
      await db.schema.alterTable('reader_alerts').addColumn('pass_id', id).execute();
      await db.schema.createIndex('reader_alerts_pass').on('reader_alerts').columns(['pass_id', 'reader_id']).execute();
    },
  };
}
