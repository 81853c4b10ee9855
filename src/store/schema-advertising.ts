import type { ColumnType, Generated } from 'kysely';

/** Epoch milliseconds. */
type Ms = number;

// What advertisers and sponsors pay for: section and tag sponsorships (migration 0018) and display
// advertising (0017). Split from schema.ts to keep each file readable.
/** A section or tag sponsored by a directory company for a period ("Tolling, in association with …"). */
export interface TermSponsorshipsTable {
  kind: 'section' | 'tag';
  term_id: number;
  company_id: number;
  /** Shown from `starts_at` (inclusive) to `ends_at` (exclusive), epoch ms. */
  starts_at: Ms;
  ends_at: Ms;
  updated_at: Ms;
  /** Who set it: a user's email. */
  updated_by: string;
}

/** An advertising campaign: who pays, when it runs, its weight and caps, and where it may show. */
export interface AdCampaignsTable {
  id: Generated<number>;
  name: string;
  /** A directory company, or null. */
  advertiser_id: number | null;
  starts_at: Ms | null;
  ends_at: Ms | null;
  weight: number;
  impression_cap: number | null;
  click_cap: number | null;
  /** JSON arrays: section slugs, tag slugs, company ids; empty means no condition. */
  sections: string;
  tags: string;
  companies: string;
  avoid_companies: string;
  created_at: Ms;
  created_by: string;
  /** The site it runs on, or null for every site (migration 0038). */
  site_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export type AdCreativeKind = 'image' | 'tag';

/** One creative of a campaign, in one named slot: a library image with its link, or a third-party tag. */
export interface AdCreativesTable {
  id: Generated<number>;
  campaign_id: number;
  slot: string;
  kind: AdCreativeKind;
  media_id: number | null;
  alt: string;
  /** Where a click goes (image creatives); the click redirect goes nowhere else. */
  url: string;
  /** The tag's HTML (tag creatives), shown only in its own framed document. */
  html: string | null;
  created_at: Ms;
}

/** Impressions and clicks of one creative on one UTC day (`YYYY-MM-DD`). */
export interface AdCountsTable {
  creative_id: number;
  day: string;
  impressions: ColumnType<number, number | undefined, number>;
  clicks: ColumnType<number, number | undefined, number>;
}

/** The ad settings an admin edits: `ads_txt`, `tag_origins`. */
export interface AdSettingsTable {
  key: string;
  value: string;
  updated_at: Ms;
}
