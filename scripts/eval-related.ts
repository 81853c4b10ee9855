/**
 * Related-content quality on labeled news: `npm run eval:related` (tsx scripts/eval-related.ts).
 *
 * For every article of each corpus as the query, each method returns the top 10 among the other
 * articles; an item is relevant when it shares a label with the query (Reuters-21578 topics, BBC
 * category). Exact duplicates of the query (same title and body) are removed from every method's
 * results alike. Methods:
 *
 * - engine: `RelatedEngine` with its default weights. It sees text, dates and (Reuters) the companies
 *   marked up in the wire text as `<Company Name>`; never the label (no section, no tags).
 * - tf-idf: plain TF-IDF cosine over title + body, all terms (scikit-learn's defaults: raw tf,
 *   smooth idf, L2 norm); exact, computed over an inverted index.
 * - mlt: Elasticsearch more-like-this: the 25 terms with the highest tf·idf among those with
 *   tf ≥ 2 (min_term_freq) and df ≥ 5 (min_doc_freq), as a BM25 (k1 1.2, b 0.75) OR query.
 *
 * All methods use the same terms (`terms()` of src/text: folded, stop words dropped, stemmed).
 *
 * Each corpus is split in two halves by a hash of the record id: `tune` (for trying settings with
 * `--engine`) and `held-out` (the default, never used for tuning). The chosen half is the whole
 * archive: every method indexes only it and every article of it is a query.
 *
 * Prints precision@5, nDCG@10 (binary), coverage at list lengths 6 and 10 (distinct articles in
 * any other article's list / archive size; and at 6 the same counting exact copies as one story,
 * since diversity rightly shows only one copy), the most-listed article's in-degree at 6 (a hub
 * measure) and timing. Options: `--data DIR` (default ../shared/data), `--split tune|held-out`,
 * `--queries N` (deterministic sample; coverage then counts only the sampled lists),
 * `--engine JSON` (engine options to try), `--only METHOD`, `--hubness λ[,λ…]` (adds the engine
 * re-ranked with a hubness penalty, an experiment).
 */
import fs from 'node:fs';
import path from 'node:path';
import { RelatedEngine, type RelatedEngineOptions } from '../src/related/index.ts';
import { terms } from '../src/text/index.ts';

interface EvalDoc {
  readonly id: number;
  readonly title: string;
  readonly body: string;
  readonly labels: readonly string[];
  readonly publishedAt: number;
  readonly companies: readonly string[];
}

interface Corpus {
  readonly name: string;
  readonly docs: readonly EvalDoc[];
  /** For each doc, the other docs with the same title and body. */
  readonly duplicates: readonly ReadonlySet<number>[];
}

type Retrieve = (query: number, k: number, exclude: ReadonlySet<number>) => number[];

interface Method {
  readonly name: string;
  readonly build: (corpus: Corpus) => Retrieve;
}

const TOP = 10;
/** The list lengths coverage is reported at: the default list, and a longer one. */
const COVERAGE_AT = [6, 10] as const;
const COVERAGE_BAR = 0.8;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function readJsonl(file: string): Record<string, unknown>[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

// Company markup of the wire text: `<Cooper Development Co>`, `<SRD>`. What the directory tagger
// would find in a real archive; unrelated to the topic labels.
function markedCompanies(text: string): string[] {
  return [...new Set([...text.matchAll(/<([^<>\n]{2,60})>/g)].map((m) => m[1]!.trim().toLowerCase()))];
}

type Split = 'tune' | 'held-out';

// FNV-1a of the record's id: a split that does not depend on file order or on the labels.
function splitOf(id: string): Split {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % 2 === 0 ? 'tune' : 'held-out';
}

function corpus(name: string, raw: Record<string, unknown>[], labelsOf: (r: Record<string, unknown>) => string[], withCompanies: boolean): Corpus {
  const docs: EvalDoc[] = [];
  for (const r of raw) {
    const labels = labelsOf(r);
    const title = str(r.title);
    const body = str(r.body);
    if (labels.length === 0 || title.trim() === '' || body.trim() === '') continue;
    const date = Date.parse(str(r.date));
    docs.push({
      id: docs.length,
      title,
      body,
      labels,
      publishedAt: Number.isFinite(date) ? date : 0,
      companies: withCompanies ? markedCompanies(`${title}\n${body}`) : [],
    });
  }
  const groups = new Map<string, number[]>();
  for (const d of docs) {
    const key = `${d.title}\u0000${d.body}`;
    const g = groups.get(key);
    if (g) g.push(d.id);
    else groups.set(key, [d.id]);
  }
  const duplicates: Set<number>[] = docs.map(() => new Set());
  for (const g of groups.values()) for (const a of g) for (const b of g) if (a !== b) duplicates[a]!.add(b);
  return { name, docs, duplicates };
}

// Top k of a dense score array, excluding some ids; ties by smaller id.
function topK(scores: Float64Array, k: number, exclude: ReadonlySet<number>, self: number): number[] {
  const best: number[] = [];
  for (let d = 0; d < scores.length; d++) {
    const s = scores[d]!;
    if (!(s > 0) || d === self || exclude.has(d)) continue;
    if (best.length === k && s <= scores[best[k - 1]!]!) continue;
    let i = best.length === k ? k - 1 : best.length;
    while (i > 0 && scores[best[i - 1]!]! < s) i--;
    best.splice(i, 0, d);
    if (best.length > k) best.pop();
  }
  return best;
}

interface TermDocs {
  readonly tf: Map<string, number>[];
  readonly df: Map<string, number>;
  readonly lengths: number[];
}

function countTerms(docs: readonly EvalDoc[]): TermDocs {
  const tf = docs.map((d) => {
    const m = new Map<string, number>();
    for (const t of terms(`${d.title}\n${d.body}`)) m.set(t, (m.get(t) ?? 0) + 1);
    return m;
  });
  const df = new Map<string, number>();
  for (const m of tf) for (const t of m.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const lengths = tf.map((m) => [...m.values()].reduce((a, b) => a + b, 0));
  return { tf, df, lengths };
}

type Postings = Map<string, { docs: number[]; weights: number[] }>;

function invert(vectors: readonly Map<string, number>[]): Postings {
  const postings: Postings = new Map();
  vectors.forEach((v, d) => {
    for (const [t, w] of v) {
      let p = postings.get(t);
      if (!p) {
        p = { docs: [], weights: [] };
        postings.set(t, p);
      }
      p.docs.push(d);
      p.weights.push(w);
    }
  });
  return postings;
}

function scoreQuery(query: Map<string, number>, postings: Postings, n: number): Float64Array {
  const scores = new Float64Array(n);
  for (const [t, qw] of query) {
    const p = postings.get(t);
    if (!p) continue;
    for (let i = 0; i < p.docs.length; i++) scores[p.docs[i]!]! += qw * p.weights[i]!;
  }
  return scores;
}

const engineMethod = (name: string, options: RelatedEngineOptions, withCompanies: boolean): Method => ({
  name,
  build(c) {
    const engine = new RelatedEngine(options);
    engine.load(
      c.docs.map((d) => ({
        id: d.id,
        title: d.title,
        standfirst: '',
        body: d.body,
        section: null,
        tags: [],
        companies: withCompanies ? d.companies : [],
        publishedAt: d.publishedAt,
      })),
    );
    return (q, k, exclude) => engine.related(q, k, { exclude }).map((item) => item.id);
  },
});

/**
 * The engine's list re-ranked with a hubness penalty, CSLS-style (Conneau et al. 2018): each item's
 * score minus λ·r(item), r = the item's mean text cosine to its HUB_K nearest articles (what a store
 * would keep per article). Re-ranks the engine's top 40, so diversity is approximate: an experiment
 * for `--hubness λ`, to see what coverage a penalty buys and what precision it costs.
 */
const HUB_K = 10;
const hubnessMethod = (lambda: number, options: RelatedEngineOptions): Method => ({
  name: `engine, hubness penalty ${lambda}`,
  build(c) {
    const engine = new RelatedEngine(options);
    engine.load(c.docs.map((d) => ({ id: d.id, title: d.title, standfirst: '', body: d.body, section: null, tags: [], companies: [], publishedAt: d.publishedAt })));
    const nearDuplicate = engine.weights.nearDuplicateCosine;
    const r = c.docs.map((d) => {
      const sig = engine.signature(d.id);
      const near = sig ? engine.index.candidates(sig, HUB_K * 2, d.id).filter((x) => x.textScore < nearDuplicate) : [];
      return near.slice(0, HUB_K).reduce((sum, x) => sum + x.textScore, 0) / HUB_K;
    });
    return (q, k, exclude) =>
      engine
        .related(q, 40, { exclude })
        .map((item, rank) => ({ id: item.id, rank, score: item.score - lambda * r[item.id]! }))
        .sort((a, b) => b.score - a.score || a.rank - b.rank)
        .slice(0, k)
        .map((x) => x.id);
  },
});

const tfidfMethod: Method = {
  name: 'tf-idf cosine',
  build(c) {
    const { tf, df } = countTerms(c.docs);
    const n = c.docs.length;
    const vectors = tf.map((m) => {
      const v = new Map<string, number>();
      let norm = 0;
      for (const [t, f] of m) {
        const w = f * (Math.log((1 + n) / (1 + df.get(t)!)) + 1);
        v.set(t, w);
        norm += w * w;
      }
      norm = Math.sqrt(norm);
      for (const [t, w] of v) v.set(t, w / norm);
      return v;
    });
    const postings = invert(vectors);
    return (q, k, exclude) => topK(scoreQuery(vectors[q]!, postings, n), k, exclude, q);
  },
};

const mltMethod: Method = {
  name: 'es more-like-this',
  build(c) {
    const { tf, df, lengths } = countTerms(c.docs);
    const n = c.docs.length;
    const avgdl = lengths.reduce((a, b) => a + b, 0) / n;
    const k1 = 1.2;
    const b = 0.75;
    // The BM25 part of each posting, so that a query is a sum of idf(t)·part(t, d).
    const parts = tf.map((m, d) => {
      const norm = k1 * (1 - b + (b * lengths[d]!) / avgdl);
      const v = new Map<string, number>();
      for (const [t, f] of m) v.set(t, (f * (k1 + 1)) / (f + norm));
      return v;
    });
    const postings = invert(parts);
    const queries = tf.map((m) => {
      const picked: { t: string; s: number }[] = [];
      for (const [t, f] of m) {
        const d = df.get(t)!;
        if (f < 2 || d < 5) continue;
        picked.push({ t, s: f * (Math.log((n + 1) / (d + 1)) + 1) });
      }
      picked.sort((x, y) => y.s - x.s || (x.t < y.t ? -1 : 1));
      const q = new Map<string, number>();
      for (const { t } of picked.slice(0, 25)) {
        const d = df.get(t)!;
        q.set(t, Math.log(1 + (n - d + 0.5) / (d + 0.5)));
      }
      return q;
    });
    return (q, k, exclude) => topK(scoreQuery(queries[q]!, postings, n), k, exclude, q);
  },
};

interface Row {
  readonly corpus: string;
  readonly method: string;
  readonly p5: number;
  readonly ndcg10: number;
  /** Share of the archive in any other article's list, at each of COVERAGE_AT. */
  readonly coverage: readonly number[];
  readonly storyCoverage: number;
  /** How many lists of 6 the most-listed article is in. */
  readonly maxInDegree: number;
  readonly buildMs: number;
  readonly queryMs: number;
  /** Per query, in query order: for paired comparisons. */
  readonly perQueryP5: readonly number[];
  readonly perQueryNdcg: readonly number[];
}

// One id per set of exact copies: the smallest.
function storyOf(c: Corpus, d: number): number {
  return Math.min(d, ...c.duplicates[d]!);
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
}

// Mean paired difference a − b with a 95 % normal-approximation interval.
function pairedDiff(a: readonly number[], b: readonly number[]): string {
  const d = a.map((x, i) => x - b[i]!);
  const m = mean(d);
  const sd = Math.sqrt(d.reduce((acc, x) => acc + (x - m) ** 2, 0) / Math.max(1, d.length - 1));
  const half = (1.96 * sd) / Math.sqrt(d.length);
  return `${m >= 0 ? '+' : ''}${m.toFixed(4)} ± ${half.toFixed(4)}`;
}

function evaluate(c: Corpus, method: Method, queries: readonly number[]): Row {
  const t0 = performance.now();
  const retrieve = method.build(c);
  const t1 = performance.now();
  const covered = COVERAGE_AT.map(() => new Set<number>());
  const inDegree = new Map<number, number>();
  const perQueryP5: number[] = [];
  const perQueryNdcg: number[] = [];
  for (const q of queries) {
    const labels = new Set(c.docs[q]!.labels);
    const exclude = c.duplicates[q]!;
    const relevant = (d: number) => c.docs[d]!.labels.some((l) => labels.has(l));
    const got = retrieve(q, TOP, exclude).slice(0, TOP);
    COVERAGE_AT.forEach((k, i) => {
      for (const d of got.slice(0, k)) covered[i]!.add(d);
    });
    for (const d of got.slice(0, COVERAGE_AT[0])) inDegree.set(d, (inDegree.get(d) ?? 0) + 1);
    perQueryP5.push(got.slice(0, 5).filter(relevant).length / 5);
    let dcg = 0;
    got.forEach((d, i) => {
      if (relevant(d)) dcg += 1 / Math.log2(i + 2);
    });
    let available = 0;
    for (const d of c.docs) if (d.id !== q && !exclude.has(d.id) && relevant(d.id)) available++;
    let ideal = 0;
    for (let i = 0; i < Math.min(TOP, available); i++) ideal += 1 / Math.log2(i + 2);
    perQueryNdcg.push(ideal > 0 ? dcg / ideal : 0);
  }
  const t2 = performance.now();
  return {
    corpus: c.name,
    method: method.name,
    p5: mean(perQueryP5),
    ndcg10: mean(perQueryNdcg),
    coverage: covered.map((set) => set.size / c.docs.length),
    storyCoverage: new Set([...covered[0]!].map((d) => storyOf(c, d))).size / new Set(c.docs.map((d) => storyOf(c, d.id))).size,
    maxInDegree: Math.max(0, ...inDegree.values()),
    buildMs: t1 - t0,
    queryMs: (t2 - t1) / queries.length,
    perQueryP5,
    perQueryNdcg,
  };
}

function sample(n: number, size: number | undefined): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (size === undefined || size >= n) return all;
  // Deterministic: a fixed stride through the corpus.
  return Array.from({ length: size }, (_, i) => Math.floor((i * n) / size));
}

function main(): void {
  const dataDir = arg('--data') ?? path.resolve(import.meta.dirname, '..', '..', 'shared', 'data');
  const sampleSize = arg('--queries') ? Number(arg('--queries')) : undefined;
  const split = (arg('--split') ?? 'held-out') as Split;
  if (split !== 'tune' && split !== 'held-out') throw new Error('--split is tune or held-out');
  const half = (file: string) => readJsonl(file).filter((r) => splitOf(str(r.id)) === split);
  const corpora = [
    corpus('reuters21578', half(path.join(dataDir, 'reuters21578', 'articles.jsonl')), (r) => strs(r.topics), true),
    corpus('bbc', half(path.join(dataDir, 'bbc', 'articles.jsonl')), (r) => strs(r.categories), false),
  ];
  process.stderr.write(`split: ${split}\n`);
  // --engine '{"weights":{…},"signature":{…}}' tries other settings; --only engine skips the baselines.
  const engineOptions = JSON.parse(arg('--engine') ?? '{}') as RelatedEngineOptions;
  const only = arg('--only');
  const hubness = arg('--hubness');
  const methods = [
    engineMethod('engine', engineOptions, false),
    engineMethod('engine + companies', engineOptions, true),
    ...(hubness ? hubness.split(',').map((l) => hubnessMethod(Number(l), engineOptions)) : []),
    tfidfMethod,
    mltMethod,
  ].filter((m) => !only || m.name === only);
  if (sampleSize !== undefined) process.stderr.write('coverage counts only the sampled lists: not comparable with a full run\n');
  const rows: Row[] = [];
  for (const c of corpora) {
    const queries = sample(c.docs.length, sampleSize);
    process.stderr.write(`${c.name}: ${c.docs.length} articles, ${queries.length} queries\n`);
    for (const m of methods) {
      if (m.name === 'engine + companies' && c.docs.every((d) => d.companies.length === 0)) continue;
      rows.push(evaluate(c, m, queries));
      process.stderr.write(`  ${m.name} done\n`);
    }
  }
  const f = (x: number) => x.toFixed(4);
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  console.log(`${split} half of each corpus\n`);
  console.log('| corpus | articles | method | P@5 | nDCG@10 | coverage@6 | coverage@10 | stories covered@6 | most-listed@6 | build | per query |');
  console.log('| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const size = corpora.find((c) => c.name === r.corpus)!.docs.length;
    console.log(
      `| ${r.corpus} | ${size} | ${r.method} | ${f(r.p5)} | ${f(r.ndcg10)} | ${r.coverage.map(pct).join(' | ')} | ${pct(r.storyCoverage)} | ${r.maxInDegree} | ${(r.buildMs / 1000).toFixed(2)} s | ${r.queryMs.toFixed(2)} ms |`,
    );
  }
  let ok = true;
  console.log('\nengine − baseline, mean paired difference over the same queries (95 % interval):');
  for (const c of corpora) {
    const [engine, ...others] = rows.filter((r) => r.corpus === c.name);
    for (const base of others.filter((r) => !r.method.startsWith('engine'))) {
      if (!engine) continue;
      const beats = engine.p5 > base.p5 && engine.ndcg10 > base.ndcg10;
      ok &&= beats;
      console.log(
        `- ${c.name}, vs ${base.method}: P@5 ${pairedDiff(engine.perQueryP5, base.perQueryP5)}, nDCG@10 ${pairedDiff(engine.perQueryNdcg, base.perQueryNdcg)}${beats ? '' : '  (NOT beaten)'}`,
      );
    }
  }
  for (const engine of rows.filter((r) => r.method === 'engine')) {
    const covers = engine.coverage[0]! >= COVERAGE_BAR;
    ok &&= covers;
    console.log(`- ${engine.corpus}: engine coverage@6 ${pct(engine.coverage[0]!)}${covers ? '' : `  (below ${pct(COVERAGE_BAR)})`}`);
  }
  console.log(ok ? `engine beats both baselines and covers at least ${pct(COVERAGE_BAR)} on both corpora` : 'engine does not beat every baseline or does not cover enough');
  process.exitCode = ok ? 0 : 1;
}

main();
