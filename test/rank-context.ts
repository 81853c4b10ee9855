import type { RankContext } from '../src/related/rank-related.ts';
import type { RelatedDocMeta, Signature } from '../src/related/types.ts';

/**
 * A ranking context over `docs` for the ranker's unit tests: document frequencies from `df` (0
 * otherwise) and distinct one-term signatures, so no two candidates are similar and diversity
 * stays out of the way.
 */
export function rankContext(docs: readonly RelatedDocMeta[], df: Record<string, number> = {}, docCount = 100): RankContext {
  const byId = new Map(docs.map((d) => [d.id, d]));
  return {
    docCount,
    doc: (id) => byId.get(id),
    signature: (id): Signature => ({ terms: [`only-${id}`], weights: [1] }),
    companyDf: (c) => df[c] ?? 0,
    tagDf: (t) => df[t] ?? 0,
  };
}
