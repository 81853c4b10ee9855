import { grown } from '../lib/typed-arrays.ts';
import { words as wordsOf } from '../text/index.ts';
import { DEFAULT_SIGNATURE_OPTIONS, type SignatureOptions, signatureFromTerms, termOfWord } from './signature.ts';
import type { CorpusStats } from './term-stats.ts';
import type { RelatedDoc, Signature } from './types.ts';

/**
 * One article's analysis as `analyzeDoc` makes it, with integer ids instead of strings: its
 * distinct terms in order of first use, for each the first word that produced it (its readable
 * form) and its field-weighted count. Views into the analyzer's scratch space: valid until the
 * next `analyze`.
 */
export interface InternedAnalysis {
  readonly length: number;
  readonly terms: Int32Array;
  readonly words: Int32Array;
  readonly counts: Float64Array;
}

/** An article's folded words: its headline's, its standfirst's, its body's. */
export type SplitDoc = readonly [title: readonly string[], standfirst: readonly string[], body: readonly string[]];

/**
 * The first pass of a rebuild: analyses every article as `analyzeDoc` does and counts document
 * frequencies, but each distinct word is folded, stemmed and interned once for the whole load
 * (one map lookup per word after that), and the counts live in typed arrays indexed by term id.
 * `analyzeDoc` builds two string-keyed maps per article and the statistics a set per article;
 * over a rebuild that was most of the text analysis's time.
 * @example
 * const analyzer = new InternedAnalyzer();
 * const a = analyzer.analyze(doc); analyzer.terms[a.terms[0]]; // its first term
 * analyzer.df(); // [term, df] for every term counted
 */
export class InternedAnalyzer {
  /** Term id → term. */
  readonly terms: string[] = [];
  /** Word id → word. */
  readonly words: string[] = [];
  #docCount = 0;
  #totalLength = 0;
  readonly #titleBoost: number;
  readonly #standfirstBoost: number;
  readonly #wordIds = new Map<string, number>();
  readonly #termIds = new Map<string, number>();
  #wordTerm = new Int32Array(1 << 14);
  #df = new Int32Array(1 << 14);
  // Per-article scratch, indexed by term id: count, first word, and the article it was last seen in.
  #tf = new Float64Array(1 << 14);
  #firstWord = new Int32Array(1 << 14);
  #seenIn = new Int32Array(1 << 14);
  #order = new Int32Array(1 << 12);
  #outWords = new Int32Array(1 << 12);
  #outCounts = new Float64Array(1 << 12);
  // The other thread's word ids → these (`learnWords`), and how many it numbered.
  #foreign = new Int32Array(1 << 14);
  #learnt = 0;
  // The article being analysed: its stamp in #seenIn, its distinct terms so far, its length.
  #stamp = 0;
  #n = 0;
  #length = 0;

  constructor(opts: Partial<SignatureOptions> = {}) {
    this.#titleBoost = opts.titleBoost ?? DEFAULT_SIGNATURE_OPTIONS.titleBoost;
    this.#standfirstBoost = opts.standfirstBoost ?? DEFAULT_SIGNATURE_OPTIONS.standfirstBoost;
  }

  /** The field weights it counts with (a field of weight 0 is not read: its words are not numbered). */
  get boosts(): { readonly titleBoost: number; readonly standfirstBoost: number } {
    return { titleBoost: this.#titleBoost, standfirstBoost: this.#standfirstBoost };
  }

  get docCount(): number {
    return this.#docCount;
  }

  get totalLength(): number {
    return this.#totalLength;
  }

  /** Every counted term with its document frequency. */
  *df(): Generator<[string, number]> {
    for (let t = 0; t < this.terms.length; t++) if (this.#df[t]! > 0) yield [this.terms[t]!, this.#df[t]!];
  }

  /**
   * The signature of an analysis made here (or read back from a spill) against `stats`, which must
   * hold this analyzer's counts (`df`): `signatureFromAnalysis` of the same analysis named, without
   * naming it first. A rebuild signs 100,000 articles so: the two string-keyed maps an analysis
   * made for it, and an object per term to sort, were most of the second pass. The signature
   * carries its terms' ids here (`termIds`, dictionary `terms`), by which an index interns them.
   */
  signature(analysis: InternedAnalysis, stats: Pick<CorpusStats, 'docCount' | 'avgDocLength'>, opts: Partial<SignatureOptions> = {}): Signature {
    const { terms, words, counts } = analysis;
    return signatureFromTerms(
      {
        size: terms.length,
        length: analysis.length,
        term: (i) => this.terms[terms[i]!]!,
        count: (i) => counts[i]!,
        df: (i) => this.#df[terms[i]!]!,
        surface: (i) => this.words[words[i]!]!,
        ids: { dictionary: this.terms, id: (i) => terms[i]! },
      },
      stats,
      opts,
    );
  }

  /** Analyses and counts one article. */
  analyze(doc: Pick<RelatedDoc, 'title' | 'standfirst' | 'body'>): InternedAnalysis {
    return this.analyzeSplit(this.split(doc));
  }

  /** An article's folded words, field by field, as `analyze` reads them (none from a field of weight 0). */
  split(doc: Pick<RelatedDoc, 'title' | 'standfirst' | 'body'>): SplitDoc {
    const field = (text: string, boost: number) => (boost <= 0 || text === '' ? [] : wordsOf(text));
    return [field(doc.title, this.#titleBoost), field(doc.standfirst, this.#standfirstBoost), field(doc.body, 1)];
  }

  /** `analyze` of an article already split (`split`), perhaps ahead of the articles before it. */
  analyzeSplit([title, standfirst, body]: SplitDoc): InternedAnalysis {
    this.#begin();
    for (const w of title) this.#countWord(this.#word(w), this.#titleBoost);
    for (const w of standfirst) this.#countWord(this.#word(w), this.#standfirstBoost);
    for (const w of body) this.#countWord(this.#word(w), 1);
    return this.#end();
  }

  /**
   * Words numbered by another thread (a rebuild's `WordThread`) in order of first use there: its
   * word i is the i-th of all `fresh` given. Each is interned here as `analyze` would intern it
   * where the articles it was first met in come in the load: call it before analysing them.
   */
  learnWords(fresh: readonly string[]): void {
    for (const w of fresh) {
      if (this.#learnt === this.#foreign.length) this.#foreign = grown(this.#foreign);
      this.#foreign[this.#learnt++] = this.#word(w);
    }
  }

  /**
   * `analyze` of article `k` of a chunk given as the other thread's word ids (`learnWords`), laid
   * out as `WordReply` lays them: its headline's are `ids` from `ends[3k - 1]` (0 for the first) to
   * `ends[3k]`, its standfirst's to `ends[3k + 1]`, its body's to `ends[3k + 2]`.
   */
  analyzeWords({ ids, ends }: { readonly ids: Int32Array; readonly ends: Int32Array }, k: number): InternedAnalysis {
    const from = k ? ends[3 * k - 1]! : 0;
    const titleEnd = ends[3 * k]!;
    const standfirstEnd = ends[3 * k + 1]!;
    const bodyEnd = ends[3 * k + 2]!;
    this.#begin();
    const foreign = this.#foreign;
    for (let i = from; i < titleEnd; i++) this.#countWord(foreign[ids[i]!]!, this.#titleBoost);
    for (let i = titleEnd; i < standfirstEnd; i++) this.#countWord(foreign[ids[i]!]!, this.#standfirstBoost);
    for (let i = standfirstEnd; i < bodyEnd; i++) this.#countWord(foreign[ids[i]!]!, 1);
    return this.#end();
  }

  #begin(): void {
    this.#stamp = ++this.#docCount;
    this.#n = 0;
    this.#length = 0;
  }

  #countWord(word: number, boost: number): void {
    const t = this.#wordTerm[word]!;
    if (t < 0) return;
    if (this.#seenIn[t] !== this.#stamp) {
      this.#seenIn[t] = this.#stamp;
      this.#tf[t] = 0;
      this.#firstWord[t] = word;
      if (this.#n === this.#order.length) this.#growOrder();
      this.#order[this.#n++] = t;
    }
    this.#tf[t]! += boost;
    this.#length += boost;
  }

  #end(): InternedAnalysis {
    const n = this.#n;
    for (let i = 0; i < n; i++) {
      const t = this.#order[i]!;
      this.#df[t]!++;
      this.#outWords[i] = this.#firstWord[t]!;
      this.#outCounts[i] = this.#tf[t]!;
    }
    this.#totalLength += this.#length;
    return { length: this.#length, terms: this.#order.subarray(0, n), words: this.#outWords.subarray(0, n), counts: this.#outCounts.subarray(0, n) };
  }

  #word(w: string): number {
    let id = this.#wordIds.get(w);
    if (id === undefined) {
      id = this.words.length;
      this.#wordIds.set(w, id);
      this.words.push(w);
      if (id === this.#wordTerm.length) this.#wordTerm = grown(this.#wordTerm);
      const term = termOfWord(w);
      this.#wordTerm[id] = term === null ? -1 : this.#term(term);
    }
    return id;
  }

  #term(term: string): number {
    let id = this.#termIds.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.#termIds.set(term, id);
      this.terms.push(term);
      if (id === this.#df.length) {
        this.#df = grown(this.#df);
        this.#tf = grown(this.#tf);
        this.#firstWord = grown(this.#firstWord);
        this.#seenIn = grown(this.#seenIn);
      }
    }
    return id;
  }

  #growOrder(): void {
    this.#order = grown(this.#order);
    this.#outWords = grown(this.#outWords);
    this.#outCounts = grown(this.#outCounts);
  }
}
