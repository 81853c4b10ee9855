import { CompiledQuery, type Insertable, type Kysely, type RawBuilder, sql } from 'kysely';
import { CopyData, copyable, copyText } from './postgres/copy-from-stdin.ts';
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
  if (numbered && records.length >= JSON_MIN_ROWS && records.every((r) => columns.every((c) => jsonSafe(r[c])))) return insertJsonChunks(db, table, columns, records, per, returning);
  const head = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values `;
  for (let i = 0; i < rows.length; ) {
    const left = rows.length - i;
    // PostgreSQL prepares nothing here: there one statement, one round trip, for the rest.
    const n = left >= per ? per : numbered ? left : 2 ** Math.floor(Math.log2(left));
    const params: unknown[] = new Array(n * columns.length);
    let k = 0;
    for (let r = 0; r < n; r++) {
      const row = records[i + r]!;
      for (let c = 0; c < columns.length; c++) params[k++] = row[columns[c]!];
    }
    const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(head + valuesList(n, columns.length, numbered) + returning, params));
    if (returning) out.push(...result.rows);
    i += n;
  }
  return out;
}

/**
 * `(?, ?), (?, ?), …` for `rows` rows of `width` values, or with `$1, $2, …` (numbered). The
 * question-mark lists are the same for every statement of a size: kept, and not made again a row
 * at a time (a rebuild writes 6.5 M rows at 100,000 articles).
 */
function valuesList(rows: number, width: number, numbered: boolean): string {
  if (!numbered) {
    const key = `${rows}×${width}`;
    let list = questionLists.get(key);
    if (list === undefined) {
      if (questionLists.size >= QUESTION_LISTS_KEPT) questionLists.clear();
      list = new Array(rows).fill(`(${new Array(width).fill('?').join(', ')})`).join(', ');
      questionLists.set(key, list);
    }
    return list;
  }
  const tuples: string[] = new Array(rows);
  for (let r = 0, k = 1; r < rows; r++) {
    const marks: string[] = new Array(width);
    for (let c = 0; c < width; c++) marks[c] = `$${k++}`;
    tuples[r] = `(${marks.join(', ')})`;
  }
  return tuples.join(', ');
}

/** Question-mark lists kept by size: the sizes are few (full chunks, then halving powers of two), as are the tables' widths. */
const QUESTION_LISTS_KEPT = 200;
const questionLists = new Map<string, string>();

/** Rows per `COPY` statement: a few megabytes of text at most for the widest rows we copy. */
const COPY_ROWS = 10_000;

/**
 * `insertRows` for a rebuild's chunks: on PostgreSQL, when every value is `copyable`, by `COPY …
 * FROM STDIN` in the text format, in the caller's transaction (`CopyData`): the server parses no
 * statement and no JSON, and this process builds no object per row. A rebuild's 5.9 M
 * related-terms rows took 45 server CPU-s as JSON chunks, 38 as one COPY with the same indexes
 * (25 without the postings index, which a rebuild now drops). Not for an import's batches: with
 * theirs by COPY an import of 100,000 was no faster and peaked 60–90 MB higher (docs/benchmarks.md,
 * "PostgreSQL bulk writes: deletes on the index, COPY").
 * @example await copyRows(db, 'related_terms', [{ article_id: 1, term: 'port', weight: 900, surface: 'Port' }]);
 */
export async function copyRows<T extends keyof Database & string>(db: Kysely<Database>, table: T, rows: readonly Insertable<Database[T]>[]): Promise<void> {
  const records = rows as readonly Record<string, unknown>[];
  const columns = records.length ? Object.keys(records[0]!) : [];
  if (placeholders(db) !== 'numbered' || !records.every((r) => columns.every((c) => copyable(r[c])))) return insertRows(db, table, rows);
  const text = `COPY ${quote(table)} (${columns.map(quote).join(', ')}) FROM STDIN`;
  for (let i = 0; i < records.length; i += COPY_ROWS) {
    await db.executeQuery(CompiledQuery.raw(text, [new CopyData(copyText(records.slice(i, i + COPY_ROWS), columns))]));
  }
}

/**
 * From how many rows PostgreSQL gets them as JSON: the parsing JSON saves grows with the number of
 * parameters, while a few hundred rows of long texts (an import batch's articles and revisions)
 * bind faster as parameters than the server unescapes them from JSON (500 articles: 30–90 ms
 * either way, JSON a little slower).
 */
const JSON_MIN_ROWS = 1000;

/**
 * PostgreSQL, many rows: each chunk as ONE parameter, a JSON array of the rows, which the server turns into
 * rows of the table's own type (`json_populate_recordset`), where a `VALUES` list of thousands of
 * parameters costs the server more to parse and plan than to insert: 7,500 related-terms rows took
 * 250–600 ms as `VALUES` and 30–75 ms as JSON (to a table without indexes, on a loaded machine).
 * Each value reaches its column through the column type's text input, as a bound parameter does
 * (no table has a json or jsonb column, into which JSON would carry a string as a JSON string).
 */
async function insertJsonChunks(db: Kysely<Database>, table: string, columns: readonly string[], records: readonly Record<string, unknown>[], per: number, returning: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  const list = columns.map(quote).join(', ');
  const text = `insert into ${quote(table)} (${list}) select ${list} from json_populate_recordset(null::${quote(table)}, $1::json)${returning}`;
  for (let i = 0; i < records.length; i += per) {
    const rows = records.slice(i, i + per).map((r) => Object.fromEntries(columns.map((c) => [c, r[c]])));
    const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, [JSON.stringify(rows)]));
    if (returning) out.push(...result.rows);
  }
  return out;
}

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * A value JSON carries to PostgreSQL exactly as a bound parameter would: null, a finite number, or
 * a string with no lone surrogate (which the driver would send as U+FFFD, JSON as an escape the
 * server refuses). Anything else (booleans, buffers, dates) keeps the `VALUES` path.
 */
function jsonSafe(v: unknown): boolean {
  return v === null || (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && !LONE_SURROGATE.test(v));
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
