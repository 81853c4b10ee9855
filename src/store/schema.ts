import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { ArticleStatus, BodyFormat } from '../domain/index.ts';
import type { LeadAssetsTable, LeadsTable } from './lead-tables.ts';

/** Timestamps are epoch milliseconds in both dialects (BIGINT on PostgreSQL, parsed to number). */
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
}

export interface SectionsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string;
}

export interface TagsTable {
  id: Generated<number>;
  slug: string;
  name: string;
}

export interface AuthorsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  bio: string;
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
}

export interface RelatedTable {
  article_id: number;
  related_id: number;
  rank: number;
  score: number;
  /** JSON explanation of the score. */
  why: string;
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
  ad_campaigns: AdCampaignsTable;
  ad_creatives: AdCreativesTable;
  ad_counts: AdCountsTable;
  ad_settings: AdSettingsTable;
  lead_assets: LeadAssetsTable;
  leads: LeadsTable;
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

/** A reader (the audience), apart from staff users. See migration 0015. */
export interface ReadersTable {
  id: Generated<number>;
  /** Lower-cased. */
  email: string;
  name: string | null;
  company: string | null;
  job_title: string | null;
  industry: string | null;
  country: string | null;
  status: 'pending' | 'active';
  source: 'signup' | 'import' | 'cli';
  created_at: Ms;
  confirmed_at: Ms | null;
  updated_at: Ms;
  hard_bounces: Generated<number>;
  suppressed_at: Ms | null;
  suppressed_reason: string | null;
  /** Migration 0016: 'instant', 'daily' or 'off'. */
  alert_mode: Generated<'instant' | 'daily' | 'off'>;
  /** The secret of the reader's unsubscribe-from-alerts link (0016); null until the first alert. */
  alert_key: string | null;
}

/** A sign-in link asked for (migration 0016): hashes only. */
export interface ReaderSignInsTable {
  id: Generated<number>;
  token_hash: string;
  nonce_hash: string;
  code_hash: string;
  email: string;
  attempts: Generated<number>;
  /** JSON: what to do once signed in. */
  after: string;
  created_at: Ms;
  expires_at: Ms;
  used_at: Ms | null;
}

export interface ReaderSessionsTable {
  token_hash: string;
  reader_id: number;
  csrf_token: string;
  created_at: Ms;
  expires_at: Ms;
}

export interface ReaderRateLimitsTable {
  key: string;
  window_start: Ms;
  hits: number;
}

export type FollowKind = 'company' | 'section' | 'tag' | 'author';

export interface ReaderFollowsTable {
  reader_id: number;
  kind: FollowKind;
  target_id: number;
  created_at: Ms;
}

export interface ReaderAlertsTable {
  reader_id: number;
  article_id: number;
  mode: 'instant' | 'daily';
  queued_at: Ms;
  sent_at: Ms | null;
}

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


export type { LeadAssetsTable, LeadsTable };
