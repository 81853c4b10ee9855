import type { ArticleSummary, SearchQuery, Store } from '../store/index.ts';
import { describeQuery, hasPositiveTerms, parseQuery, relaxed } from './parse-query.ts';

export interface SearchParams {
  readonly q: string;
  readonly section?: string;
  readonly from?: number;
  readonly to?: number;
  readonly sort?: 'relevance' | 'date';
  readonly limit: number;
  readonly page: number;
  readonly prefixLast?: boolean;
}

export interface SearchResultItem {
  readonly article: ArticleSummary;
  readonly score: number;
  /** Engine snippet with U+E000/U+E001 around matches; see snippetHtml/snippetText. */
  readonly snippet: string;
}

export interface SearchOutcome {
  readonly total: number;
  readonly hits: readonly SearchResultItem[];
  /** Set when not every word could match and the search was relaxed to any word. */
  readonly relaxed: boolean;
  readonly query: SearchQuery;
  /** How the query was understood, for "Showing results for …". */
  readonly understood: string;
}

/** Ranked search over published articles: parse, search, relax when nothing matches, load summaries. */
export class SearchService {
  constructor(private readonly deps: { store: Store }) {}

  async search(params: SearchParams): Promise<SearchOutcome> {
    const { store } = this.deps;
    const query = parseQuery(params.q, { prefixLast: params.prefixLast ?? false });
    const empty: SearchOutcome = { total: 0, hits: [], relaxed: false, query, understood: describeQuery(query) };
    if (!hasPositiveTerms(query)) return empty;
    let sectionId: number | undefined;
    if (params.section) {
      const section = await store.taxonomy.sectionBySlug(params.section);
      if (!section) return empty;
      sectionId = Number(section.id);
    }
    const request = {
      query,
      sort: params.sort ?? 'relevance',
      limit: params.limit,
      offset: (params.page - 1) * params.limit,
      ...(sectionId !== undefined ? { sectionId } : {}),
      ...(params.from !== undefined ? { from: params.from } : {}),
      ...(params.to !== undefined ? { to: params.to } : {}),
    };
    let result = await store.search.search(request);
    let wasRelaxed = false;
    const positives = query.words.length + query.phrases.length;
    if (result.total === 0 && positives > 1) {
      result = await store.search.search({ ...request, query: relaxed(query) });
      wasRelaxed = true;
    }
    const summaries = await store.articles.summariesByIds(result.hits.map((h) => h.id));
    const byId = new Map(summaries.map((s) => [s.id, s]));
    const hits = result.hits.flatMap((h) => {
      const article = byId.get(h.id);
      return article ? [{ article, score: h.score, snippet: h.snippet }] : [];
    });
    return { total: result.total, hits, relaxed: wasRelaxed, query, understood: describeQuery(query) };
  }
}
