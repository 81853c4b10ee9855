import { startModuleWorker } from '../lib/module-worker.ts';
import type { DirectorySnapshot } from '../tagging/index.ts';
import { ImportWorkerStopped } from './errors.ts';
import type { SourceRecord } from './import-records.ts';

/** What the worker is started with (plain data: it crosses the thread boundary). */
export interface PrepareRequest {
  readonly file: string;
  readonly maxLineSize: number;
  readonly chunkSize: number;
  /** The directory the worker cleans legacy ids and tags against; the tagging stage uses its tags while the directory is still at this version. */
  readonly directory: DirectorySnapshot;
}

/** One message of the worker: the next records in file order, and how far into the file they reach. */
export interface PreparedChunk {
  readonly records: SourceRecord[];
  readonly bytesRead: number;
  readonly done: boolean;
}

/**
 * Chunks the worker may hold prepared beyond the one being saved: two keep it busy through a
 * save's pauses, and bound memory to three chunks of records.
 */
const AHEAD = 2;

/**
 * The records of a JSONL file, read, validated, cleaned and prepared on a worker thread while the
 * caller saves the ones before (the machine's second core). The same records as `jsonlRecords`
 * over the file with `directory`'s legacy-id clean-up, each with what `prepareArticle` works out.
 * `onBytes` is told how far into the file the worker has read, with each chunk.
 */
export async function* preparedJsonlRecords(request: PrepareRequest, onBytes: (bytesRead: number) => void): AsyncGenerator<SourceRecord> {
  const worker = startModuleWorker(import.meta.url, 'prepare-worker', request);
  const chunks: PreparedChunk[] = [];
  let failure: unknown;
  let exited = false;
  let wake: (() => void) | undefined;
  const wakeUp = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (chunk: PreparedChunk) => {
    chunks.push(chunk);
    wakeUp();
  });
  worker.on('error', (err) => {
    failure = err;
    wakeUp();
  });
  worker.on('exit', () => {
    exited = true;
    wakeUp();
  });
  worker.postMessage({ credit: AHEAD });
  try {
    for (;;) {
      while (!chunks.length && failure === undefined && !exited) await new Promise<void>((resolve) => (wake = resolve));
      if (failure !== undefined) throw failure;
      const chunk = chunks.shift();
      // Ended without its last chunk: the rest of the file would be lost without a word.
      if (!chunk) throw ImportWorkerStopped(request.file);
      if (!chunk.done) worker.postMessage({ credit: 1 });
      onBytes(chunk.bytesRead);
      yield* chunk.records;
      if (chunk.done) return;
    }
  } finally {
    await worker.terminate();
  }
}
