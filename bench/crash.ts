/**
 * Crash consistency at random points: `masthead import jsonl`, `masthead related --rebuild` and
 * `masthead companies retag` killed with SIGKILL at a random progress line plus a random delay,
 * many times. After each kill
 * the database must pass SQLite's integrity check, hold no duplicate source id, and every article
 * in it must equal the never-crashed site's and be found by search; after a re-run the whole site
 * (articles, slugs, tags, authors, companies, related lists) must equal the never-crashed one.
 * A killed re-tag must leave every article with its whole old company set or its whole new one.
 *
 *   npm run bench -- crash [--rounds 10] [--crash-articles 1200] [--database-url postgres://…/postgres]
 *
 * `test/crash-consistency.test.ts` and `test/crash-retag.test.ts` run one kill of each in `npm test`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { foundByOwnWord, integrity, runAndKill, type SiteSnapshot, searchEach, snapshot, type Target, targetArgs, writeArchive } from '../test/crash-harness.ts';
import { runCliSync } from '../test/node-process.ts';

function cli(t: Target, ...args: string[]): unknown {
  const r = runCliSync([...targetArgs(t), ...args, '--json']);
  if (r.status !== 0) throw new Error(`masthead ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

const withoutRelated = (s: string) => JSON.stringify(JSON.parse(s).slice(0, -1));

export async function crashBench(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: false,
    allowPositionals: true,
    options: { rounds: { type: 'string', default: '10' }, 'crash-articles': { type: 'string', default: '1200' }, 'database-url': { type: 'string' } },
  });
  const rounds = Number(values.rounds);
  const n = Number(values['crash-articles']);
  const admin = typeof values['database-url'] === 'string' ? values['database-url'] : undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-crash-bench-'));
  const archive = writeArchive(dir, n);
  const databases: string[] = [];
  let made = 0;
  const fresh = async (): Promise<Target> => {
    made++;
    if (!admin) return { kind: 'sqlite', file: path.join(dir, `site-${made}.db`) };
    const name = `mh_bench_crash_${process.pid}_${made}`;
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    databases.push(name);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    return { kind: 'postgres', url: url.toString() };
  };
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  try {
    const never = await fresh();
    cli(never, 'companies', 'import', archive.companies);
    cli(never, 'import', 'jsonl', archive.articles, '--no-related');
    cli(never, 'related', '--rebuild');
    const reference: SiteSnapshot = await snapshot(never);
    // Re-tags: a site whose companies came after its articles (no article tagged yet), before and after.
    const untagged = async () => {
      const t = await fresh();
      cli(t, 'import', 'jsonl', archive.articles, '--no-related');
      cli(t, 'companies', 'import', archive.companies, '--no-retag');
      return t;
    };
    const neverRetagged = await untagged();
    const beforeRetag: SiteSnapshot = await snapshot(neverRetagged);
    cli(neverRetagged, 'companies', 'retag');
    const afterRetag: SiteSnapshot = await snapshot(neverRetagged);
    let site: Target | undefined;
    let kills = 0;
    const t0 = performance.now();
    for (let round = 1; round <= rounds; round++) {
      if (Math.random() < 1 / 3) {
        const t = await untagged();
        const at = 1 + Math.floor(Math.random() * Math.max(1, Math.ceil(n / 200) - 1));
        const delay = Math.floor(Math.random() * 300);
        let lines = 0;
        const outcome = await runAndKill([...targetArgs(t), 'companies', 'retag'], () => ++lines === at, delay);
        kills += outcome.killed ? 1 : 0;
        const label = `round ${round} (re-tag, line ${at} + ${delay} ms, ${outcome.killed ? 'killed' : 'finished first'})`;
        check((await integrity(t)) === 'ok', `${label}: integrity check failed`);
        const partial = await snapshot(t);
        const ids = Object.keys(afterRetag.articles);
        const torn = ids.filter((id) => partial.articles[id] !== afterRetag.articles[id] && partial.articles[id] !== beforeRetag.articles[id]);
        const retagged = ids.filter((id) => partial.articles[id] === afterRetag.articles[id] && partial.articles[id] !== beforeRetag.articles[id]).length;
        check(torn.length === 0, `${label}: ${torn.length} articles neither before nor after the re-tag (${torn.slice(0, 5).join(', ')})`);
        cli(t, 'companies', 'retag');
        const resumed = await snapshot(t);
        const differ = ids.filter((id) => resumed.articles[id] !== afterRetag.articles[id]);
        check(differ.length === 0, `${label}: after the re-run ${differ.length} articles differ (${differ.slice(0, 5).join(', ')})`);
        console.log(`${label}: ${retagged} of ${ids.length} articles re-tagged, ${torn.length} torn; resumed ${differ.length === 0 ? 'equal' : 'DIFFERENT'}`);
        continue;
      }
      const importing = !site || Math.random() < 0.5;
      if (importing) {
        site = await fresh();
        cli(site, 'companies', 'import', archive.companies);
      }
      const target = site!;
      // A random progress line, then a random delay: anywhere in the batch or phase after it.
      // An import prints a line per batch of 500 (the last one at the end); a rebuild about a
      // hundred (reading, indexing, relating), one per percent of each phase.
      const at = 1 + Math.floor(Math.random() * (importing ? Math.max(1, Math.ceil(n / 500) - 1) : 105));
      const delay = Math.floor(Math.random() * (importing ? 700 : 300));
      let lines = 0;
      const args = importing ? ['import', 'jsonl', archive.articles, '--no-related'] : ['related', '--rebuild'];
      const outcome = await runAndKill([...targetArgs(target), ...args], () => ++lines === at, delay);
      kills += outcome.killed ? 1 : 0;
      const label = `round ${round} (${importing ? 'import' : 'rebuild'}, line ${at} + ${delay} ms, ${outcome.killed ? 'killed' : 'finished first'})`;

      check((await integrity(target)) === 'ok', `${label}: integrity check failed`);
      const partial = await snapshot(target);
      check(partial.duplicateSourceIds.length === 0, `${label}: duplicate source ids ${partial.duplicateSourceIds.slice(0, 5).join(', ')}`);
      const kept = Object.keys(partial.articles);
      const torn = kept.filter((id) => withoutRelated(partial.articles[id]!) !== withoutRelated(reference.articles[id] ?? '[null]'));
      check(torn.length === 0, `${label}: ${torn.length} articles differ from the reference (${torn.slice(0, 5).join(', ')})`);
      const found = foundByOwnWord(searchEach(target, dir, n));
      check(found.length === kept.length, `${label}: search finds ${found.length} of ${kept.length} articles`);

      if (importing) cli(target, 'import', 'jsonl', archive.articles, '--no-related');
      cli(target, 'related', '--rebuild');
      const resumed = await snapshot(target);
      const differ = Object.keys(reference.articles).filter((id) => resumed.articles[id] !== reference.articles[id]);
      check(differ.length === 0 && Object.keys(resumed.articles).length === n, `${label}: after the re-run ${differ.length} articles differ (${differ.slice(0, 5).join(', ')})`);
      console.log(`${label}: ${kept.length} articles kept, ${partial.missingRelated} lists missing; resumed ${differ.length === 0 ? 'equal' : 'DIFFERENT'}`);
    }
    const seconds = (performance.now() - t0) / 1000;
    console.log(`${rounds} rounds (${kills} killed mid-way) on ${admin ? 'PostgreSQL' : 'SQLite'}, ${n} articles, in ${seconds.toFixed(0)} s: ${problems.length ? `${problems.length} PROBLEMS` : 'every site consistent, every resumed site equal to the never-crashed one'}`);
    for (const p of problems) console.log(`  ${p}`);
    if (problems.length) process.exitCode = 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    if (admin) {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      for (const name of databases) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    }
  }
}
