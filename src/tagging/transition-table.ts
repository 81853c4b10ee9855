/**
 * The edges of the name trie: (node, term id) → child node, in one open-addressing hash table over
 * typed arrays. A `Map` per node would cost an object per trie node (hundreds of thousands for a
 * 50,000-company directory) and a `Map` keyed by `node * vocabulary + term` would leave small
 * integers behind and hash heap numbers; three `Int32Array`s keep compile time and memory flat and
 * a lookup to a multiply, a shift and usually one probe.
 */
export class TransitionTable {
  #from: Int32Array;
  #term: Int32Array;
  #to: Int32Array;
  #mask: number;
  #size = 0;

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.#from = new Int32Array(cap).fill(-1);
    this.#term = new Int32Array(cap);
    this.#to = new Int32Array(cap);
    this.#mask = cap - 1;
  }

  /** Number of edges. */
  get size(): number {
    return this.#size;
  }

  /** The child of `from` along `term`, or -1. */
  get(from: number, term: number): number {
    const mask = this.#mask;
    let slot = slotOf(from, term, mask);
    for (;;) {
      const f = this.#from[slot]!;
      if (f === -1) return -1;
      if (f === from && this.#term[slot] === term) return this.#to[slot]!;
      slot = (slot + 1) & mask;
    }
  }

  /** Adds or replaces the edge `from --term--> to`. Node and term ids are non-negative. */
  set(from: number, term: number, to: number): void {
    if ((this.#size + 1) * 2 > this.#from.length) this.#grow();
    const mask = this.#mask;
    let slot = slotOf(from, term, mask);
    for (;;) {
      const f = this.#from[slot]!;
      if (f === -1) {
        this.#from[slot] = from;
        this.#term[slot] = term;
        this.#to[slot] = to;
        this.#size++;
        return;
      }
      if (f === from && this.#term[slot] === term) {
        this.#to[slot] = to;
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  #grow(): void {
    const from = this.#from;
    const term = this.#term;
    const to = this.#to;
    const cap = from.length * 2;
    this.#from = new Int32Array(cap).fill(-1);
    this.#term = new Int32Array(cap);
    this.#to = new Int32Array(cap);
    this.#mask = cap - 1;
    this.#size = 0;
    for (let i = 0; i < from.length; i++) {
      const f = from[i]!;
      if (f !== -1) this.set(f, term[i]!, to[i]!);
    }
  }
}

function slotOf(from: number, term: number, mask: number): number {
  const h = Math.imul(from, 0x9e3779b1) ^ Math.imul(term + 1, 0x85ebca77);
  return (h ^ (h >>> 15)) & mask;
}
