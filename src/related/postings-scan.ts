/**
 * The candidate scan of `MemoryCandidateSource`, over typed arrays only: the postings pool, each
 * term's segment of it, and the slots' article ids. Kept apart from the index (no dictionary, no
 * strings, no text analysis) so that a worker thread can scan an index whose arrays sit
 * in SharedArrayBuffers without loading the rest of the engine (`scan-worker.ts`).
 */
import { WEIGHT_SCALE_SQUARED } from './fixed-weight.ts';
import { ScanKernel, type ScanMemory } from './scan-kernel.ts';
import { TopSlots } from './top-slots.ts';
import type { Candidate } from './types.ts';

/** What a scan reads of an index: every term's postings in one pool, and the slots' article ids. */
export interface PostingsPool {
  /** The postings' article slots, each term's list a segment of the pool. */
  readonly slots: Int32Array;
  /** The postings' fixed-point weights (1…65535), beside `slots`. */
  readonly weights: Uint16Array;
  /** A term's segment: from `start[term]`, `count[term]` postings. */
  readonly start: Int32Array;
  readonly count: Int32Array;
  /** Article id by slot (ties go to the smaller id). */
  readonly slotIds: Float64Array;
  /** Slots in use: `0 … highWater - 1`. */
  readonly highWater: number;
  /** The WebAssembly memory `slots`, `weights` and `slotIds` lie in, when they do: dense queries then run in the kernel. */
  readonly kernel?: ScanMemory | undefined;
}

/**
 * Scratch space for queries, reused from one to the next: a score per slot (all 0 between
 * queries), the slots a sparse query touched, the query's term ids and fixed-point weights, and
 * the best-so-far heap. Several may share a thread; each thread scanning a pool in a `ScanMemory`
 * gives its own `region` (the kernel's scratch there).
 * @example
 * scan.begin(60); scan.term(17, 40_000); …
 * scan.candidates(pool, 60, ownSlot); // [{ id: 42, textScore: 0.31 }, …] best first
 */
export class PostingsScan {
  #scores = new Float64Array(0);
  #touched = new Int32Array(0);
  #queryTerm = new Int32Array(64);
  #queryWeight = new Float64Array(64);
  #terms = 0;
  #top = new TopSlots();
  readonly #region: number;
  #kernelMemory: ScanMemory | undefined;
  #kernel: ScanKernel | undefined;

  /** A scan for this thread; `region` is this thread's scratch in a pool's `ScanMemory` (0 … `SCAN_REGIONS` - 1). */
  constructor(region = 0) {
    this.#region = region;
  }

  /** Starts a query of at most `terms` terms. */
  begin(terms: number): void {
    if (this.#queryTerm.length < terms) {
      this.#queryTerm = new Int32Array(terms);
      this.#queryWeight = new Float64Array(terms);
    }
    this.#terms = 0;
  }

  /**
   * Adds a query term with its fixed-point weight (an integer: every sum of products is then an
   * exact integer, whatever its order, and equal to the one SQL computes).
   */
  term(term: number, fixedWeight: number): void {
    this.#queryTerm[this.#terms] = term;
    this.#queryWeight[this.#terms++] = fixedWeight;
  }

  /** The query's `limit` best articles in `pool` (never the slot `skip`) and their text scores, best first. */
  candidates(pool: PostingsPool, limit: number, skip: number): Candidate[] {
    return this.#best(pool, limit, skip).map(({ slot, score }) => ({ id: pool.slotIds[slot]!, textScore: score / WEIGHT_SCALE_SQUARED }));
  }

  // The query's `limit` best slots in `pool` (never `skip`), with their fixed-point scores, best first.
  #best(pool: PostingsPool, limit: number, skip: number): { slot: number; score: number }[] {
    if (this.#scores.length < pool.slotIds.length) {
      this.#scores = new Float64Array(pool.slotIds.length);
      this.#touched = new Int32Array(pool.slotIds.length);
    }
    let postings = 0;
    for (let q = 0; q < this.#terms; q++) postings += pool.count[this.#queryTerm[q]!]!;
    // CASE: common terms touch a large part of the archive; then one pass over every slot costs
    // less than tracking the slots touched (measured at 100,000 articles: a quarter, not a half,
    // is where the two paths cost the same).
    if (postings > pool.highWater >> 2) {
      const fromKernel = this.#kernelFor(pool)?.best(pool.start, pool.count, pool.highWater, this.#queryTerm, this.#queryWeight, this.#terms, limit, skip);
      if (fromKernel) return fromKernel;
      this.#accumulateAll(pool);
      const found = this.#top.best(this.#scores, undefined, pool.highWater, limit, skip, pool.slotIds);
      this.#scores.fill(0, 0, pool.highWater);
      return found;
    }
    const touched = this.#accumulateTouched(pool);
    const found = this.#top.best(this.#scores, this.#touched, touched, limit, skip, pool.slotIds);
    for (let k = 0; k < touched; k++) this.#scores[this.#touched[k]!] = 0;
    return found;
  }

  // The kernel over `pool`'s memory in this thread's region, attached once per memory.
  #kernelFor(pool: PostingsPool): ScanKernel | undefined {
    if (pool.kernel !== this.#kernelMemory) {
      this.#kernelMemory = pool.kernel;
      this.#kernel = pool.kernel && ScanKernel.attach(pool.kernel, this.#region);
    }
    return this.#kernel;
  }

  // Sums every query term's postings into `#scores`.
  #accumulateAll(pool: PostingsPool): void {
    const scores = this.#scores;
    const { slots, weights, start, count } = pool;
    for (let q = 0; q < this.#terms; q++) {
      const term = this.#queryTerm[q]!;
      const qw = this.#queryWeight[q]!;
      const end = start[term]! + count[term]!;
      for (let j = start[term]!; j < end; j++) scores[slots[j]!]! += qw * weights[j]!;
    }
  }

  // `#accumulateAll`, also listing the slots touched in `#touched`; how many. Scores are 0 between
  // queries, and every posting adds a positive product, so a slot is new exactly when its score is
  // still 0: no second array marking them, read at random for each posting.
  #accumulateTouched(pool: PostingsPool): number {
    const scores = this.#scores;
    const touched = this.#touched;
    const { slots, weights, start, count } = pool;
    let m = 0;
    for (let q = 0; q < this.#terms; q++) {
      const term = this.#queryTerm[q]!;
      const qw = this.#queryWeight[q]!;
      const end = start[term]! + count[term]!;
      for (let j = start[term]!; j < end; j++) {
        const slot = slots[j]!;
        const score = scores[slot]!;
        if (score === 0) touched[m++] = slot;
        scores[slot] = score + qw * weights[j]!;
      }
    }
    return m;
  }
}
