/**
 * `masthead newsletters send` as a real process over a real SQLite file, for the crash test and the
 * newsletter benchmark: a site seeded with articles, a list and its subscribers, and the sender
 * spawned with its progress lines ("Sending: 1,200 of 10,000") reported as they come.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import pino from 'pino';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config/index.ts';
import { readSubscriberCsv } from '../src/newsletters/index.ts';
import { BIN } from './node-process.ts';

/** A site in `dbPath` with a dozen fresh articles and a list `daily` of `subscribers` addresses (`reader<i>@example.com`). */
export async function seedNewsletterSite(dbPath: string, subscribers: number, mediaDir: string): Promise<void> {
  const app = await createApp(loadConfig({ MASTHEAD_DB: dbPath, MEDIA_DIR: mediaDir, LOG_LEVEL: 'silent', SITE_URL: 'https://news.example' }), { log: pino({ level: 'silent' }) });
  try {
    const now = Date.now();
    for (let i = 0; i < 12; i++) {
      await app.pipeline.save({
        headline: `Story number ${i + 1} about road pricing`,
        standfirst: 'What changed, and who pays.',
        body: 'A paragraph about tolling.\n\nAnother paragraph.',
        status: 'published',
        publishedAt: now - (i + 1) * 60_000,
        section: i % 2 ? 'Tolling' : 'Electric',
        tags: [],
        authors: ['Ada Writer'],
      });
    }
    await app.newsletters.addList({ slug: 'daily', name: 'Daily news' });
    const lines = (function* () {
      yield 'email,name\n';
      for (let i = 0; i < subscribers; i++) yield `reader${i}@example.com,Reader ${i}\n`;
    })();
    await app.newsletters.importSubscribers('daily', readSubscriberCsv(Readable.from(lines)));
  } finally {
    await app.close();
  }
}

export interface SendRun {
  readonly child: ChildProcess;
  /** Resolves when the process ends: its exit code (null when killed), stdout and stderr. */
  readonly ended: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/**
 * Spawns `masthead newsletters send --list daily --json` over `dbPath`; `onProgress` gets each
 * progress line's figures. `bin`: another checkout's `bin/masthead.js` (the benchmark's `--compare`).
 */
export function spawnSend(dbPath: string, env: Record<string, string>, onProgress?: (done: number, total: number, child: ChildProcess) => void, bin = BIN): SendRun {
  const { DATABASE_URL: _url, MASTHEAD_DB: _db, DATABASE_READ_URL: _read, ...rest } = process.env;
  const child = spawn(process.execPath, [bin, 'newsletters', 'send', '--list', 'daily', '--json', '--db', dbPath], {
    env: { ...rest, LOG_LEVEL: 'warn', SITE_URL: 'https://news.example', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let partial = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d;
    partial += d;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const m = /^Sending: ([\d,]+) of ([\d,]+)$/.exec(line);
      if (m) onProgress?.(Number(m[1]!.replace(/,/g, '')), Number(m[2]!.replace(/,/g, '')), child);
    }
  });
  const ended = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, ended };
}
