import os from 'node:os';
import { ChunkWorker, type RepliesPort } from './chunk-worker.ts';
import { RelatedScanThreadStopped } from './errors.ts';
import type { GatherWeights } from './gather-candidates.ts';
import type { MemoryCandidateSource, SharedScanIndex } from './memory-candidate-source.ts';
import type { Candidate } from './types.ts';

/** What the scan worker starts with: the index's arrays (shared, not copied) and how many candidates a list gathers. */
export interface ScanWorkerData {
  readonly index: SharedScanIndex;
  readonly weights: GatherWeights;
}

/**
 * A chunk of articles to scan, by slot, with an answer's arrays given back for reuse; the first
 * message instead gives the port to answer on.
 */
export type ScanRequest = { readonly chunk: number; readonly slots: Int32Array; readonly reuse?: ScanBuffers } | RepliesPort;

/** An answer's arrays, each at its capacity: article k's candidates are from `offsets[k]` to `offsets[k + 1]`. */
export interface ScanBuffers {
  readonly offsets: Int32Array;
  readonly ids: Float64Array;
  readonly textScores: Float64Array;
}

/** A chunk's candidates: article k's are `ids` / `textScores` from `offsets[k]` to `offsets[k + 1]`. */
export interface ScanReply extends ScanBuffers {
  readonly chunk: number;
}

/**
 * Below this many articles a rebuild scans on its own thread: starting a worker and compiling
 * its scan costs about as much as a few thousand lists (docs/benchmarks.md, "eleventh pass").
 */
export const SCAN_THREAD_MIN_ARTICLES = 5_000;

/**
 * Whether a rebuild of `articles` articles should scan on a second thread: not on a single core,
 * nor for too few articles to pay for the worker.
 */
export function scanThreadPays(articles: number): boolean {
  return os.availableParallelism() >= 2 && articles >= SCAN_THREAD_MIN_ARTICLES;
}

/**
 * The worker's young generation: its garbage is each query's candidate objects, dead by the next
 * query, so a small one costs little; with the rebuild's 4 MB semi-spaces the list phase sat
 * 3–4 MB higher at 100,000 articles (docs/benchmarks.md, "eleventh pass").
 */
const SCAN_WORKER_LIMITS = { maxYoungGenerationSizeMb: 1 };

/**
 * A rebuild's candidate scans on a second core: a worker thread (`scan-worker.ts`) scans the next
 * chunk's articles over the index's shared arrays while the caller ranks and writes the current
 * one. The worker takes the first `share` articles of a chunk (`ChunkWorker`); the caller scans
 * the rest itself (`engine.related` as usual). The scan is exact whichever thread runs it, so the lists are the same as on one thread.
 * @example
 * const scans = ScanThread.start(engine.index, weights);
 * scans.request(0, firstIds);
 * const found = await scans.take(0); // found.candidates(k): those of firstIds[k], or undefined: scan it here
 */
export class ScanThread {
  readonly #worker: ChunkWorker<ScanRequest, ScanReply>;
  readonly #index: MemoryCandidateSource;
  readonly #asked = new Map<number, number>();
  // Arrays of answers read, sent back with the next request: the worker reuses them instead of
  // allocating three arrays a chunk that this thread frees. Allocated on one thread and freed on
  // the other, they may keep the process growing: at 100,000 articles, load 3–4, the list phase
  // rose from 282 to 350 MB; with the arrays reused it stayed flat in the two runs measured, at
  // 277–283 and at 317–326 MB (docs/benchmarks.md, "eleventh pass").
  #spare: ScanBuffers[] = [];
  // The arrays of the chunk taken last, which its caller may still be reading.
  #taken: ScanBuffers | undefined;

  private constructor(index: MemoryCandidateSource, weights: GatherWeights, share: number) {
    this.#index = index;
    const data: ScanWorkerData = { index: index.sharedScan(), weights: { candidatePool: weights.candidatePool, nearDuplicateCosine: weights.nearDuplicateCosine } };
    this.#worker = new ChunkWorker(import.meta.url, 'scan-worker', data, RelatedScanThreadStopped, share, { resourceLimits: SCAN_WORKER_LIMITS });
  }

  /** A scan thread; it starts by taking `share` articles of each chunk. */
  static start(index: MemoryCandidateSource, weights: GatherWeights, share: number): ScanThread {
    return new ScanThread(index, weights, share);
  }

  /** Asks the worker for the candidates of the first `share` of `ids` (chunk numbers must be distinct). */
  request(chunk: number, ids: readonly number[]): void {
    const n = Math.min(this.#worker.share, ids.length);
    const slots = new Int32Array(n);
    for (let k = 0; k < n; k++) slots[k] = this.#index.slotOf(ids[k]!);
    this.#asked.set(chunk, n);
    const reuse = this.#spare.pop();
    const moved = reuse ? [reuse.offsets.buffer, reuse.ids.buffer, reuse.textScores.buffer] : [];
    this.#worker.post({ chunk, slots, reuse }, [slots.buffer, ...(moved as ArrayBuffer[])]);
  }

  /**
   * The candidates of a requested chunk, article by article as requested (`ScannedChunk`). Its
   * arrays go back to the worker with the request after the next `take`: read a chunk before
   * taking the next.
   */
  async take(chunk: number): Promise<ScannedChunk> {
    const reply = await this.#worker.take(chunk);
    const asked = this.#asked.get(chunk) ?? 0;
    this.#asked.delete(chunk);
    if (this.#taken) this.#spare.push(this.#taken);
    this.#taken = reply;
    return new ScannedChunk(reply, asked);
  }

  /** Stops the worker (after the last chunk, or on a failure). */
  async close(): Promise<void> {
    await this.#worker.close();
  }
}

/**
 * One chunk's answer: article k's candidates are made as `Candidate` objects when asked for, one
 * article at a time, so that they die young. Made for the whole chunk up front (30,000 objects at
 * a time), they outlived the young generation while the chunk was ranked and were copied and
 * promoted (docs/benchmarks.md, "twelfth pass").
 */
export class ScannedChunk {
  readonly #buffers: ScanBuffers;
  readonly #asked: number;

  constructor(buffers: ScanBuffers, asked: number) {
    this.#buffers = buffers;
    this.#asked = asked;
  }

  /** The candidates of the chunk's article `k`, best first; `undefined` when the worker was not given it. */
  candidates(k: number): Candidate[] | undefined {
    if (k >= this.#asked) return undefined;
    const { offsets, ids, textScores } = this.#buffers;
    const found: Candidate[] = [];
    for (let j = offsets[k]!; j < offsets[k + 1]!; j++) found.push({ id: ids[j]!, textScore: textScores[j]! });
    return found;
  }
}
