import { describe, expect, it } from 'vitest';
import { type RankContext, rankRelated } from './rank-related.ts';
import { resolveWeights } from './related-weights.ts';
import type { RelatedDocMeta, Signature } from './types.ts';

function meta(id: number): RelatedDocMeta {
  return { id, title: `Story ${id}`, section: null, tags: [], companies: [], publishedAt: 0 };
}

// Articles 2 and 3 are about the same other story (cosine 0.96); 4 and 5 about something else.
const SIGS: Record<number, Signature> = {
  2: { terms: ['merger', 'nissan'], weights: [0.6, 0.8] },
  3: { terms: ['merger', 'nissan'], weights: [0.8, 0.6] },
  4: { terms: ['plant', 'korea'], weights: [0.6, 0.8] },
  5: { terms: ['nissan', 'korea'], weights: [0.5, Math.sqrt(0.75)] },
};

function context(): RankContext {
  return {
    docCount: 100,
    doc: (id) => (SIGS[id] ? meta(id) : undefined),
    signature: (id) => SIGS[id],
    companyDf: () => 0,
    tagDf: () => 0,
  };
}

const query = { doc: meta(1), signature: { terms: ['nissan'], weights: [1] } };
const candidates = [
  { id: 2, textScore: 0.6 },
  { id: 3, textScore: 0.58 },
  { id: 4, textScore: 0.5 },
  { id: 5, textScore: 0.45 },
];

describe('diversity', () => {
  it('without it, two items about the same other story come together', () => {
    const list = rankRelated(query, candidates, context(), resolveWeights({ diversity: 0, recencyStrength: 0 }));
    expect(list.map((i) => i.id)).toEqual([2, 3, 4, 5]);
  });

  it('moves an item too similar to a chosen one down, and reports its own score', () => {
    const list = rankRelated(query, candidates, context(), resolveWeights({ recencyStrength: 0 }));
    // Item 3: cos 0.96 with item 2 → penalty 0.5 × (0.96 − 0.6)/0.4 = 0.45 → 0.58 × 0.55 = 0.319.
    expect(list.map((i) => i.id)).toEqual([2, 4, 5, 3]);
    expect(list.map((i) => i.score)).toEqual([0.6, 0.5, 0.45, 0.58].map((s) => expect.closeTo(s, 12)));
  });

  it('leaves items under the similarity threshold alone', () => {
    // Item 5 shares `nissan` with item 2: cos 0.4, under the 0.6 threshold.
    const list = rankRelated(
      query,
      [
        { id: 2, textScore: 0.6 },
        { id: 5, textScore: 0.45 },
        { id: 4, textScore: 0.44 },
      ],
      context(),
      resolveWeights({ recencyStrength: 0 }),
    );
    expect(list.map((i) => i.id)).toEqual([2, 5, 4]);
  });

  it('gets stronger with a lower threshold', () => {
    const list = rankRelated(
      query,
      [
        { id: 2, textScore: 0.6 },
        { id: 5, textScore: 0.45 },
        { id: 4, textScore: 0.44 },
      ],
      context(),
      resolveWeights({ recencyStrength: 0, diversityThreshold: 0.2, diversity: 1 }),
    );
    // Item 5: cos 0.4 → penalty (0.4 − 0.2)/0.8 = 0.25 → 0.3375, under item 4's 0.44.
    expect(list.map((i) => i.id)).toEqual([2, 4, 5]);
  });
});
