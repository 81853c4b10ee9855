import { grown } from '../lib/typed-arrays.ts';
import { words as wordsOf } from '../text/index.ts';
import { DEFAULT_SIGNATURE_OPTIONS, type SignatureOptions, termOfWord } from './signature.ts';
import type { RelatedDoc } from './types.ts';

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

  constructor(opts: Partial<SignatureOptions> = {}) {
    this.#titleBoost = opts.titleBoost ?? DEFAULT_SIGNATURE_OPTIONS.titleBoost;
    this.#standfirstBoost = opts.standfirstBoost ?? DEFAULT_SIGNATURE_OPTIONS.standfirstBoost;
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

  /** Analyses and counts one article. */
  analyze(doc: Pick<RelatedDoc, 'title' | 'standfirst' | 'body'>): InternedAnalysis {
    const stamp = ++this.#docCount;
    let n = 0;
    let length = 0;
    const count = (text: string, boost: number) => {
      if (boost <= 0 || text === '') return;
      for (const w of wordsOf(text)) {
        const word = this.#word(w);
        const t = this.#wordTerm[word]!;
        if (t < 0) continue;
        if (this.#seenIn[t] !== stamp) {
          this.#seenIn[t] = stamp;
          this.#tf[t] = 0;
          this.#firstWord[t] = word;
          if (n === this.#order.length) this.#growOrder();
          this.#order[n++] = t;
        }
        this.#tf[t]! += boost;
        length += boost;
      }
    };
    count(doc.title, this.#titleBoost);
    count(doc.standfirst, this.#standfirstBoost);
    count(doc.body, 1);
    for (let i = 0; i < n; i++) {
      const t = this.#order[i]!;
      this.#df[t]!++;
      this.#outWords[i] = this.#firstWord[t]!;
      this.#outCounts[i] = this.#tf[t]!;
    }
    this.#totalLength += length;
    return { length, terms: this.#order.subarray(0, n), words: this.#outWords.subarray(0, n), counts: this.#outCounts.subarray(0, n) };
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
