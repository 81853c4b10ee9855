import type { ArticleSummary, StoredRelated } from '../store/index.ts';
import type { RelatedItem } from './catalog-types.ts';

/** A stored related list's entries with their articles' summaries; an entry whose article is not among them (unpublished, another site's) is left out. */
export function relatedItems(entries: readonly StoredRelated[], summaries: readonly ArticleSummary[]): RelatedItem[] {
  const byId = new Map(summaries.map((s) => [s.id, s]));
  return entries.flatMap((s) => {
    const article = byId.get(s.relatedId);
    return article ? [{ article, score: s.score, why: s.why }] : [];
  });
}
