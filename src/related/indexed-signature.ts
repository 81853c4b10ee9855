import type { Signature } from './types.ts';

/**
 * A signature read from the index, its terms and their readable forms named when first read:
 * ranking a list compares its candidates' signatures by term id (`TermTable`) and names the
 * terms of the few it lists only. Named up front, two arrays of sixty strings for every
 * signature ranking read were 2.3 s of a 100,000-article rebuild's ranking thread, and their
 * garbage more.
 */
export class IndexedSignature implements Signature {
  readonly weights: Float32Array;
  readonly termIds: { readonly dictionary: readonly string[]; readonly ids: Int32Array };
  readonly #surfaces: readonly string[];
  #terms: string[] | undefined;
  #surface: string[] | undefined;

  constructor(ids: Int32Array, weights: Float32Array, names: readonly string[], surfaces: readonly string[]) {
    this.weights = weights;
    this.termIds = { dictionary: names, ids };
    this.#surfaces = surfaces;
  }

  get terms(): string[] {
    this.#terms ??= Array.from(this.termIds.ids, (term) => this.termIds.dictionary[term]!);
    return this.#terms;
  }

  get surface(): string[] {
    this.#surface ??= Array.from(this.termIds.ids, (term) => this.#surfaces[term]!);
    return this.#surface;
  }
}
