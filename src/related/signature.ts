/**
 * Signatures: an article's K heaviest terms, weighted like a BM25 "more like this" query.
 *
 * weight(t) = √idf(t) · tf'(k1 + 1) / (tf' + k1(1 − b + b·len/avgLen)), where
 * tf' = titleBoost·tf(headline) + standfirstBoost·tf(standfirst) + tf(body) and idf is BM25's
 * ln(1 + (N − df + 0.5)/(df + 0.5)). The K heaviest terms are kept and L2-normalised, so the dot
 * product of two signatures is a cosine in [0, 1].
 *
 * Why each part:
 * - Saturation keeps one word repeated twenty times from owning the signature.
 * - The headline boost: the headline says what the story is about.
 * - √idf on each side: in the dot product a shared term then counts sat·sat·idf, its idf once, as
 *   in a BM25 query. A cosine of tf·idf vectors counts idf², and the rare names two stories share
 *   (a place, a person) swamp the vocabulary that says what both are about.
 * - Weights are rounded to 16-bit fixed point (multiples of 1/65535): the in-memory index stores
 *   them in two bytes, and a store persisting them holds exactly the same numbers.
 * - Truncating to the K heaviest terms by the same weight the dot product uses loses the least of
 *   the vector. K = 60 keeps the in-memory index of 100,000 articles near 75 MB; more terms still
 *   help long articles a little (on the BBC set, P@5 0.930 at 60 terms, 0.938 at 100, 0.914 at 40;
 *   `npm run eval:related -- --engine '{"signature":{"maxTerms":100}}'`).
 */
import { STOP_WORDS, stem, words } from '../text/index.ts';
import { toFixedWeight, WEIGHT_SCALE } from './fixed-weight.ts';
import type { CorpusStats } from './term-stats.ts';
import type { RelatedDoc, Signature } from './types.ts';

export { toFixedWeight, WEIGHT_SCALE } from './fixed-weight.ts';

/** How a signature is built. Every field is optional in calls; these are the defaults. */
export interface SignatureOptions {
  /** K: terms kept per article. */
  readonly maxTerms: number;
  /** Each headline occurrence counts as this many body occurrences. */
  readonly titleBoost: number;
  /** Each standfirst occurrence counts as this many body occurrences. */
  readonly standfirstBoost: number;
  /** BM25 term-frequency saturation. */
  readonly k1: number;
  /** BM25 length normalisation (0: none, 1: full). */
  readonly b: number;
  /**
   * Terms used by fewer articles than this (the article itself included) are left out: a term no
   * other article has cannot make two articles related, and would only take a place among the K.
   */
  readonly minDocFreq: number;
}

export const DEFAULT_SIGNATURE_OPTIONS: SignatureOptions = Object.freeze({
  maxTerms: 60,
  titleBoost: 3,
  standfirstBoost: 2,
  k1: 1.2,
  b: 0.75,
  minDocFreq: 2,
});

/** The countable terms of one article. */
export interface DocAnalysis {
  /** Field-weighted term frequency (headline and standfirst occurrences boosted). */
  readonly tf: Map<string, number>;
  /** Field-weighted number of terms: the BM25 document length. */
  readonly length: number;
  /** For each term, the first word that produced it (headline first): its readable form. */
  readonly surface: Map<string, string>;
}

const HAS_LETTER = /\p{L}/u;

/** Words already seen and their terms (null for none): one lookup per word instead of four tests. */
const termCache = new Map<string, string | null>();
const TERM_CACHE_LIMIT = 200_000;

/** The signature term of one folded word, or null when the word makes none (see `analyzeDoc`). */
export function termOfWord(w: string): string | null {
  return w.length < 2 || STOP_WORDS.has(w) || !HAS_LETTER.test(w) ? null : stem(w);
}

function termOf(w: string): string | null {
  let t = termCache.get(w);
  if (t === undefined) {
    t = termOfWord(w);
    if (termCache.size >= TERM_CACHE_LIMIT) termCache.clear();
    termCache.set(w, t);
  }
  return t;
}

/**
 * Splits an article into signature terms with field-weighted counts. Stop words, one-letter words
 * and pure numbers (amounts, years, figures: "155,221", "1987") are not terms: they say nothing
 * about what a story is about.
 * @example analyzeDoc({ title: 'Batteries', standfirst: '', body: 'A battery plant' }).tf // Map { batteri → 4, plant → 1 }
 */
export function analyzeDoc(
  doc: Pick<RelatedDoc, 'title' | 'standfirst' | 'body'>,
  opts: Partial<SignatureOptions> = {},
): DocAnalysis {
  const o = { ...DEFAULT_SIGNATURE_OPTIONS, ...opts };
  const tf = new Map<string, number>();
  const surface = new Map<string, string>();
  let length = 0;
  const count = (text: string, boost: number) => {
    if (boost <= 0 || text === '') return;
    for (const w of words(text)) {
      const t = termOf(w);
      if (t === null) continue;
      tf.set(t, (tf.get(t) ?? 0) + boost);
      if (!surface.has(t)) surface.set(t, w);
      length += boost;
    }
  };
  count(doc.title, o.titleBoost);
  count(doc.standfirst, o.standfirstBoost);
  count(doc.body, 1);
  return { tf, length, surface };
}

/** BM25's IDF, never negative. */
export function bm25Idf(docCount: number, df: number): number {
  const n = Math.max(docCount, df);
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/**
 * The signature of an analysed article. `stats` should already count the article itself (so that
 * `minDocFreq` 2 means "at least one other article").
 */
export function signatureFromAnalysis(
  analysis: DocAnalysis,
  stats: CorpusStats,
  opts: Partial<SignatureOptions> = {},
): Signature {
  const terms = [...analysis.tf.keys()];
  return signatureFromTerms(
    {
      size: terms.length,
      length: analysis.length,
      term: (i) => terms[i]!,
      count: (i) => analysis.tf.get(terms[i]!)!,
      df: (i) => stats.df(terms[i]!),
      surface: (i) => analysis.surface.get(terms[i]!) ?? terms[i]!,
    },
    stats,
    opts,
  );
}

/** An article's distinct terms as `signatureFromTerms` reads them, the i-th of `size` by position. */
export interface TermCounts {
  readonly size: number;
  /** Field-weighted number of terms (`DocAnalysis.length`). */
  readonly length: number;
  term(i: number): string;
  count(i: number): number;
  /** The term's document frequency in the corpus. */
  df(i: number): number;
  surface(i: number): string;
  /** The terms' ids in a dictionary of the caller's, carried into the signature (`Signature.termIds`). */
  readonly ids?: { readonly dictionary: object; id(i: number): number };
}

/**
 * The signature of an article's counted terms: `signatureFromAnalysis` for any form of the counts
 * (a rebuild signs from its interned analyses, `InternedAnalyzer.signature`). Same arithmetic in
 * the same order whatever the form, so the weights are the same to the bit.
 */
export function signatureFromTerms(counts: TermCounts, stats: Pick<CorpusStats, 'docCount' | 'avgDocLength'>, opts: Partial<SignatureOptions> = {}): Signature {
  const o = { ...DEFAULT_SIGNATURE_OPTIONS, ...opts };
  const avg = stats.avgDocLength;
  const lengthNorm = avg && avg > 0 ? 1 - o.b + (o.b * counts.length) / avg : 1;
  const k = o.k1 * lengthNorm;
  const w = new Float64Array(counts.size);
  const scored: number[] = [];
  for (let i = 0; i < counts.size; i++) {
    const df = counts.df(i);
    if (df < o.minDocFreq) continue;
    const f = counts.count(i);
    w[i] = Math.sqrt(bm25Idf(stats.docCount, df)) * ((f * (o.k1 + 1)) / (f + k));
    if (w[i]! > 0) scored.push(i);
  }
  // Heaviest first; equal weights by term so that a signature never depends on Map order.
  scored.sort((x, y) => w[y]! - w[x]! || compareStrings(counts.term(x), counts.term(y)));
  let kept = scored.slice(0, Math.max(0, o.maxTerms));
  let norm = 0;
  for (const i of kept) norm += w[i]! * w[i]!;
  norm = Math.sqrt(norm);
  // A weight that rounds to 0 in fixed point contributes nothing anywhere: drop its term.
  kept = kept.filter((i) => toFixedWeight(w[i]! / norm) > 0);
  const weights = new Float32Array(kept.length);
  for (let j = 0; j < kept.length; j++) weights[j] = toFixedWeight(w[kept[j]!]! / norm) / WEIGHT_SCALE;
  const sig = { terms: kept.map((i) => counts.term(i)), weights, surface: kept.map((i) => counts.surface(i)) };
  const ids = counts.ids;
  return ids ? { ...sig, termIds: { dictionary: ids.dictionary, ids: Int32Array.from(kept, (i) => ids.id(i)) } } : sig;
}

/** Two strings in code-unit order (not the locale's): how signatures and explanations break ties between terms. */
export const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * An article's signature against corpus statistics.
 * @example
 * const sig = buildSignature(doc, stats);
 * sig.terms[0]; // the most distinctive term, e.g. 'renault'
 */
export function buildSignature(
  doc: Pick<RelatedDoc, 'title' | 'standfirst' | 'body'>,
  stats: CorpusStats,
  opts: Partial<SignatureOptions> = {},
): Signature {
  return signatureFromAnalysis(analyzeDoc(doc, opts), stats, opts);
}

/** The dot product of two signatures: their cosine, since both are L2-normalised. */
export function signatureCosine(a: Signature, b: Signature): number {
  const [small, large] = a.terms.length <= b.terms.length ? [a, b] : [b, a];
  return sparseDot(small.terms, small.weights, large.terms, large.weights);
}

/**
 * The dot product of two sparse vectors given as terms and their weights: `a` is indexed, `b`
 * walked in its order (which fixes the order of a floating-point sum).
 */
export function sparseDot(aTerms: readonly string[], aWeights: ArrayLike<number>, bTerms: readonly string[], bWeights: ArrayLike<number>): number {
  const index = new Map<string, number>();
  for (let i = 0; i < aTerms.length; i++) index.set(aTerms[i]!, aWeights[i]!);
  let dot = 0;
  for (let i = 0; i < bTerms.length; i++) {
    const w = index.get(bTerms[i]!);
    if (w !== undefined) dot += w * bWeights[i]!;
  }
  return dot;
}
