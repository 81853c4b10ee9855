import { describe, expect, it } from 'vitest';
import { MemoryCandidateSource } from './memory-candidate-source.ts';
import { signatureCosine, toFixedWeight, WEIGHT_SCALE } from './signature.ts';
import type { Signature } from './types.ts';

const sig = (entries: Record<string, number>): Signature => ({
  terms: Object.keys(entries),
  weights: Object.values(entries),
});

// Deterministic pseudo-random signatures over a small vocabulary, weights already in fixed point.
function randomSignatures(count: number, seed: number): Signature[] {
  let s = seed;
  const rnd = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
  return Array.from({ length: count }, () => {
    const entries: Record<string, number> = { common: Math.round(rnd() * 20000) / WEIGHT_SCALE };
    for (let i = 0; i < 8; i++) entries[`t${Math.floor(rnd() * 80)}`] = Math.round(rnd() * 30000) / WEIGHT_SCALE;
    return sig(entries);
  });
}

describe('MemoryCandidateSource', () => {
  it('scores candidates by the sum over shared terms of weight products, best first', () => {
    const index = new MemoryCandidateSource();
    index.add(1, sig({ toll: 0.6, gantri: 0.8 }));
    index.add(2, sig({ toll: 0.8, gantri: 0.6 }));
    index.add(3, sig({ gantri: 1 }));
    index.add(4, sig({ rail: 1 }));
    const got = index.candidates(sig({ toll: 0.6, gantri: 0.8 }), 10, 1);
    expect(got.map((c) => c.id)).toEqual([2, 3]);
    expect(got[0]!.textScore).toBeCloseTo(0.96, 12);
    expect(got[1]!.textScore).toBeCloseTo(0.8, 12);
  });

  it('returns at most `limit`, breaks ties by smaller id, and never the excluded id', () => {
    const index = new MemoryCandidateSource();
    for (const id of [7, 5, 9, 6]) index.add(id, sig({ toll: 1 }));
    expect(index.candidates(sig({ toll: 1 }), 2, 5).map((c) => c.id)).toEqual([6, 7]);
    expect(index.candidates(sig({ toll: 1 }), 0, 5)).toEqual([]);
  });

  it('agrees with a brute-force dot product, on both its sparse and its dense path', () => {
    const sigs = randomSignatures(300, 42);
    const index = new MemoryCandidateSource({ initialCapacity: 16 });
    for (const [i, s] of sigs.entries()) index.add(i, s);
    // `common` is in all 300 signatures, so a query holding it has more postings than a quarter of the
    // articles and takes the dense path; t1 and t2 are each in about 30, so a query of those two
    // (60 postings, under 75) takes the sparse one.
    const sparseQuery = sig({ t1: 32768 / WEIGHT_SCALE, t2: 45875 / WEIGHT_SCALE });
    for (const query of [sigs[0]!, sparseQuery]) {
      const expected = sigs
        .map((s, id) => ({ id, textScore: signatureCosine(query, s) }))
        .filter((c) => c.id !== 0 && c.textScore > 0)
        .sort((a, b) => b.textScore - a.textScore || a.id - b.id)
        .slice(0, 20);
      const got = index.candidates(query, 20, 0);
      expect(got.map((c) => c.id)).toEqual(expected.map((c) => c.id));
      expect(got.map((c) => c.textScore)).toEqual(expected.map((c) => expect.closeTo(c.textScore, 9)));
    }
  });

  it('builds its postings once after a deferred bulk load, and scores, removes and adds as one built article by article', () => {
    const sigs = randomSignatures(300, 7);
    const bulk = new MemoryCandidateSource({ initialCapacity: 16 });
    const one = new MemoryCandidateSource({ initialCapacity: 16 });
    bulk.deferPostings();
    for (const [i, s] of sigs.entries()) {
      bulk.add(i, s);
      one.add(i, s);
    }
    bulk.compact();
    expect(bulk.footprint().postings).toBe(one.footprint().postings);
    for (const query of [sigs[0]!, sigs[1]!]) expect(bulk.candidates(query, 20, 0)).toEqual(one.candidates(query, 20, 0));
    // Lists packed to their length move to the pool's end as they grow again.
    for (const index of [bulk, one]) {
      index.remove(3);
      index.add(300, sigs[5]!);
      index.add(301, sigs[5]!);
    }
    expect(bulk.candidates(sigs[5]!, 30, 5)).toEqual(one.candidates(sigs[5]!, 30, 5));
    expect(bulk.candidates(sigs[5]!, 30, 5).map((c) => c.id)).toContain(300);
    expect(bulk.candidates(sigs[3]!, 300, -1).map((c) => c.id)).not.toContain(3);
  });

  it('answers a query made before `compact` of a deferred load', () => {
    const index = new MemoryCandidateSource();
    index.deferPostings();
    index.add(1, sig({ toll: 0.6, gantri: 0.8 }));
    index.add(2, sig({ toll: 0.8, gantri: 0.6 }));
    expect(index.candidates(sig({ toll: 1 }), 10, 0).map((c) => c.id)).toEqual([2, 1]);
  });

  it('removes an article from every postings list', () => {
    const index = new MemoryCandidateSource();
    index.add(1, sig({ toll: 1 }));
    index.add(2, sig({ toll: 0.6, gantri: 0.8 }));
    expect(index.remove(2)).toBe(true);
    expect(index.remove(2)).toBe(false);
    expect(index.has(2)).toBe(false);
    expect(index.size).toBe(1);
    expect(index.candidates(sig({ gantri: 1 }), 10, 0)).toEqual([]);
    expect(index.candidates(sig({ toll: 1 }), 10, 0)).toEqual([{ id: 1, textScore: 1 }]);
    expect(index.footprint().postings).toBe(1);
  });

  it('updates an article: old terms gone, new terms scored, slot reused', () => {
    const index = new MemoryCandidateSource();
    index.add(1, sig({ toll: 1 }));
    index.add(2, sig({ toll: 1 }));
    index.update(2, sig({ rail: 1 }));
    expect(index.candidates(sig({ toll: 1 }), 10, 0).map((c) => c.id)).toEqual([1]);
    expect(index.candidates(sig({ rail: 1 }), 10, 0).map((c) => c.id)).toEqual([2]);
    expect(index.size).toBe(2);
    index.remove(1);
    index.add(3, sig({ toll: 0.6, rail: 0.8 }));
    expect(index.candidates(sig({ rail: 1 }), 10, 0)).toEqual([
      { id: 3, textScore: 52428 / WEIGHT_SCALE },
      { id: 2, textScore: 1 },
    ].sort((a, b) => b.textScore - a.textScore));
  });

  it('gives back each article signature, weights in fixed point', () => {
    const index = new MemoryCandidateSource();
    index.add(4, sig({ toll: 0.6, gantri: 0.8 }));
    const back = index.signature(4)!;
    expect(back.terms).toEqual(['toll', 'gantri']);
    expect(Array.from(back.weights, (w) => Math.round(w * WEIGHT_SCALE))).toEqual([39321, 52428]);
    expect(index.signature(5)).toBeUndefined();
  });

  it('gives back each article signature as a store keeps it: the fixed-point weights of `signature`', () => {
    const index = new MemoryCandidateSource();
    for (const [k, s] of randomSignatures(50, 11).entries()) index.add(k + 1, { ...s, surface: s.terms.map((t) => t.toUpperCase()) });
    for (let id = 1; id <= 50; id++) {
      const back = index.signature(id)!;
      expect(index.fixedSignature(id)).toEqual({ terms: back.terms, fixedWeights: Array.from(back.weights, toFixedWeight), surface: back.surface });
    }
    expect(index.fixedSignature(51)).toBeUndefined();
  });

  it('reads the term ids of a signature it gave, and looks up by name a signature whose ids are another index\'s', () => {
    const sigs = randomSignatures(120, 3);
    const index = new MemoryCandidateSource();
    const other = new MemoryCandidateSource();
    other.add(0, sig({ zzz: 0.5, yyy: 0.5 }));
    for (const [i, s] of sigs.entries()) {
      index.add(i, s);
      other.add(i + 1, s);
    }
    const own = index.signature(7)!;
    expect(index.candidates(own, 15, 7)).toEqual(index.candidates({ terms: own.terms, weights: own.weights }, 15, 7));
    const foreign = other.signature(8)!;
    expect(foreign.termIds).toBeDefined();
    expect(index.candidates(foreign, 15, 7)).toEqual(index.candidates({ terms: foreign.terms, weights: foreign.weights }, 15, 7));
  });

  it('indexes signatures that carry their terms\' ids in another dictionary as it indexes them by name', () => {
    const dictionary = ['toll', 'gantri', 'lane', 'bridg'];
    const withIds = (id: number, entries: Record<string, number>, surface: string): [number, Signature] => {
      const s = { ...sig(entries), surface: Object.keys(entries).map((t) => `${t}-${surface}`) };
      return [id, { ...s, termIds: { dictionary, ids: Int32Array.from(s.terms, (t) => dictionary.indexOf(t)) } }];
    };
    const docs = [withIds(1, { toll: 0.6, gantri: 0.8 }, 'a'), withIds(2, { lane: 0.6, toll: 0.8 }, 'b'), withIds(3, { bridg: 1 }, 'c'), withIds(4, { gantri: 0.6, bridg: 0.8 }, 'd')];
    const byIds = new MemoryCandidateSource();
    const byName = new MemoryCandidateSource();
    for (const [id, s] of docs) {
      byIds.add(id, s);
      byName.add(id, { terms: s.terms, weights: s.weights, surface: s.surface });
    }
    for (const [id, s] of docs) {
      expect(byIds.fixedSignature(id)).toEqual(byName.fixedSignature(id));
      expect(byIds.candidates(s, 10, id)).toEqual(byName.candidates(s, 10, id));
    }
    // The first article to use a term gives its readable form, whichever way it came.
    expect(byIds.surfaceOf('toll')).toBe('toll-a');
  });

  it('widens its rows for a longer signature and grows past its initial capacity', () => {
    const index = new MemoryCandidateSource({ width: 2, initialCapacity: 16 });
    for (let id = 0; id < 40; id++) index.add(id, sig({ toll: 0.6, gantri: 0.8 }));
    const long = sig({ a: 0.1, b: 0.1, c: 0.1, d: 0.1, toll: 0.5, gantri: 0.84 });
    index.add(100, long);
    expect(index.signature(100)!.terms).toEqual(['a', 'b', 'c', 'd', 'toll', 'gantri']);
    expect(index.signature(3)!.terms).toEqual(['toll', 'gantri']);
    const got = index.candidates(sig({ gantri: 1 }), 50, 0);
    expect(got).toHaveLength(40);
    expect(got[0]).toEqual({ id: 100, textScore: Math.round(0.84 * WEIGHT_SCALE) / WEIGHT_SCALE });
    expect(index.footprint()).toMatchObject({ articles: 41, terms: 6, postings: 86 });
  });

  it('keeps scoring right after compacting its postings', () => {
    const index = new MemoryCandidateSource();
    for (let id = 0; id < 10; id++) index.add(id, sig({ toll: 1 }));
    for (let id = 0; id < 8; id++) index.remove(id);
    index.compact();
    index.add(20, sig({ toll: 1 }));
    expect(index.candidates(sig({ toll: 1 }), 10, 0).map((c) => c.id)).toEqual([8, 9, 20]);
  });
});
