import { describe, expect, it } from 'vitest';
import { TopSlots } from './top-slots.ts';

describe('TopSlots', () => {
  // Slot k holds article id ids[k]; slot 3's id is smaller than slot 1's, both score 5.
  const scores = new Float64Array([0, 5, 9, 5, 2, 0, 7]);
  const ids = new Float64Array([10, 40, 20, 30, 50, 60, 70]);

  it('keeps the best scores over every slot, ties to the smaller id, zeros and the skipped slot never', () => {
    const top = new TopSlots();
    expect(top.best(scores, undefined, scores.length, 3, 2, ids)).toEqual([
      { slot: 6, score: 7 },
      { slot: 3, score: 5 },
      { slot: 1, score: 5 },
    ]);
    expect(top.best(scores, undefined, scores.length, 2, -1, ids)).toEqual([
      { slot: 2, score: 9 },
      { slot: 6, score: 7 },
    ]);
    expect(top.best(scores, undefined, scores.length, 10, -1, ids).map((b) => b.slot)).toEqual([2, 6, 3, 1, 4]);
  });

  it('looks at the listed slots only when given a list, and grows past its first heap size', () => {
    const top = new TopSlots();
    expect(top.best(scores, new Int32Array([4, 1, 3, 0]), 3, 2, -1, ids)).toEqual([
      { slot: 3, score: 5 },
      { slot: 1, score: 5 },
    ]);
    const many = Float64Array.from({ length: 200 }, (_, k) => (k * 37) % 101);
    const manyIds = Float64Array.from({ length: 200 }, (_, k) => k);
    const expected = [...many.keys()].filter((k) => many[k]! > 0).sort((a, b) => many[b]! - many[a]! || a - b).slice(0, 100);
    expect(top.best(many, undefined, many.length, 100, -1, manyIds).map((b) => b.slot)).toEqual(expected);
  });
});
