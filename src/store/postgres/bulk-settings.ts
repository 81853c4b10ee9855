import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * Settings for one bulk transaction (an import's batch, a rebuild's chunk, a copy's rows), set with
 * `set_config(…, true)`: they end with the transaction, so the connection goes back to the pool as
 * it came. Measured on an import of 100,000 articles (docs/benchmarks.md, "thirteenth pass").
 *
 * - `synchronous_commit = off`: the commit does not wait for the WAL flush. The transaction is
 *   still all or nothing and a killed importer loses nothing; a crash of the server itself can
 *   lose the last few commits (under a second's worth), whole, which a re-run writes again.
 * - `default_toast_compression = lz4` (when the server has it): the texts an import stores (the
 *   body in `articles`, `revisions`, `article_search`, the page in `article_renders`, the source
 *   record) and the search vectors are compressed several times faster than by pglz; the values
 *   read back are the same, and a server reads either method whatever its setting.
 * - `gin_pending_list_limit` and `work_mem`: the GIN indexes' new entries (`article_search_terms`'
 *   `doc`, about 200 an article) are merged into the index in larger, fewer runs, each sorted in
 *   memory; `Store.mergeSearchSegments` merges what is left pending when the import ends. The
 *   batch's `WITH … AS MATERIALIZED` rows (a few MB) stay in memory instead of a temporary file.
 */
export function bulkSettings(lz4: boolean): ReturnType<typeof sql> {
  return sql`SELECT set_config('synchronous_commit', 'off', true), set_config('gin_pending_list_limit', ${String(BULK_GIN_PENDING_KB)}, true),
    set_config('work_mem', ${`${BULK_WORK_MEM_MB}MB`}, true)${lz4 ? sql`, set_config('default_toast_compression', 'lz4', true)` : sql``}`;
}

/** A batch's pending GIN entries, in kB, before they are merged into the index (the server's default: 4 MB). */
const BULK_GIN_PENDING_KB = 64 * 1024;
/** Memory for a bulk transaction's sorts and materialized rows, and for merging pending GIN entries. */
const BULK_WORK_MEM_MB = 64;

/** Whether the server can compress with lz4 (PostgreSQL 14 and later, built `--with-lz4`). */
export async function hasLz4(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{ lz4: boolean }>`SELECT 'lz4' = ANY (enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`.execute(db);
  return rows[0]?.lz4 === true;
}

/** The search tables' GIN indexes, whose pending entries a bulk import leaves for `cleanPendingEntries`. */
const SEARCH_GIN_INDEXES = ['article_search_terms_doc', 'article_search_title'];

/**
 * Merges the search indexes' pending GIN entries into the indexes, so searches after an import do
 * not scan them and the next single save does not pay for merging an import's worth of them.
 */
export async function cleanPendingEntries(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // The merge sorts in memory as much of the pending entries at a time as this allows.
    await sql`SELECT set_config('work_mem', ${`${BULK_WORK_MEM_MB}MB`}, true), set_config('maintenance_work_mem', ${`${BULK_WORK_MEM_MB}MB`}, true)`.execute(trx);
    for (const index of SEARCH_GIN_INDEXES) {
      await sql`SELECT gin_clean_pending_list(c.oid) FROM pg_class c WHERE c.relname = ${index} AND c.relkind = 'i' AND c.relnamespace = current_schema()::regnamespace`.execute(trx);
    }
  });
}
