/**
 * Memory of a node over a large archive (issue 16's bar: under 250 MB resident serving 100,000
 * articles under mixed load). Builds (once, kept in bench/.out) an SQLite site of MEMORY_ARTICLES
 * generated articles, then for this checkout, and with `--compare DIR` another one (e.g. a copy of
 * main with its dist/ built), starts `masthead serve` on that same database and prints:
 *  - resident memory once started and its in-memory snapshots are built (idle);
 *  - under MEMORY_SECONDS (60) of mixed reads on MEMORY_CONNECTIONS (8): article pages spread over
 *    the whole archive (so the page cache fills to its bound), lists, feeds, search with facets
 *    and with typos (so typo correction's vocabulary is used), suggestions: resident memory at its
 *    peak and at the end, heap used, Buffers, native memory (resident outside V8's heap and Buffers:
 *    SQLite's page cache, malloc, code) and the page cache's bytes, with requests a second.
 * The two checkouts take turns on one database, so the ratio between them holds on a busy machine.
 *
 *   npm run bench -- memory [--compare /tmp/main-copy]     (MEMORY_ARTICLES=20000 by default)
 *   MEMORY_ARTICLES=100000 npm run bench -- memory          (the issue's size; the import takes minutes)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureCorpus, fmt, OUT, ROOT, runsCompiled, startProcess, stop } from './lib.ts';
import { BROWSER, rssOf, type Scraped, scrape, serverPid } from './soak.ts';

const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const METRICS_TOKEN = 'memory-bench-metrics-token-0123456789';

/** The site's database: imported once with its related rebuild, then reused by every run. */
function siteOf(articles: number): string {
  const db = path.join(OUT, `memory-${articles}.db`);
  if (fs.existsSync(db)) return db;
  const corpus = ensureCorpus(articles);
  const partial = `${db}.partial`;
  for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) fs.rmSync(f, { force: true });
  console.log(`building a ${fmt(articles)}-article site (import and related rebuild: minutes)…`);
  const r = spawnSync(process.execPath, ['bin/masthead.js', 'import', 'jsonl', corpus, '--db', partial, '--json'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn' } });
  if (r.status !== 0) throw new Error(`import failed: ${r.stderr}`);
  // Folds the WAL into the file so the copy is whole.
  spawnSync(process.execPath, ['-e', `const D=require('better-sqlite3');const d=new D(${JSON.stringify(partial)});d.pragma('wal_checkpoint(TRUNCATE)');d.close()`], { cwd: ROOT });
  fs.renameSync(partial, db);
  return db;
}

interface Figures {
  idle: number;
  peak: number;
  end: number;
  heap: number;
  buffers: number;
  native: number;
  cache: number;
  rps: number;
  errors: number;
}

async function measure(checkout: string, db: string, seconds: number, connections: number, port: number): Promise<Figures> {
  const base = `http://127.0.0.1:${port}`;
  const server = await startProcess([path.join(checkout, 'bin/masthead.js'), 'serve', '--db', db, '--port', String(port)], { METRICS_TOKEN, SEARCH_RATE_LIMIT: '0', MEDIA_DIR: path.join(OUT, 'memory-media') }, port, 120_000);
  const pid = serverPid(server.pid!);
  try {
    // What readers ask for: slugs over the whole archive, words from its headlines.
    const slugs: string[] = [];
    for (let page = 1; ; page++) {
      const list = (await (await fetch(`${base}/api/v1/articles?limit=100&page=${page}`)).json()) as { articles: { slug: string }[] };
      if (!list.articles?.length || page > 400) break;
      for (const a of list.articles) slugs.push(a.slug);
    }
    const words = [...new Set(slugs.flatMap((s) => s.split('-')).filter((w) => w.length > 5 && !/\d/.test(w)))];
    // The in-memory snapshots (vocabulary, facets, company names) are built after start: one typo
    // search and one faceted search wait for them, then the node idles.
    await (await fetch(`${base}/search?q=${encodeURIComponent(`${words[0]}x`)}`, { headers: BROWSER })).arrayBuffer();
    await (await fetch(`${base}/api/v1/search?q=${encodeURIComponent(words[1] ?? 'road')}&facets=true`)).arrayBuffer();
    await new Promise((r) => setTimeout(r, 3000));
    const idle = rssOf(pid);

    const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)]!;
    // A typo: one letter of a real word doubled, so correction has to search the vocabulary.
    const typo = (w: string) => {
      const i = 1 + Math.floor(Math.random() * (w.length - 2));
      return w.slice(0, i) + w[i] + w.slice(i);
    };
    const nextUrl = (): string => {
      const r = Math.random();
      if (r < 0.6) return `/news/${pick(slugs)}`;
      if (r < 0.68) return pick(['/', '/news', '/archive', `/news?page=${1 + Math.floor(Math.random() * 50)}`, '/companies']);
      if (r < 0.76) return `/search?q=${encodeURIComponent(pick(words))}`;
      if (r < 0.82) return `/search?q=${encodeURIComponent(typo(pick(words)))}`;
      if (r < 0.9) return `/api/v1/search?q=${encodeURIComponent(`${pick(words)} ${pick(words)}`)}&facets=true`;
      if (r < 0.95) return `/api/v1/suggest?q=${encodeURIComponent(pick(words).slice(0, 4))}`;
      return pick(['/feed.xml', '/atom.xml', '/feed.json']);
    };
    const deadline = performance.now() + seconds * 1000;
    let requests = 0;
    let errors = 0;
    const reader = async () => {
      while (performance.now() < deadline) {
        try {
          const res = await fetch(`${base}${nextUrl()}`, { headers: BROWSER, redirect: 'manual' });
          await res.arrayBuffer();
          if (res.status >= 500) errors++;
          requests++;
        } catch {
          errors++;
        }
      }
    };
    let peak = idle;
    let last: Scraped | undefined;
    const sampler = async () => {
      while (performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, 1000));
        peak = Math.max(peak, rssOf(pid));
      }
      last = await scrape(base, METRICS_TOKEN);
    };
    const t0 = performance.now();
    await Promise.all([...Array.from({ length: connections }, reader), sampler()]);
    const end = rssOf(pid);
    const m = last!;
    return { idle, peak, end, heap: m.heap, buffers: m.external, native: end - m.heapTotal - m.external, cache: m.cacheBytes, rps: (requests * 1000) / (performance.now() - t0), errors };
  } finally {
    await stop(server);
  }
}

export async function memoryBench(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), strict: false, options: { compare: { type: 'string' } } });
  const compare = typeof values.compare === 'string' ? path.resolve(values.compare) : undefined;
  const articles = env('MEMORY_ARTICLES', 20_000);
  const seconds = env('MEMORY_SECONDS', 60);
  const connections = env('MEMORY_CONNECTIONS', 8);
  const db = siteOf(articles);
  console.log(`site: ${fmt(articles)} articles, ${fmt(fs.statSync(db).size / 1048576)} MB of SQLite; ${seconds} s of mixed reads on ${connections} connections per checkout`);
  const checkouts = [...(compare ? [compare] : []), ROOT];
  const mb = (b: number) => fmt(b / 1048576, 1).padStart(9);
  console.log('checkout                 idle MB   peak MB    end MB   heap MB  Buffers MB  native MB  cache MB   req/s  5xx');
  const results: Figures[] = [];
  for (const checkout of checkouts) {
    if (!runsCompiled(checkout)) console.log(`${path.basename(checkout)} runs from its sources (no current build: \`node scripts/build.mjs\` there), about 50 MB more than compiled`);
    const f = await measure(checkout, db, seconds, connections, env('MEMORY_PORT', 3940));
    results.push(f);
    console.log(`${path.basename(checkout).padEnd(20)} ${mb(f.idle)} ${mb(f.peak)} ${mb(f.end)} ${mb(f.heap)} ${mb(f.buffers).padStart(11)} ${mb(f.native).padStart(10)} ${mb(f.cache)} ${fmt(f.rps).padStart(7)} ${String(f.errors).padStart(4)}`);
  }
  if (results.length === 2) {
    const [before, after] = results as [Figures, Figures];
    console.log(`this checkout against ${path.basename(compare!)}: idle ${fmt(after.idle / before.idle, 2)}×, peak under load ${fmt(after.peak / before.peak, 2)}×, req/s ${fmt(after.rps / before.rps, 2)}×`);
  }
  const worst = results.at(-1)!;
  console.log(`bar (issue 16, at 100,000 articles): under 250 MB resident under load; this run's peak ${fmt(worst.peak / 1048576, 1)} MB at ${fmt(articles)} articles`);
}
