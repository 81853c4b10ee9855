/**
 * Document frequencies: how many articles use each term. The signature's IDF reads them through
 * `CorpusStats`, so the store can answer from a table while tests and rebuilds use `TermStats`.
 */

/** What signature weighting needs to know about the corpus. */
export interface CorpusStats {
  /** Number of articles counted. */
  readonly docCount: number;
  /** Average field-weighted length (see `analyzeDoc`), for BM25 length normalisation; absent: no normalisation. */
  readonly avgDocLength?: number;
  /** Number of counted articles whose text contains `term`. */
  df(term: string): number;
}

/**
 * In-memory `CorpusStats`. The caller adds each article's distinct terms once and removes exactly
 * the same set when the article is unpublished or before re-adding its changed text.
 * @example
 * const stats = new TermStats();
 * stats.addDoc(analyzeDoc(doc).tf.keys(), analyzeDoc(doc).length);
 */
export class TermStats implements CorpusStats {
  #df = new Map<string, number>();
  #docCount = 0;
  #totalLength = 0;

  get docCount(): number {
    return this.#docCount;
  }

  get avgDocLength(): number | undefined {
    return this.#docCount > 0 && this.#totalLength > 0 ? this.#totalLength / this.#docCount : undefined;
  }

  /** Number of distinct terms with a non-zero document frequency. */
  get vocabularySize(): number {
    return this.#df.size;
  }

  df(term: string): number {
    return this.#df.get(term) ?? 0;
  }

  /** Sum of the counted articles' lengths (persisted with the frequencies). */
  get totalLength(): number {
    return this.#totalLength;
  }

  /** Every term with its document frequency (to persist the statistics). */
  entries(): IterableIterator<[string, number]> {
    return this.#df.entries();
  }

  /** Counts one article: each term of `terms` once (duplicates in the iterable are ignored). */
  addDoc(terms: Iterable<string>, length = 0): void {
    for (const t of new Set(terms)) this.#df.set(t, (this.#df.get(t) ?? 0) + 1);
    this.#docCount++;
    this.#totalLength += length;
  }

  /**
   * Counts many articles at once from totals the caller kept (a rebuild's `InternedAnalyzer`):
   * each term's document frequency, and the articles' number and summed length.
   */
  addCounts(df: Iterable<readonly [string, number]>, docs: number, length: number): void {
    for (const [t, n] of df) this.#df.set(t, (this.#df.get(t) ?? 0) + n);
    this.#docCount += docs;
    this.#totalLength += length;
  }

  /** Uncounts an article added with the same terms and length. */
  removeDoc(terms: Iterable<string>, length = 0): void {
    for (const t of new Set(terms)) {
      const n = (this.#df.get(t) ?? 0) - 1;
      if (n > 0) this.#df.set(t, n);
      else this.#df.delete(t);
    }
    this.#docCount = Math.max(0, this.#docCount - 1);
    this.#totalLength = Math.max(0, this.#totalLength - length);
  }
}
