import type { Kysely } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';
import { columnTypes } from './column-types.ts';

/**
 * Advertising: campaigns (who, when, how much, where), their creatives (an image from the media
 * library or a third-party tag, in a named slot), counts per creative per day, and the ad
 * settings an admin edits (ads.txt, the origins tag creatives may load from).
 */
export function adsMigration(kind: DialectKind) {
  const { ms, ref, identity: id } = columnTypes(kind);
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('ad_campaigns')
        .addColumn('id', ref, id)
        .addColumn('name', 'text', (c) => c.notNull())
        // A directory company; kept when the company is merged away (the report still names the campaign).
        .addColumn('advertiser_id', ref)
        .addColumn('starts_at', ms)
        .addColumn('ends_at', ms)
        .addColumn('weight', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('impression_cap', ms)
        .addColumn('click_cap', ms)
        // Targeting: JSON arrays (section and tag slugs, company ids); empty means anywhere.
        .addColumn('sections', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('companies', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('avoid_companies', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('ad_creatives')
        .addColumn('id', ref, id)
        .addColumn('campaign_id', ref, (c) => c.notNull().references('ad_campaigns.id').onDelete('cascade'))
        .addColumn('slot', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('media_id', ref)
        .addColumn('alt', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('url', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('html', 'text')
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ad_creatives_campaign').on('ad_creatives').column('campaign_id').execute();
      await db.schema
        .createTable('ad_counts')
        .addColumn('creative_id', ref, (c) => c.notNull())
        // UTC day, YYYY-MM-DD.
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('impressions', ms, (c) => c.notNull().defaultTo(0))
        .addColumn('clicks', ms, (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('ad_counts_pk', ['creative_id', 'day'])
        .execute();
      await db.schema
        .createTable('ad_settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
    },
  };
}
