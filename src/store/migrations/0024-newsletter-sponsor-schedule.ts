import type { Kysely } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';
import { columnTypes } from './column-types.ts';

/**
 * Newsletter issues: a sponsor slot and the schedule's occurrence (issues 14 and 15).
 *
 * `newsletter_issues.sponsor`: JSON of the advertising creative that bought the slot (its
 * id, the advertiser's name and the alt text as chosen), or null. No foreign key: the issue keeps
 * what it was sent with even if the campaign is deleted later; its click link then answers 404.
 *
 * `newsletter_issues.scheduled_for`: the occurrence of the list's schedule (epoch ms) this issue was
 * made for, null for issues sent by hand. Unique per list, so the scheduler on any number of nodes
 * can make an occurrence's issue at most once, whatever the lease does.
 */
export function newsletterSponsorScheduleMigration(kind: DialectKind) {
  const { ms } = columnTypes(kind);
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('newsletter_issues').addColumn('sponsor', 'text').execute();
      await db.schema.alterTable('newsletter_issues').addColumn('scheduled_for', ms).execute();
      await db.schema.createIndex('newsletter_issues_occurrence').on('newsletter_issues').columns(['list_id', 'scheduled_for']).unique().execute();
    },
  };
}
