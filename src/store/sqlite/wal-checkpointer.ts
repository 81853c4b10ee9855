import { once } from 'node:events';
import { startModuleWorker } from '../../lib/module-worker.ts';

/** What the checkpoint thread is started with (plain data: it crosses the thread boundary). */
export interface CheckpointRequest {
  /** The database file (its write-ahead log is `FILE-wal`, the log's index `FILE-shm`). */
  readonly file: string;
  /** Checkpoint once the log holds this many pages not yet copied into the database. */
  readonly everyPages: number;
  /** How often the log's index is looked at, ms. */
  readonly pollMs: number;
}

export interface WalCheckpointer {
  /** Ends the thread after the checkpoint it may be running. */
  stop(): Promise<void>;
}

/**
 * Copies a bulk write's write-ahead log into the database on a thread of its own, with its own
 * connection, while the writer goes on: SQLite lets a checkpoint run beside a write transaction
 * (it copies the committed pages; the writer appends after them). Otherwise the writer's commit
 * runs the whole checkpoint itself (`wal_autocheckpoint`): it reads the log back, writes the pages
 * and waits for two fsyncs, time the writing thread — the clock of an import — does nothing else.
 * The writer's own checkpoint is still needed, less often, to reset the log (see `Store.bulkWrites`).
 * Durability is SQLite's: every commit is in the log before the checkpoint copies it.
 * @example const checkpointer = startWalCheckpointer({ file: 'site.db', everyPages: 16_384, pollMs: 20 }); …; await checkpointer.stop();
 */
export function startWalCheckpointer(request: CheckpointRequest): WalCheckpointer {
  const worker = startModuleWorker(import.meta.url, 'wal-checkpoint-worker', request);
  // A failure leaves the writer's own (spaced) checkpoints to do the work: nothing is lost.
  worker.on('error', () => {});
  const exited = once(worker, 'exit');
  return {
    async stop() {
      worker.postMessage('stop');
      await exited;
    },
  };
}
