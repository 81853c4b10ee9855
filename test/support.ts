import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import pg from 'pg';
import pino from 'pino';
import { inject } from 'vitest';
import { createWebApp, type WebApp } from '../src/app.ts';
import { loadConfig } from '../src/config/index.ts';
import type { ArticleInput } from '../src/publish/index.ts';
import { openStore, postgresDriver, type Store } from '../src/store/index.ts';

// The store's driver, with its value parsers (BIGINT and NUMERIC as numbers), for the tests' own
// raw clients too: the store loads it only on its first connection, so a test reading through a
// raw client before any store opened a pool would otherwise get strings.
postgresDriver();

/** A fixed "now" for tests: 2026-11-27 12:00 UTC. */
export const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

export const SHARED_DATA = path.resolve(import.meta.dirname, '../../shared/data');

/** Which database this test run uses: the vitest project sets MASTHEAD_TEST_DB (see vitest.config.ts). */
export const TEST_DB: 'sqlite' | 'postgres' = process.env.MASTHEAD_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
export const POSTGRES_ADMIN_URL = process.env.MASTHEAD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Whether ../shared/data is here; in CI its absence is a failure, elsewhere a skip. */
export function sharedDataAvailable(): boolean {
  const present = fs.existsSync(path.join(SHARED_DATA, 'bbc', 'articles.jsonl'));
  if (!present && process.env.CI === 'true') throw new Error(`../shared/data is missing in CI (looked in ${SHARED_DATA})`);
  return present;
}

export interface TestApp extends WebApp {
  clock: { now: number };
}

let databases = 0;

/**
 * A fresh PostgreSQL database for one test app, dropped when the app closes: a copy of `template`
 * (a database name) when given, else of the migrated schema made once per run (test/postgres-template.ts).
 */
export async function freshPostgresDatabase(template: string | undefined = inject('postgresTemplate') || undefined): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `mh_test_${process.pid}_${Date.now().toString(36)}_${databases++}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * A store alone over a fresh database of this run's engine (in-memory SQLite, or a copy of the
 * migrated PostgreSQL template); `close` also drops the PostgreSQL database.
 */
export async function openTestStore(): Promise<{ store: Store; close: () => Promise<void> }> {
  if (TEST_DB === 'sqlite') {
    const store = await openStore({ kind: 'sqlite', path: ':memory:' });
    return { store, close: () => store.close() };
  }
  const pgdb = await freshPostgresDatabase();
  const store = await openStore({ kind: 'postgres', url: pgdb.url });
  return {
    store,
    async close() {
      await store.close();
      await pgdb.drop();
    },
  };
}

/**
 * The whole web app over a fresh database (in-memory SQLite, or a new PostgreSQL database) and a
 * fresh media directory (removed on close unless `MEDIA_DIR` was given), with a settable clock;
 * silent unless given a logger.
 */
export async function makeTestApp(env: Record<string, string> = {}, log: pino.Logger = pino({ level: 'silent' })): Promise<TestApp> {
  const clock = { now: NOW };
  const pgdb = TEST_DB === 'postgres' && !env.DATABASE_URL ? await freshPostgresDatabase() : undefined;
  const mediaDir = env.MEDIA_DIR ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'mh-media-'));
  const config = loadConfig({
    MASTHEAD_DB: ':memory:',
    ...(pgdb ? { DATABASE_URL: pgdb.url } : {}),
    ...(mediaDir ? { MEDIA_DIR: mediaDir } : {}),
    SITE_URL: 'https://news.example',
    LOG_LEVEL: 'silent',
    POSTS_PER_PAGE: '5',
    // inject() passes the page cache by, so every injected page would count as a miss; the tests of
    // the limit set it (src/web/observability.test.ts).
    PAGE_RATE_LIMIT: '0',
    ...env,
  });
  const app = await createWebApp(config, { clock: () => clock.now, log });
  const close = app.close;
  return Object.assign(app, {
    clock,
    async close() {
      await close();
      await pgdb?.drop();
      if (mediaDir) fs.rmSync(mediaDir, { recursive: true, force: true });
    },
  });
}

/**
 * Makes a test app's clock run in real time (a setter moves it by an offset from then on). For
 * tests that hand times to a real browser, which lives on the real clock: a fixed test clock must
 * never reach one (its cookies and links would be expired or not yet valid).
 */
export function runInRealTime(app: TestApp): void {
  let offset = 0;
  Object.defineProperty(app.clock, 'now', {
    get: () => Date.now() + offset,
    set: (at: number) => {
      offset = at - Date.now();
    },
  });
}

let counter = 0;

/**
 * Starts `article()`'s numbering again (its headlines and hourly publish times): run before each
 * test file (test/each-file.ts), as workers run several files on one module graph.
 */
export function restartArticleNumbers(): void {
  counter = 0;
}

/** A valid published article input; override any field. */
export function article(overrides: Partial<ArticleInput> = {}): ArticleInput {
  counter++;
  return {
    headline: `Test headline number ${counter}`,
    standfirst: 'A standfirst that sums the story up.',
    body: 'First paragraph about **tolling** and road pricing.\n\nSecond paragraph.',
    status: 'published',
    publishedAt: NOW - counter * 3600_000,
    section: 'Tolling',
    tags: ['ANPR'],
    authors: ['Ada Writer'],
    ...overrides,
  };
}

/**
 * Two app nodes over one database (a temporary SQLite file, or one PostgreSQL database) and one
 * media directory, as on a site with several app servers. Closing the first drops the database.
 */
export async function makeTwoNodes(env: Record<string, string> = {}): Promise<[TestApp, TestApp]> {
  if (TEST_DB === 'postgres') {
    const a = await makeTestApp(env);
    const b = await makeTestApp({ ...env, DATABASE_URL: a.config.database.kind === 'postgres' ? a.config.database.url : '', MEDIA_DIR: a.config.media.dir });
    return [a, b];
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-nodes-'));
  const file = path.join(dir, 'site.db');
  const a = await makeTestApp({ ...env, MASTHEAD_DB: file });
  const b = await makeTestApp({ ...env, MASTHEAD_DB: file, MEDIA_DIR: a.config.media.dir });
  return [a, b];
}

/** An injected response's body as the browser reads it: decompressed when it came br or gzip (tests send browser headers). */
export function decodedBody(res: { readonly rawPayload: Buffer; readonly headers: Record<string, unknown> }): string {
  const coding = res.headers['content-encoding'];
  const raw = res.rawPayload;
  return (coding === 'br' ? zlib.brotliDecompressSync(raw) : coding === 'gzip' ? zlib.gunzipSync(raw) : raw).toString('utf8');
}
