/**
 * `npm run bench -- newsletter`: one issue to NEWSLETTER_SUBSCRIBERS addresses (default 100,000)
 * through a real SMTP server on this machine (smtp-server, counting deliveries per address), sent
 * by a real `masthead newsletters send` process. The sender is killed with SIGKILL at a random
 * moment between 30 % and 70 % and started again. Prints messages a second (the first run's steady
 * rate, SMTP server included), the sender's peak resident memory, and the crash check: no address
 * missing, duplicates no more than the concurrency. Bars (issue 14): over 300/s, under 300 MB.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { seedNewsletterSite, spawnSend } from '../test/newsletter-process.ts';

const CONCURRENCY = 8;

/** An SMTP server that keeps only a count per recipient (a sink for 100,000 messages must not hold them). */
async function countingSink(): Promise<{ url: string; deliveries: Map<string, number>; close(): Promise<void> }> {
  const deliveries = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        for (const r of session.envelope.rcptTo) deliveries.set(r.address, (deliveries.get(r.address) ?? 0) + 1);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return { url: `smtp://127.0.0.1:${port}`, deliveries, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

export async function newsletterBench(): Promise<void> {
  const n = Number(process.env.NEWSLETTER_SUBSCRIBERS ?? 100_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-bench-newsletter-'));
  const db = path.join(dir, 'site.db');
  try {
    let t = performance.now();
    await seedNewsletterSite(db, n, path.join(dir, 'media'));
    console.log(`seeded ${n.toLocaleString('en-US')} subscribers in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const sink = await countingSink();
    const env = { SMTP_URL: sink.url, MAIL_RATE: '100000', MAIL_CONCURRENCY: String(CONCURRENCY), MAIL_LEASE_SECONDS: '5' };
    const killAt = Math.floor(n * (0.3 + Math.random() * 0.4));
    let peak = 0;
    const samples: { at: number; done: number }[] = [];
    let killed = false;
    t = performance.now();
    const first = spawnSend(db, env, (done, _total, child) => {
      samples.push({ at: performance.now(), done });
      if (done >= killAt && !killed) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    const watch = (pid: number | undefined) =>
      setInterval(() => {
        if (pid) peak = Math.max(peak, rssMb(pid));
      }, 200);
    let timer = watch(first.child.pid);
    await first.ended;
    clearInterval(timer);
    const firstSeconds = (performance.now() - t) / 1000;
    const a = samples[0];
    const b = samples[samples.length - 1];
    const steady = a && b && b.at > a.at ? ((b.done - a.done) * 1000) / (b.at - a.at) : Number.NaN;
    t = performance.now();
    const second = spawnSend(db, env);
    timer = watch(second.child.pid);
    const resumed = await second.ended;
    clearInterval(timer);
    const secondSeconds = (performance.now() - t) / 1000;
    if (resumed.code !== 0) throw new Error(`the resumed send failed: ${resumed.stderr}`);
    await sink.close();
    let missing = 0;
    let duplicates = 0;
    for (let i = 0; i < n; i++) {
      const c = sink.deliveries.get(`reader${i}@example.com`) ?? 0;
      if (c === 0) missing++;
      else duplicates += c - 1;
    }
    console.log(`first run: killed with SIGKILL at ${killAt.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} after ${firstSeconds.toFixed(1)} s`);
    console.log(`messages/s (steady, first run, SMTP server included): ${steady.toFixed(0)}  (bar: > 300)`);
    console.log(`resumed run: ${secondSeconds.toFixed(1)} s (lease wait of up to 5 s included); report ${resumed.stdout.trim()}`);
    console.log(`sender peak RSS: ${peak.toFixed(0)} MB  (bar: < 300)`);
    console.log(`crash check: ${missing} missing, ${duplicates} duplicates (concurrency ${CONCURRENCY}): ${missing === 0 && duplicates <= CONCURRENCY ? 'PASS' : 'FAIL'}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
