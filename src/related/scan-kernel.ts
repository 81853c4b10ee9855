/**
 * The candidate scan's dense path in WebAssembly (`scan-kernel.wat`): sum every query term's
 * postings into a score per slot, then sweep the slots for the best, four at a time. At 100,000
 * articles a rebuild runs it 100,000 times over about 66,000 postings and 100,000 slots, and the
 * same loops in TypeScript (`PostingsScan`) took 2.2× as long (455 against 205 µs a query, one
 * process over the 100,000-article index; docs/benchmarks.md, "Related rebuild, fourteenth
 * pass"). Written by hand, not compiled from another language, because it is two loops and a
 * heap and needs no runtime.
 *
 * The kernel reads the index where it lies: a bulk-loaded `MemoryCandidateSource` puts its
 * postings pool and slots' ids in a `ScanMemory` (a shared `WebAssembly.Memory`), which also
 * holds each thread's scratch (query, scores, heap) in a region of its own. A worker given the
 * `ScanMemory` scans the same index without a copy. Arithmetic is the TypeScript's: the same
 * fixed-point products summed in doubles, exact in any order, so both give the same candidates.
 */
import { SCAN_KERNEL_WASM } from './scan-kernel-wasm.ts';
import { bestFirst } from './top-slots.ts';

/** Threads that can scan one `ScanMemory` at once: the rebuild's own and its scan worker. */
export const SCAN_REGIONS = 2;

/** Most query terms and heap entries a region holds; a larger query is scanned in TypeScript. */
const REGION_TERMS = 256;
const REGION_HEAP = 1024;
const TERM_BYTES = 16;

/** One thread's scratch in a `ScanMemory`, as byte offsets. */
interface ScanRegion {
  readonly query: number;
  readonly heapSlots: number;
  readonly heapScores: number;
  readonly scores: number;
}

/**
 * An index's postings pool and slots' ids in WebAssembly memory, with `SCAN_REGIONS` threads'
 * scratch. Plain data: a worker receives it in `workerData` and shares the memory.
 */
export interface ScanMemory {
  readonly memory: WebAssembly.Memory;
  /** Postings in the pool, and slots (article ids and each region's scores). */
  readonly postings: number;
  readonly slots: number;
  /** Byte offsets of the pool's slots (i32) and weights (u16), and of the ids (f64). */
  readonly poolSlots: number;
  readonly poolWeights: number;
  readonly slotIds: number;
  readonly regions: readonly ScanRegion[];
}

let compiled: WebAssembly.Module | null | undefined;

// The kernel's module, compiled once a thread; null where this runtime lacks shared memory or SIMD.
function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Buffer.from(SCAN_KERNEL_WASM, 'base64'));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

const align = (bytes: number) => (bytes + 15) & ~15;

/**
 * A `ScanMemory` for `postings` postings and `slots` slots, zeroed; undefined where WebAssembly
 * cannot run the kernel (the index then keeps its typed arrays and scans in TypeScript).
 */
export function createScanMemory(postings: number, slots: number): ScanMemory | undefined {
  if (!kernelModule()) return undefined;
  const slotsRounded = (slots + 3) & ~3;
  let at = 0;
  const take = (bytes: number) => {
    const offset = at;
    at = align(at + bytes);
    return offset;
  };
  const poolSlots = take(postings * 4);
  const poolWeights = take(postings * 2);
  const slotIds = take(slots * 8);
  const regions: ScanRegion[] = [];
  for (let r = 0; r < SCAN_REGIONS; r++) {
    regions.push({ query: take(REGION_TERMS * TERM_BYTES), heapSlots: take(REGION_HEAP * 4), heapScores: take(REGION_HEAP * 8), scores: take(slotsRounded * 8) });
  }
  const pages = Math.max(1, Math.ceil(at / 65_536));
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  return { memory, postings, slots, poolSlots, poolWeights, slotIds, regions };
}

/** The pool's and ids' arrays of a `ScanMemory`, as the index reads and writes them. */
export function scanMemoryArrays(m: ScanMemory): { slots: Int32Array; weights: Uint16Array; slotIds: Float64Array } {
  return {
    slots: new Int32Array(m.memory.buffer, m.poolSlots, m.postings),
    weights: new Uint16Array(m.memory.buffer, m.poolWeights, m.postings),
    slotIds: new Float64Array(m.memory.buffer, m.slotIds, m.slots),
  };
}

type BestExport = (
  query: number,
  terms: number,
  slots: number,
  weights: number,
  ids: number,
  scores: number,
  slotsRounded: number,
  limit: number,
  skip: number,
  heapSlots: number,
  heapScores: number,
) => number;

/**
 * One thread's kernel over a `ScanMemory`, in its region.
 * @example
 * const kernel = ScanKernel.attach(memory, 0);
 * kernel?.best(pool, terms, weights, n, 60, ownSlot); // [{ slot, score }, …] best first, or undefined
 */
export class ScanKernel {
  readonly #m: ScanMemory;
  readonly #region: ScanRegion;
  readonly #best: BestExport;
  readonly #query: Int32Array;
  readonly #queryWeights: Float64Array;
  readonly #heapSlots: Int32Array;
  readonly #heapScores: Float64Array;
  readonly #ids: Float64Array;

  private constructor(m: ScanMemory, region: ScanRegion, best: BestExport) {
    this.#m = m;
    this.#region = region;
    this.#best = best;
    const buffer = m.memory.buffer;
    this.#query = new Int32Array(buffer, region.query, REGION_TERMS * 4);
    this.#queryWeights = new Float64Array(buffer, region.query, REGION_TERMS * 2);
    this.#heapSlots = new Int32Array(buffer, region.heapSlots, REGION_HEAP);
    this.#heapScores = new Float64Array(buffer, region.heapScores, REGION_HEAP);
    this.#ids = new Float64Array(buffer, m.slotIds, m.slots);
  }

  /** The kernel in `region` (0 … `SCAN_REGIONS` - 1) of `m`: no two threads may use one region. */
  static attach(m: ScanMemory, region: number): ScanKernel | undefined {
    const module = kernelModule();
    const layout = m.regions[region];
    if (!module || !layout) return undefined;
    const instance = new WebAssembly.Instance(module, { env: { memory: m.memory } });
    return new ScanKernel(m, layout, instance.exports.best as BestExport);
  }

  /**
   * The best `limit` slots below `highWater` (never `skip`) for the query's `n` terms (`terms`:
   * term ids, `weights`: fixed-point weights) over the pool in this memory (`start` / `count`:
   * each term's segment), with their fixed-point scores, best first, ties to the smaller id; or
   * undefined when the query does not fit the region (scan it in TypeScript).
   */
  best(start: Int32Array, count: Int32Array, highWater: number, terms: Int32Array, weights: Float64Array, n: number, limit: number, skip: number): { slot: number; score: number }[] | undefined {
    if (limit <= 0) return [];
    if (n > REGION_TERMS || limit > REGION_HEAP || highWater > this.#m.slots) return undefined;
    const query = this.#query;
    for (let q = 0; q < n; q++) {
      const term = terms[q]!;
      query[q * 4] = start[term]!;
      query[q * 4 + 1] = start[term]! + count[term]!;
      this.#queryWeights[q * 2 + 1] = weights[q]!;
    }
    const r = this.#region;
    const size = this.#best(r.query, n, this.#m.poolSlots, this.#m.poolWeights, this.#m.slotIds, r.scores, (highWater + 3) & ~3, limit, skip < highWater ? skip : -1, r.heapSlots, r.heapScores);
    return bestFirst(this.#heapSlots, this.#heapScores, size, this.#ids);
  }
}
