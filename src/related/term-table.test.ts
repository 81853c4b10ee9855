import { describe, expect, it } from 'vitest';
import { MemoryCandidateSource } from './memory-candidate-source.ts';
import { TermTable } from './term-table.ts';
import type { Signature } from './types.ts';

const sig = (terms: string[]): Signature => ({ terms, weights: terms.map(() => 0.5) });

describe('TermTable', () => {
  it("finds another signature's terms by name", () => {
    const table = new TermTable(sig(['toll', 'gantri', 'rail']));
    const other = sig(['rail', 'bus', 'toll']);
    expect([0, 1, 2].map((i) => table.positionOf(other, i))).toEqual([2, -1, 0]);
  });

  it('finds them by id between signatures of one index, and by name when the ids are of another', () => {
    const index = new MemoryCandidateSource();
    const other = new MemoryCandidateSource();
    other.add(9, sig(['bus', 'rail']));
    const many = Array.from({ length: 70 }, (_, k) => `t${k}`);
    index.add(1, sig(['toll', 'gantri', ...many]));
    index.add(2, sig(['rail', 't69', 'bus', 'toll', 't3']));
    other.add(3, sig(['rail', 't69', 'bus', 'toll', 't3']));
    const table = new TermTable(index.signature(1)!);
    for (const from of [index.signature(2)!, other.signature(3)!]) {
      expect(from.termIds).toBeDefined();
      expect([0, 1, 2, 3, 4].map((i) => table.positionOf(from, i))).toEqual([-1, 71, -1, 0, 5]);
    }
  });
});
