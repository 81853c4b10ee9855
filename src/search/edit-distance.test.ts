import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bitCount, editDistance, letterMask } from './edit-distance.ts';

/** The textbook optimal-string-alignment distance, for checking the fast one. */
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

describe('editDistance', () => {
  it.each([
    ['charge', 'charge', 0],
    ['chrage', 'charge', 1],
    ['charing', 'charging', 1],
    ['chargingg', 'charging', 1],
    ['cbarging', 'charging', 1],
    ['chrgng', 'charging', 2],
    ['toll', 'tolling', 3],
  ])('%s → %s is %i', (a, b, d) => {
    expect(editDistance(a, b, 5)).toBe(d);
  });
  it('stops at the limit, answering limit + 1', () => {
    expect(editDistance('toll', 'tolling', 1)).toBe(2);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });
  it('agrees with the textbook definition up to the limit', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 9, unit: fc.constantFrom('a', 'b', 'c', 'd') }), fc.string({ maxLength: 9, unit: fc.constantFrom('a', 'b', 'c', 'd') }), fc.integer({ min: 0, max: 3 }), (a, b, max) => {
        expect(editDistance(a, b, max)).toBe(Math.min(reference(a, b), max + 1));
      }),
    );
  });
  it('never rules out a word within d edits by its letter set', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), (a, b) => {
        const d = reference(a.toLowerCase(), b.toLowerCase());
        expect(bitCount(letterMask(a.toLowerCase()) ^ letterMask(b.toLowerCase()))).toBeLessThanOrEqual(2 * d);
      }),
    );
  });
});
