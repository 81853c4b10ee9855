/**
 * @module store
 * Schema, migrations and repositories over Kysely, for SQLite (WAL) and, behind the same
 * interfaces, PostgreSQL. Nothing outside this folder names an engine.
 */

export type { AdCampaignFields, AdCampaignRecord, AdCounter, AdCountRow, AdCreativeFields, AdCreativeRecord } from './ad-repository.ts';
export type { AdminArticleFilter, AdminArticleRow, AdminArticleSort } from './admin-article-repository.ts';
export type { ApiKeyRecord } from './api-key-repository.ts';
export type { StoredRender } from './article-render-repository.ts';
export type { ArticleFilter, ArticleSummary, Paged } from './article-repository.ts';
export type { AuthorProfileRow } from './author-repository.ts';
export { type AutoMentions, type CompanyFields, type CompanyRef, companyFieldsOf, type DirectoryRow, type MentionOrigin, parseAliases } from './company-repository.ts';
export type { DialectKind } from './dialect-kind.ts';
export * from './errors.ts';
export type { AlertSubjects, FollowRecord, PendingAlert } from './follow-repository.ts';
export type { JobState } from './job-repository.ts';
export type { LeadAssetFields, LeadAssetKind, LeadAssetRecord, LeadRecord } from './lead-repository.ts';
export type { MediaImageRow, MediaRecord, MediaVariantFile } from './media-repository.ts';
export { FIRST_SITE_ID } from './migrations/0023-sites.ts';
export type { NewsletterIssueRecord, NewsletterList, SubscriberRow } from './newsletter-repository.ts';
export type { AuditEntry } from './operations-repository.ts';
export type { OutboxCounts, OutboxOutcome, OutboxRow } from './outbox-repository.ts';
export { postgresDriver } from './postgres/postgres-dialect.ts';
export type { ReaderSessionRecord, SignInRecord } from './reader-access-repository.ts';
export { normalEmail, type ReaderProfile, type ReaderRecord } from './reader-repository.ts';
export type { RelatedMeta, StoredSignature } from './related-index-repository.ts';
export type { StoredRelated } from './related-repository.ts';
export type * from './schema.ts';
export type { FacetIds, FacetNames, FacetRows, NamedRef, SearchDocument, SearchFilters, SearchHit, SearchIndex, SearchQuery, SearchRequest, SearchResult, VocabularyRows } from './search-index.ts';
export { MARK_CLOSE, MARK_OPEN } from './search-markers.ts';
export type { SessionRecord } from './session-repository.ts';
export type { SiteRecord } from './site-repository.ts';
export type { ContentChange } from './site-state-repository.ts';
export type { TermSponsorship } from './sponsorship-repository.ts';
export { type DatabaseConfig, type LockWaitObserver, openStore, type PoolStats, type QueryObserver, type QueryOutcome, type Repositories, Store } from './store.ts';
export type { ArticleLinks, Named, Term, TermKind, TermUsage } from './taxonomy-repository.ts';
export type { UserRecord } from './user-repository.ts';
export { dayOf } from './view-repository.ts';
