import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { ArticleStatus, BodyFormat } from '../domain/index.ts';
import type { LeadAssetsTable, LeadsTable } from './lead-tables.ts';
import type { AdCampaignsTable, AdCountsTable, AdCreativesTable, AdSettingsTable, TermSponsorshipsTable } from './schema-advertising.ts';
import type { AlertPassesTable, MailOutboxTable, NewsletterIssuesTable, NewsletterListsTable, NewsletterSubscriptionsTable, ReaderAlertsTable, ReaderFollowsTable, ReaderRateLimitsTable, ReaderSessionsTable, ReaderSignInsTable, ReadersTable } from './schema-audience.ts';
import type { ArticleSitesTable, SiteHostsTable, SiteSettingValuesTable, SitesTable, StaffSitesTable } from './site-tables.ts';

export type * from './lead-tables.ts';
/** Timestamps are epoch milliseconds in both dialects (BIGINT on PostgreSQL, parsed to number). */
export type * from './schema-advertising.ts';
export type * from './schema-audience.ts';

type Ms = number;

export interface ArticlesTable {
  id: Generated<number>;
  /** The id the article was imported with (the source system's own), or null for new articles. */
  source_id: string | null;
  slug: string;
  headline: string;
  standfirst: string;
  body: string;
  body_format: BodyFormat;
  status: ArticleStatus;
  section_id: number | null;
  published_at: Ms | null;
  created_at: Ms;
  updated_at: Ms;
  word_count: number;
  lead_image_url: string | null;
  lead_image_alt: string | null;
  lead_image_caption: string | null;
  lead_image_credit: string | null;
  /** The raw record as imported, kept so legacy clean-up can be re-run after the directory changes. */
  source_text: string | null;
  /** The directory company that paid for it (sponsored content), or null (editorial). */
  sponsor_company_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** The site it belongs to (migration 0023); 1, the first site, unless a writer says otherwise. */
  site_id: ColumnType<number, number | undefined, number>;
}

export interface SectionsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string;
  /** The site it belongs to (migration 0023); 1, the first site, unless a writer says otherwise. */
  site_id: ColumnType<number, number | undefined, number>;
}

export interface TagsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  /** The site it belongs to (migration 0023); 1, the first site, unless a writer says otherwise. */
  site_id: ColumnType<number, number | undefined, number>;
}

export interface AuthorsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  bio: string;
  /** The author's photo, a media library image (migration 0021); null: none. */
  photo_media_id: ColumnType<number | null, number | null | undefined, number | null>;
}

/** Views of an article on one day (days since the epoch, UTC): "Most read" sums them. */
export interface ArticleViewsTable {
  article_id: number;
  day: number;
  views: number;
}

export interface ArticleTagsTable {
  article_id: number;
  tag_id: number;
}

export interface ArticleAuthorsTable {
  article_id: number;
  author_id: number;
  position: number;
}

export interface CompaniesTable {
  id: Generated<number>;
  source_id: string | null;
  slug: string;
  name: string;
  /** JSON array of strings. */
  aliases: string;
  website: string | null;
  country: string | null;
  sector: string | null;
  description: string;
  logo_url: string | null;
  /** The media library image behind `logo_url` when the logo was uploaded in the admin. */
  logo_media_id: ColumnType<number | null, number | null | undefined, number | null>;
  parent_id: number | null;
  updated_at: Ms;
}

export interface ArticleCompaniesTable {
  article_id: number;
  company_id: number;
  mentions: number;
  /** 'auto' from the tagger, 'pinned' by an editor, 'blocked' by an editor (never shown). */
  origin: 'auto' | 'pinned' | 'blocked';
}

export interface RedirectsTable {
  from_path: string;
  /** Null with status 410: the page is gone. */
  to_path: string | null;
  status: 301 | 410;
  created_at: Ms;
  /** The site it belongs to (migration 0023); 1, the first site, unless a writer says otherwise. */
  site_id: ColumnType<number, number | undefined, number>;
}

export interface RevisionsTable {
  id: Generated<number>;
  article_id: number;
  created_at: Ms;
  headline: string;
  standfirst: string;
  body: string;
  /** 'created', 'updated' or 'autosave'. */
  note: string;
  /** Who saved it (an email), when a person did; null for importers and the scheduler. */
  author: string | null;
}

export interface PagesTable {
  id: Generated<number>;
  slug: string;
  title: string;
  body: string;
  body_format: BodyFormat;
  updated_at: Ms;
  /** The site it belongs to (migration 0023); 1, the first site, unless a writer says otherwise. */
  site_id: ColumnType<number, number | undefined, number>;
}

export interface RelatedTable {
  article_id: number;
  related_id: number;
  rank: number;
  score: number;
  /** JSON explanation of the score. */
  why: string;
}

/** An article's body as its page shows it, rendered by the publish pipeline (migration 0044). */
export interface ArticleRendersTable {
  article_id: number;
  /** What the rendering was made from (`content/` `renderKey`): a page whose inputs give another key renders afresh. */
  render_key: string;
  html: string;
  /** The body's teaser, a page's description when it has no standfirst. */
  summary: string;
  read_minutes: number;
}

/** Key/value facts about this site's data, such as the content version that caches follow. */
export interface SiteStateTable {
  key: string;
  value: string;
}

/** One admin-chosen site setting (title, time zone…); absent rows fall back to the environment. */
export interface SiteSettingsTable {
  key: string;
  /** JSON. */
  value: string;
  updated_at: Ms;
  /** The admin's email. */
  updated_by: string;
}

export interface CompanyCandidatesTable {
  article_id: number;
  /** The folded name, so "Brightlane Systems Ltd" and "BRIGHTLANE SYSTEMS LTD" are one suggestion. */
  name_key: string;
  name: string;
  mentions: number;
}

export interface CandidateDecisionsTable {
  name_key: string;
  status: 'accepted' | 'dismissed';
  company_id: number | null;
  decided_at: Ms;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Ms;
  /** Who: a user's email, or a process ('scheduler', 'import', 'cli'). */
  actor: string;
  action: string;
  /** What: 'article:42', 'company:2453'… */
  subject: string;
  /** JSON. */
  details: string;
}

export interface RelatedTermsTable {
  article_id: number;
  term: string;
  /** Fixed point: weight × 65535. */
  weight: number;
  surface: string;
}

export interface TermStatsTable {
  term: string;
  df: number;
}

export interface Database {
  articles: ArticlesTable;
  sections: SectionsTable;
  tags: TagsTable;
  authors: AuthorsTable;
  article_tags: ArticleTagsTable;
  article_authors: ArticleAuthorsTable;
  companies: CompaniesTable;
  article_companies: ArticleCompaniesTable;
  redirects: RedirectsTable;
  revisions: RevisionsTable;
  pages: PagesTable;
  related: RelatedTable;
  article_renders: ArticleRendersTable;
  site_state: SiteStateTable;
  site_settings: SiteSettingsTable;
  company_candidates: CompanyCandidatesTable;
  candidate_decisions: CandidateDecisionsTable;
  audit_log: AuditLogTable;
  related_terms: RelatedTermsTable;
  term_stats: TermStatsTable;
  users: UsersTable;
  sessions: SessionsTable;
  sign_in_failures: SignInFailuresTable;
  article_owners: ArticleOwnersTable;
  media: MediaTable;
  media_variants: MediaVariantsTable;
  api_keys: ApiKeysTable;
  background_jobs: BackgroundJobsTable;
  readers: ReadersTable;
  term_sponsorships: TermSponsorshipsTable;
  reader_sign_ins: ReaderSignInsTable;
  reader_sessions: ReaderSessionsTable;
  reader_rate_limits: ReaderRateLimitsTable;
  reader_follows: ReaderFollowsTable;
  reader_alerts: ReaderAlertsTable;
  alert_passes: AlertPassesTable;
  ad_campaigns: AdCampaignsTable;
  ad_creatives: AdCreativesTable;
  ad_counts: AdCountsTable;
  ad_settings: AdSettingsTable;
  newsletter_lists: NewsletterListsTable;
  newsletter_subscriptions: NewsletterSubscriptionsTable;
  newsletter_issues: NewsletterIssuesTable;
  mail_outbox: MailOutboxTable;
  article_views: ArticleViewsTable;
  lead_assets: LeadAssetsTable;
  leads: LeadsTable;
  sites: SitesTable;
  site_hosts: SiteHostsTable;
  article_sites: ArticleSitesTable;
  staff_sites: StaffSitesTable;
  site_setting_values: SiteSettingValuesTable;
}

export type ArticleRow = Selectable<ArticlesTable>;
export type NewArticleRow = Insertable<ArticlesTable>;
export type ArticleUpdate = Updateable<ArticlesTable>;
export type SectionRow = Selectable<SectionsTable>;
export type TagRow = Selectable<TagsTable>;
export type AuthorRow = Selectable<AuthorsTable>;
export type CompanyRow = Selectable<CompaniesTable>;
export type PageRow = Selectable<PagesTable>;
export type RedirectRow = Selectable<RedirectsTable>;
export type { ColumnType };

/** Who may do what in the admin: admin (everything), editor (all content), contributor (own drafts). */
export type UserRole = 'admin' | 'editor' | 'contributor';

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: UserRole;
  /** argon2id, PHC string. */
  password_hash: string;
  /** 1 when the account may no longer sign in. */
  disabled: ColumnType<number, number | undefined, number>;
  created_at: Ms;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the cookie's token: a stolen database does not hand out sessions. */
  token_hash: string;
  user_id: number;
  /** The per-session token every admin form and state-changing request must carry. */
  csrf_token: string;
  created_at: Ms;
  expires_at: Ms;
}

export interface SignInFailuresTable {
  id: Generated<number>;
  at: Ms;
  /** Folded (trimmed, lower-case). */
  email: string;
  ip: string;
}

/** The user who created an article in the admin (contributors may edit only their own drafts). */
export interface ArticleOwnersTable {
  article_id: number;
  user_id: number;
}

export type UserRow = Selectable<UsersTable>;

export type MediaFormat = 'jpeg' | 'png' | 'webp' | 'avif';

/** An uploaded image (metadata stripped); its resized files are in media_variants. */
export interface MediaTable {
  id: Generated<number>;
  filename: string;
  alt: string;
  /** The uploaded format, kept as one of the variant formats. */
  format: MediaFormat;
  width: number;
  height: number;
  bytes: number;
  created_at: Ms;
  user_id: number;
}

/** One resized file of an image. Its bytes are in media storage under `storage_key`; rows written before 0010 hold them in `data` instead. */
export interface MediaVariantsTable {
  media_id: number;
  width: number;
  format: MediaFormat;
  data: Buffer | null;
  storage_key: string | null;
  /** The file's length in bytes. */
  bytes: ColumnType<number, number | undefined, number>;
}

/** A key for private use of the content API; the key itself is never stored, only its SHA-256. */
export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  key_hash: string;
  /** The key's first characters, shown in lists so people can tell keys apart. */
  prefix: string;
  created_at: Ms;
  /** Who made it: a user's email, or `cli`. */
  created_by: string;
  last_used_at: Ms | null;
  /** Set when revoked; a revoked key is refused at once on every node. */
  revoked_at: Ms | null;
}

/** One kind of background job (e.g. 'retag'): its pending requests, who runs it, its progress. */
export interface BackgroundJobsTable {
  name: string;
  /** Counts requests; a run covers every request up to `claimed`, so requests coalesce. */
  requested: ColumnType<number, number | undefined, number>;
  claimed: ColumnType<number, number | undefined, number>;
  /** The node running it now, or null. */
  owner: string | null;
  /** A run whose lease lapsed (its node died) may be taken over. */
  lease_until: ColumnType<Ms, Ms | undefined, Ms>;
  started_at: Ms | null;
  finished_at: Ms | null;
  done: ColumnType<number, number | undefined, number>;
  total: ColumnType<number, number | undefined, number>;
  error: string | null;
}
