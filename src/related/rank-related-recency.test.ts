import { describe, expect, it } from 'vitest';
import { rankContext } from '../../test/rank-context.ts';
import { rankRelated, recencyFactor } from './rank-related.ts';
import { MAX_RECENCY_STRENGTH, resolveWeights } from './related-weights.ts';
import type { RelatedDocMeta } from './types.ts';

const DAY = 86_400_000;
const YEAR = 365 * DAY;
const NOW = Date.UTC(2025, 5, 1);

function meta(id: number, publishedAt: number): RelatedDocMeta {
  return { id, title: `Story ${id}`, section: null, tags: [], companies: [], publishedAt };
}

describe('recencyFactor', () => {
  const w = { recencyHalfLifeDays: 365, recencyStrength: 0.3 };
  it('is 1 for the same day, 1 − r/2 one half-life apart, and tends to 1 − r', () => {
    expect(recencyFactor(NOW, NOW, w)).toBe(1);
    expect(recencyFactor(NOW, NOW - 365 * DAY, w)).toBeCloseTo(0.85, 12);
    expect(recencyFactor(NOW - 365 * DAY, NOW, w)).toBeCloseTo(0.85, 12);
    expect(recencyFactor(NOW, NOW - 100 * YEAR, w)).toBeCloseTo(0.7, 12);
  });

  it('applies to the date difference only: two old articles a day apart are as close as two new ones', () => {
    expect(recencyFactor(NOW - 20 * YEAR, NOW - 20 * YEAR - DAY, w)).toBe(recencyFactor(NOW, NOW - DAY, w));
  });

  it('is off with strength 0 or an infinite half-life', () => {
    expect(recencyFactor(NOW, 0, { recencyHalfLifeDays: 365, recencyStrength: 0 })).toBe(1);
    expect(recencyFactor(NOW, 0, { recencyHalfLifeDays: Number.POSITIVE_INFINITY, recencyStrength: 0.5 })).toBe(1);
  });
});

describe('recency in ranking', () => {
  it('prefers the article closer in time when the text is equally related', () => {
    const docs = [meta(2, NOW - 10 * YEAR), meta(3, NOW - 30 * DAY)];
    const list = rankRelated(
      { doc: meta(1, NOW), signature: { terms: ['x'], weights: [1] } },
      [
        { id: 2, textScore: 0.4 },
        { id: 3, textScore: 0.4 },
      ],
      rankContext(docs),
      resolveWeights({ diversity: 0 }),
    );
    expect(list.map((i) => i.id)).toEqual([3, 2]);
  });

  it('never ranks a new but barely related article above a clearly related old one, even at the strongest setting', () => {
    const strongest = resolveWeights({ recencyStrength: MAX_RECENCY_STRENGTH, recencyHalfLifeDays: 1, diversity: 0 });
    // Clearly related: more than twice the text score, forty years apart; the other is from the same hour.
    const docs = [meta(2, NOW - 40 * YEAR), meta(3, NOW)];
    const list = rankRelated(
      { doc: meta(1, NOW), signature: { terms: ['x'], weights: [1] } },
      [
        { id: 2, textScore: 0.41 },
        { id: 3, textScore: 0.2 },
      ],
      rankContext(docs),
      strongest,
    );
    expect(list.map((i) => i.id)).toEqual([2, 3]);
    expect(list[0]!.score).toBeCloseTo(0.205, 9);
    expect(list[1]!.score).toBeCloseTo(0.2, 12);
  });

  it('refuses a recency strength above the bound', () => {
    expect(() => resolveWeights({ recencyStrength: 0.6 })).toThrow(
      expect.objectContaining({ code: 'MH_RELATED_INVALID_WEIGHTS' }),
    );
  });
});
