/**
 * Alerts queued on publishing (issue 14 bar: an article mentioning a company with 10,000 followers
 * queues their alerts within a second of publishing). Builds a site with one company followed by
 * `--followers` confirmed readers, then publishes articles that mention it and times the whole
 * `pipeline.save` (store, index, tag, relate, queue alerts, commit) against the same save of an
 * article that mentions no followed company. Median of 5 of each.
 *
 *   npm run bench -- alerts [--followers 10000] [--database-url postgres://…/postgres]
 *
 * With `--database-url` (a server's admin URL) a database is created for the run and dropped after.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import pino from 'pino';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config/index.ts';
import { fmt, median } from './lib.ts';

const RUNS = 5;

export async function alertsBench(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: false,
    allowPositionals: true,
    options: { followers: { type: 'string', default: '10000' }, 'database-url': { type: 'string' } },
  });
  const followers = Number(values.followers);
  const adminUrl = values['database-url'] as string | undefined;
  const dbName = `mh_bench_alerts_${process.pid}`;
  let databaseUrl: string | undefined;
  if (adminUrl) {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`CREATE DATABASE ${dbName}`);
    await c.end();
    const u = new URL(adminUrl);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
  const config = loadConfig({ MASTHEAD_DB: ':memory:', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), SITE_URL: 'https://news.example', LOG_LEVEL: 'silent' });
  const app = await createApp(config, { log: pino({ level: 'silent' }) });
  try {
    await app.directory.importCompanies([JSON.stringify({ id: '1', name: 'Renault', aliases: [], parent: null })]);
    const { id: companyId } = (await app.store.follows.targetId('company', 'renault'))!;
    const now = Date.now();
    for (let start = 0; start < followers; start += 1000) {
      const n = Math.min(1000, followers - start);
      const rows = Array.from({ length: n }, (_, i) => ({ email: `f${start + i}@example.com`, status: 'active' as const, source: 'cli' as const, created_at: now, updated_at: now, confirmed_at: now, suppressed_at: null, suppressed_reason: null }));
      const ids = await app.store.db.insertInto('readers').values(rows).returning('id').execute();
      await app.store.db
        .insertInto('reader_follows')
        .values(ids.map((r) => ({ reader_id: Number(r.id), kind: 'company' as const, target_id: companyId, created_at: now })))
        .execute();
    }
    const timeSave = async (body: string, i: number) => {
      const t0 = performance.now();
      const saved = await app.pipeline.save({ headline: `Bench article ${body.slice(0, 7)} ${i}`, body, status: 'published', publishedAt: Date.now(), section: 'News' });
      const ms = performance.now() - t0;
      const r = await app.store.db.selectFrom('reader_alerts').select((eb) => eb.fn.countAll<number>().as('n')).where('article_id', '=', saved.id).executeTakeFirstOrThrow();
      return { ms, queued: Number(r.n) };
    };
    const plain: number[] = [];
    const followed: number[] = [];
    let queued = 0;
    for (let i = 0; i < RUNS; i++) {
      plain.push((await timeSave('Nobody anyone follows was in the news today.', i)).ms);
      const r = await timeSave('Renault said it would build a new plant.', i);
      followed.push(r.ms);
      queued = r.queued;
    }
    console.log(`engine ${app.store.kind}, ${fmt(followers)} followers of Renault`);
    console.log(`publish, no followers:          ${fmt(median(plain), 1)} ms (median of ${RUNS})`);
    console.log(`publish, queuing Renault alerts: ${fmt(median(followed), 1)} ms (median of ${RUNS}); ${fmt(queued)} alerts queued per article`);
  } finally {
    await app.close();
    if (adminUrl) {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await c.end();
    }
  }
}
