import type { RelatedMeta, Repositories, StoredSignature } from '../store/index.ts';
import { type RankContext, type RankQuery, rankRelated, tagKey } from './rank-related.ts';
import type { RelatedWeights } from './related-weights.ts';
import { sparseDot, WEIGHT_SCALE } from './signature.ts';
import type { Candidate, RelatedItem, Signature } from './types.ts';

/** A product of two fixed-point weights, in the units the store's "more like this" sums. */
export const FIXED_SQUARED = WEIGHT_SCALE * WEIGHT_SCALE;

export function toSignature(s: StoredSignature): Signature {
  return { terms: s.terms, weights: s.fixedWeights.map((w) => w / WEIGHT_SCALE), surface: s.surface };
}

/**
 * Two stored signatures' cosine, summed in fixed point as the store's "more like this" sums it
 * (integers, exact in a double), so a text score computed here equals the one SQL returns.
 */
export function storedCosine(a: StoredSignature, b: StoredSignature): number {
  return sparseDot(a.terms, a.fixedWeights, b.terms, b.fixedWeights) / FIXED_SQUARED;
}

/**
 * What ranking reads, fetched from the store for the articles in play, and added to as more come
 * into play: metadata (with the document frequencies of their companies and tags) and signatures
 * are asked for separately, because a publish scores hundreds of candidates by their metadata but
 * compares the signatures of only a few. Nothing is fetched twice.
 * @example
 * const ctx = await StoreRankContext.open(repos);
 * await ctx.need(repos, { metas: [id, ...candidateIds], signatures: [id] });
 * await ctx.rank(repos, { doc: ctx.doc(id)!, signature: ctx.signature(id)! }, candidates, weights, 6);
 */
export class StoreRankContext implements RankContext {
  readonly #metas = new Map<number, RelatedMeta>();
  readonly #signatures = new Map<number, StoredSignature>();
  readonly #asked = { metas: new Set<number>(), signatures: new Set<number>(), companies: new Set<string>(), tags: new Set<string>() };
  readonly #companyDf = new Map<string, number>();
  readonly #tagDf = new Map<string, number>();
  /** Signatures ranking asked for that were never fetched (see `rank`). */
  readonly #missing = new Set<number>();

  private constructor(readonly docCount: number) {}

  static async open(repos: Repositories): Promise<StoreRankContext> {
    const corpus = await repos.relatedIndex.corpus();
    return new StoreRankContext(Math.max(corpus.docs, 1));
  }

  /** Fetches what is not held yet: the metadata (and company and tag frequencies) of `metas`, the signatures of `signatures`. */
  async need(repos: Repositories, wanted: { readonly metas?: Iterable<number>; readonly signatures?: Iterable<number> }): Promise<void> {
    const fresh = (ids: Iterable<number> | undefined, asked: Set<number>) => [...new Set(ids ?? [])].filter((id) => !asked.has(id) && asked.add(id));
    const metaIds = fresh(wanted.metas, this.#asked.metas);
    const sigIds = fresh(wanted.signatures, this.#asked.signatures);
    const [metas, sigs] = await Promise.all([
      metaIds.length ? repos.relatedIndex.metas(metaIds) : new Map<number, RelatedMeta>(),
      sigIds.length ? repos.relatedIndex.signatures(sigIds) : new Map<number, StoredSignature>(),
    ]);
    for (const [id, s] of sigs) this.#signatures.set(id, s);
    const companies = new Set<string>();
    const tags = new Set<string>();
    for (const [id, m] of metas) {
      this.#metas.set(id, m);
      for (const c of m.companies) if (!this.#asked.companies.has(c)) companies.add(c);
      for (const t of m.tags) if (!this.#asked.tags.has(t)) tags.add(t);
    }
    for (const c of companies) this.#asked.companies.add(c);
    for (const t of tags) this.#asked.tags.add(t);
    const [companyDf, tagDfByName] = await Promise.all([
      companies.size ? repos.relatedIndex.companyDf([...companies]) : new Map<string, number>(),
      tags.size ? repos.relatedIndex.tagDf([...tags]) : new Map<string, number>(),
    ]);
    for (const [c, n] of companyDf) this.#companyDf.set(c, n);
    // Tags are compared by key: names that fold to the same key count together.
    for (const [name, n] of tagDfByName) this.#tagDf.set(tagKey(name), (this.#tagDf.get(tagKey(name)) ?? 0) + n);
  }

  doc(id: number): RelatedMeta | undefined {
    return this.#metas.get(id);
  }

  stored(id: number): StoredSignature | undefined {
    return this.#signatures.get(id);
  }

  signature(id: number): Signature | undefined {
    const s = this.#signatures.get(id);
    if (!s && !this.#asked.signatures.has(id)) this.#missing.add(id);
    return s ? toSignature(s) : undefined;
  }

  /**
   * `rankRelated` over the store, fetching only the signatures it compares: the lazy greedy looks
   * at a few candidates of the hundred or so, so it runs with those held, and again with the ones
   * it asked for and did not have, until it asks for none it lacks. The list is then exactly the
   * one it would make with every signature at hand.
   */
  async rank(repos: Repositories, query: RankQuery, candidates: readonly Candidate[], weights: RelatedWeights, n: number): Promise<RelatedItem[]> {
    for (;;) {
      this.#missing.clear();
      const items = rankRelated(query, candidates, this, weights, n);
      if (this.#missing.size === 0) return items;
      await this.need(repos, { signatures: [...this.#missing] });
    }
  }

  companyDf(company: string): number {
    return this.#companyDf.get(company) ?? 0;
  }

  tagDf(key: string): number {
    return this.#tagDf.get(key) ?? 0;
  }
}
