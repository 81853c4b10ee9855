/**
 * Soak: the real server (`masthead serve`, compiled when the build is current) under mixed load for
 * a while, sampled over time, to show whether memory grows, the event loop stalls, latency drifts
 * or anything fails. The load, from this process:
 *  - readers (SOAK_CONNECTIONS at once, each as fast as answers come): article pages (70 %, many
 *    distinct ones, some with `?utm_…` the cache must fold), home, section and archive lists,
 *    search (`/search` and `/api/v1/search`), feeds (RSS, Atom, JSON Feed), ad impression and
 *    click beacons, most-read view beacons;
 *  - an editor publishing a new article through the admin (signed in, CSRF token) every
 *    SOAK_PUBLISH_MS (10 s), each publish emptying the page cache;
 *  - a `masthead import jsonl` of 25 new articles every SOAK_IMPORT_SECONDS (60), in its own process
 *    against the same database, as a scheduled feed import would.
 * Before the clock starts, a prewarm pass asks for every article page, list, feed and a search per
 * word once, so the page cache and SQLite's cache are full (both bounded in bytes). The server runs
 * as `npm start` runs it: under the launcher, with V8's old generation bounded by `MEMORY_MB`; its
 * memory is the server process's (the launcher's is printed once). Then every
 * SOAK_SAMPLE_SECONDS it prints the server's resident memory (from /proc), heap used, Buffers and
 * native memory, event-loop delay p99 (from /metrics), the page cache's bytes, requests a second,
 * p50/p99, 5xx and errors; samples in the warm-up (SOAK_WARMUP_SECONDS, 60 or a fifth of the run)
 * are starred. At the end: the resident-memory slope after warm-up (least squares) and its growth
 * over the run, the lowest sample per third, p99 early against late, and every error, by kind.
 *
 *   SOAK_SECONDS=180 npm run bench -- soak     (defaults: 180 s, 8 connections, 2,000 articles)
 *   SOAK_SECONDS=1800 SOAK_CONNECTIONS=16 npm run bench -- soak   (the issue's 30 minutes)
 *
 * Exits non-zero on any 5xx or transport error, or resident memory growing 10 % or more after warm-up.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { ensureCorpus, fmt, median, OUT, ROOT, runsCompiled, startProcess, stop } from './lib.ts';

const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
export const BROWSER = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'accept-encoding': 'br, gzip',
  accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
};
const METRICS_TOKEN = 'soak-bench-metrics-token-0123456789';
export const PASSWORD = 'soak bench password';

/** p-th percentile (0–100) of a list, nearest rank. */
function percentile(xs: number[], p: number): number {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** Least-squares slope and intercept of y over x. */
function leastSquares(points: { x: number; y: number }[]): { slope: number; at: (x: number) => number } {
  const n = points.length;
  const mx = points.reduce((t, p) => t + p.x, 0) / n;
  const my = points.reduce((t, p) => t + p.y, 0) / n;
  const sxx = points.reduce((t, p) => t + (p.x - mx) ** 2, 0);
  const slope = sxx ? points.reduce((t, p) => t + (p.x - mx) * (p.y - my), 0) / sxx : 0;
  return { slope, at: (x) => my + slope * (x - mx) };
}

/**
 * The process that serves: `masthead serve` runs the server in a child of the launcher, with V8's
 * heap bounded (bin/masthead.js); a server started with its own `--max-old-space-size` has none.
 */
export function serverPid(launcher: number): number {
  const children = fs.readFileSync(`/proc/${launcher}/task/${launcher}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  return children.length ? Number(children[0]) : launcher;
}

export function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : Number.NaN;
}

export interface Scraped {
  heap: number;
  heapTotal: number;
  external: number;
  lagP99: number;
  cacheBytes: number;
  slowLocks: number;
}

/** A few values from the Prometheus text /metrics serves. */
export async function scrape(base: string, token = METRICS_TOKEN): Promise<Scraped> {
  const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
  const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return {
    heap: value('nodejs_heap_size_used_bytes'),
    heapTotal: value('nodejs_heap_size_total_bytes'),
    external: value('nodejs_external_memory_bytes'),
    lagP99: value('nodejs_eventloop_lag_p99_seconds'),
    cacheBytes: value('masthead_page_cache_bytes'),
    // Write transactions that waited over a second for SQLite's lock (the import beside the server).
    slowLocks: value('masthead_db_write_lock_wait_seconds_count') - value('masthead_db_write_lock_wait_seconds_bucket\\{le="1"\\}'),
  };
}

/** Cookies a response sets, as one `Cookie` header value merged over `jar`. */
function withCookies(jar: string, res: Response): string {
  const all = new Map(jar ? jar.split('; ').map((c) => c.split('=', 2) as [string, string]) : []);
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const eq = pair!.indexOf('=');
    all.set(pair!.slice(0, eq), pair!.slice(eq + 1));
  }
  return [...all].filter(([, v]) => v).map(([k, v]) => `${k}=${v}`).join('; ');
}

const csrfIn = (html: string) => {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no _csrf field in the admin page');
  return m[1]!;
};

/** Signs in to the admin as a browser does; returns a function that publishes one article. */
export async function editorSession(base: string, email: string): Promise<(n: number) => Promise<number>> {
  const form = await fetch(`${base}/admin/sign-in`, { headers: BROWSER });
  let jar = withCookies('', form);
  const post = (url: string, fields: Record<string, string>) =>
    fetch(`${base}${url}`, { method: 'POST', redirect: 'manual', headers: { ...BROWSER, cookie: jar, origin: base, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  const signed = await post('/admin/sign-in', { _csrf: csrfIn(await form.text()), email, password: PASSWORD });
  if (signed.status !== 303) throw new Error(`sign-in answered ${signed.status}`);
  jar = withCookies(jar, signed);
  const csrf = csrfIn(await (await fetch(`${base}/admin`, { headers: { ...BROWSER, cookie: jar } })).text());
  return async (n) => {
    const res = await post('/admin/articles/new', {
      _csrf: csrf,
      action: 'publish',
      headline: `Soak desk report number ${n} on tolling and freight`,
      standfirst: `Published by the soak bench, number ${n}.`,
      body: `Renault Trucks and Siemens Mobility said report ${n} covers road pricing.\n\nA second paragraph about gantries, buses and rail freight.`,
      section: 'Tolling',
      tags: 'soak, tolling',
      authors: 'Soak Editor',
    });
    await res.arrayBuffer();
    return res.status;
  };
}

interface Window {
  latencies: number[];
  errors: Map<string, number>;
}

export async function soakBench(): Promise<void> {
  const seconds = env('SOAK_SECONDS', 180);
  const connections = env('SOAK_CONNECTIONS', 8);
  const articles = env('SOAK_ARTICLES', 2000);
  const sampleEvery = env('SOAK_SAMPLE_SECONDS', Math.max(5, Math.round(seconds / 30)));
  const publishMs = env('SOAK_PUBLISH_MS', 10_000);
  const importEvery = env('SOAK_IMPORT_SECONDS', 60);
  // Warm-up, after the prewarm pass has filled the caches: long enough for a few major collections
  // (the heap limit V8 settles on) and an import or two; a fifth of a long run. A leak keeps growing
  // after it, which the slope and the lowest sample per third show.
  const warmup = env('SOAK_WARMUP_SECONDS', Math.max(60, Math.round(seconds / 5)));
  const port = env('SOAK_PORT', 3930);
  const base = `http://127.0.0.1:${port}`;

  const corpus = ensureCorpus(articles);
  const db = path.join(OUT, `soak-${articles}.db`);
  const media = path.join(OUT, 'soak-media');
  for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
  fs.rmSync(media, { recursive: true, force: true });
  const site = ['--db', db];
  const childEnv = { MEDIA_DIR: media };
  const setup = (args: string[], input?: string) => {
    const r = spawnSync(process.execPath, ['bin/masthead.js', ...args, ...site], { cwd: ROOT, encoding: 'utf8', input, env: { ...process.env, ...childEnv, LOG_LEVEL: 'warn' } });
    if (r.status !== 0) throw new Error(`masthead ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  setup(['import', 'jsonl', corpus, '--json']);
  setup(['users', 'add', '--email', 'soak@example.com', '--role', 'editor', '--password', PASSWORD]);
  const banner = path.join(OUT, 'soak-banner.png');
  await sharp({ create: { width: 300, height: 250, channels: 3, background: '#036' } }).png().toFile(banner);
  const { id: creative } = JSON.parse(setup(['ads', 'add', '--slot', 'sidebar', '--image', banner, '--url', 'https://advertiser.example/', '--alt', 'Banner', '--json'])) as { id: number };

  if (!runsCompiled(ROOT)) console.log('the server runs from the sources (no current build: `npm run build`), about 50 MB more than compiled');
  const server = await startProcess(['bin/masthead.js', 'serve', ...site, '--port', String(port)], { ...childEnv, METRICS_TOKEN, SEARCH_RATE_LIMIT: '0' }, port);
  const pid = serverPid(server.pid!);
  if (pid !== server.pid) console.log(`the server runs under the launcher (${fmt(rssOf(server.pid!) / 1048576, 1)} MB resident, not counted below)`);
  const problems: string[] = [];
  try {
    // What readers ask for: slugs and article ids from the API, search words from the headlines.
    const slugs: string[] = [];
    const ids: number[] = [];
    for (let page = 1; slugs.length < Math.min(articles, 1000); page++) {
      const list = (await (await fetch(`${base}/api/v1/articles?limit=100&page=${page}`)).json()) as { articles: { id: number; slug: string }[] };
      if (!list.articles.length) break;
      for (const a of list.articles) {
        slugs.push(a.slug);
        ids.push(a.id);
      }
    }
    const words = [...new Set(slugs.flatMap((s) => s.split('-')).filter((w) => w.length > 4 && !/^\d+$/.test(w)))];
    const sections = ['news', 'tolling', 'freight', 'rail', 'mobility'];
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)]!;
    const nextUrl = (): string => {
      const r = Math.random();
      if (r < 0.6) return `/news/${pick(slugs)}`;
      if (r < 0.65) return `/news/${pick(slugs)}?utm_source=soak${Math.floor(Math.random() * 1e6)}`;
      if (r < 0.7) return pick(['/', '/news', `/sections/${pick(sections)}`, '/archive', `/news?page=${1 + Math.floor(Math.random() * 20)}`]);
      if (r < 0.8) return Math.random() < 0.5 ? `/search?q=${encodeURIComponent(pick(words))}` : `/api/v1/search?q=${encodeURIComponent(`${pick(words)} ${pick(words)}`)}`;
      if (r < 0.85) return pick(['/feed.xml', '/atom.xml', '/feed.json', `/sections/${pick(sections)}/feed.xml`]);
      if (r < 0.95) return Math.random() < 0.8 ? `/ads/i/${creative}` : `/ads/c/${creative}`;
      return `/v/${pick(ids)}`;
    };

    let window: Window = { latencies: [], errors: new Map() };
    const all: { t: number; latencies: number[] }[] = [];
    const errorsByKind = new Map<string, number>();
    const fail = (kind: string) => {
      window.errors.set(kind, (window.errors.get(kind) ?? 0) + 1);
      errorsByKind.set(kind, (errorsByKind.get(kind) ?? 0) + 1);
    };
    // Fill the caches before the clock starts: every article page once (the page cache reaches its
    // byte bound, SQLite's reaches its own: the pages read are far more than either holds), every
    // list page the readers ask for, and a search for each word (FTS5's index pages). What is left
    // for the warm-up below is the collector settling its heap limit and malloc its arenas.
    const prewarmStarted = performance.now();
    const prewarmUrls = [
      ...slugs.map((s) => `/news/${s}`),
      '/',
      '/news',
      '/archive',
      ...Array.from({ length: 20 }, (_, i) => `/news?page=${i + 1}`),
      ...sections.map((s) => `/sections/${s}`),
      '/feed.xml',
      '/atom.xml',
      '/feed.json',
      ...words.map((w) => `/search?q=${encodeURIComponent(w)}`),
    ];
    let prewarmErrors = 0;
    await Promise.all(
      Array.from({ length: connections }, async (_, k) => {
        for (let i = k; i < prewarmUrls.length; i += connections) {
          const res = await fetch(`${base}${prewarmUrls[i]}`, { headers: BROWSER, redirect: 'manual' });
          await res.arrayBuffer();
          if (res.status >= 500) prewarmErrors++;
        }
      }),
    );
    const filled = await scrape(base);
    console.log(
      `prewarm: ${fmt(prewarmUrls.length)} requests in ${fmt((performance.now() - prewarmStarted) / 1000, 1)} s (${prewarmErrors} 5xx); page cache ${fmt(filled.cacheBytes / 1048576, 1)} MB (its bound: PAGE_CACHE_BYTES); resident ${fmt(rssOf(pid) / 1048576, 1)} MB`,
    );
    if (prewarmErrors) fail(`${prewarmErrors} × 5xx during prewarm`);
    const started = performance.now();
    const deadline = started + seconds * 1000;
    let requests = 0;

    const reader = async () => {
      while (performance.now() < deadline) {
        const url = nextUrl();
        const t0 = performance.now();
        try {
          const res = await fetch(`${base}${url}`, { headers: BROWSER, redirect: 'manual' });
          await res.arrayBuffer();
          window.latencies.push(performance.now() - t0);
          requests++;
          if (res.status >= 500) fail(`${res.status} ${url.split('?')[0]!.replace(/\/[^/]*$/, '/…')}`);
          else if (res.status >= 400 && res.status !== 404) fail(`${res.status} ${url.split('?')[0]}`);
        } catch (err) {
          fail(`transport (${url.split('?')[0]!.split('/')[1] || 'home'}): ${(err as Error).cause ?? (err as Error).message}`);
        }
      }
    };

    let published = 0;
    const publish = await editorSession(base, 'soak@example.com');
    const editor = async () => {
      while (performance.now() < deadline) {
        try {
          const status = await publish(++published);
          if (status !== 303) fail(`publish answered ${status}`);
        } catch (err) {
          fail(`publish: ${(err as Error).message}`);
        }
        await new Promise((r) => setTimeout(r, Math.max(0, Math.min(publishMs, deadline - performance.now()))));
      }
    };

    let imported = 0;
    let importRuns = 0;
    const importer = async () => {
      for (;;) {
        // Never waits past the end of the run (the summary waits for every loop).
        await new Promise((r) => setTimeout(r, Math.max(0, Math.min(importEvery * 1000, deadline - performance.now()))));
        if (performance.now() >= deadline) return;
        importRuns++;
        const file = path.join(OUT, `soak-import-${importRuns}.jsonl`);
        const lines = Array.from({ length: 25 }, (_, i) =>
          JSON.stringify({ id: `soak-${importRuns}-${i}`, title: `Imported wire story ${importRuns}-${i} on road pricing`, body: `Wire copy ${importRuns}-${i} about gantries and tolls.`, date: new Date().toISOString(), section: 'Freight' }),
        );
        fs.writeFileSync(file, lines.join('\n') + '\n');
        const code = await new Promise<number | null>((resolve) => {
          const child = spawn(process.execPath, ['bin/masthead.js', 'import', 'jsonl', file, ...site, '--json'], { cwd: ROOT, env: { ...process.env, ...childEnv, LOG_LEVEL: 'warn' }, stdio: 'ignore' });
          child.once('exit', resolve);
        });
        if (code === 0) imported += 25;
        else fail(`import exited with ${code}`);
        fs.rmSync(file, { force: true });
      }
    };

    type Sample = { t: number; rss: number; heap: number; heapTotal: number; external: number; lagP99: number; cacheBytes: number; slowLocks: number; rps: number; p50: number; p99: number; errors: number; fiveXX: number };
    const samples: Sample[] = [];
    const sampler = async () => {
      let last = performance.now();
      let lastRequests = 0;
      // native: resident memory outside V8's heap and Buffers (SQLite's page cache, malloc's arenas, code).
      console.log(`warm-up: the first ${fmt(warmup)} s after prewarm are left out of the figures (the collector's heap limit and malloc's arenas settling)`);
      console.log('   t s    RSS MB   heap MB Buffers MB  native MB   loop p99 ms   cache MB  locks>1s     req/s   p50 ms   p99 ms    5xx   errors');
      while (performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, Math.min(sampleEvery * 1000, Math.max(0, deadline - performance.now()))));
        const now = performance.now();
        const done = window;
        window = { latencies: [], errors: new Map() };
        const m = await scrape(base).catch(() => ({ heap: Number.NaN, heapTotal: Number.NaN, external: Number.NaN, lagP99: Number.NaN, cacheBytes: Number.NaN, slowLocks: Number.NaN }));
        const s: Sample = {
          t: (now - started) / 1000,
          rss: rssOf(pid),
          ...m,
          rps: ((requests - lastRequests) * 1000) / (now - last),
          p50: percentile(done.latencies, 50),
          p99: percentile(done.latencies, 99),
          errors: [...done.errors.values()].reduce((a, b) => a + b, 0),
          fiveXX: [...done.errors].filter(([k]) => /^5\d\d |^transport/.test(k)).reduce((t, [, n]) => t + n, 0),
        };
        all.push({ t: s.t, latencies: done.latencies });
        samples.push(s);
        // Says what the figures after warm-up start from, so a reader can judge whether it was
        // long enough: the caches as full as they get (the page cache is emptied by every publish
        // and refilled within seconds) and V8's heap at the size it keeps between collections.
        if (s.t > warmup && !samples.slice(0, -1).some((p) => p.t > warmup)) {
          const warmSamples = samples.filter((p) => p.t <= warmup);
          console.log(
            `warm-up over: page cache ${fmt(s.cacheBytes / 1048576, 1)} MB (${fmt(filled.cacheBytes / 1048576, 1)} MB after prewarm); V8 heap committed ${fmt(s.heapTotal / 1048576, 1)} MB (${fmt(Math.min(...warmSamples.map((p) => p.heapTotal)) / 1048576, 1)}–${fmt(Math.max(...warmSamples.map((p) => p.heapTotal)) / 1048576, 1)} MB in warm-up); ${importRuns} import${importRuns === 1 ? '' : 's'} done`,
          );
        }
        last = now;
        lastRequests = requests;
        const mb = (b: number) => fmt(b / 1048576, 1);
        console.log(
          `${fmt(s.t).padStart(6)}${s.t <= warmup ? '*' : ' '}${mb(s.rss).padStart(8)} ${mb(s.heap).padStart(9)} ${mb(s.external).padStart(10)} ${mb(s.rss - s.heapTotal - s.external).padStart(10)} ${fmt(s.lagP99 * 1000, 1).padStart(13)} ${mb(s.cacheBytes).padStart(10)} ${String(s.slowLocks).padStart(9)} ${fmt(s.rps).padStart(9)} ${fmt(s.p50, 1).padStart(8)} ${fmt(s.p99, 1).padStart(8)} ${String(s.fiveXX).padStart(6)} ${String(s.errors).padStart(8)}`,
        );
      }
    };

    await Promise.all([...Array.from({ length: connections }, reader), editor(), importer(), sampler()]);

    const warm = samples.filter((s) => s.t > warmup);
    const after = warm.length >= 2 ? warm : samples;
    const line = leastSquares(after.map((s) => ({ x: s.t / 60, y: s.rss / 1048576 })));
    const first = after[0]!.t / 60;
    const lastT = after.at(-1)!.t / 60;
    const growth = (line.at(lastT) - line.at(first)) / line.at(first);
    const third = Math.max(1, Math.floor(after.length / 3));
    const early = after.slice(0, third).map((s) => s.p99);
    const late = after.slice(-third).map((s) => s.p99);
    const total = [...errorsByKind.values()].reduce((a, b) => a + b, 0);
    const fiveXX = [...errorsByKind].filter(([k]) => /^5\d\d |^transport/.test(k)).reduce((t, [, n]) => t + n, 0);
    const latencies = all.filter((w) => w.t > warmup).flatMap((w) => w.latencies);
    console.log('');
    console.log(
      `soak: ${fmt(seconds)} s, ${connections} reader connections, ${fmt(requests)} requests (${fmt(requests / seconds)}/s), ${published} articles published through the admin, ${importRuns} imports (${imported} articles); site of ${fmt(articles)} articles`,
    );
    console.log(`after warm-up: p50 ${fmt(percentile(latencies, 50), 1)} ms, p99 ${fmt(percentile(latencies, 99), 1)} ms; window p99 early ${fmt(median(early), 1)} ms, late ${fmt(median(late), 1)} ms (ratio ${fmt(median(late) / median(early), 2)})`);
    console.log(
      `resident memory after warm-up: ${fmt(after[0]!.rss / 1048576, 1)} → ${fmt(after.at(-1)!.rss / 1048576, 1)} MB, peak ${fmt(Math.max(...samples.map((s) => s.rss)) / 1048576, 1)} MB; slope ${fmt(line.slope, 2)} MB/min, growth over the run ${fmt(growth * 100, 1)} % (bar: under 10 %)`,
    );
    // Heap used rises between major collections and falls back after each, and resident memory with
    // it: the lowest sample of each third is what stays, so a leak raises these, a sawtooth does not.
    const thirds = [after.slice(0, third), after.slice(third, -third), after.slice(-third)].filter((w) => w.length);
    const troughs = (of: (s: Sample) => number) => thirds.map((w) => fmt(Math.min(...w.map(of)) / 1048576, 1)).join(' → ');
    console.log(`lowest sample per third after warm-up: resident ${troughs((s) => s.rss)} MB; heap used ${troughs((s) => s.heap)} MB; native ${troughs((s) => s.rss - s.heapTotal - s.external)} MB`);
    console.log(`event-loop delay p99 (per sample): median ${fmt(median(samples.map((s) => s.lagP99 * 1000)), 1)} ms, worst ${fmt(Math.max(...samples.map((s) => s.lagP99 * 1000)), 1)} ms`);
    console.log(`errors: ${total ? [...errorsByKind].map(([k, n]) => `${n} × ${k}`).join(', ') : 'none'}`);
    if (fiveXX > 0) problems.push(`${fiveXX} server errors or failed connections`);
    if (total - fiveXX > 0) problems.push(`${total - fiveXX} other failures`);
    if (growth >= 0.1) problems.push(`resident memory grew ${fmt(growth * 100, 1)} % after warm-up`);
    console.log(problems.length ? `SOAK FAILED: ${problems.join('; ')}` : 'soak passed: no errors, memory flat after warm-up');
    if (problems.length) process.exitCode = 1;
  } finally {
    await stop(server);
  }
}
