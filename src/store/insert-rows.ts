import { type Insertable, type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Multi-row inserts for batched writes: one statement per chunk instead of one per row, which on
 * PostgreSQL is one round trip instead of hundreds.
 */

/** Most bound parameters in one statement: under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMS = 30_000;

/**
 * Inserts rows (all with the same columns) in as few statements as the parameter limit allows.
 * @example await insertRows(db, 'article_tags', [{ article_id: 1, tag_id: 2 }, { article_id: 1, tag_id: 3 }]);
 */
export async function insertRows<T extends keyof Database & string>(db: Kysely<Database>, table: T, rows: readonly Insertable<Database[T]>[]): Promise<void> {
  if (rows.length === 0) return;
  const per = Math.max(1, Math.floor(MAX_PARAMS / Object.keys(rows[0]!).length));
  for (let i = 0; i < rows.length; i += per) await db.insertInto(table).values(rows.slice(i, i + per) as never).execute();
}

/**
 * Rows as a raw `VALUES` list, in chunks within the parameter limit, for tables outside the typed
 * schema (the search indexes): `run` is called once per chunk.
 * @example await valuesInChunks(docs.map((d) => [d.id, d.headline]), (values) => sql`INSERT INTO t (id, h) VALUES ${values}`.execute(db));
 */
export async function valuesInChunks(rows: readonly (readonly unknown[])[], run: (values: RawBuilder<unknown>) => Promise<unknown>): Promise<void> {
  if (rows.length === 0) return;
  const per = Math.max(1, Math.floor(MAX_PARAMS / rows[0]!.length));
  for (let i = 0; i < rows.length; i += per) await run(sql.join(rows.slice(i, i + per).map((r) => sql`(${sql.join(r)})`)));
}
