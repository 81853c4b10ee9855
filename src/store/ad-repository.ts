import { type Kysely, type Selectable, sql } from 'kysely';
import type { AdCampaignsTable, AdCreativeKind, Database } from './schema.ts';

/** A campaign's fields as written (targeting lists already resolved to slugs and company ids). */
export interface AdCampaignFields {
  readonly name: string;
  readonly advertiserId: number | null;
  readonly startsAt: number | null;
  readonly endsAt: number | null;
  readonly weight: number;
  readonly impressionCap: number | null;
  readonly clickCap: number | null;
  readonly sections: readonly string[];
  readonly tags: readonly string[];
  readonly companies: readonly number[];
  readonly avoidCompanies: readonly number[];
  /** The site it runs on, or null for every site. */
  readonly siteId: number | null;
}

export interface AdCampaignRecord extends AdCampaignFields {
  readonly id: number;
  readonly createdAt: number;
  readonly createdBy: string;
}

export interface AdCreativeFields {
  readonly campaignId: number;
  readonly slot: string;
  readonly kind: AdCreativeKind;
  readonly mediaId: number | null;
  readonly alt: string;
  readonly url: string;
  readonly html: string | null;
}

export interface AdCreativeRecord extends AdCreativeFields {
  readonly id: number;
  readonly createdAt: number;
}

/** One creative's counts on one UTC day. */
export interface AdCountRow {
  readonly creativeId: number;
  readonly day: string;
  readonly impressions: number;
  readonly clicks: number;
}

export type AdCounter = 'impressions' | 'clicks';

function list<T>(json: string): T[] {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

const num = (v: number | string | null) => (v === null ? null : Number(v));

function toCampaign(r: Selectable<AdCampaignsTable>): AdCampaignRecord {
  return {
    id: Number(r.id),
    name: r.name,
    advertiserId: num(r.advertiser_id),
    startsAt: num(r.starts_at),
    endsAt: num(r.ends_at),
    weight: Number(r.weight),
    impressionCap: num(r.impression_cap),
    clickCap: num(r.click_cap),
    sections: list<string>(r.sections),
    tags: list<string>(r.tags),
    companies: list<number>(r.companies).map(Number),
    avoidCompanies: list<number>(r.avoid_companies).map(Number),
    siteId: num(r.site_id),
    createdAt: Number(r.created_at),
    createdBy: r.created_by,
  };
}

function campaignRow(f: AdCampaignFields) {
  return {
    name: f.name,
    advertiser_id: f.advertiserId,
    starts_at: f.startsAt,
    ends_at: f.endsAt,
    weight: f.weight,
    impression_cap: f.impressionCap,
    click_cap: f.clickCap,
    sections: JSON.stringify(f.sections),
    tags: JSON.stringify(f.tags),
    companies: JSON.stringify(f.companies),
    avoid_companies: JSON.stringify(f.avoidCompanies),
    site_id: f.siteId,
  };
}

/** Campaigns, creatives, their daily counts, and the ad settings. */
export class AdRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insertCampaign(f: AdCampaignFields, createdBy: string, now: number): Promise<number> {
    const row = await this.db
      .insertInto('ad_campaigns')
      .values({ ...campaignRow(f), created_at: now, created_by: createdBy })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  async updateCampaign(id: number, f: AdCampaignFields): Promise<void> {
    await this.db.updateTable('ad_campaigns').set(campaignRow(f)).where('id', '=', id).execute();
  }

  /** Ends a campaign now (unless it already ended); true when it changed. */
  async endCampaign(id: number, now: number): Promise<boolean> {
    const r = await this.db
      .updateTable('ad_campaigns')
      .set({ ends_at: now })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async campaign(id: number): Promise<AdCampaignRecord | undefined> {
    const r = await this.db.selectFrom('ad_campaigns').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toCampaign(r);
  }

  async campaigns(): Promise<AdCampaignRecord[]> {
    return (await this.db.selectFrom('ad_campaigns').selectAll().orderBy('id').execute()).map(toCampaign);
  }

  async insertCreative(f: AdCreativeFields, now: number): Promise<number> {
    const row = await this.db
      .insertInto('ad_creatives')
      .values({ campaign_id: f.campaignId, slot: f.slot, kind: f.kind, media_id: f.mediaId, alt: f.alt, url: f.url, html: f.html, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  async creative(id: number): Promise<AdCreativeRecord | undefined> {
    const r = await this.db.selectFrom('ad_creatives').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toCreative(r);
  }

  async creatives(): Promise<AdCreativeRecord[]> {
    return (await this.db.selectFrom('ad_creatives').selectAll().orderBy('id').execute()).map(toCreative);
  }

  /** The creatives that show this media-library image (the library refuses to delete it). */
  async creativesShowing(mediaId: number): Promise<number[]> {
    const rows = await this.db.selectFrom('ad_creatives').select('id').where('media_id', '=', mediaId).orderBy('id').execute();
    return rows.map((r) => Number(r.id));
  }

  /**
   * Adds one to a creative's counter for a day: one INSERT … ON CONFLICT DO UPDATE, atomic on
   * both engines, so concurrent beacons never lose an increment (no read-modify-write).
   */
  async count(creativeId: number, day: string, counter: AdCounter): Promise<void> {
    await this.db
      .insertInto('ad_counts')
      .values({ creative_id: creativeId, day, impressions: counter === 'impressions' ? 1 : 0, clicks: counter === 'clicks' ? 1 : 0 })
      .onConflict((oc) =>
        oc.columns(['creative_id', 'day']).doUpdateSet(counter === 'impressions' ? { impressions: sql`ad_counts.impressions + 1` } : { clicks: sql`ad_counts.clicks + 1` }),
      )
      .execute();
  }

  /** Counts per creative per day, oldest day first; `creativeIds` narrows it. */
  async report(creativeIds?: readonly number[]): Promise<AdCountRow[]> {
    if (creativeIds && creativeIds.length === 0) return [];
    let q = this.db.selectFrom('ad_counts').selectAll().orderBy('day').orderBy('creative_id');
    if (creativeIds) q = q.where('creative_id', 'in', [...creativeIds]);
    return (await q.execute()).map((r) => ({ creativeId: Number(r.creative_id), day: r.day, impressions: Number(r.impressions), clicks: Number(r.clicks) }));
  }

  /** Every creative's counts over all days. */
  async totals(): Promise<Map<number, { impressions: number; clicks: number }>> {
    const rows = await this.db
      .selectFrom('ad_counts')
      .select((eb) => ['creative_id', eb.fn.sum<number>('impressions').as('impressions'), eb.fn.sum<number>('clicks').as('clicks')])
      .groupBy('creative_id')
      .execute();
    return new Map(rows.map((r) => [Number(r.creative_id), { impressions: Number(r.impressions), clicks: Number(r.clicks) }]));
  }

  async setting(key: string): Promise<string | undefined> {
    const r = await this.db.selectFrom('ad_settings').select('value').where('key', '=', key).executeTakeFirst();
    return r?.value;
  }

  async putSetting(key: string, value: string, now: number): Promise<void> {
    await this.db
      .insertInto('ad_settings')
      .values({ key, value, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
      .execute();
  }
}

function toCreative(r: { id: number; campaign_id: number; slot: string; kind: AdCreativeKind; media_id: number | null; alt: string; url: string; html: string | null; created_at: number }): AdCreativeRecord {
  return { id: Number(r.id), campaignId: Number(r.campaign_id), slot: r.slot, kind: r.kind, mediaId: num(r.media_id), alt: r.alt, url: r.url, html: r.html, createdAt: Number(r.created_at) };
}
