import { describe, expect, it } from 'vitest';
import { rankContext } from '../../test/rank-context.ts';
import { foldText } from '../text/index.ts';
import type { RankContext } from './rank-related.ts';
import { rankRelated, rarity, recencyFactor, scorePair, tagKey } from './rank-related.ts';
import { DEFAULT_RELATED_WEIGHTS, type RelatedWeights } from './related-weights.ts';
import type { RelatedDocMeta } from './types.ts';

// The pair score as it was written before ranking made each article's side once per list
// (a set and a map per pair and per signal): what the scorer must still give, to the last bit.
function referenceOverlap(a: readonly string[], b: readonly string[], key: (s: string) => string, df: (k: string) => number, docCount: number) {
  if (a.length === 0 || b.length === 0) return { score: 0, shared: [] as string[] };
  const bKeys = new Set(b.map(key));
  const aKeys = new Map<string, string>();
  for (const name of a) {
    const k = key(name);
    if (k !== '' && !aKeys.has(k)) aKeys.set(k, name);
  }
  if (aKeys.size === 0 || bKeys.size === 0) return { score: 0, shared: [] };
  const shared: { key: string; name: string; r: number }[] = [];
  for (const [k, name] of aKeys) if (bKeys.has(k)) shared.push({ key: k, name, r: rarity(docCount, df(k)) });
  if (shared.length === 0) return { score: 0, shared: [] };
  shared.sort((x, y) => y.r - x.r || (x.key < y.key ? -1 : 1));
  let sum = 0;
  for (const s of shared) sum += s.r;
  bKeys.delete('');
  return { score: sum / Math.sqrt(aKeys.size * bKeys.size), shared: shared.map((s) => s.name) };
}

function referencePair(a: RelatedDocMeta, b: RelatedDocMeta, textScore: number, ctx: RankContext, w: RelatedWeights) {
  const companies = referenceOverlap(a.companies, b.companies, (c) => c, (k) => ctx.companyDf(k), ctx.docCount);
  const tags = referenceOverlap(a.tags, b.tags, tagKey, (k) => ctx.tagDf(k), ctx.docCount);
  const sameSection = a.section !== null && b.section !== null && foldText(a.section) === foldText(b.section);
  const base = w.text * textScore + w.companies * companies.score + w.section * (sameSection ? 1 : 0) + w.tags * tags.score;
  return { score: base * recencyFactor(a.publishedAt, b.publishedAt, w), sharedCompanies: companies.shared, sharedTags: tags.shared, sameSection };
}

// A small deterministic generator: the same "random" articles on every run.
function lcg(seed: number) {
  let x = seed;
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 2 ** 32;
  };
}

// Names drawn from few, so that pairs share some; repeats, empty and differently spelled tags included.
const COMPANIES = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', ''];
const TAGS = ['Battery', 'battery', 'BATTERY ', 'Rail', 'Électrique', 'electrique', 'Toll', '', '  ', 'Ports'];
const SECTIONS = [null, 'Rail', 'rail', 'Électrique', 'Tolling'];

function articles(n: number): RelatedDocMeta[] {
  const next = lcg(16);
  const pick = <T>(from: readonly T[]) => from[Math.floor(next() * from.length)]!;
  const some = (from: readonly string[]) => Array.from({ length: Math.floor(next() * 5) }, () => pick(from));
  return Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    title: `Story ${i + 1}`,
    section: pick(SECTIONS),
    tags: some(TAGS),
    companies: some(COMPANIES),
    publishedAt: Math.floor(next() * 2000) * 86_400_000,
  }));
}

describe('pair scores made once per list', () => {
  const docs = articles(60);
  const df: Record<string, number> = { c1: 3, c2: 40, c3: 1, c4: 12, c5: 12, battery: 7, rail: 30, electrique: 2, toll: 12, ports: 55 };
  const ctx = rankContext(docs, df, 120);

  it('gives every pair the score, shared names and section of the formula, to the last bit', () => {
    let sharing = 0;
    for (const a of docs) {
      for (const b of docs) {
        const text = ((a.id * 7 + b.id * 13) % 17) / 17;
        const got = scorePair(a, b, text, ctx, DEFAULT_RELATED_WEIGHTS);
        const want = referencePair(a, b, text, ctx, DEFAULT_RELATED_WEIGHTS);
        expect(got).toEqual(want);
        expect(Object.is(got.score, want.score)).toBe(true);
        if (want.sharedCompanies.length > 1 || want.sharedTags.length > 1) sharing++;
      }
    }
    // The cases where order and normalisation matter are there.
    expect(sharing).toBeGreaterThan(100);
  });

  it('ranks a list by those scores and explains its items with them', () => {
    const [query, ...others] = docs;
    const candidates = others.map((d) => ({ id: d.id, textScore: ((d.id * 31) % 23) / 40 }));
    const list = rankRelated({ doc: query!, signature: { terms: ['q'], weights: [1] } }, candidates, ctx, DEFAULT_RELATED_WEIGHTS, 10);
    const want = candidates
      .map((c) => ({ id: c.id, pair: referencePair(query!, docs[c.id - 1]!, c.textScore, ctx, DEFAULT_RELATED_WEIGHTS) }))
      .sort((x, y) => y.pair.score - x.pair.score || x.id - y.id)
      .slice(0, 10);
    expect(list.map((it) => [it.id, it.score, it.why.sharedCompanies, it.why.sharedTags, it.why.sameSection])).toEqual(
      want.map((w) => [w.id, w.pair.score, w.pair.sharedCompanies, w.pair.sharedTags, w.pair.sameSection]),
    );
  });
});
