import type { Migration, MigrationProvider } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';
import { sqliteSearchMigration } from '../sqlite/sqlite-search-migration.ts';
import { initialMigration } from './0001-initial.ts';

/** Migrations live in code, keyed in the order they run; each dialect gets its own search index. */
export class CodeMigrationProvider implements MigrationProvider {
  constructor(private readonly kind: DialectKind) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return {
      '0001-initial': initialMigration(this.kind),
      '0002-search': this.kind === 'sqlite' ? sqliteSearchMigration : { up: async () => {} },
    };
  }
}
