import { type Kysely, sql } from 'kysely';
import { plainText } from '../content/index.ts';
import type { Database, Store } from '../store/index.ts';

type Table = keyof Database;

/** Tables in an order that satisfies foreign keys, with their primary key columns. */
export const COPIED_TABLES: readonly { name: Table; key: readonly string[]; identity?: boolean }[] = [
  { name: 'users', key: ['id'], identity: true },
  // Sites first: every site_id names one (the first site exists already in a new target; its row is updated).
  { name: 'sites', key: ['id'], identity: true },
  { name: 'site_hosts', key: ['host'] },
  { name: 'sections', key: ['id'], identity: true },
  { name: 'tags', key: ['id'], identity: true },
  { name: 'authors', key: ['id'], identity: true },
  { name: 'companies', key: ['id'], identity: true },
  { name: 'articles', key: ['id'], identity: true },
  { name: 'article_tags', key: ['article_id', 'tag_id'] },
  { name: 'article_authors', key: ['article_id', 'author_id'] },
  { name: 'article_companies', key: ['article_id', 'company_id'] },
  { name: 'redirects', key: ['from_path', 'site_id'] },
  { name: 'revisions', key: ['id'], identity: true },
  { name: 'pages', key: ['id'], identity: true },
  { name: 'related', key: ['article_id', 'rank'] },
  { name: 'article_renders', key: ['article_id'] },
  { name: 'site_state', key: ['key'] },
  { name: 'site_settings', key: ['key'] },
  { name: 'company_candidates', key: ['article_id', 'name_key'] },
  { name: 'candidate_decisions', key: ['name_key'] },
  { name: 'audit_log', key: ['id'], identity: true },
  { name: 'article_owners', key: ['article_id'] },
  { name: 'media', key: ['id'], identity: true },
  { name: 'media_variants', key: ['media_id', 'width', 'format'] },
  { name: 'related_terms', key: ['article_id', 'term'] },
  { name: 'term_stats', key: ['term'] },
  { name: 'api_keys', key: ['id'], identity: true },
  { name: 'readers', key: ['id'], identity: true },
  { name: 'term_sponsorships', key: ['kind', 'term_id'] },
  { name: 'reader_follows', key: ['reader_id', 'kind', 'target_id'] },
  { name: 'reader_alerts', key: ['reader_id', 'article_id'] },
  { name: 'ad_campaigns', key: ['id'], identity: true },
  { name: 'ad_creatives', key: ['id'], identity: true },
  { name: 'ad_counts', key: ['creative_id', 'day'] },
  { name: 'lead_assets', key: ['id'], identity: true },
  { name: 'leads', key: ['id'], identity: true },
  { name: 'ad_settings', key: ['key'] },
  { name: 'newsletter_lists', key: ['id'], identity: true },
  { name: 'newsletter_subscriptions', key: ['list_id', 'reader_id'] },
  { name: 'newsletter_issues', key: ['id'], identity: true },
  { name: 'alert_passes', key: ['id'], identity: true },
  // Sent and queued messages: a restored site resumes an issue that was mid-send (leases lapse).
  { name: 'mail_outbox', key: ['id'], identity: true },
  { name: 'article_views', key: ['article_id', 'day'] },
  { name: 'article_sites', key: ['article_id', 'site_id'] },
  { name: 'staff_sites', key: ['user_id', 'site_id'] },
  { name: 'site_setting_values', key: ['site_id', 'key'] },
];

/**
 * Tables neither copied nor restored, and why. A test fails when a table is in neither list, so a
 * new table is never silently left out of migrate-db, backups and restores.
 */
export const UNCOPIED_TABLES: Readonly<Record<string, string>> = {
  // Signing in again after a move is expected.
  sessions: 'sign-in sessions',
  sign_in_failures: 'sign-in throttling',
  // A re-tag in progress belongs to the old site's nodes.
  background_jobs: 'leases of running jobs',
  // Readers sign in again after a move, as staff do; links in flight expire within minutes anyway.
  reader_sign_ins: 'reader sign-in links',
  reader_sessions: 'reader sessions',
  reader_rate_limits: 'reader form throttling',
};

/**
 * Rows read from the source at a time (in primary-key order, each batch after the last one's key,
 * so a 6-million-row table costs no more per batch at its end than at its start) and written to a
 * PostgreSQL target in one statement and one transaction.
 */
const READ_ROWS = 2_000;
/** Rows per statement into an SQLite target: its bound-parameter limit, at up to 20-odd columns a row. */
const SQLITE_WRITE_ROWS = 500;
/** Articles whose search documents are written in one transaction. */
const INDEX_BATCH = 1_000;

export interface CopyReport {
  readonly tables: { table: string; source: number; target: number }[];
  readonly searchIndexed: number;
  readonly verified: boolean;
  readonly seconds: number;
}

export type CopyProgress = (table: string, done: number, total: number) => void;

type CopiedTable = (typeof COPIED_TABLES)[number];
type Row = Record<string, unknown>;

async function count(store: Pick<Store, 'db'>, table: Table): Promise<number> {
  const r = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/**
 * Copies a whole site from one store to another (SQLite to PostgreSQL, PostgreSQL to an SQLite
 * backup, a backup into either): every table, keeping ids, upserting by primary key so a second
 * run updates rather than duplicates; then rebuilds the target's search index, moves its id
 * sequences past the copied ids, and verifies row counts. Rows deleted from the source after a
 * first run are not deleted from the target. The next batch is read while the last one is written.
 */
export async function copyDatabase(from: Pick<Store, 'db'>, to: Store, onProgress?: CopyProgress): Promise<CopyReport> {
  const t0 = performance.now();
  const tables: CopyReport['tables'] = [];
  for (const t of COPIED_TABLES) {
    const total = await count(from, t.name);
    const copy = (write: (rows: Row[]) => Promise<void>) => copyRows(from, t, write, (done) => onProgress?.(t.name, done, total));
    if (to.kind !== 'postgres') await copy((rows) => upsertRows(to.db, t, rows));
    else if (total > 0 && (await count(to, t.name)) === 0) await fillEmptyTable(to.db, t, copy);
    else await copy((rows) => bulkWrite(to.db, (trx) => insertJson(trx, t, rows, true)));
    if (t.name === 'companies') {
      const parents = await from.db.selectFrom('companies').select(['id', 'parent_id']).where('parent_id', 'is not', null).execute();
      for (const p of parents) await to.db.updateTable('companies').set({ parent_id: p.parent_id }).where('id', '=', p.id).execute();
    }
    if (t.name === 'media') {
      const logos = await from.db.selectFrom('companies').select(['id', 'logo_media_id']).where('logo_media_id', 'is not', null).execute();
      for (const l of logos) await to.db.updateTable('companies').set({ logo_media_id: l.logo_media_id }).where('id', '=', l.id).execute();
    }
    if (t.identity && to.kind === 'postgres') await to.resetIdentity(t.name);
    tables.push({ table: t.name, source: total, target: await count(to, t.name) });
  }
  const searchIndexed = await reindex(to, onProgress);
  const verified = tables.every((t) => t.target >= t.source);
  return { tables, searchIndexed, verified, seconds: (performance.now() - t0) / 1000 };
}

/** Every row of `t` through `write`, a batch at a time, the next batch read while the last is written. */
async function copyRows(from: Pick<Store, 'db'>, t: CopiedTable, write: (rows: Row[]) => Promise<void>, progress: (done: number) => void): Promise<void> {
  // Companies point at their parents and logos: copied without, set once those exist.
  const deferParents = t.name === 'companies';
  let done = 0;
  let writing: Promise<void> = Promise.resolve();
  let after: Row | undefined;
  for (;;) {
    const rows = await readAfter(from, t, after);
    await writing;
    if (!rows.length) return;
    after = rows[rows.length - 1];
    const values = deferParents ? rows.map((r) => ({ ...r, parent_id: null, logo_media_id: null })) : rows;
    writing = write(values).then(() => {
      done += rows.length;
      progress(done);
    });
    // Awaited after the next read; a failure meanwhile is not an unhandled rejection.
    writing.catch(() => {});
  }
}

/**
 * An empty PostgreSQL table filled in one transaction, its non-unique indexes dropped first and
 * built once at the end (one sorted build instead of millions of insertions into a B-tree). All or
 * nothing: a run cut short leaves the table empty, with its indexes, and the next run fills it again.
 */
async function fillEmptyTable(db: Kysely<Database>, t: CopiedTable, copy: (write: (rows: Row[]) => Promise<void>) => Promise<void>): Promise<void> {
  await bulkWrite(db, async (trx) => {
    const { rows: indexes } = await sql<{ name: string; definition: string }>`
      SELECT x.indexrelid::regclass::text AS name, pg_get_indexdef(x.indexrelid) AS definition
      FROM pg_index x WHERE x.indrelid = ${t.name}::regclass AND NOT x.indisunique`.execute(trx);
    for (const i of indexes) await sql`DROP INDEX ${sql.raw(i.name)}`.execute(trx);
    // The table was empty when this transaction began: no conflict to look for (1.15x less server time).
    await copy((rows) => insertJson(trx, t, rows, false));
    for (const i of indexes) await sql.raw(i.definition).execute(trx);
  });
}

/** A transaction whose commit does not wait for the WAL flush, as the importer's batches: a re-run writes a lost one again. */
function bulkWrite<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL synchronous_commit = off`.execute(trx);
    return work(trx);
  });
}

/** The next `READ_ROWS` rows of `t` in primary-key order, after the row `after` (from the start without it). */
async function readAfter(from: Pick<Store, 'db'>, t: CopiedTable, after: Row | undefined): Promise<Row[]> {
  const key = sql.join(t.key.map((k) => sql.ref(k)));
  const past = after ? sql`WHERE (${key}) > (${sql.join(t.key.map((k) => after[k]))})` : sql``;
  const r = await sql<Row>`SELECT * FROM ${sql.table(t.name)} ${past} ORDER BY ${key} LIMIT ${READ_ROWS}`.execute(from.db);
  return r.rows;
}

/**
 * Rows into PostgreSQL in one statement (`upsert`: replacing rows with the same key): the batch
 * as one JSON parameter, turned into the table's row type by the server (each value through its
 * column type's input function, as a text parameter would be; bytes as hex, bytea's text form).
 */
async function insertJson(db: Kysely<Database>, t: CopiedTable, rows: Row[], upsert: boolean): Promise<void> {
  const names = sql.join(Object.keys(rows[0]!).map((c) => sql.ref(c)));
  // The value before `toJSON`: a Buffer's own would be `{ type, data }`.
  const json = JSON.stringify(rows, function (this: Row, k: string, v: unknown) {
    const raw = this[k];
    return raw instanceof Uint8Array ? `\\x${Buffer.from(raw).toString('hex')}` : v;
  });
  await sql`INSERT INTO ${sql.table(t.name)} (${names})
    SELECT ${names} FROM json_populate_recordset(NULL::${sql.table(t.name)}, ${json}::json)
    ${upsert ? onConflict(t, Object.keys(rows[0]!)) : sql``}`.execute(db);
}

function onConflict(t: CopiedTable, columns: readonly string[]) {
  const updated = columns.filter((c) => !t.key.includes(c));
  const target = sql`ON CONFLICT (${sql.join(t.key.map((k) => sql.ref(k)))})`;
  if (!updated.length) return sql`${target} DO NOTHING`;
  return sql`${target} DO UPDATE SET ${sql.join(updated.map((c) => sql`${sql.ref(c)} = ${sql.ref(`excluded.${c}`)}`))}`;
}

/** Rows into SQLite, `SQLITE_WRITE_ROWS` a statement. */
async function upsertRows(db: Kysely<Database>, t: CopiedTable, rows: Row[]): Promise<void> {
  const columns = Object.keys(rows[0]!);
  for (let i = 0; i < rows.length; i += SQLITE_WRITE_ROWS) {
    await sql`INSERT INTO ${sql.table(t.name)} (${sql.join(columns.map((c) => sql.ref(c)))})
      VALUES ${sql.join(rows.slice(i, i + SQLITE_WRITE_ROWS).map((r) => sql`(${sql.join(columns.map((c) => r[c]))})`))}
      ${onConflict(t, columns)}`.execute(db);
  }
}

/**
 * Rebuilds the target's search index from its published articles, a batch of documents a
 * transaction; the next batch read and its bodies turned to plain text while the last is written.
 */
async function reindex(to: Store, onProgress?: CopyProgress): Promise<number> {
  const ids = await to.articles.allIds();
  let indexed = 0;
  let writing: Promise<void> = Promise.resolve();
  for (let i = 0; i < ids.length; i += INDEX_BATCH) {
    const rows = await to.db
      .selectFrom('articles')
      .select(['id', 'headline', 'standfirst', 'body', 'body_format'])
      .where('id', 'in', ids.slice(i, i + INDEX_BATCH))
      .where('status', '=', 'published')
      .execute();
    const docs = rows.map((row) => ({ id: row.id, headline: row.headline, standfirst: row.standfirst, body: plainText(row.body, row.body_format) }));
    await writing;
    const done = Math.min(i + INDEX_BATCH, ids.length);
    writing = to.bulkTransaction((repos) => repos.search.putLater(...docs)()).then(() => {
      indexed += docs.length;
      onProgress?.('search index', done, ids.length);
    });
    writing.catch(() => {});
  }
  await writing;
  return indexed;
}
