/**
 * How many candidates to ask a source for. The pool is `candidatePool` articles that can be listed;
 * near-duplicates of the article (a story re-run many times), excluded ids and ids outside `within`
 * (another site's articles) do not count, so the source is asked again for more while they crowd
 * the pool. Any `CandidateSource` works, so the store's SQL source gets the same behaviour.
 */
import type { RelatedWeights } from './related-weights.ts';
import type { Candidate, CandidateSource, Signature } from './types.ts';

/** The weights that decide how many candidates a list gathers. */
export type GatherWeights = Pick<RelatedWeights, 'candidatePool' | 'nearDuplicateCosine'>;

/**
 * @example
 * const candidates = gatherCandidates(source, sig, doc.id, weights);
 * rankRelated({ doc, signature: sig }, candidates, context, weights, 6);
 */
export function gatherCandidates(
  source: CandidateSource,
  sig: Signature,
  excludeId: number,
  weights: GatherWeights,
  exclude?: ReadonlySet<number>,
  within?: ReadonlySet<number>,
): Candidate[] {
  return gatherFrom((limit) => source.candidates(sig, limit, excludeId), weights, exclude, within);
}

/**
 * `gatherCandidates` over any query of the `limit` best candidates: a worker thread's scan of a
 * shared index asks by slot, with no signature object (`scan-worker.ts`).
 * @example gatherFrom((limit) => scanSlot(slot, limit), weights);
 */
export function gatherFrom(best: (limit: number) => Candidate[], weights: GatherWeights, exclude?: ReadonlySet<number>, within?: ReadonlySet<number>): Candidate[] {
  let limit = weights.candidatePool + (exclude?.size ?? 0);
  for (;;) {
    const found = best(limit);
    const kept = (exclude && exclude.size > 0) || within ? found.filter((c) => !exclude?.has(c.id) && (!within || within.has(c.id))) : found;
    let listable = 0;
    for (const c of kept) if (c.textScore < weights.nearDuplicateCosine) listable++;
    if (found.length < limit || listable >= weights.candidatePool) return kept;
    limit *= 2;
  }
}
