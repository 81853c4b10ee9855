/**
 * Related content for one new article in a large site (issue 16: "under 50 ms at 100,000"):
 * publishes new articles one after another through the publish pipeline, in this process, into a
 * copy of an existing site, and times
 *  - the related stage as a whole (the new article's signature, its own list, and the other lists
 *    it enters), and
 *  - the new article's own list within it (what the bar asks for: from its signature to its list
 *    stored),
 *  - the whole save (tagging, rendering, search, related, alerts) for scale;
 * each also as this process's CPU time (on SQLite the database works in this process: steadier
 * than the clock when other work shares the machine).
 * Each new article is two archive articles' text spliced (the headline and first half of one, the
 * second half of another) under a new source id, so it shares vocabulary the way a real story does.
 * Medians and p90 over `--runs` (20); the first two saves are not counted (cold caches).
 *
 * The baseline, in the same run: the same on a smaller site (`--baseline FILE`, e.g. 10,000
 * articles), so the ratio says how the cost grows with the archive. With `--database-url` the
 * sites are copied into new PostgreSQL databases (`masthead migrate-db`) and measured there;
 * they are dropped at the end. A `postgres://` URL as `--site` or `--baseline` measures that
 * existing PostgreSQL site as it is (the new articles stay in it): copying 100,000 articles with
 * `migrate-db` takes longer than the measurement.
 *
 *   npm run bench -- related-publish --site bench/.out/site-100000.db [--baseline bench/.out/site-10k.db]
 *                                    [--runs 20] [--database-url postgres://postgres@127.0.0.1:5432/postgres]
 *   npm run bench -- related-publish --site postgres://…/mh_site_100k [--baseline postgres://…/mh_site_10k]
 *
 * Never writes to the files given: each is copied to bench/.out first.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config/index.ts';
import type { ArticleInput } from '../src/publish/index.ts';
import { RelatedService } from '../src/related/index.ts';
import { RelatedRepository } from '../src/store/related-repository.ts';
import { withDatabase } from './import.ts';
import { fmt, median, OUT, ROOT } from './lib.ts';

interface Timing {
  stageMs: number[];
  ownMs: number[];
  /** This process's CPU time (user + system) over the stage: on SQLite the database's work too, and steadier than the clock on a loaded machine. */
  stageCpuMs: number[];
  ownCpuMs: number[];
  saveMs: number[];
  listed: number[];
}

interface Hooks {
  stageMs: number;
  ownMs: number;
  stageCpuMs: number;
  ownCpuMs: number;
  savedId: number | undefined;
}

const hooks: Hooks = { stageMs: 0, ownMs: 0, stageCpuMs: 0, ownCpuMs: 0, savedId: undefined };

const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

/**
 * Wraps the service's stage, and the store's list write, once: the stage's time, and the time from
 * its start until the new article's own list is stored.
 */
function instrument(): void {
  type Patched = Record<string, (...args: unknown[]) => Promise<unknown>>;
  const service = RelatedService.prototype as unknown as Patched;
  const lists = RelatedRepository.prototype as unknown as Patched;
  const onSaved = service.onSaved!;
  const put = lists.put!;
  let started = 0;
  let cpu = process.cpuUsage();
  service.onSaved = async function (this: unknown, ...args: unknown[]) {
    started = performance.now();
    cpu = process.cpuUsage();
    hooks.savedId = Number((args[1] as { id: number }).id);
    try {
      return await onSaved.apply(this, args);
    } finally {
      hooks.stageMs = performance.now() - started;
      hooks.stageCpuMs = cpuMs(cpu);
    }
  };
  lists.put = async function (this: unknown, ...args: unknown[]) {
    try {
      return await put.apply(this, args);
    } finally {
      if (args[0] === hooks.savedId) {
        hooks.ownMs = performance.now() - started;
        hooks.ownCpuMs = cpuMs(cpu);
      }
    }
  };
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
}

/** A site's copy: a SQLite file next to the outputs, or a new PostgreSQL database copied from it. */
async function copySite(file: string, adminUrl: string | undefined, tag: string): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  const copy = path.join(OUT, `related-publish-${tag}-${process.pid}.db`);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(copy + suffix, { force: true });
  // The backup API copies a consistent snapshot even of a file in WAL mode.
  const { default: Database } = await import('better-sqlite3');
  const src = new Database(file, { readonly: true });
  await src.backup(copy);
  src.close();
  const dropFile = async () => {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(copy + suffix, { force: true });
  };
  if (!adminUrl) return { env: { MASTHEAD_DB: copy }, drop: dropFile };
  const name = `mh_related_publish_${tag}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const r = spawnSync(process.execPath, ['bin/masthead.js', 'migrate-db', '--from', copy, '--to', url, '--json'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn' } });
  if (r.status !== 0) throw new Error(`migrate-db failed: ${r.stderr}`);
  const vacuum = new pg.Client({ connectionString: url });
  await vacuum.connect();
  await vacuum.query('VACUUM ANALYZE');
  await vacuum.end();
  await dropFile();
  return {
    env: { DATABASE_URL: url },
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** New articles spliced from archive ones (see the header), deterministic for a given site. */
async function newArticles(app: Awaited<ReturnType<typeof createApp>>, n: number): Promise<ArticleInput[]> {
  const ids = (await app.store.articles.allIds()).filter(Boolean);
  const pick = (i: number) => ids[Math.floor(((i * 7919) % 1000) / 1000 * ids.length)]!;
  const out: ArticleInput[] = [];
  for (let i = 0; out.length < n; i++) {
    const [a, b] = await Promise.all([app.store.articles.findById(pick(2 * i)), app.store.articles.findById(pick(2 * i + 1))]);
    if (!a || !b) continue;
    const half = (body: string, first: boolean) => {
      const paras = body.split(/\n\n+/);
      const mid = Math.ceil(paras.length / 2);
      return (first ? paras.slice(0, mid) : paras.slice(mid)).join('\n\n');
    };
    out.push({
      sourceId: `related-publish-${i}-${Date.now()}`,
      headline: `${a.headline} (update)`,
      standfirst: a.standfirst,
      body: `${half(a.body, true)}\n\n${half(b.body, false)}`,
      bodyFormat: a.body_format,
      status: 'published',
      section: 'Business',
      tags: ['Update'],
      authors: ['Bench Writer'],
    });
  }
  return out;
}

/** `file` a SQLite site to copy (into PostgreSQL with `adminUrl`), or `postgres://…`: an existing PostgreSQL site, published into as it is. */
async function measure(file: string, runs: number, adminUrl: string | undefined, tag: string): Promise<Timing> {
  const site = file.startsWith('postgres://') ? { env: { DATABASE_URL: file }, drop: async () => {} } : await copySite(file, adminUrl, tag);
  const config = loadConfig({ ...site.env, SITE_URL: 'https://news.example', LOG_LEVEL: 'silent', MEDIA_DIR: path.join(OUT, 'related-publish-media') });
  const app = await createApp(config);
  const timing: Timing = { stageMs: [], ownMs: [], stageCpuMs: [], ownCpuMs: [], saveMs: [], listed: [] };
  try {
    const inputs = await newArticles(app, runs + 2);
    for (const [i, input] of inputs.entries()) {
      const t0 = performance.now();
      const saved = await app.pipeline.save(input);
      const saveMs = performance.now() - t0;
      const listed = (await app.store.related.get(saved.id))?.length ?? 0;
      if (i < 2) continue;
      timing.saveMs.push(saveMs);
      timing.stageMs.push(hooks.stageMs);
      timing.ownMs.push(hooks.ownMs);
      timing.stageCpuMs.push(hooks.stageCpuMs);
      timing.ownCpuMs.push(hooks.ownCpuMs);
      timing.listed.push(listed);
    }
  } finally {
    await app.close();
    await site.drop();
  }
  return timing;
}

export async function relatedPublishBench(): Promise<void> {
  const { values } = parseArgs({
    allowPositionals: true,
    strict: false,
    options: { site: { type: 'string' }, baseline: { type: 'string' }, runs: { type: 'string', default: '20' }, 'database-url': { type: 'string' } },
  });
  const site = values.site as string | undefined;
  if (!site) throw new Error('related-publish needs --site FILE (a SQLite site, e.g. 100,000 articles)');
  const runs = Number(values.runs);
  const adminUrl = values['database-url'] as string | undefined;
  fs.mkdirSync(OUT, { recursive: true });
  instrument();
  const engine = adminUrl || site.startsWith('postgres://') ? 'PostgreSQL' : 'SQLite';
  const results: [string, Timing][] = [];
  const baseline = values.baseline as string | undefined;
  if (baseline) results.push([`baseline ${baseline.startsWith('postgres://') ? new URL(baseline).pathname.slice(1) : path.basename(baseline)}`, await measure(baseline, runs, adminUrl, 'base')]);
  results.push([site.startsWith('postgres://') ? new URL(site).pathname.slice(1) : path.basename(site), await measure(site, runs, adminUrl, 'site')]);
  console.log(`\nRelated content for one new article (${engine}, ${runs} saves each, median / p90 ms)`);
  console.log('| site | own list | own list, CPU | related stage | related stage, CPU | whole save | items |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [label, t] of results) {
    const cell = (xs: number[]) => `${fmt(median(xs), 1)} / ${fmt(quantile(xs, 0.9), 1)}`;
    console.log(`| ${label} | ${cell(t.ownMs)} | ${cell(t.ownCpuMs)} | ${cell(t.stageMs)} | ${cell(t.stageCpuMs)} | ${cell(t.saveMs)} | ${fmt(median(t.listed))} |`);
  }
  if (results.length === 2) {
    const [base, big] = [results[0]![1], results[1]![1]];
    console.log(
      `ratio site / baseline (medians): own list ${fmt(median(big.ownMs) / median(base.ownMs), 2)}× (CPU ${fmt(median(big.ownCpuMs) / median(base.ownCpuMs), 2)}×), stage ${fmt(median(big.stageMs) / median(base.stageMs), 2)}× (CPU ${fmt(median(big.stageCpuMs) / median(base.stageCpuMs), 2)}×)`,
    );
  }
  fs.writeFileSync(path.join(OUT, `related-publish-${engine.toLowerCase()}.json`), JSON.stringify(results, null, 1));
}
