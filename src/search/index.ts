/**
 * @module search
 * Ranked full-text search: the reader's query language, stop words, typo correction against the
 * corpus vocabulary, relaxed retries, facets, snippets with safe highlighting, and search as you
 * type. The engine (FTS5 or tsvector) sits behind the store's SearchIndex; see
 * docs/architecture.md, "Search".
 */
export { snippetHtml, snippetText } from './highlight.ts';
export { describeQuery, MAX_QUERY_LENGTH, MAX_QUERY_PARTS, parseQuery } from './parse-query.ts';
export { type SearchHitJson, searchResultJson } from './result-json.ts';
export {
  type AppliedFilter,
  type FacetValue,
  type SearchFacets,
  type SearchOutcome,
  type SearchParams,
  type SearchResultItem,
  SearchService,
  SUGGEST_ARTICLES,
  SUGGEST_COMPANIES,
  type Suggestions,
} from './search-service.ts';
