/**
 * The best `limit` slots of a query by score, for `MemoryCandidateSource`: a min-heap of the best
 * so far, the root the weakest kept (lowest score, then largest id), in two reused typed arrays.
 *
 * Written for speed: the dense path visits every slot of the archive (100,000 at 100,000
 * articles) for each list, so once the heap is full a slot costs one load and one comparison with
 * the weakest kept score, held in a local. Scores sit beside their slots in the heap, so its
 * comparisons never read the per-slot scores at random.
 */
export class TopSlots {
  #slots = new Int32Array(64);
  #scores = new Float64Array(64);

  /**
   * The best `limit` slots with a positive score, best first, ties to the smaller id (`ids` by
   * slot), never `skip`: among every slot below `n`, or with `listed`, among its first `n`.
   * @example top.best(scores, undefined, articles, 60, -1, ids); // [{ slot: 17, score: 4.1e9 }, …]
   */
  best(scores: Float64Array, listed: Int32Array | undefined, n: number, limit: number, skip: number, ids: Float64Array): { slot: number; score: number }[] {
    if (this.#slots.length < limit) {
      this.#slots = new Int32Array(limit);
      this.#scores = new Float64Array(limit);
    }
    let size = 0;
    // The weakest kept score once the heap is full: a slot below it cannot enter (zeros included).
    let floor = 0;
    for (let k = 0; k < n; k++) {
      const slot = listed === undefined ? k : listed[k]!;
      const score = scores[slot]!;
      if (score < floor || score === 0 || slot === skip) continue;
      if (size < limit) {
        size = this.#push(size, slot, score, ids);
        if (size === limit) floor = this.#scores[0]!;
      } else if (this.#replaceWeakest(size, slot, score, ids)) floor = this.#scores[0]!;
    }
    return bestFirst(this.#slots, this.#scores, size, ids);
  }

  /** Adds a slot to a heap of `size`; the new size. */
  #push(size: number, slot: number, score: number, ids: Float64Array): number {
    const slots = this.#slots;
    const scores = this.#scores;
    const id = ids[slot]!;
    let i = size;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!weaker(score, id, scores[p]!, ids[slots[p]!]!)) break;
      slots[i] = slots[p]!;
      scores[i] = scores[p]!;
      i = p;
    }
    slots[i] = slot;
    scores[i] = score;
    return size + 1;
  }

  /** Puts a slot in place of the weakest kept of a full heap if it ranks above it; whether it did. */
  #replaceWeakest(size: number, slot: number, score: number, ids: Float64Array): boolean {
    const slots = this.#slots;
    const scores = this.#scores;
    const id = ids[slot]!;
    // Equal to the weakest: enters only with a smaller id.
    if (!weaker(scores[0]!, ids[slots[0]!]!, score, id)) return false;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      const r = l + 1;
      const m = r < size && weaker(scores[r]!, ids[slots[r]!]!, scores[l]!, ids[slots[l]!]!) ? r : l;
      if (!weaker(scores[m]!, ids[slots[m]!]!, score, id)) break;
      slots[i] = slots[m]!;
      scores[i] = scores[m]!;
      i = m;
    }
    slots[i] = slot;
    scores[i] = score;
    return true;
  }
}

/**
 * A heap's first `size` entries (slots and their scores, in heap order) as a list, best first,
 * ties to the smaller id (`ids` by slot): how `TopSlots` and the WebAssembly scan
 * (`scan-kernel.ts`) both answer.
 */
export function bestFirst(slots: Int32Array, scores: Float64Array, size: number, ids: Float64Array): { slot: number; score: number }[] {
  const best = Array.from({ length: size }, (_, k) => ({ slot: slots[k]!, score: scores[k]! }));
  return best.sort((a, b) => b.score - a.score || ids[a.slot]! - ids[b.slot]!);
}

/** Whether (score a, id a) ranks below (score b, id b): a lower score, or the same and a larger id. */
function weaker(scoreA: number, idA: number, scoreB: number, idB: number): boolean {
  return scoreA < scoreB || (scoreA === scoreB && idA > idB);
}
