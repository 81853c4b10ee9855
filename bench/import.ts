/**
 * Import speed: `masthead import jsonl` of a generated corpus (../shared/tools/gen-corpus.mjs),
 * with tagging and indexing, against the bars of issue 16:
 *
 * - into a new SQLite site (`--no-related`), and the same file again (idempotent: nothing changes);
 * - the related rebuild after it (`related --rebuild`), with its peak resident memory;
 * - end to end: a whole import into a new site with the rebuild it runs at the end (the default);
 * - with `--into M`: `--articles` more articles into a site that already holds M (imported first,
 *   untimed);
 * - with `--database-url` (a PostgreSQL server's admin URL): the import, the rebuild and the end to
 *   end run into new PostgreSQL databases, created for the run and dropped after.
 *
 * Each line gives articles a second by the wall clock and by the process's own CPU time (user +
 * system; PostgreSQL's work happens in its server and counts only on the wall clock), and the
 * peak resident set size. The baseline, measured in the same run, is the floor under any importer:
 * parsing the same JSONL and inserting the raw records into one plain SQLite table with
 * better-sqlite3, 500 a transaction, with no index, tagging, rendering or search. Ratios to it
 * are steadier than raw rates on a shared machine.
 *
 * With `--compare DIR` (another checkout, e.g. the main branch) the new-site import and the end to
 * end run are repeated with DIR's CLI in the same run, for a before/after ratio.
 *
 *   npm run bench -- import [--articles 10000] [--into 100000] [--database-url postgres://…/postgres [--postgres-only]] [--compare ../main]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ensureCorpus, fmt, OUT, ROOT } from './lib.ts';

export interface Run {
  readonly wall: number;
  readonly cpu: number;
  /** Peak resident set size, MB. */
  readonly rssMb: number;
  readonly stdout: string;
}

/** Runs the CLI under GNU time: wall clock, CPU and peak RSS of the importer process. */
export function timed(args: string[], root = ROOT): Run {
  const times = path.join(OUT, 'import-times.txt');
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-o', times, '-f', '%U %S %M', process.execPath, path.join(root, 'bin', 'masthead.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`masthead ${args.join(' ')} failed: ${r.stderr}`);
  const [user, sys, kb] = fs.readFileSync(times, 'utf8').trim().split('\n').at(-1)!.split(/\s+/).map(Number);
  return { wall, cpu: (user ?? 0) + (sys ?? 0), rssMb: (kb ?? 0) / 1024, stdout: r.stdout };
}

/** The floor: the same lines parsed and inserted raw into one plain table, in this process. */
async function baseline(corpus: string): Promise<{ wall: number; cpu: number; n: number }> {
  const { default: Database } = await import('better-sqlite3');
  const file = path.join(OUT, `baseline-${process.pid}.db`);
  fs.rmSync(file, { force: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE raw (id TEXT, title TEXT, standfirst TEXT, body TEXT, date TEXT, section TEXT)');
  const insert = db.prepare('INSERT INTO raw VALUES (?, ?, ?, ?, ?, ?)');
  const save = db.transaction((rows: Record<string, string>[]) => {
    for (const r of rows) insert.run(r.id, r.title, r.standfirst, r.body, r.date, r.section);
  });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let batch: Record<string, string>[] = [];
  let n = 0;
  for (const line of fs.readFileSync(corpus, 'utf8').split('\n')) {
    if (!line) continue;
    batch.push(JSON.parse(line));
    n++;
    if (batch.length === 500) {
      save(batch);
      batch = [];
    }
  }
  save(batch);
  const wall = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu0);
  const cpu = (used.user + used.system) / 1e6;
  db.close();
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  return { wall, cpu, n };
}

export interface Target {
  readonly args: string[];
  readonly drop: () => Promise<void>;
}

function sqliteTarget(label: string): Target {
  const file = path.join(OUT, `mh_bench_import_${process.pid}_${label}.db`);
  return {
    args: ['--db', file],
    drop: async () => {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    },
  };
}

/** The URL of database `name` on the server of `admin`. */
export function withDatabase(admin: string, name: string): string {
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A new PostgreSQL database named `name` on the server of `admin` (an admin URL), dropped by `drop`. */
export async function postgresTarget(admin: string, name: string): Promise<Target> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  return {
    args: ['--database-url', withDatabase(admin, name)],
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** The first `from` lines of a corpus and the `count` after them, as files of their own. */
function split(corpus: string, from: number, count: number): [string, string] {
  const lines = fs.readFileSync(corpus, 'utf8').split('\n').filter(Boolean);
  const head = path.join(OUT, `corpus-first-${from}.jsonl`);
  const tail = path.join(OUT, `corpus-${from}-plus-${count}.jsonl`);
  fs.writeFileSync(head, `${lines.slice(0, from).join('\n')}\n`);
  fs.writeFileSync(tail, `${lines.slice(from, from + count).join('\n')}\n`);
  return [head, tail];
}

export async function importBench(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: false,
    allowPositionals: true,
    options: { articles: { type: 'string', default: '10000' }, into: { type: 'string' }, 'database-url': { type: 'string' }, compare: { type: 'string' }, 'postgres-only': { type: 'boolean' } },
  });
  const articles = Number(values.articles);
  const into = typeof values.into === 'string' ? Number(values.into) : 0;
  const admin = typeof values['database-url'] === 'string' ? values['database-url'] : undefined;
  const compare = typeof values.compare === 'string' ? path.resolve(values.compare) : undefined;
  const corpus = ensureCorpus(articles);
  const floor = await baseline(corpus);
  const floorRate = floor.n / floor.wall;
  const floorCpuRate = floor.n / floor.cpu;
  console.log(`${fmt(articles)} articles; baseline (raw JSONL into one plain SQLite table): ${fmt(floorRate)} articles/s wall, ${fmt(floorCpuRate)}/CPU-s`);
  const line = (label: string, r: Run, n: number, bar?: string) =>
    console.log(
      `${label.padEnd(40)} ${fmt(r.wall, 1).padStart(6)} s = ${fmt(n / r.wall).padStart(6)}/s wall (${fmt(n / r.wall / floorRate, 3)}× baseline), ${fmt(n / r.cpu).padStart(6)}/CPU-s (${fmt(n / r.cpu / floorCpuRate, 3)}×), peak ${fmt(r.rssMb).padStart(5)} MB${bar ? `  [bar ${bar}]` : ''}`,
    );
  const importArgs = (file: string, t: Target, related: boolean) => ['import', 'jsonl', file, ...t.args, '--json', ...(related ? [] : ['--no-related'])];

  const engines: { name: string; target: (label: string) => Promise<Target>; bars: { importBar: string; e2eBar: string } }[] = [
    { name: 'SQLite', target: async (l) => sqliteTarget(l), bars: { importBar: '3,000/s', e2eBar: '1,000/s' } },
  ];
  if (admin) engines.push({ name: 'PostgreSQL', target: (l) => postgresTarget(admin, `mh_bench_import_${process.pid}_${l}`), bars: { importBar: '1,500/s', e2eBar: '700/s' } });
  // A shorter run when only the PostgreSQL side changed.
  if (admin && values['postgres-only']) engines.shift();

  for (const engine of engines) {
    console.log(`\n${engine.name}`);
    const a = await engine.target('a');
    try {
      const first = timed(importArgs(corpus, a, false));
      line('import into a new site (--no-related)', first, articles, engine.bars.importBar);
      line('again (every record unchanged)', timed(importArgs(corpus, a, false)), articles);
      const rebuild = timed(['related', '--rebuild', ...a.args, '--json']);
      line('related --rebuild', rebuild, articles, '2,000/s, < 300 MB at 100,000');
    } finally {
      await a.drop();
    }
    const b = await engine.target('b');
    try {
      line('end to end: import + rebuild', timed(importArgs(corpus, b, true)), articles, engine.bars.e2eBar);
    } finally {
      await b.drop();
    }
    if (compare) {
      const d = await engine.target('d');
      try {
        line(`${path.basename(compare)}: import (--no-related)`, timed(importArgs(corpus, d, false), compare), articles);
        line(`${path.basename(compare)}: related --rebuild`, timed(['related', '--rebuild', ...d.args, '--json'], compare), articles);
      } finally {
        await d.drop();
      }
    }
    if (into > 0 && engine.name === 'SQLite') {
      const [head, tail] = split(ensureCorpus(into + articles), into, articles);
      const c = await engine.target('c');
      try {
        timed(importArgs(head, c, false));
        line(`into a ${fmt(into)}-article site (--no-related)`, timed(importArgs(tail, c, false)), articles, '2,000/s');
      } finally {
        await c.drop();
      }
    }
  }
}

if (process.argv[1]?.endsWith(path.join('bench', 'import.ts'))) await importBench();
