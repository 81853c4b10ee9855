/**
 * A large archive on PostgreSQL (issue 16: "one million articles"): generates `--articles` N
 * articles (../shared/tools/gen-corpus.mjs, kept in bench/.out), imports them into a new
 * PostgreSQL database with `masthead import jsonl --no-related` (timed), rebuilds every related
 * list (`masthead related --rebuild`, timed), runs `VACUUM ANALYZE` (what autovacuum would do
 * before long), then serves the site with the compiled `masthead serve` (page cache off) and
 * measures, through HTTP:
 *  - an article page rendered every time: latency at one connection, req/s at `--connections`
 *    (the article-page benchmark's load, bench/article-page.ts);
 *  - search p50/p99 over the search benchmark's 1,000 headline queries (bench/search.ts), and how
 *    often the first hit is SQLite's when a SQLite copy of the same corpus exists
 *    (bench/.out/search-N.db, built by `npm run bench -- search --articles N`; or the first hits
 *    that benchmark kept);
 *  - the related list of an article published through the admin: time until the API lists it;
 *  - the sitemaps: the index and every part, one after another;
 *  - the database's size and its biggest tables;
 *  - the node's resident memory once started (idle) and at its peak under the loads above.
 * It prints one table; when N is under a million, each figure also extrapolated to a million,
 * marked "extrapolated" with the rule used. Results are also written to bench/.out/million-N.json.
 *
 *   npm run bench -- million [--articles 1000000] [--database-url postgres://postgres@127.0.0.1:5432/postgres]
 *                            [--keep | --reuse | --reuse-url URL] [--skip-rebuild] [--seconds 10] [--connections 8] [--port 3960]
 *
 * The database is created on the server of `--database-url` and dropped at the end; with `--keep`
 * it is named mh_million_N and kept, and a later `--reuse` measures it again without importing
 * (as article-page's `--reuse` keeps its site). `--reuse-url URL` measures any existing site the
 * same way. `--skip-rebuild` leaves a reused site's related lists as they are.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { cacheOffLoad, middleArticleUrl } from './article-page.ts';
import { postgresTarget, type Run, type Target, timed, withDatabase } from './import.ts';
import { ensureCorpus, fmt, OUT, ROOT, runsCompiled, startProcess, stop } from './lib.ts';
import { askAll, type BenchQuery, compareTops, headlineQueries, type Latencies, mastheadLatencies, readTitles, topsFile } from './search.ts';
import { editorSession, PASSWORD, rssOf, serverPid } from './soak.ts';

const MILLION = 1_000_000;
const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * How a figure grows with the archive, for the extrapolation to a million: `linear` (work or bytes
 * per article), `rate` (articles a second: the same rate), `flat` (a few index lookups), `bound`
 * (work over the articles matching something: at most linear, an upper bound), `none` (memory:
 * measure it, do not guess).
 */
type Scaling = 'linear' | 'rate' | 'flat' | 'bound' | 'none';

const RULES: Record<Scaling, (factor: string) => string> = {
  linear: (f) => `× ${f} (grows with the archive)`,
  rate: () => 'the same rate',
  flat: () => 'flat (index lookups)',
  bound: (f) => `≤ × ${f} (upper bound: linear in matches)`,
  none: () => 'not extrapolated',
};

interface Row {
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  readonly digits?: number;
  readonly scaling: Scaling;
  readonly note?: string;
}

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => fmt(l, 2))
    .join(' ');

function masthead(args: string[]): string {
  const r = spawnSync(process.execPath, ['bin/masthead.js', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn' } });
  if (r.status !== 0) throw new Error(`masthead ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Resident memory of a process, sampled every 250 ms until stopped: its peak. */
function peakSampler(pid: number): { stop: () => number } {
  let peak = rssOf(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, 250);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, rssOf(pid));
    },
  };
}

/** Publishes an article through the admin and polls the API until its related list is there: ms. */
async function relatedOfNewArticle(base: string, email: string): Promise<{ publishMs: number; appearMs: number; items: number }> {
  const publish = await editorSession(base, email);
  const t0 = performance.now();
  const status = await publish(Date.now() % 100_000);
  const publishMs = performance.now() - t0;
  if (status !== 303) throw new Error(`publish answered ${status}`);
  // The newest article first: the one just published (the corpus's dates are all in the past).
  const list = (await (await fetch(`${base}/api/v1/articles?limit=1`)).json()) as { articles: { slug: string }[] };
  const slug = list.articles[0]!.slug;
  for (;;) {
    const items = (await (await fetch(`${base}/api/v1/articles/${slug}/related`)).json()) as unknown[];
    if (items.length > 0) return { publishMs, appearMs: performance.now() - t0, items: items.length };
    if (performance.now() - t0 > 300_000) throw new Error(`no related list for ${slug} after 5 minutes`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The sitemap index and every part it names, one after another: seconds, URLs listed, bytes. */
async function sitemaps(base: string): Promise<{ seconds: number; urls: number; bytes: number }> {
  const t0 = performance.now();
  const index = await (await fetch(`${base}/sitemap.xml`)).text();
  let urls = 0;
  let bytes = index.length;
  for (const [, loc] of index.matchAll(/<loc>([^<]+)<\/loc>/g)) {
    const part = await (await fetch(`${base}${new URL(loc!).pathname}`)).text();
    bytes += part.length;
    urls += part.split('<loc>').length - 1;
  }
  return { seconds: (performance.now() - t0) / 1000, urls, bytes };
}

function printTable(rows: readonly Row[], articles: number): void {
  const factor = MILLION / articles;
  const extrapolate = articles < MILLION;
  console.log('');
  console.log(`${'figure'.padEnd(52)} ${`measured at ${fmt(articles)}`.padStart(22)}${extrapolate ? `   ${'extrapolated to 1,000,000'.padStart(30)}  rule` : ''}`);
  for (const r of rows) {
    const measured = `${fmt(r.value, r.digits ?? 0)} ${r.unit}`;
    let line = `${r.label.padEnd(52)} ${measured.padStart(22)}`;
    if (extrapolate) {
      const scaled = r.scaling === 'linear' || r.scaling === 'bound' ? `${r.scaling === 'bound' ? '≤ ' : ''}${fmt(r.value * factor, r.digits ?? 0)} ${r.unit}` : measured;
      const value = r.scaling === 'none' ? '—' : `${scaled} (extrapolated)`;
      line += `   ${value.padStart(30)}  ${RULES[r.scaling](fmt(factor, 0))}`;
    }
    console.log(r.note ? `${line}  ${r.note}` : line);
  }
}

export async function millionBench(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: false,
    allowPositionals: true,
    options: {
      articles: { type: 'string', default: String(MILLION) },
      'database-url': { type: 'string', default: DEFAULT_ADMIN_URL },
      keep: { type: 'boolean', default: false },
      reuse: { type: 'boolean', default: false },
      'reuse-url': { type: 'string' },
      'skip-rebuild': { type: 'boolean', default: false },
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '8' },
      port: { type: 'string', default: '3960' },
    },
  });
  const articles = Number(values.articles);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const port = Number(values.port);
  const admin = String(values['database-url']);
  const kept = `mh_million_${articles}`;
  const reuse = typeof values['reuse-url'] === 'string' ? values['reuse-url'] : values.reuse ? withDatabase(admin, kept) : undefined;
  const rows: Row[] = [];
  const corpus = ensureCorpus(articles);
  console.log(`${fmt(articles)} articles (${path.relative(ROOT, corpus)}); load average at the start: ${loadAverage()} on ${os.cpus().length} cores`);
  if (!runsCompiled(ROOT)) console.log('NOTE: no current build (`npm run build`): the CLI and the node run from the sources through tsx, about 50 MB more');

  let target: Target | undefined;
  let url: string;
  if (reuse) {
    url = reuse;
    console.log(`measuring the existing site at ${url} (no import)`);
  } else {
    target = await postgresTarget(admin, values.keep ? kept : `${kept}_${process.pid}`);
    url = target.args[1]!;
    console.log(`new database: ${url}${values.keep ? ' (kept: measure it again with --reuse)' : ''}`);
  }
  try {
    const rate = (r: Run) => ({ label: '', value: articles / r.wall, unit: 'articles/s', scaling: 'rate' as const });
    if (!reuse) {
      const imported = timed(['import', 'jsonl', corpus, '--database-url', url, '--json', '--no-related']);
      const report = JSON.parse(imported.stdout) as { imported: number };
      if (report.imported !== articles) throw new Error(`imported ${report.imported} of ${articles}`);
      rows.push({ label: 'import jsonl --no-related: time', value: imported.wall, unit: 's', digits: 1, scaling: 'linear' });
      rows.push({ ...rate(imported), label: 'import jsonl --no-related: rate', note: `[bar ≥ 1,500/s]; peak ${fmt(imported.rssMb)} MB` });
      console.log(`import: ${fmt(imported.wall, 1)} s (load ${loadAverage()})`);
    }
    if (!values['skip-rebuild']) {
      const rebuild = timed(['related', '--rebuild', '--database-url', url, '--json']);
      rows.push({ label: 'related --rebuild (every list): time', value: rebuild.wall, unit: 's', digits: 1, scaling: 'linear' });
      rows.push({ ...rate(rebuild), label: 'related --rebuild: rate', note: `[bar ≥ 2,000/s]; peak ${fmt(rebuild.rssMb)} MB [bar < 300 MB at 100,000]` });
      console.log(`related rebuild: ${fmt(rebuild.wall, 1)} s (load ${loadAverage()})`);
    }
    const v0 = performance.now();
    await query(url, 'VACUUM ANALYZE');
    rows.push({ label: 'VACUUM ANALYZE after the import', value: (performance.now() - v0) / 1000, unit: 's', digits: 1, scaling: 'linear' });

    const email = `million-${process.pid}@example.com`;
    masthead(['users', 'add', '--email', email, '--role', 'editor', '--password', PASSWORD, '--database-url', url]);
    const base = `http://127.0.0.1:${port}`;
    const server = await startProcess(['bin/masthead.js', 'serve', '--database-url', url, '--port', String(port)], { PAGE_CACHE: 'off', SEARCH_RATE_LIMIT: '0', MEDIA_DIR: path.join(OUT, 'million-media') }, port, 600_000);
    // serve runs the server in a child of a small launcher (its heap bound): measure the server.
    const pid = serverPid(server.pid!);
    try {
      const { queries, warmup } = headlineQueries(await readTitles(corpus));
      // Idle: started, one page and one faceted search answered (in-memory snapshots built).
      const pageUrl = await middleArticleUrl(base, articles);
      await (await fetch(pageUrl)).arrayBuffer();
      await (await fetch(`${base}/api/v1/search?q=${encodeURIComponent(queries[0]!.q)}&facets=true`)).arrayBuffer();
      await new Promise((r) => setTimeout(r, 3000));
      const idle = rssOf(pid);

      const sampler = peakSampler(pid);
      const page = await cacheOffLoad(pageUrl, seconds, connections);
      rows.push({ label: 'article page, cache off, c=1: p50', value: page.one.p50, unit: 'ms', scaling: 'flat', note: `(mean ${fmt(1000 / page.one.rps, 2)} ms; bar: median < 3 ms at 100,000)` });
      rows.push({ label: 'article page, cache off, c=1: p99', value: page.one.p99, unit: 'ms', scaling: 'flat' });
      rows.push({ label: `article page, cache off, c=${connections}: throughput`, value: page.many.rps, unit: 'req/s', scaling: 'flat', note: `(p99 ${fmt(page.many.p99)} ms, errors ${page.many.errors + page.many.non2xx})` });
      console.log(`article pages done (load ${loadAverage()})`);

      const search = await askAll(base, queries, warmup);
      const underLoad = sampler.stop();
      const bar = (ok: boolean) => (ok ? 'met' : 'MISSED');
      rows.push({ label: 'search, 1,000 headline queries, HTTP: p50', value: search.latency.p50, unit: 'ms', digits: 1, scaling: 'bound', note: `[bar ≤ 10 ms at 100,000: ${bar(search.latency.p50 <= 10)}]` });
      rows.push({ label: 'search: p99', value: search.latency.p99, unit: 'ms', digits: 1, scaling: 'bound', note: `[bar ≤ 50 ms at 100,000: ${bar(search.latency.p99 <= 50)}]; max ${fmt(search.latency.max)} ms; no hits ${search.empty}` });
      const sqliteTops = await sqliteFirstHits(articles, queries, warmup, port + 1);
      if (sqliteTops) {
        const same = compareTops(sqliteTops.tops, search.tops);
        rows.push({ label: 'search: same first hit as SQLite', value: (same.first / queries.length) * 100, unit: '%', digits: 1, scaling: 'none', note: `[bar ≥ 90 %: ${bar(same.first >= 0.9 * queries.length)}]; top-5 overlap ${fmt(same.top5 * 100, 1)} % (${sqliteTops.from})` });
        if (sqliteTops.latency) {
          const l = sqliteTops.latency;
          rows.push({ label: 'search on the SQLite copy, this run: p50 (baseline)', value: l.p50, unit: 'ms', digits: 1, scaling: 'none', note: `(PostgreSQL / SQLite: ${fmt(search.latency.p50 / l.p50, 2)})` });
          rows.push({ label: 'search on the SQLite copy, this run: p99 (baseline)', value: l.p99, unit: 'ms', digits: 1, scaling: 'none', note: `(PostgreSQL / SQLite: ${fmt(search.latency.p99 / l.p99, 2)})` });
        }
      }
      console.log(`search done (load ${loadAverage()})`);

      // A site imported with --no-related and measured with --skip-rebuild has no signatures: a new
      // article could match nothing, so its list would never appear. Say so rather than time out.
      const [indexed] = await query<{ any: boolean }>(url, 'SELECT EXISTS (SELECT 1 FROM related_terms) AS any');
      if (indexed?.any) {
        const related = await relatedOfNewArticle(base, email);
        rows.push({ label: 'new article: publish through the admin', value: related.publishMs, unit: 'ms', scaling: 'bound' });
        rows.push({ label: 'new article: until its related list is served', value: related.appearMs, unit: 'ms', scaling: 'bound', note: `(${related.items} items)` });
      } else {
        console.log('new article: not measured (the site has no related index: run without --skip-rebuild)');
      }

      const map = await sitemaps(base);
      rows.push({ label: 'sitemaps: index and every part', value: map.seconds, unit: 's', digits: 2, scaling: 'linear', note: `(${fmt(map.urls)} URLs, ${fmt(map.bytes / 1048576, 1)} MB)` });

      rows.push({ label: 'node resident memory, idle', value: idle / 1048576, unit: 'MB', scaling: 'none' });
      rows.push({ label: 'node resident memory, peak under page and search load', value: underLoad / 1048576, unit: 'MB', scaling: 'none', note: '[bar < 250 MB at 100,000, < 300 MB at 1,000,000]' });
    } finally {
      await stop(server);
    }

    const [size] = await query<{ bytes: string }>(url, 'SELECT pg_database_size(current_database()) AS bytes');
    rows.push({ label: 'database size', value: Number(size!.bytes) / 1048576, unit: 'MB', scaling: 'linear' });
    const tables = await query<{ name: string; bytes: string }>(
      url,
      "SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY 2 DESC LIMIT 6",
    );
    for (const t of tables) rows.push({ label: `  table ${t.name} (with indexes and TOAST)`, value: Number(t.bytes) / 1048576, unit: 'MB', scaling: 'linear' });

    printTable(rows, articles);
    console.log(`\nload average at the end: ${loadAverage()}`);
    fs.writeFileSync(path.join(OUT, `million-${articles}.json`), JSON.stringify({ articles, loadAverage: os.loadavg(), rows }, null, 2));
  } finally {
    if (target && !values.keep) await target.drop();
  }
}

/**
 * SQLite's first hits for the same queries: from a SQLite copy of the same corpus when the search
 * benchmark left one (bench/.out/search-N.db, asked in this run), else from the first hits it kept.
 */
async function sqliteFirstHits(articles: number, queries: BenchQuery[], warmup: BenchQuery[], port: number): Promise<{ tops: string[][]; latency?: Latencies; from: string } | undefined> {
  const db = path.join(OUT, `search-${articles}.db`);
  if (fs.existsSync(db)) {
    const run = await mastheadLatencies(['--db', db], queries, warmup, port);
    return { tops: run.tops, latency: run.latency, from: `SQLite copy ${path.basename(db)}, this run` };
  }
  const kept = topsFile('sqlite', 'report', articles);
  if (!fs.existsSync(kept)) return undefined;
  const tops = JSON.parse(fs.readFileSync(kept, 'utf8')) as string[][];
  return tops.length === queries.length ? { tops, from: `${path.basename(kept)}, kept by the search benchmark` } : undefined;
}
