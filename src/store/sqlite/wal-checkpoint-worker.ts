/**
 * The thread of `startWalCheckpointer`: polls the write-ahead log's index and, once the log holds
 * `everyPages` pages not yet copied, runs a passive checkpoint on a connection of its own (which
 * never waits for the writer nor stops it). Ends when told, after the checkpoint it may be running.
 */
import fs from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { CheckpointRequest } from './wal-checkpointer.ts';

const request = workerData as CheckpointRequest;
let stopping = false;
parentPort!.on('message', () => {
  stopping = true;
});

const db = new Database(request.file);
// The writer's durability, not more: NORMAL syncs the log before a checkpoint and the database after.
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 0');
db.pragma('cache_size = -1024');
const shm = `${request.file}-shm`;
const header = Buffer.alloc(100);
const readUint32 = (offset: number) => (os.endianness() === 'LE' ? header.readUInt32LE(offset) : header.readUInt32BE(offset));

/**
 * Pages in the log not yet in the database, from the log's index (https://www.sqlite.org/walformat.html,
 * "The WAL-Index Header": `mxFrame` at byte 16, `nBackfill` at byte 96, native byte order), read
 * without a lock: a torn read only moves the next checkpoint. Unreadable: everything, as a guess.
 */
function uncopiedPages(fd: number): number {
  try {
    if (fs.readSync(fd, header, 0, header.length, 0) < header.length) return request.everyPages;
    return readUint32(16) - readUint32(96);
  } catch {
    return request.everyPages;
  }
}

const fd = fs.openSync(shm, 'r');
while (!stopping) {
  if (uncopiedPages(fd) >= request.everyPages) {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy (another checkpoint, a reset under way): the next poll tries again.
    }
  }
  await sleep(request.pollMs);
}
fs.closeSync(fd);
db.close();
parentPort!.close();
