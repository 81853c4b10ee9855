/**
 * The search engine contract each dialect implements (FTS5 on SQLite, tsvector on PostgreSQL).
 * Queries arrive already parsed, so no engine ever sees a reader's raw syntax.
 */

/** A parsed reader query: what must match, what must not. */
export interface SearchQuery {
  /** Single words; `prefix` on the last word for search-as-you-type. */
  readonly words: readonly { readonly text: string; readonly prefix: boolean }[];
  /** Quoted phrases, each a list of words in order. */
  readonly phrases: readonly (readonly string[])[];
  /** Words and phrases that must not occur. */
  readonly excluded: readonly (readonly string[])[];
  /** 'all': every word and phrase must match; 'any': at least one (the relaxed retry). */
  readonly mode: 'all' | 'any';
}

export interface SearchDocument {
  readonly id: number;
  readonly headline: string;
  readonly standfirst: string;
  /** Plain text of the body (markup removed). */
  readonly body: string;
}

/** Restrictions on the match set, by id (the service resolves slugs). Every one must hold. */
export interface SearchFilters {
  readonly sectionId?: number;
  /** Articles that mention the company (an editor's 'blocked' mention does not count). */
  readonly companyId?: number;
  readonly tagId?: number;
  readonly authorId?: number;
  /** Inclusive lower bound of the publish time, epoch ms. */
  readonly from?: number;
  /** Exclusive upper bound of the publish time, epoch ms. */
  readonly to?: number;
  /** Articles on this site (home or cross-published); absent: every site's. */
  readonly siteId?: number;
}

export interface SearchRequest extends SearchFilters {
  readonly query: SearchQuery;
  readonly sort: 'relevance' | 'date';
  readonly limit: number;
  readonly offset: number;
  /** Also return the id of every match (the service counts facets from them). */
  readonly withIds?: boolean;
  /**
   * A match set too large to list cheaply may be answered with an estimated total and only its
   * newest ids (`SearchResult.estimated`); the page of hits is the same. PostgreSQL only.
   */
  readonly estimate?: boolean;
}

export interface SearchHit {
  readonly id: number;
  /** Higher is better. */
  readonly score: number;
  /** Plain text of the body, for the snippet (the service cuts and highlights it). */
  readonly body: string;
}

export interface SearchResult {
  readonly total: number;
  readonly hits: readonly SearchHit[];
  /** Every matching id, ascending; only when the request asked `withIds`. With `estimated`, only the newest matches. */
  readonly ids?: Int32Array;
  /**
   * Set when the match set was too large to list (PostgreSQL, a common word): `total` is an
   * estimate and `ids` the newest matches only, a sample of the whole set.
   */
  readonly estimated?: boolean;
  /**
   * The content version the matching statement saw, when the engine read it there (PostgreSQL):
   * the service's snapshots check theirs against it instead of reading it in a statement of their
   * own (each a round trip and a wait for a CPU on a loaded database host).
   */
  readonly version?: number;
}

/** The indexed vocabulary: every unstemmed word and how many published articles contain it. */
export interface VocabularyRows {
  /** Published articles in the index. */
  readonly documents: number;
  readonly words: readonly string[];
  /** `docs[i]` is the document frequency of `words[i]`. */
  readonly docs: readonly number[];
}

/** What facet counting needs, as flat id pairs (loaded once, then counted in memory). */
export interface FacetRows {
  /** [articleId, sectionId] for every published article with a section. */
  readonly sections: readonly (readonly [number, number])[];
  /** [articleId, companyId] for every shown (not 'blocked') mention in a published article. */
  readonly mentions: readonly (readonly [number, number])[];
}

export interface NamedRef {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
}

/** Section and company ids whose facet labels are wanted. */
export interface FacetIds {
  readonly sections: readonly number[];
  readonly companies: readonly number[];
}

/** Facet labels: the sections' and the companies'. */
export interface FacetNames {
  readonly sections: readonly NamedRef[];
  readonly companies: readonly NamedRef[];
}

export interface SearchIndex {
  /** Adds documents (a batch in a few statements), replacing any earlier version with the same id. */
  put(...docs: SearchDocument[]): Promise<void>;
  /**
   * `put` begun now, complete when the call it returns resolves, which the caller awaits before
   * its transaction ends (also when it fails on another error). PostgreSQL computes the vectors
   * at once on a connection of its own, so the database works while the saving transaction goes
   * on (tagging, rendering), and writes the rows in this transaction when awaited; SQLite writes
   * at once.
   */
  putLater(...docs: SearchDocument[]): () => Promise<void>;
  remove(id: number): Promise<void>;
  /** Removes every document (a forced restore replaces the whole site). */
  clear(): Promise<void>;
  search(req: SearchRequest): Promise<SearchResult>;
  /**
   * Published articles whose headline has every word, the last one `prefix` as a prefix; newest
   * first; only articles on `siteId` (home or cross-published there) when given, so a site's
   * `limit` suggestions are all its own.
   */
  suggestTitles(words: readonly string[], prefix: string, limit: number, siteId?: number): Promise<number[]>;
  vocabulary(): Promise<VocabularyRows>;
  facetRows(): Promise<FacetRows>;
  /** Slugs and names of sections and companies by id (facet labels), each list in no particular order: one statement for both. */
  names(ids: FacetIds): Promise<FacetNames>;
}
