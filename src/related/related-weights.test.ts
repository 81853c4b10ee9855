import { describe, expect, it } from 'vitest';
import { DEFAULT_RELATED_WEIGHTS, resolveWeights } from './related-weights.ts';

describe('resolveWeights', () => {
  it('returns the defaults, frozen, with the operator’s overrides', () => {
    const w = resolveWeights({ recencyHalfLifeDays: 90 });
    expect(w).toEqual({ ...DEFAULT_RELATED_WEIGHTS, recencyHalfLifeDays: 90 });
    expect(Object.isFrozen(w)).toBe(true);
    expect(Object.isFrozen(DEFAULT_RELATED_WEIGHTS)).toBe(true);
  });

  it('accepts an infinite half-life (recency off)', () => {
    expect(resolveWeights({ recencyHalfLifeDays: Number.POSITIVE_INFINITY }).recencyHalfLifeDays).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it('lists every field out of range in one MH_RELATED_INVALID_WEIGHTS error', () => {
    let error: unknown;
    try {
      resolveWeights({
        text: -1,
        companies: Number.NaN,
        recencyHalfLifeDays: 0,
        recencyStrength: 0.51,
        nearDuplicateCosine: 0,
        diversity: 2,
        diversityThreshold: 1,
        candidatePool: 2.5,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: 'MH_RELATED_INVALID_WEIGHTS',
      statusCode: 500,
      message:
        'Invalid related-content weights: text must be a finite number ≥ 0; companies must be a finite number ≥ 0; ' +
        'recencyHalfLifeDays must be > 0 (Infinity turns recency off); recencyStrength must be in [0, 0.5]; ' +
        'nearDuplicateCosine must be in (0, 1]; diversity must be in [0, 1]; diversityThreshold must be in [0, 1); ' +
        'candidatePool must be an integer ≥ 1',
    });
  });
});
