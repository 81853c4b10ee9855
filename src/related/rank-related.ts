/**
 * The final ranking of one article's related list, from text candidates to an explained list:
 *
 * 1. every candidate gets a pair score, (text·cos + companies·C + section·S + tags·T) × recency;
 * 2. the list is filled greedily, best adjusted score first, where a candidate whose signature is
 *    close to an already chosen item's (cos > diversityThreshold) loses part of its score (MMR-style
 *    diversity: not five items about the same other story);
 * 3. near-duplicates of the article itself (cos ≥ nearDuplicateCosine, or the same headline) may take
 *    one place, never the first.
 *
 * The pair score is symmetric (score(a, b) = score(b, a)), which is what incremental updates rely on.
 */
import { foldText, words } from '../text/index.ts';
import { DEFAULT_RELATED_WEIGHTS, type RelatedWeights } from './related-weights.ts';
import { compareStrings } from './signature.ts';
import { TermTable } from './term-table.ts';
import type { Candidate, RelatedDocMeta, RelatedItem, RelatedWhy, Signature } from './types.ts';

const DAY_MS = 86_400_000;
const SHARED_TERMS_SHOWN = 5;

/** What ranking needs to know about candidates and the corpus; the engine or the store provides it. */
export interface RankContext {
  /** Number of articles, for company and tag rarity. */
  readonly docCount: number;
  /** A candidate's metadata; candidates without one (unpublished since) are skipped. */
  doc(id: number): RelatedDocMeta | undefined;
  /** A candidate's signature, for diversity and explanations; without one it is never "too similar". */
  signature(id: number): Signature | undefined;
  /** Number of articles mentioning a company. */
  companyDf(company: string): number;
  /** Number of articles carrying a tag, by its key (`tagKey`). */
  tagDf(tagKey: string): number;
}

/** The article whose list is being made. */
export interface RankQuery {
  readonly doc: RelatedDocMeta;
  readonly signature: Signature;
}

/** One pair's relevance, before list rules. */
export interface PairScore {
  readonly score: number;
  readonly sharedCompanies: string[];
  readonly sharedTags: string[];
  readonly sameSection: boolean;
}

/**
 * Keys already made: ranking one list compares hundreds of candidates' headlines, tags and
 * sections, and a rebuild ranks every article's list, so the same texts come back many times.
 */
const KEY_CACHE_LIMIT = 100_000;
const keyCaches = { words: new Map<string, string>(), folded: new Map<string, string>() };

function cached(cache: Map<string, string>, text: string, make: (text: string) => string): string {
  let key = cache.get(text);
  if (key === undefined) {
    key = make(text);
    if (cache.size >= KEY_CACHE_LIMIT) cache.clear();
    cache.set(text, key);
  }
  return key;
}

const wordKey = (text: string) => words(text).join(' ');

/** How tags are compared: case, accents and spacing folded. */
export function tagKey(tag: string): string {
  return cached(keyCaches.words, tag, wordKey);
}

/** Headline key for the near-duplicate rule: folded words, punctuation dropped. */
export function titleKey(title: string): string {
  return cached(keyCaches.words, title, wordKey);
}

/**
 * `titleKey` without the cache, for a holder that keeps each article's key (`RelatedDocMeta.titleKey`):
 * a rebuild's 100,000 headlines would fill the cache and clear it over and over.
 */
export const uncachedTitleKey = wordKey;

const keyOfTitle = (doc: RelatedDocMeta) => (doc.title === undefined ? doc.titleKey : (doc.titleKey ?? titleKey(doc.title)));

/** ln(N/df)/ln(N), in [0, 1]: 1 for a name in one article, 0 for one in all of them. */
export function rarity(docCount: number, df: number): number {
  if (docCount <= 1) return 1;
  const d = Math.min(Math.max(df, 1), docCount);
  return Math.log(docCount / d) / Math.log(docCount);
}

/** The recency factor for two dates: 1 − r + r·2^(−Δdays/halfLife), in [1 − r, 1]. */
export function recencyFactor(aMs: number, bMs: number, w: Pick<RelatedWeights, 'recencyHalfLifeDays' | 'recencyStrength'>): number {
  const days = Math.abs(aMs - bMs) / DAY_MS;
  if (!Number.isFinite(days)) return 1 - w.recencyStrength;
  return 1 - w.recencyStrength + w.recencyStrength * 2 ** (-days / w.recencyHalfLifeDays);
}

// Σ rarity of shared names / √(|A|·|B|): in [0, 1], and a hub article naming fifty companies does
// not become related to everything. One side's distinct keys (and the name each first had) are
// made once: ranking compares one article with sixty candidates, and a rebuild ranks every list.
class NameOverlap {
  /** Distinct non-empty keys of side A, each with its first name, in order of first use. */
  readonly #keys: Map<string, string>;
  readonly #key: (s: string) => string;
  readonly #df: (k: string) => number;
  readonly #docCount: number;

  constructor(a: readonly string[], key: (s: string) => string, df: (k: string) => number, docCount: number) {
    this.#keys = new Map();
    for (const name of a) {
      const k = key(name);
      if (k !== '' && !this.#keys.has(k)) this.#keys.set(k, name);
    }
    this.#key = key;
    this.#df = df;
    this.#docCount = docCount;
  }

  /** The score with side B (0 when they share no key); `shared` is given the shared names, rarest first. */
  score(b: readonly string[], shared?: string[]): number {
    if (this.#keys.size === 0 || b.length === 0) return 0;
    // CASE: most pairs share no name: no allocation until one is found in B.
    let found: { key: string; name: string; r: number }[] | undefined;
    let distinct = 0;
    for (let i = 0; i < b.length; i++) {
      const k = this.#key(b[i]!);
      if (k === '' || earlierKey(b, i, k, this.#key)) continue;
      distinct++;
      const name = this.#keys.get(k);
      if (name === undefined) continue;
      found ??= [];
      found.push({ key: k, name, r: rarity(this.#docCount, this.#df(k)) });
    }
    if (!found) return 0;
    // Rarest first, then by key: the same order from either side, so the sum is exactly symmetric.
    found.sort((x, y) => y.r - x.r || (x.key < y.key ? -1 : 1));
    let sum = 0;
    for (const s of found) sum += s.r;
    if (shared) for (const s of found) shared.push(s.name);
    return sum / Math.sqrt(this.#keys.size * distinct);
  }
}

// Whether a name of `b` before `i` has the key `k` (names per article are few: a scan, no set).
function earlierKey(b: readonly string[], i: number, k: string, key: (s: string) => string): boolean {
  for (let j = 0; j < i; j++) if (key(b[j]!) === k) return true;
  return false;
}

const sameKey = (c: string) => c;
const foldedSection = (section: string | null) => (section === null ? null : cached(keyCaches.folded, section, foldText));

/**
 * One article's side of its pair scores, made once for all its candidates: `scorePair(a, b, …)`
 * is `new PairScorer(a, …).pair(b, …)`, and `score` the same score without the explanation.
 */
class PairScorer {
  readonly #a: RelatedDocMeta;
  readonly #section: string | null;
  readonly #companies: NameOverlap;
  readonly #tags: NameOverlap;
  readonly #weights: RelatedWeights;

  constructor(a: RelatedDocMeta, context: Pick<RankContext, 'docCount' | 'companyDf' | 'tagDf'>, weights: RelatedWeights) {
    this.#a = a;
    this.#section = foldedSection(a.section);
    this.#companies = new NameOverlap(a.companies, sameKey, (k) => context.companyDf(k), context.docCount);
    this.#tags = new NameOverlap(a.tags, tagKey, (k) => context.tagDf(k), context.docCount);
    this.#weights = weights;
  }

  score(b: RelatedDocMeta, textScore: number): number {
    return this.#combine(b, textScore, this.#companies.score(b.companies), this.#tags.score(b.tags), this.#sameSection(b));
  }

  pair(b: RelatedDocMeta, textScore: number): PairScore {
    const sharedCompanies: string[] = [];
    const sharedTags: string[] = [];
    const companies = this.#companies.score(b.companies, sharedCompanies);
    const tags = this.#tags.score(b.tags, sharedTags);
    const sameSection = this.#sameSection(b);
    return { score: this.#combine(b, textScore, companies, tags, sameSection), sharedCompanies, sharedTags, sameSection };
  }

  #sameSection(b: RelatedDocMeta): boolean {
    return this.#section !== null && b.section !== null && this.#section === foldedSection(b.section);
  }

  #combine(b: RelatedDocMeta, textScore: number, companies: number, tags: number, sameSection: boolean): number {
    const w = this.#weights;
    const base = w.text * textScore + w.companies * companies + w.section * (sameSection ? 1 : 0) + w.tags * tags;
    return base * recencyFactor(this.#a.publishedAt, b.publishedAt, w);
  }
}

/**
 * The symmetric relevance of two articles given their text score (the signatures' dot product).
 * @example scorePair(a, b, 0.4, context, DEFAULT_RELATED_WEIGHTS).score // 0.4 × recency, plus other signals
 */
export function scorePair(
  a: RelatedDocMeta,
  b: RelatedDocMeta,
  textScore: number,
  context: Pick<RankContext, 'docCount' | 'companyDf' | 'tagDf'>,
  weights: RelatedWeights = DEFAULT_RELATED_WEIGHTS,
): PairScore {
  return new PairScorer(a, context, weights).pair(b, textScore);
}

// The cosine of `sig` with a chosen item's signature, summed in `sig`'s term order.
function cosineWith(sig: Signature, chosen: { readonly table: TermTable; readonly sig: Signature }): number {
  let dot = 0;
  // Bounded by the weights: an index's signature names its terms only when asked (`IndexedSignature`).
  for (let i = 0; i < sig.weights.length; i++) {
    const at = chosen.table.positionOf(sig, i);
    if (at >= 0) dot += chosen.sig.weights[at]! * sig.weights[i]!;
  }
  return dot;
}

// The query's terms `sig` shares, largest contribution first, in the query's own words. The
// shared terms are found by position and named only to break a tie or when the query has no
// readable forms: an index's signature names its sixty terms when first asked (`IndexedSignature`),
// and for every listed item that was 1.9 s of a 100,000-article rebuild's ranking thread.
function sharedTerms(query: Signature, queryTable: TermTable, sig: Signature | undefined): string[] {
  if (!sig) return [];
  const shared: { i: number; at: number; c: number }[] = [];
  for (let i = 0; i < sig.weights.length; i++) {
    const at = queryTable.positionOf(sig, i);
    if (at >= 0) shared.push({ i, at, c: query.weights[at]! * sig.weights[i]! });
  }
  shared.sort((x, y) => y.c - x.c || compareStrings(sig.terms[x.i]!, sig.terms[y.i]!));
  return shared.slice(0, SHARED_TERMS_SHOWN).map((s) => query.surface?.[s.at] ?? sig.terms[s.i]!);
}

interface Scored {
  readonly id: number;
  /** The pair's relevance (`PairScore.score`); the rest of the pair is made for chosen items only. */
  readonly score: number;
  readonly textScore: number;
  readonly doc: RelatedDocMeta;
  readonly nearDuplicate: boolean;
  /** Highest signature cosine to the chosen items compared so far, and how many those are. */
  maxCos: number;
  compared: number;
}

/**
 * The `n` best related articles for `query`, explained, best first.
 * @example
 * const candidates = source.candidates(sig, weights.candidatePool, doc.id);
 * rankRelated({ doc, signature: sig }, candidates, context, weights, 6);
 * // [{ id: 17, score: 0.61, why: { sharedCompanies: ['2453'], sharedTerms: ['renault', …], … } }, …]
 */
export function rankRelated(
  query: RankQuery,
  candidates: readonly Candidate[],
  context: RankContext,
  weights: RelatedWeights = DEFAULT_RELATED_WEIGHTS,
  n = 6,
): RelatedItem[] {
  const q = query.doc;
  const qTitle = keyOfTitle(q);
  const pool: Scored[] = [];
  const seen = new Set<number>([q.id]);
  const scorer = new PairScorer(q, context, weights);
  for (const c of candidates) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    const doc = context.doc(c.id);
    if (!doc) continue;
    const score = scorer.score(doc, c.textScore);
    const nearDuplicate = c.textScore >= weights.nearDuplicateCosine || (qTitle !== '' && keyOfTitle(doc) === qTitle);
    pool.push({ id: c.id, score, textScore: c.textScore, doc, nearDuplicate, maxCos: 0, compared: 0 });
  }
  pool.sort((x, y) => y.score - x.score || x.id - y.id);
  // Keep the best `candidatePool` listable candidates and the best near-duplicate (only one can show).
  let listable = 0;
  let duplicateKept = false;
  const kept = pool.filter((s) => {
    if (!s.nearDuplicate) return ++listable <= weights.candidatePool;
    if (duplicateKept) return false;
    duplicateKept = true;
    return true;
  });

  const queryTable = new TermTable(query.signature);
  const signatures = new Map<number, Signature | undefined>();
  const sigOf = (id: number) => {
    if (!signatures.has(id)) signatures.set(id, context.signature(id));
    return signatures.get(id);
  };
  const out: RelatedItem[] = [];
  const remaining = new Set(kept);
  // Each chosen item's signature and its terms' places, for the diversity penalty (undefined when it is off).
  const chosen: ({ readonly table: TermTable; readonly sig: Signature } | undefined)[] = [];
  let duplicateShown = false;
  const penalty = (s: Scored) =>
    s.maxCos > weights.diversityThreshold
      ? (weights.diversity * (s.maxCos - weights.diversityThreshold)) / (1 - weights.diversityThreshold)
      : 0;
  while (out.length < n) {
    let best: Scored | undefined;
    let bestScore = Number.NEGATIVE_INFINITY;
    // Lazy greedy: candidates come best base score first and a penalty only lowers a score, so the
    // scan stops at the first one that cannot win, and similarity is computed only for those seen.
    for (const s of remaining) {
      if (s.score <= bestScore) break;
      // CASE: a re-run of this very story: one place at most, and never the first.
      if (s.nearDuplicate && (out.length === 0 || duplicateShown)) continue;
      for (; s.compared < chosen.length; s.compared++) {
        const other = chosen[s.compared];
        const sig = other && sigOf(s.id);
        if (other && sig) s.maxCos = Math.max(s.maxCos, cosineWith(sig, other));
      }
      const adjusted = s.score * (1 - penalty(s));
      if (adjusted > bestScore) {
        best = s;
        bestScore = adjusted;
      }
    }
    if (!best) break;
    remaining.delete(best);
    if (best.nearDuplicate) duplicateShown = true;
    const sig = sigOf(best.id);
    chosen.push(weights.diversity > 0 && sig ? { table: new TermTable(sig), sig } : undefined);
    const pair = scorer.pair(best.doc, best.textScore);
    const why: RelatedWhy = {
      sharedCompanies: pair.sharedCompanies,
      sharedTerms: sharedTerms(query.signature, queryTable, sig),
      sameSection: pair.sameSection,
      sharedTags: pair.sharedTags,
      ageDays: Math.round((q.publishedAt - best.doc.publishedAt) / DAY_MS),
      nearDuplicate: best.nearDuplicate,
    };
    out.push({ id: best.id, score: best.score, why });
  }
  return out;
}
