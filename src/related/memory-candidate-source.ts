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
  #postSlots: Int32Array[] = [];
  #postWeights: Uint16Array[] = [];
  #postCount: number[] = [];
  #postTotal = 0;
  // Query scratch space, reused: a score per slot, all 0 between queries.
  #scores: Float64Array;

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
      if (weight > 0) this.#pushPosting(term, slot, weight);
    }
  }

  /** Same as `add`: the article's old postings are removed first. */
  update(id: number, sig: Signature): void {
    this.add(id, sig);
  }

  /** Unindexes an article; false if it was not indexed. */
  remove(id: number): boolean {
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
    const lists = this.#queryLists(sig);
    let postings = 0;
    for (const { term } of lists) postings += this.#postCount[term]!;
    // CASE: common terms touch most articles; then a dense pass over all slots beats tracking them.
    if (postings > this.#highWater >> 1) {
      const scores = this.#scores;
      for (const { term, qw } of lists) {
        const slots = this.#postSlots[term]!;
        const weights = this.#postWeights[term]!;
        const count = this.#postCount[term]!;
        for (let j = 0; j < count; j++) scores[slots[j]!]! += qw * weights[j]!;
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
    for (const { term, qw } of lists) {
      const slots = this.#postSlots[term]!;
      const weights = this.#postWeights[term]!;
      const count = this.#postCount[term]!;
      for (let j = 0; j < count; j++) {
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



  /** Gives back the spare capacity of every postings list (after a bulk load). */
  compact(): void {
    for (let t = 0; t < this.#postSlots.length; t++) {
      const count = Math.max(MIN_POSTINGS, this.#postCount[t]!);
      if (this.#postSlots[t]!.length > count) {
        this.#postSlots[t] = this.#postSlots[t]!.slice(0, count);
        this.#postWeights[t] = this.#postWeights[t]!.slice(0, count);
      }
    }
  }

  footprint(): CandidateSourceFootprint {
    let bytes =
      this.#slotIds.byteLength +
      this.#rowLength.byteLength +
      this.#rowTerms.byteLength +
      this.#rowWeights.byteLength +
      this.#scores.byteLength;
    for (let t = 0; t < this.#postSlots.length; t++) {
      bytes += this.#postSlots[t]!.byteLength + this.#postWeights[t]!.byteLength;
    }
    return { articles: this.size, terms: this.#termNames.length, postings: this.#postTotal, bytes };
  }

  // Best `limit` slots (all of them, or those touched) by score, best first, ties to the smaller
  // id, through a min-heap of the best so far. Scores are in fixed-point units squared until
  // `#candidatesOf`.
  #top(touched: readonly number[] | undefined, limit: number, excluded: number | undefined): number[] {
    const scores = this.#scores;
    const ids = this.#slotIds;
    const heap: number[] = [];
    // a ranks below b: lower score, or the same score and a larger id.
    const below = (a: number, b: number) => scores[a]! < scores[b]! || (scores[a] === scores[b] && ids[a]! > ids[b]!);
    const n = touched ? touched.length : this.#highWater;
    for (let k = 0; k < n; k++) {
      const slot = touched ? touched[k]! : k;
      const score = scores[slot]!;
      if (!(score > 0) || slot === excluded) continue;
      if (heap.length < limit) {
        heap.push(slot);
        let i = heap.length - 1;
        while (i > 0) {
          const p = (i - 1) >> 1;
          if (!below(heap[i]!, heap[p]!)) break;
          [heap[i], heap[p]] = [heap[p]!, heap[i]!];
          i = p;
        }
      } else if (score >= scores[heap[0]!]! && below(heap[0]!, slot)) {
        heap[0] = slot;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < heap.length && below(heap[l]!, heap[m]!)) m = l;
          if (r < heap.length && below(heap[r]!, heap[m]!)) m = r;
          if (m === i) break;
          [heap[i], heap[m]] = [heap[m]!, heap[i]!];
          i = m;
        }
      }
    }
    heap.sort((a, b) => (below(a, b) ? 1 : below(b, a) ? -1 : 0));
    return heap;
  }

  #intern(term: string): number {
    let id = this.#termIds.get(term);
    if (id === undefined) {
      id = this.#termNames.length;
      this.#termIds.set(term, id);
      this.#termNames.push(term);
      this.#postSlots.push(new Int32Array(MIN_POSTINGS));
      this.#postWeights.push(new Uint16Array(MIN_POSTINGS));
      this.#postCount.push(0);
    }
    return id;
  }

  #pushPosting(term: number, slot: number, weight: number): void {
    let slots = this.#postSlots[term]!;
    let weights = this.#postWeights[term]!;
    const count = this.#postCount[term]!;
    if (count === slots.length) {
      const size = slots.length + Math.max(MIN_POSTINGS, slots.length >> 1);
      const grownSlots = new Int32Array(size);
      const grownWeights = new Uint16Array(size);
      grownSlots.set(slots);
      grownWeights.set(weights);
      this.#postSlots[term] = slots = grownSlots;
      this.#postWeights[term] = weights = grownWeights;
    }
    slots[count] = slot;
    weights[count] = weight;
    this.#postCount[term] = count + 1;
    this.#postTotal++;
  }

  #removePosting(term: number, slot: number): void {
    const slots = this.#postSlots[term]!;
    const weights = this.#postWeights[term]!;
    const last = this.#postCount[term]! - 1;
    const j = slots.lastIndexOf(slot, last);
    if (j < 0) return;
    // Order inside a postings list is irrelevant: move the last posting into the hole.
    slots[j] = slots[last]!;
    weights[j] = weights[last]!;
    this.#postCount[term] = last;
    this.#postTotal--;
    if (slots.length > 4 * MIN_POSTINGS && last <= slots.length >> 2) {
      this.#postSlots[term] = slots.slice(0, slots.length >> 1);
      this.#postWeights[term] = weights.slice(0, slots.length >> 1);
    }
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
