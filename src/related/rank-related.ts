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

const keyOfTitle = (doc: RelatedDocMeta) => doc.titleKey ?? titleKey(doc.title);

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
// not become related to everything.
function overlap(
  a: readonly string[],
  b: readonly string[],
  key: (s: string) => string,
  df: (k: string) => number,
  docCount: number,
): { score: number; shared: string[] } {
  if (a.length === 0 || b.length === 0) return { score: 0, shared: [] };
  const bKeys = new Set(b.map(key));
  const aKeys = new Map<string, string>();
  for (const name of a) {
    const k = key(name);
    if (k !== '' && !aKeys.has(k)) aKeys.set(k, name);
  }
  if (aKeys.size === 0 || bKeys.size === 0) return { score: 0, shared: [] };
  const shared: { key: string; name: string; r: number }[] = [];
  for (const [key, name] of aKeys) if (bKeys.has(key)) shared.push({ key, name, r: rarity(docCount, df(key)) });
  if (shared.length === 0) return { score: 0, shared: [] };
  // Rarest first, then by key: the same order from either side, so the sum is exactly symmetric.
  shared.sort((x, y) => y.r - x.r || (x.key < y.key ? -1 : 1));
  let sum = 0;
  for (const s of shared) sum += s.r;
  bKeys.delete('');
  return { score: sum / Math.sqrt(aKeys.size * bKeys.size), shared: shared.map((s) => s.name) };
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
  const companies = overlap(a.companies, b.companies, (c) => c, context.companyDf.bind(context), context.docCount);
  const tags = overlap(a.tags, b.tags, tagKey, context.tagDf.bind(context), context.docCount);
  const sameSection = a.section !== null && b.section !== null && cached(keyCaches.folded, a.section, foldText) === cached(keyCaches.folded, b.section, foldText);
  const base =
    weights.text * textScore +
    weights.companies * companies.score +
    weights.section * (sameSection ? 1 : 0) +
    weights.tags * tags.score;
  return {
    score: base * recencyFactor(a.publishedAt, b.publishedAt, weights),
    sharedCompanies: companies.shared,
    sharedTags: tags.shared,
    sameSection,
  };
}

// The cosine of `sig` with a chosen item's signature, summed in `sig`'s term order.
function cosineWith(sig: Signature, chosen: { readonly table: TermTable; readonly sig: Signature }): number {
  let dot = 0;
  for (let i = 0; i < sig.terms.length; i++) {
    const at = chosen.table.positionOf(sig, i);
    if (at >= 0) dot += chosen.sig.weights[at]! * sig.weights[i]!;
  }
  return dot;
}

// The query's terms `sig` shares, largest contribution first, in the query's own words.
function sharedTerms(query: Signature, queryTable: TermTable, sig: Signature | undefined): string[] {
  if (!sig) return [];
  const shared: { term: string; at: number; c: number }[] = [];
  for (let i = 0; i < sig.terms.length; i++) {
    const at = queryTable.positionOf(sig, i);
    if (at >= 0) shared.push({ term: sig.terms[i]!, at, c: query.weights[at]! * sig.weights[i]! });
  }
  shared.sort((x, y) => y.c - x.c || (x.term < y.term ? -1 : 1));
  return shared.slice(0, SHARED_TERMS_SHOWN).map((s) => query.surface?.[s.at] ?? s.term);
}

interface Scored {
  readonly id: number;
  readonly pair: PairScore;
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
  for (const c of candidates) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    const doc = context.doc(c.id);
    if (!doc) continue;
    const pair = scorePair(q, doc, c.textScore, context, weights);
    const nearDuplicate = c.textScore >= weights.nearDuplicateCosine || (qTitle !== '' && keyOfTitle(doc) === qTitle);
    pool.push({ id: c.id, pair, textScore: c.textScore, doc, nearDuplicate, maxCos: 0, compared: 0 });
  }
  pool.sort((x, y) => y.pair.score - x.pair.score || x.id - y.id);
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
      if (s.pair.score <= bestScore) break;
      // CASE: a re-run of this very story: one place at most, and never the first.
      if (s.nearDuplicate && (out.length === 0 || duplicateShown)) continue;
      for (; s.compared < chosen.length; s.compared++) {
        const other = chosen[s.compared];
        const sig = other && sigOf(s.id);
        if (other && sig) s.maxCos = Math.max(s.maxCos, cosineWith(sig, other));
      }
      const adjusted = s.pair.score * (1 - penalty(s));
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
    const why: RelatedWhy = {
      sharedCompanies: best.pair.sharedCompanies,
      sharedTerms: sharedTerms(query.signature, queryTable, sig),
      sameSection: best.pair.sameSection,
      sharedTags: best.pair.sharedTags,
      ageDays: Math.round((q.publishedAt - best.doc.publishedAt) / DAY_MS),
      nearDuplicate: best.nearDuplicate,
    };
    out.push({ id: best.id, score: best.pair.score, why });
  }
  return out;
}
