import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileScanKernel, KERNEL_SOURCE } from '../../scripts/build-scan-kernel.ts';
import { MemoryCandidateSource } from './memory-candidate-source.ts';
import { type PostingsPool, PostingsScan } from './postings-scan.ts';
import { createScanMemory, ScanKernel, scanMemoryArrays } from './scan-kernel.ts';
import { SCAN_KERNEL_WASM } from './scan-kernel-wasm.ts';
import type { Signature } from './types.ts';

// A random index: `articles` slots with ids in random order, each term's postings in slot order
// (as a bulk load leaves them). Weights come from a short list so that scores tie often.
const indexArb = fc
  .record({ articles: fc.integer({ min: 1, max: 120 }), terms: fc.integer({ min: 1, max: 24 }), seed: fc.integer() })
  .chain(({ articles, terms, seed }) =>
    fc.record({
      articles: fc.constant(articles),
      seed: fc.constant(seed),
      lists: fc.array(fc.array(fc.record({ slot: fc.integer({ min: 0, max: articles - 1 }), weight: fc.constantFrom(1, 2, 7, 40_000, 65_535) }), { maxLength: articles }), {
        minLength: terms,
        maxLength: terms,
      }),
      queries: fc.array(
        fc.record({
          terms: fc.array(fc.record({ term: fc.integer({ min: 0, max: terms - 1 }), weight: fc.constantFrom(1, 3, 30_000, 65_535) }), { minLength: 1, maxLength: 30 }),
          limit: fc.integer({ min: 1, max: 80 }),
          skip: fc.integer({ min: -1, max: articles - 1 }),
        }),
        { minLength: 1, maxLength: 8 },
      ),
    }),
  );

type Index = typeof indexArb extends fc.Arbitrary<infer T> ? T : never;

// The index's pool twice: in a `ScanMemory` (the kernel scans it) and in plain typed arrays.
function pools(index: Index): { inKernel: PostingsPool; plain: PostingsPool } {
  const start = new Int32Array(index.lists.length);
  const count = new Int32Array(index.lists.length);
  const postings: { slot: number; weight: number }[] = [];
  index.lists.forEach((list, term) => {
    const slots = [...new Map(list.map((p) => [p.slot, p])).values()].sort((a, b) => a.slot - b.slot);
    start[term] = postings.length;
    count[term] = slots.length;
    postings.push(...slots);
  });
  const slotIds = Float64Array.from({ length: index.articles }, (_, k) => ((k * 7919 + index.seed) % 1009) + k * 1009);
  const plain: PostingsPool = {
    slots: Int32Array.from(postings, (p) => p.slot),
    weights: Uint16Array.from(postings, (p) => p.weight),
    start,
    count,
    slotIds,
    highWater: index.articles,
  };
  const memory = createScanMemory(Math.max(1, postings.length), index.articles);
  if (!memory) throw new Error('this runtime cannot run the scan kernel');
  const arrays = scanMemoryArrays(memory);
  arrays.slots.set(plain.slots);
  arrays.weights.set(plain.weights);
  arrays.slotIds.set(slotIds);
  return { inKernel: { ...plain, slots: arrays.slots, weights: arrays.weights, slotIds: arrays.slotIds, kernel: memory }, plain };
}

describe('the scan kernel', () => {
  it('is the module scan-kernel.wat compiles to (run `npm run build:kernel` after editing it)', async () => {
    const compiled = await compileScanKernel(fs.readFileSync(KERNEL_SOURCE, 'utf8'));
    expect(Buffer.from(compiled).toString('base64')).toBe(SCAN_KERNEL_WASM);
    expect(path.basename(KERNEL_SOURCE)).toBe('scan-kernel.wat');
  });

  it('finds the candidates the TypeScript scan finds, scores and ties included, query after query', () => {
    fc.assert(
      fc.property(indexArb, (index) => {
        const { inKernel, plain } = pools(index);
        const kernel = ScanKernel.attach(inKernel.kernel!, 0)!;
        const typescript = new PostingsScan();
        for (const q of index.queries) {
          const terms = Int32Array.from(q.terms, (t) => t.term);
          const weights = Float64Array.from(q.terms, (t) => t.weight);
          typescript.begin(terms.length);
          for (let i = 0; i < terms.length; i++) typescript.term(terms[i]!, weights[i]!);
          const expected = typescript.candidates(plain, q.limit, q.skip).map((c) => ({ id: c.id, score: c.textScore }));
          const found = kernel.best(inKernel.start, inKernel.count, inKernel.highWater, terms, weights, terms.length, q.limit, q.skip)!;
          expect(found.map((c) => ({ id: inKernel.slotIds[c.slot], score: c.score / (65_535 * 65_535) }))).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives each thread its region: two kernels over one memory, interleaved, answer alike', () => {
    const index = fc.sample(indexArb, { numRuns: 1, seed: 42 })[0]!;
    const { inKernel } = pools(index);
    const [a, b] = [ScanKernel.attach(inKernel.kernel!, 0)!, ScanKernel.attach(inKernel.kernel!, 1)!];
    expect(ScanKernel.attach(inKernel.kernel!, 2)).toBeUndefined();
    for (const q of index.queries) {
      const terms = Int32Array.from(q.terms, (t) => t.term);
      const weights = Float64Array.from(q.terms, (t) => t.weight);
      const ask = (k: ScanKernel) => k.best(inKernel.start, inKernel.count, inKernel.highWater, terms, weights, terms.length, q.limit, q.skip);
      expect(ask(a)).toEqual(ask(b));
    }
  });

  it('declines what does not fit its region, and answers an empty limit with nothing', () => {
    const index = fc.sample(indexArb, { numRuns: 1, seed: 7 })[0]!;
    const { inKernel } = pools(index);
    const kernel = ScanKernel.attach(inKernel.kernel!, 0)!;
    const terms = new Int32Array([0]);
    const weights = new Float64Array([1]);
    expect(kernel.best(inKernel.start, inKernel.count, inKernel.highWater, terms, weights, 1, 5_000, -1)).toBeUndefined();
    expect(kernel.best(inKernel.start, inKernel.count, inKernel.highWater + 8, terms, weights, 1, 5, -1)).toBeUndefined();
    expect(kernel.best(inKernel.start, inKernel.count, inKernel.highWater, terms, weights, 1, 0, -1)).toEqual([]);
  });
});

describe('a bulk-loaded index', () => {
  const sig = (k: number): Signature => {
    const terms = Array.from({ length: 12 }, (_, i) => `t${(k * 3 + i * 5) % 40}`);
    return { terms, weights: terms.map((_, i) => 0.05 + ((k + i) % 7) / 10) };
  };

  it('scans in the kernel, and keeps the same candidates as an index built one article at a time, after changes too', () => {
    const bulk = new MemoryCandidateSource();
    const oneByOne = new MemoryCandidateSource();
    bulk.deferPostings();
    for (let k = 1; k <= 300; k++) {
      bulk.add(k, sig(k));
      oneByOne.add(k, sig(k));
    }
    bulk.compact();
    expect(bulk.sharedScan().kernel).toBeDefined();
    for (let k = 1; k <= 300; k += 17) expect(bulk.candidates(sig(k), 40, k)).toEqual(oneByOne.candidates(sig(k), 40, k));
    // More postings than the pool holds: the lists move out of the kernel's memory.
    for (let k = 301; k <= 340; k++) {
      bulk.add(k, sig(k));
      oneByOne.add(k, sig(k));
    }
    bulk.remove(5);
    oneByOne.remove(5);
    for (let k = 1; k <= 340; k += 13) expect(bulk.candidates(sig(k), 40, k)).toEqual(oneByOne.candidates(sig(k), 40, k));
  });
});
