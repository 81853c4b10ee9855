/**
 * @module related
 * Related content: for each article, the N most related published articles, explained.
 *
 * The engine is pure: it never reads the store. The publish pipeline (or a full rebuild) calls it:
 *
 * - `analyzeDoc` / `buildSignature`: an article's top-K distinctive terms (BM25-saturated tf × idf,
 *   headline ×3, standfirst ×2), L2-normalised. Signatures are plain data the store persists as
 *   (article_id, term, weight) rows.
 * - `CandidateSource`: "more like this" over an inverted index of signature terms; the text score
 *   is Σ over shared terms of weight products (the signatures' cosine). `MemoryCandidateSource`
 *   implements it in memory; the store implements it in SQL with the same arithmetic.
 * - `rankRelated`: text, shared companies and tags (by rarity), shared section, a bounded recency
 *   preference on the two articles' date difference, then the list rules: near-duplicates of the
 *   article at most once and never first, and an MMR-style diversity penalty.
 * - `RelatedEngine`: all of the above in memory, for rebuilds, tests and the eval.
 *
 * Incremental updates (what a caller does on publish, change and unpublish) are described in
 * `src/related/README.md`; they rely on the pair score being symmetric (`scorePair`).
 *
 * @example
 * import { RelatedEngine } from '../related/index.ts';
 * const engine = new RelatedEngine({ weights: { recencyHalfLifeDays: 365 } });
 * engine.load(articles);
 * for (const item of engine.related(42, 6)) console.log(item.id, item.score, item.why.sharedTerms);
 */
export { InvalidRelatedWeights, RelatedArticleUnknown, RelatedScanThreadStopped, RelatedWordThreadStopped } from './errors.ts';
export { gatherCandidates } from './gather-candidates.ts';
export {
  type CandidateSourceFootprint,
  MemoryCandidateSource,
  type MemoryCandidateSourceOptions,
} from './memory-candidate-source.ts';
export {
  type PairScore,
  type RankContext,
  type RankQuery,
  rankRelated,
  rarity,
  recencyFactor,
  scorePair,
  tagKey,
  titleKey,
} from './rank-related.ts';
export { RelatedEngine, type RelatedEngineOptions, type RelatedQueryOptions } from './related-engine.ts';
export { RelatedService, type RelatedServiceDeps } from './related-service.ts';
export {
  DEFAULT_RELATED_WEIGHTS,
  MAX_RECENCY_STRENGTH,
  type RelatedWeights,
  resolveWeights,
} from './related-weights.ts';
export {
  analyzeDoc,
  bm25Idf,
  buildSignature,
  DEFAULT_SIGNATURE_OPTIONS,
  type DocAnalysis,
  type SignatureOptions,
  signatureCosine,
  signatureFromAnalysis,
  toFixedWeight,
  WEIGHT_SCALE,
} from './signature.ts';
export { type CorpusStats, TermStats } from './term-stats.ts';
export type {
  Candidate,
  CandidateSource,
  RelatedDoc,
  RelatedDocMeta,
  RelatedItem,
  RelatedWhy,
  Signature,
} from './types.ts';
