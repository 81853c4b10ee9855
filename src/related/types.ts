/**
 * The plain data the related-content engine reads and writes. Everything here is serialisable
 * (numbers, strings, arrays) so that the store can persist signatures and lists as rows.
 */

/** An article as the engine sees it: the text it compares and the metadata it scores. */
export interface RelatedDoc {
  readonly id: number;
  readonly title: string;
  readonly standfirst: string;
  readonly body: string;
  readonly section: string | null;
  readonly tags: readonly string[];
  /** Company ids (from the directory tagger), compared as exact strings. */
  readonly companies: readonly string[];
  /** Publication time, epoch milliseconds. */
  readonly publishedAt: number;
}

/**
 * What the scorer needs of an article besides its signature: everything but the text, and
 * optionally its headline's key (`titleKey`), when the holder keeps it rather than have ranking
 * compute it again for every list the article is a candidate of. Ranking reads the headline only
 * for its key, so a holder of the key may drop the headline (the engine does: 100,000 headlines
 * are about 8 MB of strings).
 */
export type RelatedDocMeta = Omit<RelatedDoc, 'standfirst' | 'body' | 'title'> &
  ({ readonly title: string; readonly titleKey?: string } | { readonly title?: undefined; readonly titleKey: string });

/**
 * An article's most distinctive terms (Porter-stemmed, as `terms()` of the text module makes them)
 * and their weights, L2-normalised, heaviest first. The dot product of two signatures is their cosine.
 * The store persists one row per term: (article_id, term, weight[, surface]).
 */
export interface Signature {
  readonly terms: readonly string[];
  readonly weights: ArrayLike<number>;
  /**
   * For each term, the word the article first used for it, headline first (`batteries` for
   * `batteri`), shown in explanations. Optional: a signature read back without it explains with stems.
   */
  readonly surface?: readonly string[];
  /**
   * The terms' ids in the dictionary of the in-memory index the signature was read from
   * (`MemoryCandidateSource.signature`): that index and ranking then compare ids instead of
   * looking each term up by name.
   */
  readonly termIds?: TermIds;
}

/** `ids[i]` is the id of a signature's `terms[i]` in `dictionary` (ids of one dictionary only compare). */
export interface TermIds {
  readonly dictionary: object;
  readonly ids: Int32Array;
}

/** An article that shares signature terms with the query, and its text score (the signatures' dot product). */
export interface Candidate {
  readonly id: number;
  readonly textScore: number;
}

/**
 * Generates candidates for a query signature: a "more like this" over an inverted index of
 * signature terms. The score must be exactly the sum over shared terms of the weight products, so
 * that an SQL implementation (`SELECT article_id, SUM(weight * ?) … WHERE term IN (…) GROUP BY
 * article_id ORDER BY 2 DESC LIMIT ?`) ranks the same.
 */
export interface CandidateSource {
  /** The `limit` best-scoring articles sharing a term with `sig`, best first, never `excludeId`. */
  candidates(sig: Signature, limit: number, excludeId: number): Candidate[];
}

/** Why an item is related: what the reader (and the editor tuning weights) can check. */
export interface RelatedWhy {
  /** Company ids both articles mention, rarest first. */
  readonly sharedCompanies: string[];
  /** Up to five shared signature terms, largest contribution first, in the query article's own words. */
  readonly sharedTerms: string[];
  readonly sameSection: boolean;
  /** Tags both articles carry (as the query article spells them), rarest first. */
  readonly sharedTags: string[];
  /** How much older the related article is than the query article, in days (negative: newer). */
  readonly ageDays: number;
  /** The item looks like a re-run of the query article itself (shown at most once, never first). */
  readonly nearDuplicate: boolean;
}

/** One entry of a related list. `score` is the pair's relevance; the list order also applies diversity. */
export interface RelatedItem {
  readonly id: number;
  readonly score: number;
  readonly why: RelatedWhy;
}
