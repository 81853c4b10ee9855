import { describe, expect, it } from 'vitest';
import { rankContext } from '../../test/rank-context.ts';
import { rankRelated, rarity, scorePair, tagKey } from './rank-related.ts';
import { resolveWeights } from './related-weights.ts';
import type { RelatedDocMeta, Signature } from './types.ts';

const DAY = 86_400_000;

function meta(id: number, over: Partial<RelatedDocMeta> = {}): RelatedDocMeta {
  return { id, title: `Story ${id}`, section: null, tags: [], companies: [], publishedAt: 0, ...over };
}

const QUERY_SIG: Signature = { terms: ['toll'], weights: [1] };
// Text only (no recency, no diversity) unless a test says otherwise.
const flat = resolveWeights({ recencyStrength: 0, diversity: 0 });

describe('rarity', () => {
  it('is ln(N/df)/ln(N): 1 for one article, 0 for all, ½ at √N', () => {
    expect(rarity(100, 1)).toBe(1);
    expect(rarity(100, 100)).toBe(0);
    expect(rarity(100, 10)).toBeCloseTo(0.5, 12);
    expect(rarity(100, 0)).toBe(1);
    expect(rarity(1, 1)).toBe(1);
  });
});

describe('scorePair', () => {
  it('text: weight × the signatures’ cosine', () => {
    const ctx = rankContext([]);
    expect(scorePair(meta(1), meta(2), 0.4, ctx, flat).score).toBeCloseTo(0.4, 12);
    expect(scorePair(meta(1), meta(2), 0.4, ctx, { ...flat, text: 2 }).score).toBeCloseTo(0.8, 12);
  });

  it('companies: Σ rarity of shared companies / √(|A|·|B|), times the weight', () => {
    const ctx = rankContext([], { c1: 10 });
    const a = meta(1, { companies: ['c1', 'c2'] });
    const b = meta(2, { companies: ['c1', 'c3'] });
    const pair = scorePair(a, b, 0, ctx, flat);
    // rarity(c1) = ln(100/10)/ln(100) = 0.5; 0.5/√(2·2) = 0.25; × 0.3.
    expect(pair.score).toBeCloseTo(0.075, 12);
    expect(pair.sharedCompanies).toEqual(['c1']);
    expect(scorePair(a, b, 0, ctx, { ...flat, companies: 0 }).score).toBe(0);
  });

  it('companies: a rare shared company counts more than a common one', () => {
    const ctx = rankContext([], { rare: 2, common: 50 });
    const rare = scorePair(meta(1, { companies: ['rare'] }), meta(2, { companies: ['rare'] }), 0, ctx, flat);
    const common = scorePair(meta(1, { companies: ['common'] }), meta(2, { companies: ['common'] }), 0, ctx, flat);
    expect(rare.score).toBeCloseTo(0.3 * rarity(100, 2), 12);
    expect(common.score).toBeCloseTo(0.3 * rarity(100, 50), 12);
    expect(rare.score).toBeGreaterThan(common.score);
  });

  it('section: the weight when both articles are in the same section, case-insensitively', () => {
    const ctx = rankContext([]);
    const same = scorePair(meta(1, { section: 'Tolling' }), meta(2, { section: 'tolling' }), 0, ctx, flat);
    expect(same.sameSection).toBe(true);
    expect(same.score).toBeCloseTo(0.05, 12);
    const other = scorePair(meta(1, { section: 'Tolling' }), meta(2, { section: 'Rail' }), 0, ctx, flat);
    expect(other).toMatchObject({ sameSection: false, score: 0 });
    const none = scorePair(meta(1), meta(2), 0, ctx, flat);
    expect(none.sameSection).toBe(false);
  });

  it('tags: like companies, compared case- and accent-insensitively, named as the first article spells them', () => {
    expect(tagKey('  Smart-Cities ')).toBe('smart cities');
    const ctx = rankContext([], { 'smart cities': 10 });
    const pair = scorePair(
      meta(1, { tags: ['Smart Cities'] }),
      meta(2, { tags: ['smart cities', 'Rail'] }),
      0,
      ctx,
      flat,
    );
    // 0.5 / √(1·2) × 0.15
    expect(pair.score).toBeCloseTo((0.15 * 0.5) / Math.SQRT2, 12);
    expect(pair.sharedTags).toEqual(['Smart Cities']);
  });

  it('sums the signals and is symmetric', () => {
    const ctx = rankContext([], { c1: 10, t: 10 });
    const a = meta(1, { companies: ['c1'], tags: ['T'], section: 'News', publishedAt: 0 });
    const b = meta(2, { companies: ['c1', 'c9'], tags: ['t'], section: 'news', publishedAt: 400 * DAY });
    const w = resolveWeights({ diversity: 0 });
    const ab = scorePair(a, b, 0.3, ctx, w).score;
    const recency = 0.7 + 0.3 * 2 ** (-400 / 365);
    expect(ab).toBeCloseTo((0.3 + (0.3 * 0.5) / Math.SQRT2 + 0.05 + 0.15 * 0.5) * recency, 12);
    expect(scorePair(b, a, 0.3, ctx, w).score).toBe(ab);
  });
});

describe('rankRelated', () => {
  it('orders by the combined score and stops at n', () => {
    const docs = [
      meta(2),
      meta(3, { companies: ['c1'] }),
      meta(4, { section: 'News' }),
      meta(5),
    ];
    const query = { doc: meta(1, { companies: ['c1'], section: 'News' }), signature: QUERY_SIG };
    const ctx = rankContext(docs, { c1: 10 });
    const candidates = [
      { id: 2, textScore: 0.3 },
      { id: 3, textScore: 0.2 }, // + 0.3 × 0.5 for the shared company = 0.35
      { id: 4, textScore: 0.26 }, // + 0.05 for the section = 0.31
      { id: 5, textScore: 0.1 },
    ];
    const list = rankRelated(query, candidates, ctx, flat, 3);
    expect(list.map((i) => i.id)).toEqual([3, 4, 2]);
    expect(list.map((i) => i.score)).toEqual([
      expect.closeTo(0.35, 12),
      expect.closeTo(0.31, 12),
      expect.closeTo(0.3, 12),
    ]);
  });

  it('skips the article itself, repeated candidates and candidates without metadata', () => {
    const ctx = rankContext([meta(2)]);
    const query = { doc: meta(1), signature: QUERY_SIG };
    const list = rankRelated(
      query,
      [
        { id: 1, textScore: 0.9 },
        { id: 2, textScore: 0.3 },
        { id: 2, textScore: 0.3 },
        { id: 3, textScore: 0.5 },
      ],
      ctx,
      flat,
    );
    expect(list.map((i) => i.id)).toEqual([2]);
  });

  it('scores at most candidatePool candidates', () => {
    const docs = [meta(2), meta(3), meta(4)];
    const query = { doc: meta(1), signature: QUERY_SIG };
    const candidates = [
      { id: 2, textScore: 0.3 },
      { id: 3, textScore: 0.2 },
      { id: 4, textScore: 0.1 },
    ];
    const list = rankRelated(query, candidates, rankContext(docs), { ...flat, candidatePool: 2 }, 6);
    expect(list.map((i) => i.id)).toEqual([2, 3]);
  });
});
