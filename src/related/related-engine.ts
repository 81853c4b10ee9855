/**
 * The whole engine in memory: corpus statistics, signatures in a `MemoryCandidateSource`, and the
 * metadata ranking needs. A full rebuild loads every published article and asks for each list; the
 * eval uses it as is. The publish pipeline can use the same pieces against the store instead
 * (see README.md in this folder for the incremental flow).
 *
 * Memory, 100,000 articles: about 210 MB in all, of which 74 MB of index; most of the rest is each
 * article's distinct term ids, kept to uncount them exactly on removal, and its metadata.
 */
import { RelatedArticleUnknown } from './errors.ts';
import { gatherCandidates } from './gather-candidates.ts';
import { MemoryCandidateSource } from './memory-candidate-source.ts';
import { type RankContext, rankRelated, tagKey, uncachedTitleKey } from './rank-related.ts';
import { type RelatedWeights, resolveWeights } from './related-weights.ts';
import { analyzeDoc, type DocAnalysis, type SignatureOptions, signatureFromAnalysis } from './signature.ts';
import { TermStats } from './term-stats.ts';
import type { Candidate, RelatedDoc, RelatedDocMeta, RelatedItem, Signature } from './types.ts';

export interface RelatedEngineOptions {
  readonly weights?: Partial<RelatedWeights>;
  readonly signature?: Partial<SignatureOptions>;
  /**
   * Keep each article's term list so that `upsert` and `remove` can uncount it exactly (default
   * true). A rebuild that loads once and never edits leaves it off: about 70 MB less at 100,000.
   */
  readonly retainCounts?: boolean;
  /**
   * Allocate the index's large arrays in SharedArrayBuffers (`MemoryCandidateSource`'s `shared`),
   * for a rebuild that scans on a worker thread too.
   */
  readonly sharedIndex?: boolean;
}

export interface RelatedQueryOptions {
  /** Articles never to list (besides the article itself), e.g. exact copies of it. */
  readonly exclude?: ReadonlySet<number>;
  /** Only these articles may be listed (one site's, with several sites); absent: any. */
  readonly within?: ReadonlySet<number>;
}

/** Tags or companies of an article that has none: one array shared by every such article. */
const NO_NAMES: readonly string[] = Object.freeze([]);

interface Counted {
  readonly terms: Int32Array;
  readonly length: number;
}

/**
 * @example
 * const engine = new RelatedEngine({ weights: { recencyHalfLifeDays: 180 } });
 * engine.load(articles);            // count everything, then sign everything
 * engine.related(42);               // the 6 best related articles, explained
 * engine.upsert(editedArticle);     // re-count and re-sign one article
 * engine.remove(17);                // unpublished
 */
export class RelatedEngine implements RankContext {
  readonly weights: RelatedWeights;
  readonly signatureOptions: Partial<SignatureOptions>;
  readonly stats = new TermStats();
  readonly index: MemoryCandidateSource;
  #docs = new Map<number, RelatedDocMeta>();
  #counted = new Map<number, Counted>();
  #vocab = new Map<string, number>();
  #vocabNames: string[] = [];
  #companyDf = new Map<string, number>();
  #tagDf = new Map<string, number>();
  #names = new Map<string, string>();
  readonly #retainCounts: boolean;

  constructor(opts: RelatedEngineOptions = {}) {
    this.weights = resolveWeights(opts.weights);
    this.signatureOptions = { ...opts.signature };
    this.#retainCounts = opts.retainCounts ?? true;
    this.index = new MemoryCandidateSource({ shared: opts.sharedIndex });
  }

  get docCount(): number {
    return this.#docs.size;
  }

  has(id: number): boolean {
    return this.#docs.has(id);
  }

  ids(): IterableIterator<number> {
    return this.#docs.keys();
  }

  doc(id: number): RelatedDocMeta | undefined {
    return this.#docs.get(id);
  }

  /** The indexed signature: terms, weights, their ids in the index, and the surface forms explanations show. */
  signature(id: number): Signature | undefined {
    return this.index.signature(id);
  }

  /** The readable word an article used for a stemmed term (`batteries` for `batteri`). */
  surfaceOf(term: string): string {
    return this.index.surfaceOf(term);
  }

  companyDf(company: string): number {
    return this.#companyDf.get(company) ?? 0;
  }

  tagDf(key: string): number {
    return this.#tagDf.get(key) ?? 0;
  }

  /**
   * Loads many articles at once: counts them all first, then signs each against the complete
   * statistics (what a full rebuild does; articles already held are replaced).
   */
  load(docs: readonly RelatedDoc[], onProgress?: (done: number, total: number) => void): void {
    this.beginLoad(docs.length);
    for (const doc of docs) this.countForLoad(doc);
    docs.forEach((doc, i) => {
      this.signForLoad(doc);
      onProgress?.(i + 1, docs.length);
    });
    this.finishLoad();
  }

  /**
   * `load` in steps, for a caller that streams the articles rather than holding them (a rebuild
   * reads the store in chunks, twice): `beginLoad`, `countForLoad` for every article, then
   * `signForLoad` for every article in the same order, then `finishLoad`.
   */
  beginLoad(expected: number): void {
    // Room for the load and some publishing after it, without regrowing the rows right away. An
    // engine loaded once (a rebuild: `retainCounts` off) never publishes after: the tenth would be
    // 4 MB of rows nobody fills at 100,000 articles.
    const room = this.#retainCounts ? 1.1 : 1;
    this.index.reserve(Math.ceil((this.index.size + expected) * room));
    this.index.deferPostings();
  }

  /** Counts one article; its analysis is returned for a caller that signs from it later. */
  countForLoad(doc: RelatedDoc): DocAnalysis {
    const analysis = analyzeDoc(doc, this.signatureOptions);
    this.#count(doc, analysis);
    return analysis;
  }

  /**
   * Counts one article's metadata (companies, tags) for a caller that counts its terms itself and
   * hands the totals to `stats.addCounts` before signing (a rebuild, with `retainCounts` off).
   */
  countMetaForLoad(doc: RelatedDocMeta): void {
    this.#countMeta(doc);
  }

  signForLoad(doc: Pick<RelatedDoc, 'id' | 'title' | 'standfirst' | 'body'>): void {
    this.#sign(doc.id, analyzeDoc(doc, this.signatureOptions));
  }

  /** Indexes a signature made outside (a rebuild signs from its interned analyses: `InternedAnalyzer.signature`). */
  indexForLoad(id: number, sig: Signature): void {
    this.index.add(id, sig);
  }

  finishLoad(): void {
    this.index.compact();
  }

  /**
   * Adds or replaces one article (published or changed): re-counts it and signs it against the
   * current statistics. Other articles keep their signatures until the next rebuild.
   */
  upsert(doc: RelatedDoc): Signature {
    const analysis = analyzeDoc(doc, this.signatureOptions);
    this.#count(doc, analysis);
    return this.#sign(doc.id, analysis);
  }

  /** Removes an article (unpublished or deleted); false if it was not held. */
  remove(id: number): boolean {
    const doc = this.#docs.get(id);
    if (!doc) return false;
    this.#uncount(doc);
    this.index.remove(id);
    return true;
  }

  /**
   * The related list of an article the engine holds.
   * @throws MH_RELATED_ARTICLE_UNKNOWN when it does not.
   */
  related(id: number, n = 6, opts: RelatedQueryOptions = {}): RelatedItem[] {
    const doc = this.#docs.get(id);
    const signature = this.index.signature(id);
    if (!doc || !signature) throw RelatedArticleUnknown(id);
    const candidates = gatherCandidates(this.index, signature, id, this.weights, opts.exclude, opts.within);
    return rankRelated({ doc, signature }, candidates, this, this.weights, n);
  }

  /**
   * The list `related(id, n)` gives, from candidates already gathered (a rebuild's scan thread
   * gathers them over this index's shared arrays) and the article's indexed signature.
   * @throws MH_RELATED_ARTICLE_UNKNOWN when the engine does not hold the article.
   */
  rank(id: number, signature: Signature, candidates: readonly Candidate[], n = 6): RelatedItem[] {
    const doc = this.#docs.get(id);
    if (!doc) throw RelatedArticleUnknown(id);
    return rankRelated({ doc, signature }, candidates, this, this.weights, n);
  }

  #count(doc: RelatedDoc, analysis: DocAnalysis): void {
    this.#countMeta(doc);
    this.stats.addDoc(analysis.tf.keys(), analysis.length);
    if (this.#retainCounts) this.#retain(doc.id, analysis);
  }

  #countMeta(doc: RelatedDocMeta): void {
    const old = this.#docs.get(doc.id);
    if (old) this.#uncount(old);
    // The headline's key only: ranking reads nothing else of it.
    const meta: RelatedDocMeta = {
      id: doc.id,
      titleKey: doc.title === undefined ? doc.titleKey : uncachedTitleKey(doc.title),
      section: doc.section === null ? null : this.#name(doc.section),
      tags: doc.tags.length ? doc.tags.map((t) => this.#name(t)) : NO_NAMES,
      companies: doc.companies.length ? doc.companies.map((c) => this.#name(c)) : NO_NAMES,
      publishedAt: doc.publishedAt,
    };
    this.#docs.set(doc.id, meta);
    for (const c of new Set(meta.companies)) this.#companyDf.set(c, this.companyDf(c) + 1);
    for (const k of new Set(meta.tags.map(tagKey))) this.#tagDf.set(k, this.tagDf(k) + 1);
  }

  #retain(id: number, analysis: DocAnalysis): void {
    const terms = new Int32Array(analysis.tf.size);
    let i = 0;
    for (const t of analysis.tf.keys()) terms[i++] = this.#intern(t);
    this.#counted.set(id, { terms, length: analysis.length });
  }

  #uncount(doc: RelatedDocMeta): void {
    const counted = this.#counted.get(doc.id);
    if (counted) {
      const names = Array.from(counted.terms, (t) => this.#vocabNames[t]!);
      this.stats.removeDoc(names, counted.length);
      this.#counted.delete(doc.id);
    }
    const dec = (m: Map<string, number>, k: string) => {
      const v = (m.get(k) ?? 0) - 1;
      if (v > 0) m.set(k, v);
      else m.delete(k);
    };
    for (const c of new Set(doc.companies)) dec(this.#companyDf, c);
    for (const k of new Set(doc.tags.map(tagKey))) dec(this.#tagDf, k);
    this.#docs.delete(doc.id);
  }

  #sign(id: number, analysis: DocAnalysis): Signature {
    const sig = signatureFromAnalysis(analysis, this.stats, this.signatureOptions);
    this.index.add(id, sig);
    return sig;
  }

  // One string for each section, tag and company name: read from the store, each article's copy is
  // a string of its own (100,000 copies of a dozen section names at 100,000 articles).
  #name(name: string): string {
    let held = this.#names.get(name);
    if (held === undefined) {
      held = name;
      this.#names.set(name, held);
    }
    return held;
  }

  #intern(term: string): number {
    let id = this.#vocab.get(term);
    if (id === undefined) {
      id = this.#vocabNames.length;
      this.#vocab.set(term, id);
      this.#vocabNames.push(term);
    }
    return id;
  }
}
