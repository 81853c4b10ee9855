import type { Migration, MigrationProvider } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';
import { postgresSearchMigration, postgresUnaccentMigration } from '../postgres/postgres-search-migration.ts';
import { sqliteSearchMigration } from '../sqlite/sqlite-search-migration.ts';
import { initialMigration } from './0001-initial.ts';
import { directoryMigration } from './0003-directory.ts';
import { searchWordsMigration } from './0004-search-words.ts';
import { operationsMigration } from './0005-operations.ts';
import { pageFormatMigration } from './0006-page-format.ts';
import { relatedIndexMigration } from './0007-related-index.ts';
import { adminMigration } from './0008-admin.ts';
import { mediaStorageMigration } from './0010-media-storage.ts';

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
      '0010-media-storage': mediaStorageMigration(this.kind),
    };
  }
}
