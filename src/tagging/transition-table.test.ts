import { describe, expect, it } from 'vitest';
import { TransitionTable } from './transition-table.ts';

describe('TransitionTable', () => {
  it('stores, replaces and misses edges', () => {
    const t = new TransitionTable(1);
    t.set(0, 5, 1);
    t.set(1, 5, 2);
    t.set(0, 5, 3);
    expect([t.get(0, 5), t.get(1, 5), t.get(0, 6), t.get(2, 5)]).toEqual([3, 2, -1, -1]);
    expect(t.size).toBe(2);
  });
  it('keeps every edge through growth', () => {
    const t = new TransitionTable(1);
    for (let i = 0; i < 20_000; i++) t.set(i % 997, i, i + 1);
    expect(t.size).toBe(20_000);
    let wrong = 0;
    for (let i = 0; i < 20_000; i++) if (t.get(i % 997, i) !== i + 1) wrong++;
    expect(wrong).toBe(0);
    expect(t.get(996, 0)).toBe(-1);
  });
});
