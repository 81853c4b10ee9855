import type { ColumnType, Generated } from 'kysely';

/** Epoch milliseconds (bigint on PostgreSQL, read back as numbers). */
type Ms = ColumnType<number, number, number>;

/** A title served by this installation (migration 0023). */
export interface SitesTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: ColumnType<string, string | undefined, string>;
  /** An IANA zone, or null for the installation's setting. */
  time_zone: string | null;
  created_at: Ms;
}

/** A host name a site answers; the one primary host is where the others redirect. */
export interface SiteHostsTable {
  host: string;
  site_id: number;
  is_primary: ColumnType<number, number | undefined, number>;
}

/** An article shown on a site other than its home (`articles.site_id`). */
export interface ArticleSitesTable {
  article_id: number;
  site_id: number;
}

/** A site a staff user may work on (migration 0027); a user with none works on every site. */
export interface StaffSitesTable {
  user_id: number;
  site_id: number;
}

/** A setting an admin saved for a site other than the first (migration 0028); value is JSON. */
export interface SiteSettingValuesTable {
  site_id: number;
  key: string;
  value: string;
  updated_at: Ms;
  updated_by: string;
}
