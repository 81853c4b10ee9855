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

export interface SearchRequest {
  readonly query: SearchQuery;
  readonly sectionId?: number;
  readonly from?: number;
  readonly to?: number;
  readonly sort: 'relevance' | 'date';
  readonly limit: number;
  readonly offset: number;
}

export interface SearchHit {
  readonly id: number;
  /** Higher is better. */
  readonly score: number;
  /** Plain text with matches between U+E000 and U+E001 markers (escape, then turn into <mark>). */
  readonly snippet: string;
}

export interface SearchResult {
  readonly total: number;
  readonly hits: readonly SearchHit[];
}

export interface SearchIndex {
  /** Adds the document, replacing any earlier version with its id. */
  put(doc: SearchDocument): Promise<void>;
  remove(id: number): Promise<void>;
  search(req: SearchRequest): Promise<SearchResult>;
}
