/**
 * Import speed: `masthead import jsonl` of a generated corpus (../shared/tools/gen-corpus.mjs)
 * into a new database, then the same file again (idempotent: nothing changes), with tagging and
 * indexing, related content left out (`--no-related`, a separate rebuild). Prints articles a
 * second by the wall clock and by the importer's own CPU time (user + system), which a shared
 * machine disturbs less; PostgreSQL's work happens in its server process and counts only on the
 * wall clock.
 *
 *   npm run bench -- import [--articles 10000] [--database-url postgres://…/postgres]
 *
 * With `--database-url` (a server's admin URL) a database is created for the run and dropped after.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ensureCorpus, fmt, OUT, ROOT } from './lib.ts';

function timedImport(corpus: string, target: string[]): { imported: number; unchanged: number; wall: number; cpu: number } {
  const t0 = performance.now();
  const r = spawnSync('bash', ['-c', 'TIMEFORMAT="%U %S"; { time node "$@" >"$OUT_FILE" ; } 2>&1 | tail -1', 'bash', 'bin/masthead.js', 'import', 'jsonl', corpus, ...target, '--json', '--no-related'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, OUT_FILE: path.join(OUT, 'import-report.json') },
  });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`import failed: ${r.stderr}`);
  const [user, sys] = r.stdout.trim().split(/\s+/).map(Number);
  const report = JSON.parse(fs.readFileSync(path.join(OUT, 'import-report.json'), 'utf8')) as { imported: number; unchanged: number };
  return { ...report, wall, cpu: (user ?? 0) + (sys ?? 0) };
}

export async function importBench(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: false,
    allowPositionals: true,
    options: { articles: { type: 'string', default: '10000' }, 'database-url': { type: 'string' } },
  });
  const articles = Number(values.articles);
  const corpus = ensureCorpus(articles);
  const admin = typeof values['database-url'] === 'string' ? values['database-url'] : undefined;
  const name = `mh_bench_import_${process.pid}`;
  let target: string[];
  let cleanup: () => Promise<void>;
  if (admin) {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    target = ['--database-url', url.toString()];
    cleanup = async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    const file = path.join(OUT, `${name}.db`);
    target = ['--db', file];
    cleanup = async () => {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    };
  }
  try {
    const first = timedImport(corpus, target);
    const again = timedImport(corpus, target);
    const line = (label: string, r: ReturnType<typeof timedImport>, n: number) =>
      `${label.padEnd(34)} ${fmt(r.wall, 1).padStart(6)} s wall = ${fmt(n / r.wall).padStart(6)} articles/s;  importer CPU ${fmt(r.cpu, 1).padStart(6)} s = ${fmt(n / r.cpu).padStart(6)} articles/CPU-s`;
    console.log(`engine: ${admin ? 'PostgreSQL' : 'SQLite'}, ${fmt(articles)} articles`);
    console.log(line(`import (${fmt(first.imported)} new)`, first, first.imported));
    console.log(line(`again (${fmt(again.unchanged)} unchanged)`, again, again.unchanged));
  } finally {
    await cleanup();
  }
}

if (process.argv[1]?.endsWith(path.join('bench', 'import.ts'))) await importBench();
