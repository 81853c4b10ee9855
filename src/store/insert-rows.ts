import { CompiledQuery, type Insertable, type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Multi-row inserts for batched writes: one statement per chunk instead of one per row, which on
 * PostgreSQL is one round trip instead of hundreds.
 */

/** Most bound parameters in one statement: under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMS = 30_000;

/**
 * Inserts rows (all with the same columns) in as few statements as the parameter limit allows.
 * The SQL is written here, not by the query builder (which costs more per row than the database
 * does), and on SQLite statements come in a few sizes only: full chunks, then the rest as halving
 * powers of two, so its statement cache prepares each size once instead of a new text per batch.
 * @example await insertRows(db, 'article_tags', [{ article_id: 1, tag_id: 2 }, { article_id: 1, tag_id: 3 }]);
 */
export async function insertRows<T extends keyof Database & string>(db: Kysely<Database>, table: T, rows: readonly Insertable<Database[T]>[]): Promise<void> {
  await insertChunks(db, table, rows, '');
}

/**
 * `insertRows` that reads back one column of every row inserted (the ids a table generates), in
 * the rows' order. `key` is a unique column the rows give, which matches each returned row to its
 * own (neither engine promises RETURNING's order).
 * @example const ids = await insertRowsReturning(db, 'articles', rows, 'slug', 'id');
 */
export async function insertRowsReturning<T extends keyof Database & string, K extends keyof Database[T] & string, R extends keyof Database[T] & string>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  key: K,
  column: R,
): Promise<unknown[]> {
  const found = new Map<unknown, unknown>();
  for (const r of await insertChunks(db, table, rows, ` returning ${quote(key)}, ${quote(column)}`)) found.set(r[key], r[column]);
  return rows.map((r) => found.get((r as Record<string, unknown>)[key]));
}

async function insertChunks(db: Kysely<Database>, table: string, rows: readonly object[], returning: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  if (rows.length === 0) return out;
  const columns = Object.keys(rows[0]!);
  const records = rows as readonly Record<string, unknown>[];
  // A missing value means the column's default, which only the builder can say row by row.
  if (records.some((r) => columns.some((c) => r[c] === undefined))) {
    if (returning) throw new TypeError(`insertRowsReturning into ${table}: every row must give every column`);
    await insertRowsBuilt(db, table as keyof Database & string, rows as never, columns.length);
    return out;
  }
  const numbered = placeholders(db) === 'numbered';
  const per = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const head = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values `;
  for (let i = 0; i < rows.length; ) {
    const left = rows.length - i;
    // PostgreSQL prepares nothing here: there one statement, one round trip, for the rest.
    const n = left >= per ? per : numbered ? left : 2 ** Math.floor(Math.log2(left));
    const params: unknown[] = new Array(n * columns.length);
    const tuples: string[] = new Array(n);
    let k = 0;
    for (let r = 0; r < n; r++) {
      const row = records[i + r]!;
      const marks: string[] = new Array(columns.length);
      for (let c = 0; c < columns.length; c++) {
        params[k] = row[columns[c]!];
        marks[c] = numbered ? `$${k + 1}` : '?';
        k++;
      }
      tuples[r] = `(${marks.join(', ')})`;
    }
    const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(head + tuples.join(', ') + returning, params));
    if (returning) out.push(...result.rows);
    i += n;
  }
  return out;
}

async function insertRowsBuilt<T extends keyof Database & string>(db: Kysely<Database>, table: T, rows: readonly Insertable<Database[T]>[], width: number): Promise<void> {
  const per = Math.max(1, Math.floor(MAX_PARAMS / width));
  for (let i = 0; i < rows.length; i += per) await db.insertInto(table).values(rows.slice(i, i + per) as never).execute();
}

const styles = new WeakMap<Kysely<Database>, 'numbered' | 'question'>();

/** `$1` (PostgreSQL) or `?` (SQLite), as the builder writes them for this database. */
function placeholders(db: Kysely<Database>): 'numbered' | 'question' {
  let style = styles.get(db);
  if (!style) {
    style = db.selectFrom('site_state').select('key').where('key', '=', '').compile().sql.includes('$1') ? 'numbered' : 'question';
    styles.set(db, style);
  }
  return style;
}

/** A table or column name (ours, never input) as an identifier both engines accept. */
function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
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
