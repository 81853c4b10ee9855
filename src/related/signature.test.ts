import { describe, expect, it } from 'vitest';
import { analyzeDoc, bm25Idf, buildSignature, signatureCosine, toFixedWeight, WEIGHT_SCALE } from './signature.ts';
import { TermStats } from './term-stats.ts';

// Ten articles: `toll` in five, `gantri` and `camera` in two, `rare` in one.
function tenArticleStats(): TermStats {
  const stats = new TermStats();
  for (let i = 0; i < 10; i++) {
    const terms: string[] = [];
    if (i < 5) terms.push('toll');
    if (i < 2) terms.push('gantri', 'camera');
    if (i === 0) terms.push('rare');
    stats.addDoc(terms);
  }
  return stats;
}

const fixed = (w: number) => Math.round(w * WEIGHT_SCALE);

describe('analyzeDoc', () => {
  it('counts headline words 3×, standfirst words 2× and body words once', () => {
    const a = analyzeDoc({ title: 'Tolling', standfirst: 'Gantry', body: 'Tolling gantry cameras' });
    expect([...a.tf]).toEqual([
      ['toll', 4],
      ['gantri', 3],
      ['camera', 1],
    ]);
    expect(a.length).toBe(8);
  });

  it('drops stop words, one-letter words and pure numbers, keeps words with digits', () => {
    const a = analyzeDoc({ title: '', standfirst: '', body: 'The 5G toll of 155,221 bags in 1987 at U.S. ports' });
    expect([...a.tf.keys()]).toEqual(['5g', 'toll', 'bag', 'port']);
  });

  it('keeps the first word used for each term as its surface form, headline first', () => {
    const a = analyzeDoc({ title: 'Batteries', standfirst: '', body: 'battery batteries' });
    expect(a.surface.get('batteri')).toBe('batteries');
  });

  it('honours other boosts', () => {
    const a = analyzeDoc({ title: 'Toll', standfirst: 'toll', body: 'toll' }, { titleBoost: 1, standfirstBoost: 0 });
    expect(a.tf.get('toll')).toBe(2);
  });
});

describe('buildSignature', () => {
  it('weights √idf × saturated tf, L2-normalised, heaviest first, in 16-bit fixed point', () => {
    const sig = buildSignature({ title: 'Tolling', standfirst: '', body: 'Tolling gantry gantries cameras' }, tenArticleStats());
    expect(sig.terms).toEqual(['gantri', 'toll', 'camera']);
    // √idf·tf'(k1+1)/(tf'+k1) with tf' = 2, 4, 1 and df = 2, 5, 2 of 10, normalised: 0.66851, 0.56277, 0.48619.
    expect(Array.from(sig.weights, fixed)).toEqual([43811, 36881, 31862]);
    expect(sig.surface).toEqual(['gantry', 'tolling', 'cameras']);
  });

  it('is a unit vector (to fixed-point precision)', () => {
    const sig = buildSignature({ title: 'Tolling', standfirst: '', body: 'Tolling gantry gantries cameras' }, tenArticleStats());
    expect(signatureCosine(sig, sig)).toBeCloseTo(1, 4);
  });

  it('weights a headline word above the same word in the body', () => {
    const stats = tenArticleStats();
    const inTitle = buildSignature({ title: 'Gantry', standfirst: '', body: 'cameras' }, stats);
    const inBody = buildSignature({ title: 'Cameras', standfirst: '', body: 'gantry' }, stats);
    expect(inTitle.terms[0]).toBe('gantri');
    expect(inBody.terms[0]).toBe('camera');
  });

  it('saturates term frequency: twenty repetitions weigh less than (k1 + 1)× one', () => {
    const stats = tenArticleStats();
    const sig = buildSignature({ title: '', standfirst: '', body: `${'gantry '.repeat(20)} cameras` }, stats);
    const [g, c] = [sig.weights[0]!, sig.weights[1]!];
    expect(sig.terms).toEqual(['gantri', 'camera']);
    // Same idf; tf 20 vs 1: (20·2.2/21.2) / (2.2/2.2) = 2.075…
    expect(g / c).toBeCloseTo((20 * 2.2) / 21.2, 3);
    expect(g / c).toBeLessThan(2.2);
  });

  it('weights a rarer term above a commoner one at the same frequency', () => {
    const sig = buildSignature({ title: '', standfirst: '', body: 'tolling cameras' }, tenArticleStats());
    expect(sig.terms).toEqual(['camera', 'toll']);
    expect(sig.weights[0]! / sig.weights[1]!).toBeCloseTo(Math.sqrt(bm25Idf(10, 2) / bm25Idf(10, 5)), 3);
  });

  it('leaves out terms no other article has (minDocFreq 2) and unknown terms', () => {
    const sig = buildSignature({ title: '', standfirst: '', body: 'rare tolling unheard' }, tenArticleStats());
    expect(sig.terms).toEqual(['toll']);
    expect(fixed(sig.weights[0]!)).toBe(WEIGHT_SCALE);
  });

  it('keeps only the K heaviest terms', () => {
    const sig = buildSignature({ title: '', standfirst: '', body: 'tolling gantry cameras' }, tenArticleStats(), {
      maxTerms: 2,
    });
    expect(sig.terms).toEqual(['camera', 'gantri']);
    expect(signatureCosine(sig, sig)).toBeCloseTo(1, 4);
  });

  it('normalises long articles harder (BM25 b) when the corpus has an average length', () => {
    const stats = new TermStats();
    stats.addDoc(['gantri', 'camera'], 10);
    stats.addDoc(['gantri', 'camera'], 10);
    const body = `${'gantry '.repeat(4)} cameras ${'filler '.repeat(60)}`;
    const normalised = buildSignature({ title: '', standfirst: '', body }, stats);
    const flat = buildSignature({ title: '', standfirst: '', body }, stats, { b: 0 });
    // A longer-than-average article saturates later, so its repeated term keeps more of its lead.
    expect(normalised.weights[0]! / normalised.weights[1]!).toBeGreaterThan(flat.weights[0]! / flat.weights[1]!);
  });

  it('returns an empty signature for an article with no countable terms', () => {
    const sig = buildSignature({ title: '', standfirst: '', body: 'the 1987 of' }, tenArticleStats());
    expect(sig.terms).toEqual([]);
    expect(sig.weights.length).toBe(0);
  });
});

describe('signatureCosine', () => {
  it('is the sum over shared terms of weight products', () => {
    const a = { terms: ['x', 'y', 'z'], weights: [0.6, 0.8, 0] };
    const b = { terms: ['y', 'x', 'w'], weights: [0.6, 0.8, 0.5] };
    expect(signatureCosine(a, b)).toBeCloseTo(0.6 * 0.8 + 0.8 * 0.6, 12);
    expect(signatureCosine(b, a)).toBeCloseTo(0.96, 12);
    expect(signatureCosine(a, { terms: ['q'], weights: [1] })).toBe(0);
  });
});

describe('toFixedWeight', () => {
  it('rounds to the nearest 1/65535 and clamps to [0, 1]', () => {
    expect(toFixedWeight(0.6)).toBe(39321);
    expect(toFixedWeight(1.2)).toBe(65535);
    expect(toFixedWeight(-0.1)).toBe(0);
    expect(toFixedWeight(0.4 / WEIGHT_SCALE)).toBe(0);
  });
});
