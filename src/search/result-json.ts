import { snippetText } from './highlight.ts';
import type { SearchOutcome } from './search-service.ts';

/** One hit as the API and the CLI print it (PRODUCT.md's contract). */
export interface SearchHitJson {
  readonly id: number;
  readonly sourceId: string | null;
  readonly slug: string;
  readonly title: string;
  readonly date: string;
  readonly score: number;
  readonly snippet: string;
}

/**
 * The contract shape `{"total","hits":[{"id","sourceId","slug","title","date","score","snippet"}]}`,
 * the same from `/api/v1/search`, `masthead search --json` and each line of `--queries`.
 */
export function searchResultJson(outcome: Pick<SearchOutcome, 'total' | 'hits'>): { total: number; hits: SearchHitJson[] } {
  return {
    total: outcome.total,
    hits: outcome.hits.map((h) => ({
      id: h.article.id,
      sourceId: h.article.sourceId,
      slug: h.article.slug,
      title: h.article.headline,
      date: new Date(h.article.publishedAt).toISOString(),
      score: h.score,
      snippet: snippetText(h.snippet),
    })),
  };
}
