import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Ids per `IN (…)` list: well under SQLite's bound-parameter limit and PostgreSQL's, and few
 * statements for a rebuild's or an import's chunk.
 */
export const IDS_PER_STATEMENT = 400;

/** `xs` in consecutive slices of at most `size`, for statements that take a list of ids each. */
export function chunks<T>(xs: readonly T[], size = IDS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/**
 * Deletes the rows of `table` whose `column` (a leading key column, an integer) is one of `ids`,
 * in chunks, each with its ids' range as well (`BETWEEN` the least and the greatest): the same
 * rows, but a plan that stays on the index when the table has no statistics. PostgreSQL (with no
 * autovacuum, or before it runs) guesses half a percent of the table a value, so a list of 400
 * was "all of it" and each chunk of a rebuild's deletes scanned the whole growing table: 55 server
 * CPU-s of a 100,000-article rebuild, for no row deleted; with the range, 3 ms a chunk.
 * @example await deleteByIds(db, 'related', 'article_id', [4, 5, 6]);
 */
export async function deleteByIds<T extends keyof Database & string>(db: Kysely<Database>, table: T, column: keyof Database[T] & string, ids: readonly number[]): Promise<void> {
  for (const part of chunks(ids)) {
    let least = part[0]!;
    let greatest = least;
    for (const id of part) {
      if (id < least) least = id;
      if (id > greatest) greatest = id;
    }
    await sql`DELETE FROM ${sql.table(table)} WHERE ${sql.ref(column)} IN (${sql.join(part)}) AND ${sql.ref(column)} BETWEEN ${least} AND ${greatest}`.execute(db);
  }
}
