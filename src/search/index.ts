/**
 * @module search
 * Ranked full-text search: the reader's query language, relaxed retries, safe highlighting.
 * The engine (FTS5 or tsvector) sits behind the store's SearchIndex.
 */
export { snippetHtml, snippetText } from './highlight.ts';
export { describeQuery, MAX_QUERY_LENGTH, MAX_QUERY_PARTS, parseQuery } from './parse-query.ts';
export { type SearchOutcome, type SearchParams, type SearchResultItem, SearchService } from './search-service.ts';
