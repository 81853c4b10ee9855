import { type Kysely, sql } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';
import { columnTypes } from './column-types.ts';

/**
 * Sponsored content (issue 15): an article's sponsor, a directory company (null: editorial), and
 * sponsorships of a section or a tag for a period ("Tolling, in association with <Company>"), one
 * per section or tag at a time. A deleted company takes its sponsorships with it and leaves its
 * articles unsponsored; a merge moves both onto the company kept (CompanyRepository.mergeInto).
 */
export function sponsorshipMigration(kind: DialectKind) {
  const { ms, ref } = columnTypes(kind);
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .alterTable('articles')
        .addColumn('sponsor_company_id', ref, (c) => c.references('companies.id').onDelete('set null'))
        .execute();
      await db.schema.createIndex('articles_sponsor').on('articles').column('sponsor_company_id').execute();
      await db.schema
        .createTable('term_sponsorships')
        .addColumn('kind', 'text', (c) => c.notNull().check(sqlCheck()))
        .addColumn('term_id', ref, (c) => c.notNull())
        .addColumn('company_id', ref, (c) => c.notNull().references('companies.id').onDelete('cascade'))
        // The period, epoch ms: shown from `starts_at` until just before `ends_at`.
        .addColumn('starts_at', ms, (c) => c.notNull())
        .addColumn('ends_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('term_sponsorships_pk', ['kind', 'term_id'])
        .execute();
      await db.schema.createIndex('term_sponsorships_company').on('term_sponsorships').column('company_id').execute();
    },
  };
}

function sqlCheck() {
  return sql`kind IN ('section', 'tag')`;
}
