import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { createWebApp, type WebApp } from '../src/app.ts';
import { loadConfig } from '../src/config/index.ts';
import type { ArticleInput } from '../src/publish/index.ts';

/** A fixed "now" for tests: 2026-11-27 12:00 UTC. */
export const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

export const SHARED_DATA = path.resolve(import.meta.dirname, '../../shared/data');

/** Whether ../shared/data is here; in CI its absence is a failure, elsewhere a skip. */
export function sharedDataAvailable(): boolean {
  const present = fs.existsSync(path.join(SHARED_DATA, 'bbc', 'articles.jsonl'));
  if (!present && process.env.CI === 'true') throw new Error(`../shared/data is missing in CI (looked in ${SHARED_DATA})`);
  return present;
}

export interface TestApp extends WebApp {
  clock: { now: number };
}

/** The whole web app over an in-memory SQLite database, with a settable clock. */
export async function makeTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const clock = { now: NOW };
  const config = loadConfig({ MASTHEAD_DB: ':memory:', SITE_URL: 'https://news.example', LOG_LEVEL: 'silent', POSTS_PER_PAGE: '5', ...env });
  const app = await createWebApp(config, { clock: () => clock.now, log: pino({ level: 'silent' }) });
  return Object.assign(app, { clock });
}

let counter = 0;

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
