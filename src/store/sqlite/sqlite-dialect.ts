import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteDialect } from 'kysely';

/** An open SQLite database, tuned for a web server that reads far more than it writes. */
export function openSqlite(file: string): Database.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  // WAL: readers never block the writer; NORMAL sync is durable across application crashes
  // (kill -9), losing at most the last transactions on power loss, the usual WAL trade-off.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -64000');
  db.pragma('temp_store = MEMORY');
  return db;
}

export function createSqliteDialect(db: Database.Database): SqliteDialect {
  return new SqliteDialect({ database: db });
}
