/**
 * An in-memory inverted index of signature terms: the `CandidateSource` for tests, the eval and
 * full rebuilds.
 *
 * Layout, chosen for scan speed and size: a term's postings are two parallel typed arrays, article
 * slots (`Int32Array`) and weights (`Uint16Array`, the signature's 16-bit fixed-point weights), so a
 * query reads them sequentially (about 5× faster than looking weights up per article). Each article
 * also owns a fixed-width row of (term id, weight) for removal and `signature()`. That is 12 bytes
 * per (article, term): 100,000 articles × 60 terms take about 72 MB.
 */
import { DEFAULT_SIGNATURE_OPTIONS, toFixedWeight, WEIGHT_SCALE } from './signature.ts';
import type { Candidate, CandidateSource, Signature } from './types.ts';

const MIN_POSTINGS = 4;
const WEIGHT_SCALE_SQUARED = WEIGHT_SCALE * WEIGHT_SCALE;

/** Sizes of the index; `bytes` counts its typed arrays (not the term dictionary's strings). */
export interface CandidateSourceFootprint {
  readonly articles: number;
  readonly terms: number;
  readonly postings: number;
  readonly bytes: number;
}

export interface MemoryCandidateSourceOptions {
  /** Terms per article row; grows by itself when a longer signature arrives. */
  readonly width?: number;
  /** Article slots allocated up front; grows by half again when full. */
  readonly initialCapacity?: number;
}

/**
 * @example
 * const index = new MemoryCandidateSource();
 * index.add(1, sigA);
 * index.add(2, sigB);
 * index.candidates(sigA, 10, 1); // [{ id: 2, textScore: 0.42 }]
 */
export class MemoryCandidateSource implements CandidateSource {
  #width: number;
  #capacity: number;
  #highWater = 0;
  #free: number[] = [];
  #slotOf = new Map<number, number>();
  #slotIds: Float64Array;
  #rowLength: Int32Array;
  #rowTerms: Int32Array;
  #rowWeights: Uint16Array;
  #termIds = new Map<string, number>();
  #termNames: string[] = [];
  // Every term's postings in one pool (two parallel typed arrays), each list a segment of it:
  // starting at `#postStart[term]`, `#postCount` used of `#postCap`. One object per term's list
  // cost about 200 bytes of heap at 70,000 terms (`compact` packs the pool again after changes).
  #poolSlots = new Int32Array(1024);
  #poolWeights = new Uint16Array(1024);
  #poolEnd = 0;
  #postStart = new Int32Array(256);
  #postCount = new Int32Array(256);
  #postCap = new Int32Array(256);
  #postTotal = 0;
  // A bulk load into an empty index writes rows only; `compact` then builds every postings list at
  // its final size (see `deferPostings`).
  #deferred = false;
  // Query scratch space, reused: a score per slot, all 0 between queries, and the best-so-far heap.
  #scores: Float64Array;
  #heap = new Int32Array(64);

  constructor(opts: MemoryCandidateSourceOptions = {}) {
    this.#width = Math.max(1, opts.width ?? DEFAULT_SIGNATURE_OPTIONS.maxTerms);
    this.#capacity = Math.max(16, opts.initialCapacity ?? 1024);
    this.#slotIds = new Float64Array(this.#capacity);
    this.#rowLength = new Int32Array(this.#capacity);
    this.#rowTerms = new Int32Array(this.#capacity * this.#width);
    this.#rowWeights = new Uint16Array(this.#capacity * this.#width);
    this.#scores = new Float64Array(this.#capacity);
  }

  /** Number of articles indexed. */
  get size(): number {
    return this.#slotOf.size;
  }

  has(id: number): boolean {
    return this.#slotOf.has(id);
  }

  /** Makes room for `articles` articles at once (a bulk load knows its size). */
  reserve(articles: number): void {
    if (articles > this.#capacity) this.#resize(articles, this.#width);
  }

  /**
   * For a bulk load into an empty index: until `compact`, `add` writes each article's row only, and
   * `compact` then counts every term's postings from the rows and fills each list once, at its
   * final size. Pushed one by one, the lists regrow by half again each time they fill, and the
   * outgrown arrays (about twice the index, 75 MB at 100,000 articles) wait for the collector.
   * Queries before `compact` build the lists first.
   */
  deferPostings(): void {
    if (this.#slotOf.size === 0) this.#deferred = true;
  }

  /**
   * Indexes an article's signature, replacing the one it had. Weights are kept in 16-bit fixed point
   * (`buildSignature` makes them so already; other weights are rounded to the nearest 1/65535).
   */
  add(id: number, sig: Signature): void {
    if (this.#slotOf.has(id)) this.remove(id);
    const n = sig.terms.length;
    if (n > this.#width) this.#resize(this.#capacity, n);
    const slot = this.#free.pop() ?? this.#allocate();
    this.#slotOf.set(id, slot);
    this.#slotIds[slot] = id;
    this.#rowLength[slot] = n;
    const base = slot * this.#width;
    for (let i = 0; i < n; i++) {
      const term = this.#intern(sig.terms[i]!);
      const weight = toFixedWeight(sig.weights[i]!);
      this.#rowTerms[base + i] = term;
      this.#rowWeights[base + i] = weight;
      // A zero weight adds nothing to any score (and scores rely on every posting adding some).
      if (weight > 0 && !this.#deferred) this.#pushPosting(term, slot, weight);
    }
  }

  /** Same as `add`: the article's old postings are removed first. */
  update(id: number, sig: Signature): void {
    this.add(id, sig);
  }

  /** Unindexes an article; false if it was not indexed. */
  remove(id: number): boolean {
    this.#buildDeferred();
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return false;
    const base = slot * this.#width;
    const n = this.#rowLength[slot]!;
    for (let i = 0; i < n; i++) this.#removePosting(this.#rowTerms[base + i]!, slot);
    this.#rowLength[slot] = 0;
    this.#slotOf.delete(id);
    this.#free.push(slot);
    return true;
  }

  /** The signature indexed for an article (terms and weights, no surface forms), or undefined. */
  signature(id: number): Signature | undefined {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return undefined;
    const base = slot * this.#width;
    const n = this.#rowLength[slot]!;
    const terms: string[] = new Array(n);
    const weights = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      terms[i] = this.#termNames[this.#rowTerms[base + i]!]!;
      weights[i] = this.#rowWeights[base + i]! / WEIGHT_SCALE;
    }
    return { terms, weights };
  }

  candidates(sig: Signature, limit: number, excludeId: number): Candidate[] {
    if (limit <= 0) return [];
    this.#buildDeferred();
    const lists = this.#queryLists(sig);
    let postings = 0;
    for (const { term } of lists) postings += this.#postCount[term]!;
    // CASE: common terms touch most articles; then a dense pass over all slots beats tracking them.
    if (postings > this.#highWater >> 1) {
      const scores = this.#scores;
      const slots = this.#poolSlots;
      const weights = this.#poolWeights;
      for (const { term, qw } of lists) {
        const end = this.#postStart[term]! + this.#postCount[term]!;
        for (let j = this.#postStart[term]!; j < end; j++) scores[slots[j]!]! += qw * weights[j]!;
      }
      const found = this.#candidatesOf(this.#top(undefined, limit, this.#slotOf.get(excludeId)));
      scores.fill(0, 0, this.#highWater);
      return found;
    }
    const touched = this.#accumulate(lists);
    const found = this.#candidatesOf(this.#top(touched, limit, this.#slotOf.get(excludeId)));
    this.#clear(touched);
    return found;
  }

  // The query's indexed terms with their fixed-point weights (integers: every sum of products is
  // then an exact integer, whatever its order, and equal to the one SQL computes).
  #queryLists(sig: Signature): { term: number; qw: number }[] {
    const lists: { term: number; qw: number }[] = [];
    for (let i = 0; i < sig.terms.length; i++) {
      const term = this.#termIds.get(sig.terms[i]!);
      const qw = toFixedWeight(sig.weights[i]!);
      if (term !== undefined && qw > 0) lists.push({ term, qw });
    }
    return lists;
  }

  // Sums every list's postings into `#scores`; the slots touched. Scores are 0 between queries
  // (`#clear`), and every posting adds a positive product, so a slot is new exactly when its
  // score is still 0: no second array marking them, read at random for each posting.
  #accumulate(lists: readonly { term: number; qw: number }[]): number[] {
    const scores = this.#scores;
    const touched: number[] = [];
    const slots = this.#poolSlots;
    const weights = this.#poolWeights;
    for (const { term, qw } of lists) {
      const end = this.#postStart[term]! + this.#postCount[term]!;
      for (let j = this.#postStart[term]!; j < end; j++) {
        const slot = slots[j]!;
        if (scores[slot] === 0) touched.push(slot);
        scores[slot]! += qw * weights[j]!;
      }
    }
    return touched;
  }

  #clear(touched: readonly number[]): void {
    for (const slot of touched) this.#scores[slot] = 0;
  }

  #candidatesOf(slots: readonly number[]): Candidate[] {
    return slots.map((slot) => ({ id: this.#slotIds[slot]!, textScore: this.#scores[slot]! / WEIGHT_SCALE_SQUARED }));
  }



  /** Packs the postings pool, every list at its length (after a bulk load), or builds it (`deferPostings`). */
  compact(): void {
    if (this.#buildDeferred()) return;
    const terms = this.#termNames.length;
    const slots = new Int32Array(Math.max(1, this.#postTotal));
    const weights = new Uint16Array(slots.length);
    let at = 0;
    for (let t = 0; t < terms; t++) {
      const start = this.#postStart[t]!;
      const count = this.#postCount[t]!;
      slots.set(this.#poolSlots.subarray(start, start + count), at);
      weights.set(this.#poolWeights.subarray(start, start + count), at);
      this.#postStart[t] = at;
      this.#postCap[t] = count;
      at += count;
    }
    this.#poolSlots = slots;
    this.#poolWeights = weights;
    this.#poolEnd = at;
  }

  // The postings lists of a deferred bulk load, from the rows: each term's count, then each list
  // filled in slot order (the order `add` would have pushed them in). True if it built them.
  #buildDeferred(): boolean {
    if (!this.#deferred) return false;
    this.#deferred = false;
    const terms = this.#termNames.length;
    const width = this.#width;
    const counts = this.#postCount;
    counts.fill(0);
    let total = 0;
    for (let slot = 0; slot < this.#highWater; slot++) {
      const base = slot * width;
      const n = this.#rowLength[slot]!;
      for (let i = 0; i < n; i++) {
        if (this.#rowWeights[base + i]! > 0) {
          counts[this.#rowTerms[base + i]!]!++;
          total++;
        }
      }
    }
    let at = 0;
    for (let t = 0; t < terms; t++) {
      this.#postStart[t] = at;
      this.#postCap[t] = counts[t]!;
      at += counts[t]!;
      counts[t] = 0;
    }
    this.#poolSlots = new Int32Array(Math.max(1, total));
    this.#poolWeights = new Uint16Array(this.#poolSlots.length);
    this.#poolEnd = total;
    for (let slot = 0; slot < this.#highWater; slot++) {
      const base = slot * width;
      const n = this.#rowLength[slot]!;
      for (let i = 0; i < n; i++) {
        const weight = this.#rowWeights[base + i]!;
        if (weight === 0) continue;
        const term = this.#rowTerms[base + i]!;
        const j = this.#postStart[term]! + counts[term]!++;
        this.#poolSlots[j] = slot;
        this.#poolWeights[j] = weight;
      }
    }
    this.#postTotal = total;
    return true;
  }

  footprint(): CandidateSourceFootprint {
    let bytes =
      this.#slotIds.byteLength +
      this.#rowLength.byteLength +
      this.#rowTerms.byteLength +
      this.#rowWeights.byteLength +
      this.#scores.byteLength;
    bytes += this.#poolSlots.byteLength + this.#poolWeights.byteLength;
    bytes += this.#postStart.byteLength + this.#postCount.byteLength + this.#postCap.byteLength;
    return { articles: this.size, terms: this.#termNames.length, postings: this.#postTotal, bytes };
  }

  // Best `limit` slots (all of them, or those touched) by score, best first, ties to the smaller
  // id, through a min-heap of the best so far. Scores are in fixed-point units squared until
  // `#candidatesOf`. Written for speed (the dense path visits every slot of the archive for each
  // list, 100,000 at 100,000 articles): the heap is a reused typed array and the weakest kept
  // score a local, so almost every slot costs one load and one comparison.
  #top(touched: readonly number[] | undefined, limit: number, excluded: number | undefined): number[] {
    const scores = this.#scores;
    const ids = this.#slotIds;
    if (this.#heap.length < limit) this.#heap = new Int32Array(limit);
    const heap = this.#heap;
    const skip = excluded ?? -1;
    let size = 0;
    // The weakest kept slot's score once the heap is full; until then every positive score enters.
    let floor = Number.POSITIVE_INFINITY;
    const n = touched ? touched.length : this.#highWater;
    for (let k = 0; k < n; k++) {
      const slot = touched ? touched[k]! : k;
      const score = scores[slot]!;
      if (score < floor && size === limit) continue;
      if (!(score > 0) || slot === skip) continue;
      if (size < limit) {
        size = siftUp(heap, size, slot, scores, ids);
        if (size === limit) floor = scores[heap[0]!]!;
        continue;
      }
      // Equal to the weakest: enters only with a smaller id.
      const weakest = heap[0]!;
      if (score === floor && ids[slot]! > ids[weakest]!) continue;
      siftDown(heap, size, slot, scores, ids);
      floor = scores[heap[0]!]!;
    }
    const best = Array.from(heap.subarray(0, size));
    best.sort((a, b) => scores[b]! - scores[a]! || ids[a]! - ids[b]!);
    return best;
  }

  #intern(term: string): number {
    let id = this.#termIds.get(term);
    if (id === undefined) {
      id = this.#termNames.length;
      this.#termIds.set(term, id);
      this.#termNames.push(term);
      if (id === this.#postStart.length) {
        this.#postStart = grown(this.#postStart);
        this.#postCount = grown(this.#postCount);
        this.#postCap = grown(this.#postCap);
      }
      this.#postStart[id] = this.#poolEnd;
      this.#postCount[id] = 0;
      this.#postCap[id] = 0;
    }
    return id;
  }

  #pushPosting(term: number, slot: number, weight: number): void {
    const count = this.#postCount[term]!;
    if (count === this.#postCap[term]!) this.#relocate(term, count + Math.max(MIN_POSTINGS, count >> 1));
    const j = this.#postStart[term]! + count;
    this.#poolSlots[j] = slot;
    this.#poolWeights[j] = weight;
    this.#postCount[term] = count + 1;
    this.#postTotal++;
  }

  // Moves a full list to the end of the pool with room for `cap` postings; its old segment stays
  // unused until `compact`.
  #relocate(term: number, cap: number): void {
    const need = this.#poolEnd + cap;
    if (need > this.#poolSlots.length) {
      const size = Math.max(need, this.#poolSlots.length + (this.#poolSlots.length >> 1));
      const slots = new Int32Array(size);
      const weights = new Uint16Array(size);
      slots.set(this.#poolSlots.subarray(0, this.#poolEnd));
      weights.set(this.#poolWeights.subarray(0, this.#poolEnd));
      this.#poolSlots = slots;
      this.#poolWeights = weights;
    }
    const start = this.#postStart[term]!;
    const count = this.#postCount[term]!;
    this.#poolSlots.copyWithin(this.#poolEnd, start, start + count);
    this.#poolWeights.copyWithin(this.#poolEnd, start, start + count);
    this.#postStart[term] = this.#poolEnd;
    this.#postCap[term] = cap;
    this.#poolEnd += cap;
  }

  #removePosting(term: number, slot: number): void {
    const start = this.#postStart[term]!;
    const last = start + this.#postCount[term]! - 1;
    let j = last;
    while (j >= start && this.#poolSlots[j] !== slot) j--;
    if (j < start) return;
    // Order inside a postings list is irrelevant: move the last posting into the hole.
    this.#poolSlots[j] = this.#poolSlots[last]!;
    this.#poolWeights[j] = this.#poolWeights[last]!;
    this.#postCount[term] = last - start;
    this.#postTotal--;
  }

  #allocate(): number {
    if (this.#highWater === this.#capacity) this.#resize(this.#capacity + (this.#capacity >> 1), this.#width);
    return this.#highWater++;
  }

  #resize(capacity: number, width: number): void {
    if (width !== this.#width || capacity !== this.#capacity) {
      const rowTerms = new Int32Array(capacity * width);
      const rowWeights = new Uint16Array(capacity * width);
      for (let s = 0; s < this.#highWater; s++) {
        const from = s * this.#width;
        const n = this.#rowLength[s]!;
        rowTerms.set(this.#rowTerms.subarray(from, from + n), s * width);
        rowWeights.set(this.#rowWeights.subarray(from, from + n), s * width);
      }
      this.#rowTerms = rowTerms;
      this.#rowWeights = rowWeights;
      this.#width = width;
    }
    if (capacity !== this.#capacity) {
      const slotIds = new Float64Array(capacity);
      slotIds.set(this.#slotIds);
      const rowLength = new Int32Array(capacity);
      rowLength.set(this.#rowLength);
      this.#slotIds = slotIds;
      this.#rowLength = rowLength;
      this.#scores = new Float64Array(capacity);
      this.#capacity = capacity;
    }
  }
}

// The heap of `#top`: a min-heap of slots, the root the weakest (lowest score, then largest id).
function below(a: number, b: number, scores: Float64Array, ids: Float64Array): boolean {
  const sa = scores[a]!;
  const sb = scores[b]!;
  return sa < sb || (sa === sb && ids[a]! > ids[b]!);
}

/** Adds `slot` to a heap of `size`; the new size. */
function siftUp(heap: Int32Array, size: number, slot: number, scores: Float64Array, ids: Float64Array): number {
  let i = size;
  heap[i] = slot;
  while (i > 0) {
    const p = (i - 1) >> 1;
    const parent = heap[p]!;
    if (!below(slot, parent, scores, ids)) break;
    heap[i] = parent;
    i = p;
  }
  heap[i] = slot;
  return size + 1;
}

/** Replaces the root of a full heap with `slot`. */
function siftDown(heap: Int32Array, size: number, slot: number, scores: Float64Array, ids: Float64Array): void {
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) break;
    const r = l + 1;
    const m = r < size && below(heap[r]!, heap[l]!, scores, ids) ? r : l;
    if (!below(heap[m]!, slot, scores, ids)) break;
    heap[i] = heap[m]!;
    i = m;
  }
  heap[i] = slot;
}

/** The same typed array at twice the length, contents kept. */
function grown(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
