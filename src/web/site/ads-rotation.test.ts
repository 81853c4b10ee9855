import fs from 'node:fs';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test/seeded-random.ts';

type Choice = { id: number; weight: number };
type Pick = (choices: Choice[], random: () => number) => Choice | undefined;

/** The chooser exactly as browsers run it: evaluated from the shipped script (no DOM, so it only defines). */
const pickWeighted = vm.runInNewContext(`${fs.readFileSync(new URL('./assets/ads.js', import.meta.url), 'utf8')}\npickWeighted`) as Pick;

function shares(choices: Choice[], views: number, seed: number): number[] {
  const random = seededRandom(seed);
  const counts = new Map<number, number>();
  for (let i = 0; i < views; i++) {
    const c = pickWeighted(choices, random)!;
    counts.set(c.id, (counts.get(c.id) ?? 0) + 1);
  }
  return choices.map((c) => (counts.get(c.id) ?? 0) / views);
}

describe('weighted rotation (assets/ads.js)', () => {
  it('gives each of three equal-weight creatives 33 % ± 2 % of 10,000 views', () => {
    for (const seed of [1, 42, 2026]) {
      for (const share of shares([{ id: 1, weight: 1 }, { id: 2, weight: 1 }, { id: 3, weight: 1 }], 10_000, seed)) {
        expect(share).toBeGreaterThanOrEqual(1 / 3 - 0.02);
        expect(share).toBeLessThanOrEqual(1 / 3 + 0.02);
      }
    }
  });

  it('follows the weights, and never picks a creative of weight 0', () => {
    const [a, b, c] = shares([{ id: 1, weight: 1 }, { id: 2, weight: 3 }, { id: 3, weight: 0 }], 10_000, 7);
    expect(a).toBeGreaterThan(0.23);
    expect(a).toBeLessThan(0.27);
    expect(b).toBeGreaterThan(0.73);
    expect(c).toBe(0);
  });

  it('picks nothing from nothing, and the last creative at the top of the range', () => {
    expect(pickWeighted([], Math.random)).toBeUndefined();
    expect(pickWeighted([{ id: 1, weight: 0 }], Math.random)).toBeUndefined();
    expect(pickWeighted([{ id: 1, weight: 1 }, { id: 2, weight: 1 }], () => 0.999_999)?.id).toBe(2);
    expect(pickWeighted([{ id: 1, weight: 1 }, { id: 2, weight: 1 }], () => 0)?.id).toBe(1);
  });
});
