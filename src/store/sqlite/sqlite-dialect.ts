import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryExecutorProvider, SqliteDialect, type SqliteDialectConfig, SqliteDriver, sql } from 'kysely';

/**
 * An open SQLite database, tuned for a web server that reads far more than it writes; given bytes
 * (`serialize()` of another), a new in-memory database holding a copy of them.
 */
export function openSqlite(file: string | Buffer): Database.Database {
  if (typeof file === 'string' && file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  // WAL: readers never block the writer; NORMAL sync is durable across application crashes
  // (kill -9), losing at most the last transactions on power loss, the usual WAL trade-off.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma(`cache_size = ${cacheSizePragma(BULK_CACHE_BYTES)}`);
  // No memory mapping: mapped pages of the file count in the process's resident memory, up to the
  // whole database (gigabytes at 100,000 articles), and the kernel's page cache keeps the file anyway.
  db.pragma('mmap_size = 0');
  db.pragma('temp_store = MEMORY');
  return db;
}

/**
 * SQLite's own page cache for commands (imports, rebuilds): large, for their write-heavy passes.
 * The server bounds it lower (`SQLITE_CACHE_MB`, `Store.boundCache`): its reads are small and the
 * kernel's cache holds the file anyway, while every byte here is resident in every node.
 */
export const BULK_CACHE_BYTES = 64 * 1024 * 1024;

/** `PRAGMA cache_size`'s value for a bound in bytes: negative means KiB, not pages. */
export function cacheSizePragma(bytes: number): number {
  return -Math.max(1, Math.floor(bytes / 1024));
}

/**
 * Runs `work` with the connection's page cache bounded at `bytes`, then gives it back the size it
 * had (a rebuild, and the postings index's sort inside it, each want less than the bulk cache).
 */
export async function withCacheBytes<T>(db: QueryExecutorProvider, bytes: number, work: () => Promise<T>): Promise<T> {
  const { rows } = await sql<{ cache_size: number }>`PRAGMA cache_size`.execute(db);
  await sql.raw(`PRAGMA cache_size = ${cacheSizePragma(bytes)}`).execute(db);
  try {
    return await work();
  } finally {
    await sql.raw(`PRAGMA cache_size = ${Number(rows[0]?.cache_size)}`).execute(db);
  }
}

/** Most distinct SQL texts kept prepared; the app issues a few hundred shapes at most. */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * Kysely prepares every query anew; preparing costs more than running the small queries a page
 * or an import issues. Statements are reusable, so keep them by SQL text.
 */
export function createSqliteDialect(db: Database.Database, onLockWait?: (seconds: number) => void): SqliteDialect {
  const statements = new Map<string, Database.Statement>();
  const database = {
    close: () => db.close(),
    prepare(sql: string) {
      let stmt = statements.get(sql);
      if (!stmt) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
        stmt = db.prepare(sql);
        statements.set(sql, stmt);
      }
      return stmt;
    },
  };
  return new ImmediateSqliteDialect({ database }, onLockWait);
}

/**
 * Write transactions take SQLite's write lock when they begin (BEGIN IMMEDIATE), not at their
 * first write: two processes on one file (the server's scheduler and a CLI import) then queue on
 * busy_timeout instead of failing with SQLITE_BUSY when a read-then-write transaction loses.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly onLockWait?: (seconds: number) => void,
  ) {
    super(config);
  }

  /** Taking the lock is the whole cost of BEGIN IMMEDIATE: its time is the wait busy_timeout spent retrying (`masthead_db_write_lock_wait_seconds`). */
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const started = performance.now();
    try {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    } finally {
      this.onLockWait?.((performance.now() - started) / 1000);
    }
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(
    config: SqliteDialectConfig,
    private readonly onLockWait?: (seconds: number) => void,
  ) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, this.onLockWait);
  }
}
