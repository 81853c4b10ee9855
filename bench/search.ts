/**
 * Search latency on a 100,000-article site (from ../shared/tools/gen-corpus.mjs), through the HTTP
 * API (`/api/v1/search`, facets included), one request at a time, for 1,000 real queries taken from
 * the corpus headlines (1–4 consecutive words, a typo injected into about 15%), after 500 other
 * queries as a warm-up; plain responses, then gzip ones. The same queries
 * run on MiniSearch over the same articles (title + body) in the same run, in its own process:
 * its build time and its in-process query latency, and the ratio.
 *
 *   npm run bench -- search [--articles 100000] [--database-url postgres://…]
 *   npx tsx bench/search.ts [--articles 100000] [--queries 1000] [--warmup 500] [--fresh] [--skip-minisearch] [--database-url URL]
 *
 * The site database is kept in bench/.out/search-N.db between runs (`--fresh`, or deleting it,
 * imports it again). With `--database-url` the same queries also run on that PostgreSQL database,
 * filled once from the SQLite one with `masthead migrate-db` (when it holds no articles, or with
 * `--fresh`): copying is faster than importing, and both engines then hold the same articles. The
 * run then prints both engines' p50/p99, the ratio, and how often PostgreSQL's first hit is
 * SQLite's (bar: 90 %); `--engines postgres` skips the SQLite pass.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ensureCorpus, fmt, OUT, ROOT, startProcess, stop } from './lib.ts';

const STOP = new Set('a an and are as at be by for from has in is it its of on or that the to was were will with'.split(' '));
const TYPO_SHARE = 0.15;
/** The queries whose figures are reported. */
const REPORT_SEED = 20261127;
/** Other queries from the same headlines, for tuning (`--tuning`): results are never tuned on the report set. */
const TUNING_SEED = 20261206;
/** Other benchmarks may be running on this machine: `--port` moves this one. */
const DEFAULT_PORT = 3910;

export interface BenchQuery {
  readonly q: string;
  /** The words before a typo was injected (null: no typo). */
  readonly intended: string | null;
}

export interface Latencies {
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  readonly max: number;
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function stats(ms: number[]): Latencies {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  return { p50: at(0.5), p99: at(0.99), mean: s.reduce((a, b) => a + b, 0) / s.length, max: s.at(-1)! };
}

/** One random edit (substitute, delete, insert or swap neighbours) inside a word, never its first letter. */
function typo(word: string, rnd: () => number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (;;) {
    const i = 1 + Math.floor(rnd() * (word.length - 1));
    const c = letters[Math.floor(rnd() * 26)]!;
    const kind = Math.floor(rnd() * 4);
    const out =
      kind === 0
        ? word.slice(0, i) + c + word.slice(i + 1)
        : kind === 1
          ? word.slice(0, i) + word.slice(i + 1)
          : kind === 2
            ? word.slice(0, i) + c + word.slice(i)
            : i < word.length - 1
              ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2)
              : word;
    if (out !== word) return out;
  }
}

/** Real queries: 1–4 consecutive words of random headlines (not only stop words), some with a typo. */
export function makeQueries(titles: readonly string[], n: number, seed: number): BenchQuery[] {
  const rnd = seeded(seed);
  const out: BenchQuery[] = [];
  while (out.length < n) {
    const words = titles[Math.floor(rnd() * titles.length)]!.toLowerCase().match(/[a-z0-9]+/g) ?? [];
    if (words.length === 0) continue;
    const len = 1 + Math.floor(rnd() * Math.min(4, words.length));
    const start = Math.floor(rnd() * (words.length - len + 1));
    const span = words.slice(start, start + len);
    if (span.every((w) => STOP.has(w))) continue;
    const candidates = span.map((w, i) => (w.length >= 4 && /^[a-z]+$/.test(w) && !STOP.has(w) ? i : -1)).filter((i) => i >= 0);
    if (rnd() < TYPO_SHARE && candidates.length) {
      const at = candidates[Math.floor(rnd() * candidates.length)]!;
      const typed = span.map((w, i) => (i === at ? typo(w, rnd) : w));
      out.push({ q: typed.join(' '), intended: span.join(' ') });
    } else {
      out.push({ q: span.join(' '), intended: null });
    }
  }
  return out;
}

/** The corpus's headlines, read a line at a time (a million-article corpus is too big for one string). */
export async function readTitles(file: string): Promise<string[]> {
  const titles: string[] = [];
  for await (const line of readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY })) {
    if (line) titles.push((JSON.parse(line) as { title: string }).title);
  }
  return titles;
}

/** The 1,000 (`count`) reported queries and the 500 (`warmupCount`) warm-up ones, from the corpus's headlines. */
export function headlineQueries(titles: readonly string[], count = 1000, warmupCount = 500, tuning = false): { queries: BenchQuery[]; warmup: BenchQuery[] } {
  return { queries: makeQueries(titles, count, tuning ? TUNING_SEED : REPORT_SEED), warmup: makeQueries(titles, warmupCount, 7) };
}

/** Where a run keeps one engine's first five hits per query, for a later run to compare with. */
export function topsFile(engine: string, set: 'report' | 'tuning', articles: number): string {
  return path.join(OUT, `search-top-${engine}-${set}-${articles}.json`);
}

export function readCorpus(file: string): { title: string; body: string }[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const a = JSON.parse(l) as { title: string; body: string };
      return { title: a.title, body: a.body };
    });
}

export interface EngineRun {
  readonly latency: Latencies;
  readonly gzip: Latencies;
  readonly empty: number;
  readonly fixed: number;
  /** Each query's first five hits (source id, else slug), best first; empty when none. */
  readonly tops: string[][];
  /** Each query's latency, ms (plain responses). */
  readonly ms: number[];
}

export async function mastheadLatencies(database: string[], queries: BenchQuery[], warmup: BenchQuery[], port: number): Promise<EngineRun> {
  const server = await startProcess(['bin/masthead.js', 'serve', ...database, '--port', String(port)], { SEARCH_RATE_LIMIT: '0' }, port, 120_000);
  try {
    return await askAll(`http://127.0.0.1:${port}`, queries, warmup);
  } finally {
    await stop(server);
  }
}

/** Asks a running node (started with `SEARCH_RATE_LIMIT=0`) every query, one at a time, after the warm-up queries. */
export async function askAll(base: string, queries: BenchQuery[], warmup: BenchQuery[]): Promise<EngineRun> {
  const ask = async (q: string, headers: Record<string, string>) => {
    const res = await fetch(`${base}/api/v1/search?q=${encodeURIComponent(q)}`, { headers });
    if (res.status !== 200) throw new Error(`HTTP ${res.status} for ${JSON.stringify(q)}`);
    return (await res.json()) as { total: number; correctedQuery?: string; hits: { sourceId: string | null; slug: string }[] };
  };
  // Warm-up with other queries: the snapshots (vocabulary, facet columns) load, SQLite's cache fills.
  for (const w of warmup) await ask(w.q, {});
  const pass = async (headers: Record<string, string>) => {
    const ms: number[] = [];
    const tops: string[][] = [];
    let empty = 0;
    let fixed = 0;
    for (const query of queries) {
      const t0 = performance.now();
      const body = await ask(query.q, headers);
      ms.push(performance.now() - t0);
      if (body.total === 0) empty++;
      if (query.intended && body.correctedQuery === query.intended) fixed++;
      tops.push(body.hits.slice(0, 5).map((h) => h.sourceId ?? h.slug));
    }
    return { latency: stats(ms), empty, fixed, tops, ms };
  };
  // Plain responses, as autocannon asks for them in the article-page benchmark; then gzip, as a
  // browser would (compressing and unpacking ~5 KB of JSON adds about a millisecond).
  const plain = await pass({ 'accept-encoding': 'identity' });
  const gzip = await pass({ 'accept-encoding': 'gzip' });
  return { ...plain, gzip: gzip.latency };
}

/**
 * How often PostgreSQL's first hit is SQLite's (queries where neither has one agree), and the mean
 * share of SQLite's first five hits (as many as it has) that PostgreSQL's first five hold.
 */
export function compareTops(sqlite: readonly string[][], postgres: readonly string[][]): { first: number; top5: number } {
  let first = 0;
  let overlap = 0;
  let counted = 0;
  sqlite.forEach((s, i) => {
    const p = postgres[i] ?? [];
    if (s[0] === p[0]) first++;
    if (s.length === 0) return;
    const mine = new Set(p);
    overlap += s.filter((id) => mine.has(id)).length / s.length;
    counted++;
  });
  return { first, top5: counted ? overlap / counted : 1 };
}

/** MiniSearch in a child process of its own, so its index (gigabytes for this corpus) gets its own heap. */
function miniSearchLatencies(corpus: string, queriesFile: string): { buildSeconds: number; heapMb: number; exact: Latencies; fuzzy: Latencies; emptyExact: number; emptyFuzzy: number } {
  const r = spawnSync(process.execPath, ['--max-old-space-size=12000', '--import', 'tsx', 'bench/search.ts', '--minisearch-child', corpus, queriesFile], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`MiniSearch run failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

async function miniSearchChild(corpus: string, queriesFile: string): Promise<void> {
  const { default: MiniSearch } = await import('minisearch');
  const docs = readCorpus(corpus).map((d, id) => ({ id, ...d }));
  const queries = JSON.parse(fs.readFileSync(queriesFile, 'utf8')) as BenchQuery[];
  const t0 = performance.now();
  const mini = new MiniSearch({ fields: ['title', 'body'] });
  mini.addAll(docs);
  const buildSeconds = (performance.now() - t0) / 1000;
  docs.length = 0;
  const run = (fuzzy: number) => {
    const options = { combineWith: 'AND' as const, boost: { title: 3 }, fuzzy };
    for (const q of queries.slice(0, 50)) mini.search(q.q, options);
    let empty = 0;
    const ms = queries.map((q) => {
      const s = performance.now();
      const hits = mini.search(q.q, options).slice(0, 10);
      const t = performance.now() - s;
      if (hits.length === 0) empty++;
      return t;
    });
    return { latency: stats(ms), empty };
  };
  const exact = run(0);
  const fuzzy = run(0.2);
  const heapMb = process.memoryUsage().heapUsed / 1e6;
  process.stdout.write(`${JSON.stringify({ buildSeconds, heapMb, exact: exact.latency, fuzzy: fuzzy.latency, emptyExact: exact.empty, emptyFuzzy: fuzzy.empty })}\n`);
}

/** Copies the SQLite bench site into PostgreSQL when that database holds no articles yet (or `fresh`). */
async function fillPostgres(sqliteDb: string, url: string, fresh: boolean): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const has = await client.query("SELECT to_regclass('articles') AS t");
    if (has.rows[0]?.t && !fresh) {
      const n = await client.query('SELECT COUNT(*)::int AS n FROM articles');
      if (n.rows[0].n > 0) return;
    }
    if (has.rows[0]?.t) await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  } finally {
    await client.end();
  }
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['bin/masthead.js', 'migrate-db', '--from', sqliteDb, '--to', url, '--json'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`migrate-db failed: ${r.stderr}`);
  console.log(`migrate-db into PostgreSQL: ${fmt((performance.now() - t0) / 1000, 1)} s`);
  // What autovacuum would do before long: planner statistics, and the visibility map that lets a
  // count of a term's documents skip the heap.
  const vacuum = new pg.Client({ connectionString: url });
  await vacuum.connect();
  try {
    await vacuum.query('VACUUM ANALYZE');
  } finally {
    await vacuum.end();
  }
}

export async function searchBench(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: false,
    allowPositionals: true,
    options: {
      articles: { type: 'string', default: '100000' },
      queries: { type: 'string', default: '1000' },
      warmup: { type: 'string', default: '500' },
      fresh: { type: 'boolean', default: false },
      'skip-minisearch': { type: 'boolean', default: false },
      'database-url': { type: 'string' },
      engines: { type: 'string', default: 'sqlite,postgres' },
      port: { type: 'string', default: String(DEFAULT_PORT) },
      tuning: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  const url = typeof values['database-url'] === 'string' ? values['database-url'] : undefined;
  const articles = Number(values.articles);
  const corpus = ensureCorpus(articles);
  const db = path.join(OUT, `search-${articles}.db`);
  if (values.fresh || !fs.existsSync(db)) {
    for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
    const t0 = performance.now();
    // Related lists are not part of this benchmark: leave them for `masthead related --rebuild`.
    const imp = spawnSync(process.execPath, ['bin/masthead.js', 'import', 'jsonl', corpus, '--db', db, '--json', '--no-related'], { cwd: ROOT, encoding: 'utf8' });
    if (imp.status !== 0) throw new Error(`import failed: ${imp.stderr}`);
    const seconds = (performance.now() - t0) / 1000;
    const report = JSON.parse(imp.stdout) as { imported: number };
    console.log(`import: ${fmt(report.imported)} articles in ${fmt(seconds, 1)} s = ${fmt(report.imported / seconds)} articles/s (with all three search indexes)`);
  }
  if (url) await fillPostgres(db, url, values.fresh === true);
  // Two query sets from different seeds: PostgreSQL's ranking was tuned on `--tuning` only; the
  // figures reported (docs/benchmarks.md) come from the report set, never looked at while tuning.
  const set = values.tuning ? 'tuning' : 'report';
  const { queries, warmup } = headlineQueries(await readTitles(corpus), Number(values.queries), Number(values.warmup), values.tuning === true);
  const typos = queries.filter((q) => q.intended).length;
  const queriesFile = path.join(OUT, 'search-queries.json');
  fs.writeFileSync(queriesFile, JSON.stringify(queries));
  console.log(`${queries.length} queries from headlines (${set} set), ${typos} with a typo; e.g. ${queries.slice(0, 6).map((q) => JSON.stringify(q.q)).join(', ')}`);

  const engines = String(values.engines).split(',');
  const line = (name: string, r: EngineRun) => {
    console.log(`${name.padEnd(10)} p50 ${fmt(r.latency.p50, 2).padStart(6)} ms, p99 ${fmt(r.latency.p99, 2).padStart(6)} ms, max ${fmt(r.latency.max, 1)} ms (gzip: p50 ${fmt(r.gzip.p50, 2)}, p99 ${fmt(r.gzip.p99, 2)}); no hits ${r.empty}; typos fixed ${r.fixed} of ${typos}`);
    const slowest = r.ms.map((ms, i) => ({ ms, q: queries[i]!.q })).sort((a, b) => b.ms - a.ms).slice(0, 5);
    console.log(`           slowest: ${slowest.map((s) => `${JSON.stringify(s.q)} ${fmt(s.ms, 1)} ms`).join(', ')}`);
    fs.writeFileSync(topsFile(name.toLowerCase(), set, articles), JSON.stringify(r.tops));
    return r;
  };
  const sqlite = !url || engines.includes('sqlite') ? line('SQLite', await mastheadLatencies(['--db', db], queries, warmup, port)) : undefined;
  const postgres = url && engines.includes('postgres') ? line('PostgreSQL', await mastheadLatencies(['--database-url', url], queries, warmup, port)) : undefined;
  // A PostgreSQL-only run compares with the SQLite run before it (the same queries, kept in bench/.out).
  const sqliteTops = sqlite?.tops ?? (fs.existsSync(topsFile('sqlite', set, articles)) ? (JSON.parse(fs.readFileSync(topsFile('sqlite', set, articles), 'utf8')) as string[][]) : undefined);
  if (postgres && sqliteTops && sqliteTops.length === queries.length) {
    if (sqlite) console.log(`ratio PostgreSQL / SQLite: p50 ${fmt(postgres.latency.p50 / sqlite.latency.p50, 2)}, p99 ${fmt(postgres.latency.p99 / sqlite.latency.p99, 2)}`);
    const agreement = compareTops(sqliteTops, postgres.tops);
    console.log(
      `same first hit as SQLite: ${agreement.first} of ${queries.length} (${fmt((agreement.first / queries.length) * 100, 1)} %; bar 90 %: ${agreement.first >= 0.9 * queries.length ? 'met' : 'MISSED'}); top-5 overlap ${fmt(agreement.top5 * 100, 1)} %`,
    );
    const lost = queries.filter((_, i) => sqliteTops[i]!.length > 0 && postgres.tops[i]!.length === 0).map((q) => JSON.stringify(q.q));
    console.log(`no hits on PostgreSQL where SQLite has some: ${lost.length}${lost.length ? ` (${lost.slice(0, 20).join(', ')})` : ''}`);
  }
  if (postgres) {
    console.log(`PostgreSQL bars: p50 ≤ 10 ms (${postgres.latency.p50 <= 10 ? 'met' : 'MISSED'}), p99 ≤ 50 ms (${postgres.latency.p99 <= 50 ? 'met' : 'MISSED'})`);
  }
  const masthead = sqlite ?? postgres!;
  if (values['skip-minisearch'] || !sqlite) return;
  const mini = miniSearchLatencies(corpus, queriesFile);

  const row = (name: string, l: Latencies, empty: number) =>
    `${name.padEnd(46)} p50 ${fmt(l.p50, 2).padStart(7)} ms   p99 ${fmt(l.p99, 2).padStart(7)} ms   mean ${fmt(l.mean, 2).padStart(7)} ms   max ${fmt(l.max, 1).padStart(7)} ms   no hits ${empty}`;
  console.log('');
  console.log(row('masthead, HTTP /api/v1/search (with facets)', masthead.latency, masthead.empty));
  console.log(row('masthead, the same, gzip responses', masthead.gzip, masthead.empty));
  console.log(row('minisearch, in-process, exact', mini.exact, mini.emptyExact));
  console.log(row('minisearch, in-process, fuzzy 0.2', mini.fuzzy, mini.emptyFuzzy));
  console.log('');
  console.log(`minisearch build: ${fmt(mini.buildSeconds, 1)} s, heap ${fmt(mini.heapMb)} MB`);
  console.log(`typos corrected back to the words intended: ${masthead.fixed} of ${typos}`);
  console.log(`ratio masthead / minisearch fuzzy: p50 ${fmt(masthead.latency.p50 / mini.fuzzy.p50, 2)}, p99 ${fmt(masthead.latency.p99 / mini.fuzzy.p99, 2)} (below 1: masthead faster, HTTP included)`);
  console.log(`ratio masthead / minisearch exact: p50 ${fmt(masthead.latency.p50 / mini.exact.p50, 2)}, p99 ${fmt(masthead.latency.p99 / mini.exact.p99, 2)}`);
  console.log(`SQLite bars: p50 < 5 ms (${masthead.latency.p50 < 5 ? 'met' : 'MISSED'}), p99 < 30 ms (${masthead.latency.p99 < 30 ? 'met' : 'MISSED'})`);
}

if (process.argv[2] === '--minisearch-child') await miniSearchChild(process.argv[3]!, process.argv[4]!);
else if (process.argv[1]?.endsWith(path.join('bench', 'search.ts'))) await searchBench();
