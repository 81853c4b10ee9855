import type { Kysely } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';

/**
 * API keys for private use of the content API: only a SHA-256 of each key is kept (the key is
 * shown once, when it is made), with a short prefix so people can tell their keys apart.
 */
export function apiKeysMigration(kind: DialectKind) {
  const ms = kind === 'postgres' ? 'bigint' : 'integer';
  const ref = kind === 'postgres' ? 'bigint' : 'integer';
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('api_keys')
        .addColumn('id', ref, (c) => (kind === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('last_used_at', ms)
        .addColumn('revoked_at', ms)
        .execute();
    },
  };
}
