import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { seedNewsletterSite, spawnSend } from './newsletter-process.ts';
import { startSmtpSink } from './smtp-sink.ts';

const SUBSCRIBERS = 300;
const CONCURRENCY = 4;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('a sender killed with SIGKILL mid-send resumes the same issue: nobody missed, duplicates no more than the concurrency', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-crash-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const db = path.join(dir, 'site.db');
  await seedNewsletterSite(db, SUBSCRIBERS, path.join(dir, 'media'));
  const sink = await startSmtpSink();
  cleanups.push(sink.close);
  // A short lease: the restarted sender takes over the dead one's batch two seconds after the crash.
  const env = { SMTP_URL: sink.url, MAIL_RATE: '200', MAIL_CONCURRENCY: String(CONCURRENCY), MAIL_LEASE_SECONDS: '2' };

  let killedAt = 0;
  const first = spawnSend(db, env, (done, _total, child) => {
    if (done >= SUBSCRIBERS / 3 && !killedAt) {
      killedAt = done;
      child.kill('SIGKILL');
    }
  });
  cleanups.push(() => void first.child.kill('SIGKILL'));
  const crashed = await first.ended;
  expect(crashed.code, crashed.stderr).toBeNull();
  expect(killedAt).toBeGreaterThan(0);
  expect(sink.received.length).toBeLessThan(SUBSCRIBERS);

  const second = spawnSend(db, env);
  cleanups.push(() => void second.child.kill('SIGKILL'));
  const resumed = await second.ended;
  expect(resumed.code, resumed.stderr).toBe(0);
  const report = JSON.parse(resumed.stdout) as { issue: number; recipients: number; sent: number; failed: number };
  // The same issue, resumed (the first and only one), not a new one.
  expect(report).toEqual({ issue: 1, recipients: SUBSCRIBERS, sent: SUBSCRIBERS, failed: 0 });

  await sink.waitFor(SUBSCRIBERS);
  const perAddress = new Map<string, number>();
  for (const m of sink.received) for (const to of m.to) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
  const missing = Array.from({ length: SUBSCRIBERS }, (_, i) => `reader${i}@example.com`).filter((a) => !perAddress.has(a));
  expect(missing).toEqual([]);
  const duplicates = [...perAddress.values()].reduce((n, c) => n + c - 1, 0);
  expect(duplicates).toBeLessThanOrEqual(CONCURRENCY);
}, 180_000);
