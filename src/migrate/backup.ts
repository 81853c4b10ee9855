import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { openStore, type Store } from '../store/index.ts';
import { type CopyProgress, copyDatabase } from './copy-database.ts';

/**
 * Writes a consistent copy of the whole site to an SQLite file while the site keeps running.
 * SQLite: `VACUUM INTO` (one read transaction, so the copy is a snapshot). PostgreSQL: the same
 * table copy as migrate-db, into a new SQLite file; restore with `migrate-db --from FILE --to URL`.
 */
export async function backupTo(store: Store, file: string, onProgress?: CopyProgress): Promise<{ file: string; bytes: number }> {
  const target = path.resolve(file);
  if (fs.existsSync(target)) fs.rmSync(target);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (store.kind === 'sqlite') {
    await sql`VACUUM INTO ${target}`.execute(store.db);
  } else {
    const copy = await openStore({ kind: 'sqlite', path: target });
    try {
      await copyDatabase(store, copy, onProgress);
    } finally {
      await copy.close();
    }
  }
  return { file: target, bytes: fs.statSync(target).size };
}
