/** The tables of lead generation (migration 0022), apart from schema.ts to keep it small. */

import type { ColumnType, Generated } from 'kysely';

type Ms = number;
/** A gated asset (0022): a white paper, report or webinar recording a sponsor offers for leads. */
export interface LeadAssetsTable {
  id: Generated<number>;
  kind: 'white-paper' | 'report' | 'webinar';
  title: string;
  slug: string;
  description: string;
  cover_media_id: number | null;
  /** The PDF's media-storage key (served only to a reader with a lead), or null. */
  file_key: string | null;
  file_name: string | null;
  file_size: number | null;
  video_url: string | null;
  sponsor_company_id: number | null;
  /** Comma-separated profile fields the sponsor asks for. */
  required_fields: string;
  consent: string;
  published: number;
  created_at: Ms;
  updated_at: Ms;
  updated_by: string;
  /** The site whose pages offer it (migration 0038). */
  site_id: ColumnType<number, number | undefined, number>;
}

/** A lead (0022): one reader's download of one asset, with what they shared and agreed to. */
export interface LeadsTable {
  id: Generated<number>;
  asset_id: number;
  reader_id: number;
  /** JSON: `{email, name, company, …}` as shared. */
  shared: string;
  consent: string;
  created_at: Ms;
  withdrawn_at: Ms | null;
}
