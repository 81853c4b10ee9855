import type { Migration, MigrationProvider } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';
import { postgresSearchMatchRowsMigration, postgresSearchMigration, postgresSearchTermsMigration, postgresSearchTokensMigration, postgresSearchWordsValuesMigration, postgresUnaccentMigration } from '../postgres/postgres-search-migration.ts';
import { sqliteSearchMigration } from '../sqlite/sqlite-search-migration.ts';
import { initialMigration } from './0001-initial.ts';
import { directoryMigration } from './0003-directory.ts';
import { searchWordsMigration } from './0004-search-words.ts';
import { operationsMigration } from './0005-operations.ts';
import { pageFormatMigration } from './0006-page-format.ts';
import { relatedIndexMigration } from './0007-related-index.ts';
import { adminMigration } from './0008-admin.ts';
import { settingsMigration } from './0009-settings.ts';
import { mediaStorageMigration } from './0010-media-storage.ts';
import { revisionAuthorMigration } from './0012-revision-author.ts';
import { directoryAdminMigration } from './0013-directory-admin.ts';
import { apiKeysMigration } from './0014-api-keys.ts';
import { readersMigration } from './0015-readers.ts';
import { readerAccountsMigration } from './0016-reader-accounts.ts';
import { adsMigration } from './0017-ads.ts';
import { sponsorshipMigration } from './0018-sponsorship.ts';
import { newslettersMigration } from './0019-newsletters.ts';
import { authorProfilesMigration } from './0021-author-profiles.ts';
import { leadsMigration } from './0022-leads.ts';
import { sitesMigration } from './0023-sites.ts';
import { newsletterSponsorScheduleMigration } from './0024-newsletter-sponsor-schedule.ts';
import { staffSitesMigration } from './0027-staff-sites.ts';
import { siteSettingValuesMigration } from './0028-site-setting-values.ts';
import { alertPassesMigration } from './0029-alert-passes.ts';
import { outboxQueuedMigration } from './0031-outbox-queued.ts';
import { newsletterListSitesMigration } from './0034-newsletter-list-sites.ts';
import { searchFactsSiteMigration } from './0035-search-facts-site.ts';
import { siteTermsMigration } from './0036-site-terms.ts';
import { adLeadSitesMigration } from './0038-ad-lead-sites.ts';
import { searchTermsSiteMigration } from './0039-search-terms-site.ts';
import { articleRendersMigration } from './0044-article-renders.ts';
import { articlesStatusUpdatedMigration } from './0046-articles-status-updated.ts';

const NOTHING: Migration = { up: async () => {} };

/**
 * Migrations live in code, keyed in the order they run. The schema is written once for both
 * dialects; only the search index differs (FTS5 vs tsvector), and it is chosen here.
 */
export class CodeMigrationProvider implements MigrationProvider {
  constructor(private readonly kind: DialectKind) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const pg = this.kind === 'postgres';
    return {
      '0001-initial': initialMigration(this.kind),
      '0001b-unaccent': pg ? postgresUnaccentMigration : NOTHING,
      '0002-search': pg ? postgresSearchMigration : sqliteSearchMigration,
      '0003-directory': directoryMigration(this.kind),
      '0004-search-words': searchWordsMigration(this.kind),
      '0005-operations': operationsMigration(this.kind),
      '0006-page-format': pageFormatMigration,
      '0007-related-index': relatedIndexMigration(this.kind),
      '0008-admin': adminMigration(this.kind),
      '0009-settings': settingsMigration(this.kind),
      '0010-media-storage': mediaStorageMigration(this.kind),
      '0012-revision-author': revisionAuthorMigration,
      '0013-directory-admin': directoryAdminMigration(this.kind),
      '0014-api-keys': apiKeysMigration(this.kind),
      '0015-readers': readersMigration(this.kind),
      '0018-sponsorship': sponsorshipMigration(this.kind),
      '0016-reader-accounts': readerAccountsMigration(this.kind),
      '0017-ads': adsMigration(this.kind),
      '0019-newsletters': newslettersMigration(this.kind),
      '0021-author-profiles': authorProfilesMigration(this.kind),
      '0022-leads': leadsMigration(this.kind),
      '0023-sites': sitesMigration(this.kind),
      '0024-newsletter-sponsor-schedule': newsletterSponsorScheduleMigration(this.kind),
      '0026-search-terms': pg ? postgresSearchTermsMigration : NOTHING,
      '0027-staff-sites': staffSitesMigration(this.kind),
      '0028-site-setting-values': siteSettingValuesMigration(this.kind),
      '0029-alert-passes': alertPassesMigration(this.kind),
      '0031-outbox-queued': outboxQueuedMigration,
      '0032-search-tokens': pg ? postgresSearchTokensMigration : NOTHING,
      '0034-newsletter-list-sites': newsletterListSitesMigration(this.kind),
      '0035-search-facts-site': pg ? NOTHING : searchFactsSiteMigration,
      '0036-site-terms': siteTermsMigration(this.kind),
      '0038-ad-lead-sites': adLeadSitesMigration(this.kind),
      '0039-search-terms-site': pg ? searchTermsSiteMigration : NOTHING,
      '0042-search-match-rows': pg ? postgresSearchMatchRowsMigration : NOTHING,
      '0044-article-renders': articleRendersMigration(this.kind),
      '0045-search-words-values': pg ? postgresSearchWordsValuesMigration : NOTHING,
      '0046-articles-status-updated': articlesStatusUpdatedMigration,
    };
  }
}
