/**
 * kill -9 during a re-tag, on the engine of this test run: `masthead companies retag` killed after
 * its first committed batch, and the server's background re-tag (RetagRunner) killed mid-run. After
 * each kill every article carries either its whole old company set or its whole new one (never a
 * part: each batch of 200 is one transaction), and after a re-run (the CLI again; for the server,
 * a restart once the dead node's lease has lapsed) the site equals one that was re-tagged without a
 * crash. `npm run bench -- crash` covers imports, related rebuilds and re-tags at random points.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrity, query, runAndKill, type SiteSnapshot, snapshot, type Target, targetArgs, } from './crash-harness.ts';
import { crashWorkspace } from './crash-workspace.ts';
import { BIN, SERVER_IN_ONE_PROCESS, startServe, stopServe } from './node-process.ts';

const N = 1200; // six re-tag batches of 200
const work = crashWorkspace('mh-crash-retag-', N);
const { dir, archive, freshTarget, cli } = work;

/** `masthead serve` on a free port, as a bare child process (the test watches the database, not the log), the server itself: the kill must land mid-run. */
function spawnServe(env: Record<string, string>): ChildProcess {
  const { DATABASE_URL: _u, MASTHEAD_DB: _d, DATABASE_READ_URL: _r, ...rest } = process.env;
  return spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env: { ...rest, LOG_LEVEL: 'warn', ...SERVER_IN_ONE_PROCESS, ...env }, stdio: 'ignore' });
}

/** Runs one writing statement on the target (the tests' stand-in for time passing or an editor's request). */
async function exec(t: Target, text: string): Promise<void> {
  if (t.kind === 'sqlite') {
    const db = new Database(t.file);
    try {
      db.prepare(text).run();
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: t.url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * A site whose articles were imported before the directory existed and whose companies were then
 * imported without re-tagging: every article has no company until a re-tag gives it one. Built
 * once; each test crashes a copy of it.
 */
let untagged: Target;
const untaggedSite = (name: string): Promise<Target> => work.copyOf(untagged, name);

let before: SiteSnapshot;
let reference: SiteSnapshot;

beforeAll(async () => {
  untagged = await freshTarget('untagged');
  cli(untagged, 'import', 'jsonl', archive.articles, '--no-related');
  cli(untagged, 'companies', 'import', archive.companies, '--no-retag');
  const never = await untaggedSite('reference');
  before = await snapshot(never);
  cli(never, 'companies', 'retag');
  reference = await snapshot(never);
}, 300_000);

afterAll(() => work.cleanUp());

/** Checks that every article is whole, either as before the re-tag or as after it; how many were re-tagged. */
async function wholeArticles(t: Target): Promise<number> {
  expect(await integrity(t)).toBe('ok');
  const now = await snapshot(t);
  expect(Object.keys(now.articles).sort()).toEqual(Object.keys(reference.articles).sort());
  let retagged = 0;
  for (const [id, seen] of Object.entries(now.articles)) {
    if (seen === reference.articles[id] && seen !== before.articles[id]) retagged++;
    else expect(seen, `${id} is neither as before the re-tag nor as after it`).toBe(before.articles[id]);
  }
  return retagged;
}

describe('kill -9 during a re-tag (crash consistency)', () => {
  it('the re-tag makes a difference to check (every article gains its company)', () => {
    const changed = Object.keys(reference.articles).filter((id) => reference.articles[id] !== before.articles[id]);
    expect(changed).toHaveLength(N);
  });

  it('masthead companies retag killed after its first committed batch leaves whole articles, and a re-run finishes the job', async () => {
    const site = await untaggedSite('cli');
    // `progress 200/1200 Re-tagging`: the first batch is committed.
    const outcome = await runAndKill([...targetArgs(site), 'companies', 'retag'], (line) => /^progress [1-9]\d*\/\d+ /.test(line));
    expect(outcome.killed, outcome.stderr).toBe(true);
    expect(await wholeArticles(site)).toBeGreaterThanOrEqual(200);

    cli(site, 'companies', 'retag');
    expect((await snapshot(site)).articles).toEqual(reference.articles);
  }, 300_000);

  it('the server killed during its background re-tag leaves whole articles, and the next node to start finishes the run', async () => {
    const site = await untaggedSite('runner');
    const media = fs.mkdtempSync(path.join(dir, 'media-'));
    const env = { ...(site.kind === 'sqlite' ? { MASTHEAD_DB: site.file } : { DATABASE_URL: site.url }), MEDIA_DIR: media };
    // What an editor's directory change records; the server takes it when it starts.
    await exec(site, "INSERT INTO background_jobs (name, requested) VALUES ('retag', 1)");
    const job = async () => (await query<{ owner: string | null; done: number | string; total: number | string; finished_at: number | string | null }>(site, "SELECT owner, done, total, finished_at FROM background_jobs WHERE name = 'retag'"))[0]!;

    // Kill it as soon as the job's row says a batch is committed and the run is not over. A run
    // that finished before the poll saw it mid-way (a very fast machine) is asked for again on a
    // site put back as it was, so the kill always lands mid-run.
    let killedMidRun = false;
    for (let attempt = 1; attempt <= 5 && !killedMidRun; attempt++) {
      // Watched from its spawn: the run starts before the node listens.
      const node = spawnServe(env);
      const exited = new Promise<void>((r) => node.once('exit', () => r()));
      for (;;) {
        const j = await job();
        if (j.finished_at !== null) break;
        if (j.owner !== null && Number(j.done) > 0 && Number(j.done) < Number(j.total)) {
          node.kill('SIGKILL');
          killedMidRun = true;
          break;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      if (!killedMidRun) node.kill('SIGTERM');
      await exited;
      if (!killedMidRun) {
        await exec(site, 'DELETE FROM article_companies');
        await exec(site, "UPDATE background_jobs SET requested = requested + 1, finished_at = NULL WHERE name = 'retag'");
      }
    }
    expect(killedMidRun).toBe(true);
    const partly = await wholeArticles(site);
    expect(partly).toBeGreaterThanOrEqual(200);
    expect((await job()).owner).not.toBeNull();

    // The dead node's lease would lapse five minutes after its last progress; the test moves it
    // back instead of waiting, then starts a node, which takes the run over at start-up.
    await exec(site, "UPDATE background_jobs SET lease_until = 0 WHERE name = 'retag'");
    const next = await startServe(env);
    try {
      for (;;) {
        const j = await job();
        if (j.owner === null && j.finished_at !== null) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await stopServe(next.child);
    }
    expect(Number((await job()).done)).toBe(N);
    expect((await snapshot(site)).articles).toEqual(reference.articles);
  }, 300_000);
});
