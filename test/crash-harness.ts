/**
 * Crash consistency, shared by `test/crash-consistency.test.ts` (a few kills in `npm test`) and
 * `npm run bench -- crash` (many, at random points): a generated archive, a real `masthead`
 * process killed with SIGKILL once its `--progress-lines` output says it got far enough, and a
 * snapshot of everything a reader could see, to compare a crashed-then-resumed site with one that
 * never crashed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { BIN, runCliSync } from './node-process.ts';

/** Where a run's database lives: a SQLite file or a PostgreSQL URL, as CLI arguments. */
export type Target = { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'postgres'; readonly url: string };

export const targetArgs = (t: Target): string[] => (t.kind === 'sqlite' ? ['--db', t.file] : ['--database-url', t.url]);

/** A word no other article holds, made of letters only (stemmers and tokenizers leave it whole). */
export function tokenFor(n: number): string {
  let s = '';
  let k = n;
  do {
    s = String.fromCharCode(97 + (k % 26)) + s;
    k = Math.floor(k / 26);
  } while (k > 0);
  return `zqx${s}`;
}

const COMPANIES = [
  { id: 'c1', name: 'Kapsch TrafficCom' },
  { id: 'c2', name: 'Renault Trucks' },
  { id: 'c3', name: 'Siemens Mobility' },
];

/**
 * Writes `companies.jsonl` and `articles.jsonl` (n articles) into `dir`. Every tenth headline
 * repeats an earlier one, so slug families (`tolls-rise`, `tolls-rise-0`…) cross batch boundaries.
 */
export function writeArchive(dir: string, n: number): { companies: string; articles: string } {
  const companies = path.join(dir, 'companies.jsonl');
  const articles = path.join(dir, 'articles.jsonl');
  fs.writeFileSync(companies, COMPANIES.map((c) => JSON.stringify(c)).join('\n') + '\n');
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const company = COMPANIES[i % COMPANIES.length]!;
    const headline = i % 10 === 9 ? `Tolls rise on route ${i % 7}` : `Story ${tokenFor(i)} about ${company.name} and tolling`;
    lines.push(
      JSON.stringify({
        id: `a${i}`,
        title: headline,
        standfirst: `Standfirst of story ${i}.`,
        body: `${company.name} said on Monday that the ${tokenFor(i)} scheme would start soon.\n\nRoad pricing, gantries and ${['trucks', 'buses', 'vans'][i % 3]} again.`,
        date: new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString(),
        section: ['Tolling', 'Freight', 'Transit'][i % 3],
        tags: [`tag-${i % 5}`, `tag-${i % 11}`],
        authors: [`Writer ${i % 4}`],
      }),
    );
  }
  fs.writeFileSync(articles, lines.join('\n') + '\n');
  return { companies, articles };
}

/** How a killed run went: whether the kill landed before the command finished, and what it had printed. */
export interface KillOutcome {
  readonly killed: boolean;
  readonly progressLines: number;
  readonly stderr: string;
}

/**
 * Runs `masthead ARGS --progress-lines` and kills it with SIGKILL at the first progress line
 * (`progress DONE/TOTAL LABEL`) that `killAt` accepts, or `extraMs` after it (random points between
 * lines). A command that finishes first is reported as not killed.
 */
export function runAndKill(args: readonly string[], killAt: (line: string) => boolean, extraMs = 0): Promise<KillOutcome> {
  const { DATABASE_URL: _u, MASTHEAD_DB: _d, DATABASE_READ_URL: _r, ...rest } = process.env;
  const child = spawn(process.execPath, [BIN, ...args, '--progress-lines'], { env: { ...rest, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let seen = 0;
  let pending = '';
  let armed = true;
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk;
    pending += chunk;
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    for (const line of parts) {
      if (!line.startsWith('progress ')) continue;
      seen++;
      if (armed && killAt(line)) {
        armed = false;
        if (extraMs > 0) setTimeout(() => child.kill('SIGKILL'), extraMs);
        else child.kill('SIGKILL');
      }
    }
  });
  return new Promise((resolve) => {
    child.once('exit', (_code, signal) => resolve({ killed: signal === 'SIGKILL', progressLines: seen, stderr }));
  });
}

/** Runs SQL on the target (the same SQL on both engines). */
export async function query<T>(t: Target, text: string): Promise<T[]> {
  if (t.kind === 'sqlite') {
    const db = new Database(t.file, { readonly: true });
    try {
      return db.prepare(text).all() as T[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: t.url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Everything a reader sees of the articles, by source id: slug, text, section, tags, authors, companies, related list. */
export interface SiteSnapshot {
  readonly articles: Record<string, string>;
  /** Source ids held by more than one article (must be none). */
  readonly duplicateSourceIds: string[];
  /** Published articles whose related list is missing. */
  readonly missingRelated: number;
}

export async function snapshot(t: Target): Promise<SiteSnapshot> {
  const rows = await query<{ source_id: string; slug: string; headline: string; body: string; status: string; published_at: number | string; section: string | null }>(
    t,
    'SELECT a.source_id, a.slug, a.headline, a.body, a.status, a.published_at, s.name AS section FROM articles a LEFT JOIN sections s ON s.id = a.section_id',
  );
  const tags = await query<{ source_id: string; name: string }>(t, 'SELECT a.source_id, g.name FROM article_tags x JOIN articles a ON a.id = x.article_id JOIN tags g ON g.id = x.tag_id');
  const authors = await query<{ source_id: string; name: string; position: number }>(t, 'SELECT a.source_id, w.name, x.position FROM article_authors x JOIN articles a ON a.id = x.article_id JOIN authors w ON w.id = x.author_id');
  const companies = await query<{ source_id: string; name: string }>(t, 'SELECT a.source_id, c.name FROM article_companies x JOIN articles a ON a.id = x.article_id JOIN companies c ON c.id = x.company_id');
  const related = await query<{ source_id: string; name: string; rank: number }>(
    t,
    'SELECT a.source_id, b.source_id AS name, r.rank FROM related r JOIN articles a ON a.id = r.article_id JOIN articles b ON b.id = r.related_id',
  );
  const missing = await query<{ n: number | string }>(
    t,
    "SELECT count(*) AS n FROM articles a WHERE a.status = 'published' AND NOT EXISTS (SELECT 1 FROM related r WHERE r.article_id = a.id)",
  );
  const group = (list: { source_id: string; name: string }[]) => {
    const m = new Map<string, string[]>();
    for (const r of list) m.set(r.source_id, [...(m.get(r.source_id) ?? []), r.name]);
    return m;
  };
  const tagsBy = group(tags);
  const companiesBy = group(companies);
  const authorsBy = group([...authors].sort((a, b) => a.position - b.position));
  const relatedBy = group([...related].sort((a, b) => a.rank - b.rank));
  const articles: Record<string, string> = {};
  const counts = new Map<string, number>();
  for (const r of rows) {
    counts.set(r.source_id, (counts.get(r.source_id) ?? 0) + 1);
    articles[r.source_id] = JSON.stringify([
      r.slug,
      r.headline,
      r.body,
      r.status,
      Number(r.published_at),
      r.section,
      (tagsBy.get(r.source_id) ?? []).sort(),
      authorsBy.get(r.source_id) ?? [],
      (companiesBy.get(r.source_id) ?? []).sort(),
      relatedBy.get(r.source_id) ?? [],
    ]);
  }
  return { articles, duplicateSourceIds: [...counts].filter(([, n]) => n > 1).map(([id]) => id), missingRelated: Number(missing[0]?.n ?? 0) };
}

/** SQLite's own check of the file (`ok`); PostgreSQL has no such check to run here. */
export async function integrity(t: Target): Promise<string> {
  if (t.kind !== 'sqlite') return 'ok';
  const rows = await query<{ integrity_check: string }>(t, 'PRAGMA integrity_check');
  return rows.map((r) => r.integrity_check).join('; ');
}

/**
 * Searches for each article's own word (`tokenFor(i)`, i < n) with `--no-correct`, in one
 * process: the source ids each query found, in order. (Stemming may let a word find a second
 * article, `zqxts` finding `zqxt`; the one that holds it must be among the hits.)
 */
export function searchEach(t: Target, dir: string, n: number): string[][] {
  const file = path.join(dir, 'queries.txt');
  fs.writeFileSync(file, Array.from({ length: n }, (_, i) => tokenFor(i)).join('\n') + '\n');
  const r = runCliSync([...targetArgs(t), 'search', '--queries', file, '--no-correct', '--limit', '5', '--json']);
  if (r.status !== 0) throw new Error(`masthead search failed: ${r.stderr}`);
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { hits: { sourceId: string | null }[] }).hits.map((h) => h.sourceId ?? ''));
}

/** The source ids `a{i}` that the search for their own word found. */
export function foundByOwnWord(found: readonly string[][]): string[] {
  return found.flatMap((hits, i) => (hits.includes(`a${i}`) ? [`a${i}`] : []));
}
