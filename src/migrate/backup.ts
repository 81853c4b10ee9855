import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { MediaStorage } from '../media/index.ts';
import { openStore, type Store } from '../store/index.ts';
import { type CopyProgress, copyDatabase } from './copy-database.ts';

const MEDIA_BATCH = 200;

export interface BackupReport {
  readonly file: string;
  readonly bytes: number;
  /** Image files copied from media storage into the backup. */
  readonly mediaFiles: number;
  /** Files the database names that storage no longer had (deleted while the backup ran). */
  readonly mediaMissing: number;
}

/**
 * Writes a consistent copy of the whole site, media included, to one SQLite file while the site
 * keeps running. SQLite: `VACUUM INTO` (one read transaction, so the copy is a snapshot).
 * PostgreSQL: the same table copy as migrate-db, into a new SQLite file. Then every image variant
 * the copy names in media storage has its bytes written into the copy's row, as rows from before
 * media storage held them: the file alone restores the site (`masthead restore FILE`), and the
 * restore puts the bytes back into the new site's storage. Stored files are immutable, so reading
 * them after the snapshot reads the snapshot's bytes; only an image deleted meanwhile is missed.
 */
export async function backupTo(store: Store, storage: MediaStorage, file: string, onProgress?: CopyProgress): Promise<BackupReport> {
  const target = path.resolve(file);
  if (fs.existsSync(target)) fs.rmSync(target);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (store.kind === 'sqlite') await sql`VACUUM INTO ${target}`.execute(store.db);
  const copy = await openStore({ kind: 'sqlite', path: target });
  let media: { mediaFiles: number; mediaMissing: number };
  try {
    // One REPEATABLE READ transaction makes the table-by-table copy a snapshot, as VACUUM INTO is:
    // without it, rows written meanwhile (an article's tags) could arrive without their parents.
    if (store.kind === 'postgres') {
      await store.db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute((tx) => copyDatabase({ db: tx }, copy, onProgress));
    }
    media = await inlineMedia(copy, storage, onProgress);
  } finally {
    await copy.close();
  }
  return { file: target, bytes: fs.statSync(target).size, ...media };
}

async function inlineMedia(copy: Store, storage: MediaStorage, onProgress?: CopyProgress): Promise<{ mediaFiles: number; mediaMissing: number }> {
  const { total } = await copy.db
    .selectFrom('media_variants')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where('storage_key', 'is not', null)
    .executeTakeFirstOrThrow();
  let mediaFiles = 0;
  let mediaMissing = 0;
  let after = '';
  for (;;) {
    const rows = await copy.db
      .selectFrom('media_variants')
      .select(['media_id', 'width', 'format', 'storage_key'])
      .where('storage_key', '>', after)
      .orderBy('storage_key')
      .limit(MEDIA_BATCH)
      .execute();
    if (!rows.length) break;
    await copy.db.transaction().execute(async (tx) => {
      for (const v of rows) {
        const data = await storage.get(v.storage_key!);
        if (!data) {
          mediaMissing++;
          continue;
        }
        await tx
          .updateTable('media_variants')
          .set({ data, storage_key: null, bytes: data.length })
          .where('media_id', '=', v.media_id)
          .where('width', '=', v.width)
          .where('format', '=', v.format)
          .execute();
        mediaFiles++;
      }
    });
    after = rows.at(-1)!.storage_key!;
    onProgress?.('media', mediaFiles + mediaMissing, Number(total));
  }
  return { mediaFiles, mediaMissing };
}
