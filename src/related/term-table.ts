import type { Signature } from './types.ts';

/**
 * Where each term of one signature sits in it, looked up from the terms of others: ranking asks
 * it for the diversity cosine and the shared terms of a list's candidates, sixty terms each, for
 * every list of a rebuild. Signatures read from one in-memory index carry their terms' ids
 * (`Signature.termIds`), looked up in a small open-addressing table of typed arrays; any other
 * signature is looked up by name.
 * @example
 * const table = new TermTable(query);
 * const i = table.positionOf(other, 3); // query.terms[i] === other.terms[3], or -1
 */
export class TermTable {
  readonly #sig: Signature;
  readonly #dictionary: object | undefined;
  readonly #keys: Int32Array | undefined;
  readonly #positions: Int32Array | undefined;
  readonly #shift: number;
  #byName: Map<string, number> | undefined;

  constructor(sig: Signature) {
    this.#sig = sig;
    const ids = sig.termIds?.ids;
    this.#dictionary = sig.termIds?.dictionary;
    // A table at most a quarter full: few probes.
    let bits = 4;
    while (1 << bits < (ids?.length ?? 0) * 4) bits++;
    this.#shift = 32 - bits;
    if (!ids) return;
    this.#keys = new Int32Array(1 << bits).fill(-1);
    this.#positions = new Int32Array(1 << bits);
    const mask = (1 << bits) - 1;
    for (let i = 0; i < ids.length; i++) {
      let h = Math.imul(ids[i]!, HASH) >>> this.#shift;
      while (this.#keys[h] !== -1 && this.#keys[h] !== ids[i]) h = (h + 1) & mask;
      // The last of a term given twice, as a Map filled in order keeps it.
      this.#keys[h] = ids[i]!;
      this.#positions[h] = i;
    }
  }

  /** The position in this table's signature of `other.terms[i]`, or -1. */
  positionOf(other: Signature, i: number): number {
    const keys = this.#keys;
    const otherIds = other.termIds;
    if (keys && otherIds && otherIds.dictionary === this.#dictionary) {
      const id = otherIds.ids[i]!;
      const mask = keys.length - 1;
      for (let h = Math.imul(id, HASH) >>> this.#shift; ; h = (h + 1) & mask) {
        const key = keys[h]!;
        if (key === id) return this.#positions![h]!;
        if (key === -1) return -1;
      }
    }
    return this.#names().get(other.terms[i]!) ?? -1;
  }

  #names(): Map<string, number> {
    if (!this.#byName) {
      this.#byName = new Map();
      for (let i = 0; i < this.#sig.terms.length; i++) this.#byName.set(this.#sig.terms[i]!, i);
    }
    return this.#byName;
  }
}

/** Knuth's multiplicative hash constant (2^32 / φ). */
const HASH = 0x9e3779b1 | 0;
