import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, TEST_DB, type TestApp } from '../../test/support.ts';
import { openStore, type Store } from '../store/index.ts';

const TOKEN = 'a-scraper-token-long-enough';
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const done of cleanup.splice(0).reverse()) await done();
});

async function open(env: Record<string, string>): Promise<TestApp> {
  const app = await makeTestApp(env);
  cleanup.push(() => app.close());
  return app;
}

/** The value of one sample line, `name{labels} value`, or undefined when absent. */
function sample(metrics: string, series: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe(`METRICS_PORT (${TEST_DB})`, () => {
  it('serves /metrics on its own port and not on the public one, even with a token', async () => {
    const app = await open({ METRICS_PORT: '0', METRICS_TOKEN: TOKEN });
    const publicRes = await app.http.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(publicRes.statusCode).toBe(404);
    const address = await app.listenMetrics();
    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${address}/metrics`)).status).toBe(401);
    const res = await fetch(`${address}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await res.text()).toContain('masthead_db_query_duration_seconds_count{outcome="ok"}');
    expect((await fetch(`${address}/`)).status).toBe(404);
    expect((await fetch(`${address}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('needs no token on its own port when none is set, and starts nothing without METRICS_PORT', async () => {
    const app = await open({ METRICS_PORT: '0' });
    const res = await fetch(`${await app.listenMetrics()}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('nodejs_eventloop_lag_seconds');
    const plain = await open({});
    expect(await plain.listenMetrics()).toBeNull();
  });

  it('is closed with the app', async () => {
    const app = await makeTestApp({ METRICS_PORT: '0' });
    const address = await app.listenMetrics();
    await app.close();
    await expect(fetch(`${address}/metrics`)).rejects.toThrow();
  });
});

describe(`database lock metrics (${TEST_DB})`, () => {
  it('counts a query refused for a lock held elsewhere as busy, and times each wait for the write lock', async () => {
    let app: TestApp;
    let hold: () => Promise<void>;
    let refuse: () => Promise<unknown>;
    if (TEST_DB === 'sqlite') {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-lock-'));
      cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
      const file = path.join(dir, 'site.db');
      app = await open({ MASTHEAD_DB: file, METRICS_PORT: '0' });
      // Another process's writer, as `masthead import` is beside `serve`: it holds the write lock.
      const other: Store = await openStore({ kind: 'sqlite', path: file });
      cleanup.push(() => other.close());
      hold = async () => {
        await sql`BEGIN IMMEDIATE`.execute(other.db);
        cleanup.push(async () => void (await sql`ROLLBACK`.execute(other.db)));
      };
      // Give up at once instead of busy_timeout's five seconds: the outcome is the same.
      await sql`PRAGMA busy_timeout = 0`.execute(app.store.db);
      refuse = () => sql`DELETE FROM redirects`.execute(app.store.db);
    } else {
      app = await open({ METRICS_PORT: '0' });
      const url = app.config.database.kind === 'postgres' ? app.config.database.url : '';
      const other = new pg.Client({ connectionString: url });
      await other.connect();
      cleanup.push(() => other.end());
      hold = async () => {
        await other.query('BEGIN');
        await other.query('LOCK TABLE redirects IN ACCESS EXCLUSIVE MODE');
        cleanup.push(async () => void (await other.query('ROLLBACK')));
      };
      refuse = () =>
        app.store.db.transaction().execute(async (trx) => {
          await sql`SET LOCAL lock_timeout = '50ms'`.execute(trx);
          await sql`DELETE FROM redirects`.execute(trx);
        });
    }
    const address = await app.listenMetrics();
    const scrape = async () => (await fetch(`${address}/metrics`)).text();
    // An uncontended write transaction still reports its (short) wait on SQLite.
    await app.store.transaction(async (repos) => repos.redirects.put('/old', '/news', 301, 0));
    const before = await scrape();
    expect(sample(before, 'masthead_db_query_duration_seconds_count{outcome="busy"}') ?? 0).toBe(0);
    if (TEST_DB === 'sqlite') expect(sample(before, 'masthead_db_write_lock_wait_seconds_count')).toBeGreaterThanOrEqual(1);
    await hold();
    await expect(refuse()).rejects.toThrow();
    const after = await scrape();
    expect(sample(after, 'masthead_db_query_duration_seconds_count{outcome="busy"}')).toBe(1);
    const errors = (metrics: string) => sample(metrics, 'masthead_db_query_duration_seconds_count{outcome="error"}') ?? 0;
    expect(errors(after)).toBe(errors(before));
  });
});
