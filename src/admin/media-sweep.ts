/**
 * Finds, and on request removes, the files a cut-off upload leaves in media storage: an upload
 * writes every file before the one transaction that adds its rows, so a crash between the two
 * leaves files no row names (and `.tmp-*` files of a write cut short). No URL reaches them.
 */
import type { ListedFile, MediaStorage } from '../media/index.ts';
import type { Repositories } from '../store/index.ts';

/** Files younger than this are left alone: an upload in progress has written its files but not yet its rows. */
export const SWEEP_MIN_AGE_MS = 24 * 3600_000;

/** How many keys are looked up in one query. */
const BATCH = 500;

export interface SweepReport {
  /** Files looked at. */
  readonly scanned: number;
  /** Files old enough that no row names, by name: removed when `remove` was set. */
  readonly orphans: readonly ListedFile[];
  readonly bytes: number;
  readonly removed: number;
}

/**
 * Lists the files in `storage` older than `olderThanMs` that no image variant or gated asset
 * names, and removes them when `remove` is set (else a dry run). Keyed files are checked against
 * the database in batches; an unkeyed file (`.tmp-*`) is always an orphan once old enough.
 * @example await sweepMedia({ store, storage, clock: Date.now }, { remove: false }) // a dry run
 */
export async function sweepMedia(
  deps: { store: Pick<Repositories, 'media'>; storage: MediaStorage; clock: () => number },
  options: { remove: boolean; olderThanMs?: number; onProgress?: (scanned: number) => void },
): Promise<SweepReport> {
  const before = deps.clock() - Math.max(SWEEP_MIN_AGE_MS, options.olderThanMs ?? SWEEP_MIN_AGE_MS);
  const orphans: ListedFile[] = [];
  let scanned = 0;
  let batch: ListedFile[] = [];
  const check = async () => {
    const named = await deps.store.media.namedKeys(batch.map((f) => f.key!));
    orphans.push(...batch.filter((f) => !named.has(f.key!)));
    batch = [];
  };
  for await (const file of deps.storage.list()) {
    scanned++;
    if (scanned % 1000 === 0) options.onProgress?.(scanned);
    if (file.modifiedAt >= before) continue;
    if (file.key === undefined) {
      // Only what a write of ours leaves: a stranger's file (not a key, not a temporary) stays.
      if (/(^|\/)\.tmp-[0-9a-f]+$/.test(file.name)) orphans.push(file);
      continue;
    }
    batch.push(file);
    if (batch.length >= BATCH) await check();
  }
  if (batch.length) await check();
  let removed = 0;
  if (options.remove) {
    for (const file of orphans) {
      await deps.storage.remove(file.name);
      removed++;
    }
  }
  return { scanned, orphans, bytes: orphans.reduce((n, f) => n + f.size, 0), removed };
}
