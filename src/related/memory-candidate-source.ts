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
import { grown } from '../lib/typed-arrays.ts';
import { IndexedSignature } from './indexed-signature.ts';
import { type PostingsPool, PostingsScan } from './postings-scan.ts';
import { createScanMemory, type ScanMemory, scanMemoryArrays } from './scan-kernel.ts';
import { DEFAULT_SIGNATURE_OPTIONS, toFixedWeight, WEIGHT_SCALE } from './signature.ts';
import type { Candidate, CandidateSource, Signature } from './types.ts';

const MIN_POSTINGS = 4;

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
  /**
   * Allocate the rows and the postings pool in SharedArrayBuffers, so that `sharedScan` hands
   * them to a worker thread without a copy (a rebuild scanning on a second core).
   */
  readonly shared?: boolean;
}

/**
 * An index's arrays as a worker thread scans them (`scan-worker.ts`): the postings pool, and each
 * slot's row of term ids and fixed-point weights (an article's own signature is its query), all
 * in SharedArrayBuffers. Read-only while shared: the index must not change until the scans end.
 */
export interface SharedScanIndex extends PostingsPool {
  readonly width: number;
  readonly rowLength: Int32Array;
  readonly rowTerms: Int32Array;
  readonly rowWeights: Uint16Array;
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
  // For each term, the word the first article signed with it used for it (`Signature.surface`),
  // shown in explanations: one string a term instead of a map beside the dictionary.
  #termSurface: string[] = [];
  // Every term's postings in one pool (two parallel typed arrays), each list a segment of it:
  // starting at `#postStart[term]`, `#postCount` used of `#postCap`. One object per term's list
  // cost about 200 bytes of heap at 70,000 terms (`compact` packs the pool again after changes).
  #poolSlots: Int32Array = new Int32Array(1024);
  #poolWeights: Uint16Array = new Uint16Array(1024);
  #poolEnd = 0;
  #postStart: Int32Array = new Int32Array(256);
  #postCount: Int32Array = new Int32Array(256);
  #postCap = new Int32Array(256);
  #postTotal = 0;
  // A bulk load into an empty index writes rows only; `compact` then builds every postings list at
  // its final size (see `deferPostings`).
  #deferred = false;
  #shared: boolean;
  #scan = new PostingsScan();
  // Term ids of one other dictionary (a rebuild's analyzer's, `Signature.termIds`) → this index's
  // plus one (0: not met yet), filled as they are met: a bulk load interns each distinct term once, not each (article, term)
  // by name (1.7 s of a 100,000-article rebuild's single-threaded second pass).
  #foreign: { readonly dictionary: object; own: Int32Array } | undefined;
  // Where a bulk load put the postings pool and slots' ids: WebAssembly memory the scan kernel
  // reads (`scan-kernel.ts`), with the arrays as they were placed there. Once the index replaces
  // any of them (a list outgrowing the pool, more slots, `compact`), queries scan in TypeScript.
  #kernel: { readonly memory: ScanMemory; readonly slots: Int32Array; readonly slotIds: Float64Array } | undefined;

  constructor(opts: MemoryCandidateSourceOptions = {}) {
    this.#width = Math.max(1, opts.width ?? DEFAULT_SIGNATURE_OPTIONS.maxTerms);
    this.#capacity = Math.max(16, opts.initialCapacity ?? 1024);
    this.#shared = opts.shared ?? false;
    this.#slotIds = this.#alloc(Float64Array, this.#capacity);
    this.#rowLength = this.#alloc(Int32Array, this.#capacity);
    this.#rowTerms = this.#alloc(Int32Array, this.#capacity * this.#width);
    this.#rowWeights = this.#alloc(Uint16Array, this.#capacity * this.#width);
  }

  // A zeroed typed array, in a SharedArrayBuffer when the index is `shared`.
  #alloc<T>(kind: { new (buffer: ArrayBufferLike): T; readonly BYTES_PER_ELEMENT: number }, length: number): T {
    const bytes = length * kind.BYTES_PER_ELEMENT;
    return new kind(this.#shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
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
      const term = this.#termOf(sig, i);
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

  /**
   * The signature indexed for an article, or undefined: its terms, weights, their ids here, and
   * for each term the word the first article indexed with it used (its own may differ).
   */
  signature(id: number): Signature | undefined {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return undefined;
    const base = slot * this.#width;
    const n = this.#rowLength[slot]!;
    const weights = new Float32Array(n);
    for (let i = 0; i < n; i++) weights[i] = this.#rowWeights[base + i]! / WEIGHT_SCALE;
    return new IndexedSignature(this.#rowTerms.slice(base, base + n), weights, this.#termNames, this.#termSurface);
  }

  /**
   * An article's indexed signature as a store keeps it: its terms, their fixed-point weights (the
   * row's own integers: `toFixedWeight` of `signature(id).weights`) and surface forms. A rebuild
   * writes it without making the `Signature` first.
   */
  fixedSignature(id: number): { terms: string[]; fixedWeights: number[]; surface: string[] } | undefined {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return undefined;
    const base = slot * this.#width;
    const ids = this.#rowTerms.subarray(base, base + this.#rowLength[slot]!);
    return {
      terms: Array.from(ids, (term) => this.#termNames[term]!),
      fixedWeights: Array.from(this.#rowWeights.subarray(base, base + ids.length)),
      surface: Array.from(ids, (term) => this.#termSurface[term]!),
    };
  }

  /** The word the first article indexed with `term` used for it (`batteries` for `batteri`); the term itself when none did. */
  surfaceOf(term: string): string {
    const id = this.#termIds.get(term);
    return id === undefined ? term : this.#termSurface[id]!;
  }

  candidates(sig: Signature, limit: number, excludeId: number): Candidate[] {
    if (limit <= 0) return [];
    this.#buildDeferred();
    this.#scan.begin(sig.terms.length);
    // CASE: a signature this index gave (`signature`) carries its terms' ids: no lookup by name.
    const known = sig.termIds?.dictionary === this.#termNames ? sig.termIds.ids : undefined;
    for (let i = 0; i < sig.terms.length; i++) {
      const term = known ? known[i] : this.#termIds.get(sig.terms[i]!);
      const qw = toFixedWeight(sig.weights[i]!);
      if (term !== undefined && qw !== 0) this.#scan.term(term, qw);
    }
    return this.#scan.candidates(this.#pool(), limit, this.#slotOf.get(excludeId) ?? -1);
  }

  #pool(): PostingsPool {
    const k = this.#kernel;
    const kernel = k && k.slots === this.#poolSlots && k.slotIds === this.#slotIds ? k.memory : undefined;
    return { slots: this.#poolSlots, weights: this.#poolWeights, start: this.#postStart, count: this.#postCount, slotIds: this.#slotIds, highWater: this.#highWater, kernel };
  }

  /** The slot an article's row is in (`SharedScanIndex`), or -1. */
  slotOf(id: number): number {
    return this.#slotOf.get(id) ?? -1;
  }

  /**
   * The index's arrays for a worker thread's scans, in SharedArrayBuffers (a `shared` index's
   * large arrays already are, and a bulk load's pool is in its `ScanMemory`; any other is moved
   * into one here, once). The index must not change while a worker reads them.
   */
  sharedScan(): SharedScanIndex {
    this.#buildDeferred();
    this.#shared = true;
    const adopt = <T extends Int32Array | Uint16Array | Float64Array>(a: T, kind: { new (buffer: ArrayBufferLike): T; readonly BYTES_PER_ELEMENT: number }): T => {
      if (a.buffer instanceof SharedArrayBuffer) return a;
      const copy = this.#alloc(kind, a.length);
      (copy as Int32Array).set(a as Int32Array);
      return copy;
    };
    this.#poolSlots = adopt(this.#poolSlots, Int32Array);
    this.#poolWeights = adopt(this.#poolWeights, Uint16Array);
    this.#postStart = adopt(this.#postStart, Int32Array);
    this.#postCount = adopt(this.#postCount, Int32Array);
    this.#slotIds = adopt(this.#slotIds, Float64Array);
    this.#rowLength = adopt(this.#rowLength, Int32Array);
    this.#rowTerms = adopt(this.#rowTerms, Int32Array);
    this.#rowWeights = adopt(this.#rowWeights, Uint16Array);
    return { ...this.#pool(), width: this.#width, rowLength: this.#rowLength, rowTerms: this.#rowTerms, rowWeights: this.#rowWeights };
  }

  /** Packs the postings pool, every list at its length (after a bulk load), or builds it (`deferPostings`). */
  compact(): void {
    if (this.#buildDeferred()) return;
    const terms = this.#termNames.length;
    const slots = this.#alloc(Int32Array, Math.max(1, this.#postTotal));
    const weights = this.#alloc(Uint16Array, slots.length);
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
    this.#placePool(Math.max(1, total));
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

  // The postings pool of a bulk load, `size` long: in a `ScanMemory` with the slots' ids when
  // WebAssembly can run the scan kernel, else in typed arrays.
  #placePool(size: number): void {
    const memory = createScanMemory(size, this.#capacity);
    if (!memory) {
      this.#poolSlots = this.#alloc(Int32Array, size);
      this.#poolWeights = this.#alloc(Uint16Array, size);
      return;
    }
    const arrays = scanMemoryArrays(memory);
    arrays.slotIds.set(this.#slotIds);
    this.#poolSlots = arrays.slots;
    this.#poolWeights = arrays.weights;
    this.#slotIds = arrays.slotIds;
    this.#kernel = { memory, slots: arrays.slots, slotIds: arrays.slotIds };
  }

  footprint(): CandidateSourceFootprint {
    let bytes =
      this.#slotIds.byteLength +
      this.#rowLength.byteLength +
      this.#rowTerms.byteLength +
      this.#rowWeights.byteLength +
      this.#slotIds.length * (Float64Array.BYTES_PER_ELEMENT + Int32Array.BYTES_PER_ELEMENT);
    bytes += this.#poolSlots.byteLength + this.#poolWeights.byteLength;
    bytes += this.#postStart.byteLength + this.#postCount.byteLength + this.#postCap.byteLength;
    return { articles: this.size, terms: this.#termNames.length, postings: this.#postTotal, bytes };
  }

  // The id here of a signature's i-th term: by its id in this index's or another known
  // dictionary when the signature carries one, else by name.
  #termOf(sig: Signature, i: number): number {
    const known = sig.termIds;
    if (!known) return this.#intern(sig.terms[i]!, sig.surface?.[i]);
    if (known.dictionary === this.#termNames) return known.ids[i]!;
    if (this.#foreign?.dictionary !== known.dictionary) this.#foreign = { dictionary: known.dictionary, own: new Int32Array(1024) };
    const foreign = this.#foreign;
    const id = known.ids[i]!;
    foreign.own = grown(foreign.own, id + 1);
    // Stored one up, so that 0, a new array's value, means not met yet.
    if (foreign.own[id] === 0) foreign.own[id] = this.#intern(sig.terms[i]!, sig.surface?.[i]) + 1;
    return foreign.own[id]! - 1;
  }

  #intern(term: string, surface: string | undefined): number {
    let id = this.#termIds.get(term);
    if (id === undefined) {
      id = this.#termNames.length;
      this.#termIds.set(term, id);
      this.#termNames.push(term);
      this.#termSurface.push(surface ?? term);
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
      const slots = this.#alloc(Int32Array, size);
      const weights = this.#alloc(Uint16Array, size);
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
      const rowTerms = this.#alloc(Int32Array, capacity * width);
      const rowWeights = this.#alloc(Uint16Array, capacity * width);
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
      const slotIds = this.#alloc(Float64Array, capacity);
      slotIds.set(this.#slotIds);
      const rowLength = this.#alloc(Int32Array, capacity);
      rowLength.set(this.#rowLength);
      this.#slotIds = slotIds;
      this.#rowLength = rowLength;
      this.#capacity = capacity;
    }
  }
}
