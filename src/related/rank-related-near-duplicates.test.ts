import { describe, expect, it } from 'vitest';
import { rankContext } from '../../test/rank-context.ts';
import { gatherCandidates } from './gather-candidates.ts';
import { MemoryCandidateSource } from './memory-candidate-source.ts';
import { rankRelated } from './rank-related.ts';
import { resolveWeights } from './related-weights.ts';
import type { RelatedDocMeta } from './types.ts';

function meta(id: number, title = `Story number ${id}`): RelatedDocMeta {
  return { id, title, section: null, tags: [], companies: [], publishedAt: 0 };
}

const weights = resolveWeights({ diversity: 0, recencyStrength: 0 });
const query = { doc: meta(1, 'Renault invests $160 million in Korea'), signature: { terms: ['x'], weights: [1] } };

describe('near-duplicates of the article itself', () => {
  it('are never first: the best one comes second', () => {
    const list = rankRelated(
      query,
      [
        { id: 2, textScore: 0.95 },
        { id: 3, textScore: 0.5 },
        { id: 4, textScore: 0.4 },
      ],
      rankContext([meta(2), meta(3), meta(4)]),
      weights,
    );
    expect(list.map((i) => [i.id, i.why.nearDuplicate])).toEqual([
      [3, false],
      [2, true],
      [4, false],
    ]);
  });

  it('are shown at most once', () => {
    const list = rankRelated(
      query,
      [
        { id: 2, textScore: 0.99 },
        { id: 5, textScore: 0.9 },
        { id: 6, textScore: 0.8 },
        { id: 3, textScore: 0.5 },
        { id: 4, textScore: 0.4 },
      ],
      rankContext([meta(2), meta(3), meta(4), meta(5), meta(6)]),
      weights,
    );
    expect(list.map((i) => i.id)).toEqual([3, 2, 4]);
  });

  it('include a re-run under the same headline, whatever its text score', () => {
    const rerun = meta(7, 'RENAULT INVESTS $160 MILLION IN KOREA!');
    const list = rankRelated(
      query,
      [
        { id: 7, textScore: 0.6 },
        { id: 3, textScore: 0.5 },
      ],
      rankContext([rerun, meta(3)]),
      weights,
    );
    expect(list.map((i) => [i.id, i.why.nearDuplicate])).toEqual([
      [3, false],
      [7, true],
    ]);
  });

  it('leave the list empty when nothing else is related', () => {
    const list = rankRelated(query, [{ id: 2, textScore: 0.9 }], rankContext([meta(2)]), weights);
    expect(list).toEqual([]);
  });

  it('do not crowd real candidates out of the pool', () => {
    // Ten copies of the story (cosine 1) and three other articles, with a pool of three.
    const index = new MemoryCandidateSource();
    const story = { terms: ['korea', 'renault'], weights: [0.6, 0.8] };
    for (let id = 10; id < 20; id++) index.add(id, story);
    index.add(30, { terms: ['korea', 'invest'], weights: [0.6, 0.8] });
    index.add(31, { terms: ['renault', 'sale'], weights: [0.8, 0.6] });
    index.add(32, { terms: ['renault', 'plant'], weights: [0.6, 0.8] });
    const small = resolveWeights({ ...weights, candidatePool: 3 });
    const candidates = gatherCandidates(index, story, 10, small);
    expect(candidates.filter((c) => c.textScore < small.nearDuplicateCosine).map((c) => c.id)).toEqual([31, 32, 30]);
    const docs = [...Array.from({ length: 10 }, (_, i) => meta(10 + i)), meta(30), meta(31), meta(32)];
    const list = rankRelated({ doc: meta(10), signature: story }, candidates, rankContext(docs), small);
    expect(list.map((i) => i.id)).toEqual([31, 11, 32, 30]);
  });

  it('gathers no more than asked when the source runs out, and drops excluded ids', () => {
    const index = new MemoryCandidateSource();
    index.add(1, { terms: ['a'], weights: [1] });
    index.add(2, { terms: ['a'], weights: [1] });
    index.add(3, { terms: ['a', 'b'], weights: [0.6, 0.8] });
    const got = gatherCandidates(index, { terms: ['a'], weights: [1] }, 1, weights, new Set([2]));
    expect(got.map((c) => c.id)).toEqual([3]);
  });
});
