import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../store/index.ts';
import { COPIED_TABLES, type CopyProgress, type CopyReport, copyDatabase } from './copy-database.ts';
import { NotABackup, RestoreTargetNotEmpty } from './errors.ts';

const SQLITE_HEADER = 'SQLite format 3\0';

/** What makes a site "not empty": restoring over any of these needs --force. */
const CONTENT_TABLES = ['articles', 'companies', 'users', 'media', 'pages'] as const;

export interface RestoreOptions {
  /** Replace a site that already has content. */
  readonly force?: boolean;
  readonly onProgress?: CopyProgress;
}

/**
 * Restores a backup file (`masthead backup`, from either engine) into `target`, a site on either
 * engine, through ordinary SQL: it works on a database other nodes have open, and a restore cut
 * short by a crash is finished by running it again. The backup file is never changed: a copy of it
 * is migrated to the current schema and read. A site with content is replaced only with `force`:
 * every copied table is emptied first (sessions too: everyone signs in again). Image bytes come
 * back inside the rows; the caller moves them into its media storage (`MediaService.moveToStorage`).
 */
export async function restoreFrom(file: string, target: Store, options: RestoreOptions = {}): Promise<CopyReport> {
  checkBackupFile(file);
  const existing = await contentCounts(target);
  const versionBefore = await target.state.contentVersion();
  if (existing.length && !options.force) throw RestoreTargetNotEmpty(existing.join(', '));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-restore-'));
  const copyFile = path.join(work, 'backup.db');
  fs.copyFileSync(file, copyFile);
  const backup = await openStore({ kind: 'sqlite', path: copyFile });
  try {
    if (existing.length) await emptySite(target);
    const report = await copyDatabase(backup, target, options.onProgress);
    // The copy brought the backup's content version, which may be older than what running nodes
    // have seen: move it past both, then announce it, so every node's page cache empties.
    const copied = await target.state.contentVersion();
    await target.db
      .updateTable('site_state')
      .set({ value: String(Math.max(copied, versionBefore)) })
      .where('key', '=', 'content_version')
      .execute();
    await target.state.bumpContentVersion();
    return report;
  } finally {
    await backup.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function checkBackupFile(file: string): void {
  if (!fs.existsSync(file)) throw NotABackup(file, 'no such file');
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    fs.readSync(fd, head, 0, head.length, 0);
    if (head.toString('latin1') !== SQLITE_HEADER) throw NotABackup(file, 'not an SQLite database');
  } finally {
    fs.closeSync(fd);
  }
}

async function contentCounts(store: Store): Promise<string[]> {
  const found: string[] = [];
  for (const table of CONTENT_TABLES) {
    const r = await store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(r.n)) found.push(`${Number(r.n)} ${table}`);
  }
  return found;
}

/** Empties every table a restore writes (children first), the search index and the sessions. */
async function emptySite(store: Store): Promise<void> {
  await store.search.clear();
  await store.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('sessions').execute();
    await tx.deleteFrom('sign_in_failures').execute();
    await tx.deleteFrom('background_jobs').execute();
    // Companies point at their parents and logos: cut those links before deleting either.
    await tx.updateTable('companies').set({ parent_id: null, logo_media_id: null }).execute();
    for (const t of [...COPIED_TABLES].reverse()) await tx.deleteFrom(t.name).execute();
  });
}
