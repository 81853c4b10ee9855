/**
 * Article page throughput: a 10,000-article site (from ../shared/tools/gen-corpus.mjs), served by
 * Masthead with the page cache warm and with it off (rendered from the database every time), next
 * to a plain Node http server sending the same bytes from memory, measured in the same run.
 * Also times the import of the corpus (articles a second, with indexing).
 *
 *   npm run bench -- article-page [--articles N] [--seconds S] [--connections C] [--reuse | --reuse-url URL]
 *
 * `--reuse` keeps the site an earlier run imported (bench/.out/site-N.db; 100,000 articles take
 * minutes to import), bringing its stored page bodies up to date with `masthead render` first.
 * `--reuse-url postgres://…` measures an existing PostgreSQL site the same way (PRODUCT.md's bars
 * hold on both engines); `--articles` should then be about its size, to find the middle article.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureCorpus, fmt, type LoadResult, load, OUT, ROOT, startProcess, stop } from './lib.ts';

/** The page of the article in the middle of the archive (by date), on the node at `base`. */
export async function middleArticleUrl(base: string, articles: number): Promise<string> {
  const list = (await (await fetch(`${base}/api/v1/articles?limit=1&page=${Math.max(1, Math.floor(articles / 2))}`)).json()) as { articles: { slug: string }[] };
  return `${base}/news/${list.articles[0]!.slug}`;
}

/** One page asked for by a node with its page cache off: at one connection (after a 2 s warm-up), then at `connections`. */
export async function cacheOffLoad(url: string, seconds: number, connections: number): Promise<{ one: LoadResult; many: LoadResult }> {
  await load(url, 1, 2);
  const one = await load(url, 1, seconds);
  const many = await load(url, connections, seconds);
  return { one, many };
}

export async function articlePageBench(opts: { articles: number; seconds: number; connections: number; reuse?: boolean; siteUrl?: string }): Promise<void> {
  const db = path.join(OUT, `site-${opts.articles}.db`);
  // The global option naming the site's database, for `render` and `serve` alike.
  const site = opts.siteUrl ? ['--database-url', opts.siteUrl] : ['--db', db];
  if (opts.siteUrl || (opts.reuse && fs.existsSync(db))) {
    const render = spawnSync(process.execPath, ['bin/masthead.js', ...site, 'render', '--json'], { cwd: ROOT, encoding: 'utf8' });
    if (render.status !== 0) throw new Error(`render failed: ${render.stderr}`);
    const name = opts.siteUrl ? new URL(opts.siteUrl).pathname.slice(1) + ' (PostgreSQL)' : path.relative(ROOT, db);
    console.log(`import: skipped, reusing ${name}; stored bodies brought up to date: ${render.stdout.trim()}`);
  } else {
    importSite(ensureCorpus(opts.articles), db);
  }

  const port = 3900;
  const warm = await startProcess(['bin/masthead.js', ...site, 'serve', '--port', String(port)], {}, port);
  const url = await middleArticleUrl(`http://127.0.0.1:${port}`, opts.articles);
  const html = await (await fetch(url)).text();
  const page = path.join(OUT, 'article.html');
  fs.writeFileSync(page, html);
  console.log(`article page: ${url} (${fmt(html.length / 1024, 1)} KB)`);

  await load(url, opts.connections, 2); // warm-up
  const masthead = await load(url, opts.connections, opts.seconds);
  await stop(warm);

  const cold = await startProcess(['bin/masthead.js', ...site, 'serve', '--port', String(port)], { PAGE_CACHE: 'off' }, port);
  const { one: coldOne, many: coldMany } = await cacheOffLoad(url, opts.seconds, opts.connections);
  await stop(cold);

  const plainPort = 3901;
  const plain = await startProcess(['--import', 'tsx', 'bench/static-server.ts', page, String(plainPort)], {}, plainPort);
  await load(`http://127.0.0.1:${plainPort}/`, opts.connections, 2);
  const baseline = await load(`http://127.0.0.1:${plainPort}/`, opts.connections, opts.seconds);
  await stop(plain);

  const row = (name: string, r: { rps: number; p50: number; p99: number; errors: number; non2xx: number }) =>
    `${name.padEnd(42)} ${fmt(r.rps).padStart(9)} req/s   p50 ${fmt(r.p50, 1).padStart(6)} ms   p99 ${fmt(r.p99, 1).padStart(6)} ms   errors ${r.errors + r.non2xx}`;
  console.log('');
  console.log(row(`plain node http (same bytes), c=${opts.connections}`, baseline));
  console.log(row(`masthead, page cache warm, c=${opts.connections}`, masthead));
  console.log(row(`masthead, page cache off, c=${opts.connections}`, coldMany));
  console.log(row('masthead, page cache off, c=1', coldOne));
  console.log('');
  console.log(`ratio warm / plain http: ${fmt(masthead.rps / baseline.rps, 2)} (bar: >= 0.5)`);
  console.log(`ratio cache-off / plain http: ${fmt(coldMany.rps / baseline.rps, 3)} (bar: >= 0.06)`);
  // autocannon reports latency in whole milliseconds; at one connection the mean is 1000 / req/s.
  console.log(`cache-off latency at c=1: mean ${fmt(1000 / coldOne.rps, 2)} ms, p50 ${fmt(coldOne.p50, 0)} ms (bar: median < 3 ms on 100,000 articles; Ghost ~14 ms, 68 req/s)`);
  console.log(`cache-off throughput vs Ghost's 68 req/s: ${fmt(coldMany.rps / 68, 1)}x (bar: > 20x)`);
  console.log(`load average at the end: ${os.loadavg().map((l) => fmt(l, 2)).join(', ')} (${os.cpus().length} cores)`);
}

/** Imports the corpus into a new site database, timing it (articles a second). */
function importSite(corpus: string, db: string): void {
  for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
  const t0 = performance.now();
  const imp = spawnSync(process.execPath, ['bin/masthead.js', 'import', 'jsonl', corpus, '--db', db, '--json'], { cwd: ROOT, encoding: 'utf8' });
  const seconds = (performance.now() - t0) / 1000;
  if (imp.status !== 0) throw new Error(`import failed: ${imp.stderr}`);
  const report = JSON.parse(imp.stdout) as { imported: number };
  console.log(`import: ${fmt(report.imported)} articles in ${fmt(seconds, 1)} s = ${fmt(report.imported / seconds)} articles/s (process start included; bar: 2,000/s)`);
}
