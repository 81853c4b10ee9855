import { type Kysely, sql } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';

/**
 * What related content keeps between publishes: each article's signature (its most distinctive
 * terms, weights in 16-bit fixed point so SQL sums equal the engine's), and the corpus statistics
 * signatures are weighted by (document frequency per term, article count and total length).
 */
export function relatedIndexMigration(kind: DialectKind) {
  const ref = kind === 'postgres' ? 'bigint' : 'integer';
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('related_terms')
        .addColumn('article_id', ref, (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('term', 'text', (c) => c.notNull())
        .addColumn('weight', 'integer', (c) => c.notNull())
        .addColumn('surface', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('related_terms_pk', ['article_id', 'term'])
        .execute();
      // "More like this": the postings of a term, with weights, straight from the index.
      await db.schema.createIndex('related_terms_term').on('related_terms').columns(['term', 'article_id', 'weight']).execute();
      await db.schema
        .createTable('term_stats')
        .addColumn('term', 'text', (c) => c.primaryKey())
        .addColumn('df', 'integer', (c) => c.notNull())
        .execute();
      await sql`INSERT INTO site_state (key, value) VALUES ('related_docs', '0'), ('related_length', '0')`.execute(db);
    },
  };
}
