import type { ColumnDefinitionBuilder } from 'kysely';
import type { DialectKind } from '../dialect-kind.ts';

/**
 * The column types a migration names on each engine, in one place instead of a ternary in every
 * migration. For migrations from 0015 on: a migration that has shipped is never edited.
 */
export function columnTypes(kind: DialectKind) {
  const pg = kind === 'postgres';
  return {
    /** Epoch milliseconds. */
    ms: pg ? ('bigint' as const) : ('integer' as const),
    /** Another table's id. */
    ref: pg ? ('bigint' as const) : ('integer' as const),
    /** An id the database hands out: an identity column, or SQLite's rowid alias. */
    identity: (c: ColumnDefinitionBuilder) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()),
  };
}
