import { describe, expect, it } from 'vitest';
import { FacetCounter } from './facet-counter.ts';

describe('FacetCounter', () => {
  const counter = FacetCounter.from({
    sections: [
      [1, 7],
      [2, 7],
      [3, 8],
      [5, 9],
    ],
    mentions: [
      [1, 100],
      [1, 200],
      [2, 200],
      [3, 200],
      [3, 300],
      [5, 300],
    ],
  });

  it('counts the sections and companies of the given articles, most first', () => {
    expect(counter.count(new Int32Array([1, 2, 3, 4]))).toEqual({
      sections: [
        { id: 7, count: 2 },
        { id: 8, count: 1 },
      ],
      companies: [
        { id: 200, count: 3 },
        { id: 100, count: 1 },
        { id: 300, count: 1 },
      ],
    });
  });
  it('keeps only the top values', () => {
    expect(counter.count(new Int32Array([1, 2, 3, 5]), 1)).toEqual({ sections: [{ id: 7, count: 2 }], companies: [{ id: 200, count: 3 }] });
  });
  it('ignores articles it has not seen (published after the snapshot)', () => {
    expect(counter.count(new Int32Array([4, 99]))).toEqual({ sections: [], companies: [] });
  });
  it('keeps the top ten of many', () => {
    const mentions = Array.from({ length: 30 }, (_, c) => Array.from({ length: c + 1 }, (_, a) => [a + 1, c + 1] as const)).flat();
    const many = FacetCounter.from({ sections: [], mentions });
    const ids = new Int32Array(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(many.count(ids).companies.map((c) => c.id)).toEqual([30, 29, 28, 27, 26, 25, 24, 23, 22, 21]);
  });
});
