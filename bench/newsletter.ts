/**
 * `npm run bench -- newsletter [--compare ../main]`: one issue to NEWSLETTER_SUBSCRIBERS addresses
 * (default 100,000) through a real SMTP server on this machine (smtp-server, counting deliveries per
 * address), sent by a real `masthead newsletters send` process. The sender is killed with SIGKILL
 * at a random moment between 30 % and 70 % and started again. Prints messages a second (the first
 * run's steady rate, SMTP server included), the sender's peak resident memory, the SMTP server's
 * CPU, and the crash check: no address missing, duplicates no more than the concurrency. Bars
 * (issue 14): over 300/s, under 300 MB.
 *
 * Baselines in the same run: the ceiling (the same issue sent with no outbox, by nodemailer composing
 * each message and by the template path, `bench/newsletter-ceiling.ts`, on NEWSLETTER_CEILING
 * messages, default 6,000), and with `--compare DIR` another checkout's sender (e.g. the main
 * branch) over a copy of the same seeded site, uninterrupted.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { seedNewsletterSite, spawnSend } from '../test/newsletter-process.ts';

const CONCURRENCY = 8;
/** One message in this many is also parsed whole by mailparser (every one is read to its end and its head checked). */
const PARSE_EVERY = 250;

/**
 * An SMTP server that keeps only a count per recipient (a sink for 100,000 messages must not hold
 * them), yet reads every message to its end and checks it: its head names the envelope's recipient
 * and carries a one-click `List-Unsubscribe`; a sample is parsed whole. `bad` counts failures.
 */
async function countingSink() {
  const deliveries = new Map<string, number>();
  const sink = { deliveries, bad: 0, bytes: 0, parsed: 0, url: '', close: (): Promise<void> => Promise.resolve() };
  let seen = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      const whole = ++seen % PARSE_EVERY === 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (whole || size - c.length < 8192) chunks.push(c);
      });
      stream.on('end', () => {
        sink.bytes += size;
        const to = session.envelope.rcptTo.map((r) => r.address);
        const raw = Buffer.concat(chunks).toString('utf8');
        // Unfolded, from a line start: every header below is looked for as a whole line.
        const head = `\n${raw.slice(0, raw.indexOf('\r\n\r\n'))}`.replace(/\r\n[ \t]+/g, ' ');
        const ok = head.length > 1 && to.every((a) => head.includes(`\nTo: ${a}`)) && /\nList-Unsubscribe: <https:\/\/[^>]+>/.test(head) && /\nList-Unsubscribe-Post: List-Unsubscribe=One-Click/.test(head);
        if (!ok) sink.bad++;
        for (const r of to) deliveries.set(r, (deliveries.get(r) ?? 0) + 1);
        if (!whole) return callback();
        simpleParser(raw)
          .then((mail) => {
            sink.parsed++;
            if (!mail.html || !mail.text?.includes('/newsletters/unsubscribe?t=')) sink.bad++;
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  server.on('error', () => {});
  sink.url = `smtp://127.0.0.1:${(server.server.address() as { port: number }).port}`;
  sink.close = () => new Promise((resolve) => server.close(() => resolve()));
  return sink;
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU seconds a process has used (user + system, from /proc; clock ticks of 1/100 s), or 0 once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Runs a sender to its end (or its kill): steady rate from its progress lines, peak RSS, and the sink's CPU meanwhile (this process is the sink). */
async function measuredSend(db: string, env: Record<string, string>, killAt?: number, bin?: string) {
  const samples: { at: number; done: number; cpu: number }[] = [];
  let peak = 0;
  let senderCpu = 0;
  const cpu = process.cpuUsage();
  const t = performance.now();
  const run = spawnSend(
    db,
    env,
    (done, _total, child) => {
      samples.push({ at: performance.now(), done, cpu: child.pid ? cpuSeconds(child.pid) : 0 });
      if (killAt !== undefined && done >= killAt && !child.killed) child.kill('SIGKILL');
    },
    bin,
  );
  const timer = setInterval(() => {
    if (run.child.pid) {
      peak = Math.max(peak, rssMb(run.child.pid));
      senderCpu = Math.max(senderCpu, cpuSeconds(run.child.pid));
    }
  }, 200);
  const ended = await run.ended;
  clearInterval(timer);
  const seconds = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  const a = samples[0];
  const b = samples[samples.length - 1];
  const steady = a && b && b.at > a.at ? ((b.done - a.done) * 1000) / (b.at - a.at) : Number.NaN;
  // The sender's CPU a message while sending (between its first and last progress lines: no start-up).
  const steadyCpu = a && b && b.done > a.done ? (b.cpu - a.cpu) / (b.done - a.done) : Number.NaN;
  return { ended, seconds, steady, steadyCpu, peak, senderCpu, sinkCpuSeconds: (used.user + used.system) / 1e6, done: b?.done ?? 0 };
}

function ceiling(db: string, url: string, count: number): Promise<{ whole: number; template: number; dkim: number; cpu: Record<'whole' | 'template' | 'dkim', number> }> {
  const script = path.join(import.meta.dirname, 'newsletter-ceiling.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, db, url, String(count), String(CONCURRENCY)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  return new Promise((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`ceiling exited ${code}`)))));
}

export async function newsletterBench(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), strict: false, allowPositionals: true, options: { compare: { type: 'string' } } });
  const compare = typeof values.compare === 'string' ? path.resolve(values.compare) : undefined;
  const n = Number(process.env.NEWSLETTER_SUBSCRIBERS ?? 100_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-bench-newsletter-'));
  const db = path.join(dir, 'site.db');
  const f = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
  try {
    let t = performance.now();
    await seedNewsletterSite(db, n, path.join(dir, 'media'));
    console.log(`seeded ${f(n)} subscribers in ${((performance.now() - t) / 1000).toFixed(1)} s; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    const env = { MAIL_RATE: '100000', MAIL_CONCURRENCY: String(CONCURRENCY), MAIL_LEASE_SECONDS: '5' };
    let old: Awaited<ReturnType<typeof measuredSend>> | undefined;
    if (compare) {
      const copy = path.join(dir, 'compare.db');
      fs.copyFileSync(db, copy);
      const sink = await countingSink();
      old = await measuredSend(copy, { ...env, SMTP_URL: sink.url }, undefined, path.join(compare, 'bin/masthead.js'));
      await sink.close();
      if (old.ended.code !== 0) throw new Error(`the ${compare} sender failed: ${old.ended.stderr}`);
      console.log(`${path.basename(compare)}: ${f(old.steady)} messages/s steady, ${old.seconds.toFixed(1)} s in all, ${f((old.senderCpu * 1e6) / n)} µs of sender CPU a message (start-up included), peak RSS ${f(old.peak)} MB`);
    }

    const sink = await countingSink();
    const killAt = Math.floor(n * (0.3 + Math.random() * 0.4));
    t = performance.now();
    const first = await measuredSend(db, { ...env, SMTP_URL: sink.url }, killAt);
    const second = await measuredSend(db, { ...env, SMTP_URL: sink.url });
    if (second.ended.code !== 0) throw new Error(`the resumed send failed: ${second.ended.stderr}`);
    await sink.close();
    let missing = 0;
    let duplicates = 0;
    for (let i = 0; i < n; i++) {
      const c = sink.deliveries.get(`reader${i}@example.com`) ?? 0;
      if (c === 0) missing++;
      else duplicates += c - 1;
    }
    const received = [...sink.deliveries.values()].reduce((s, c) => s + c, 0);
    const sinkCpu = first.sinkCpuSeconds + second.sinkCpuSeconds;
    const ceilingSink = await countingSink();
    const top = await ceiling(db, ceilingSink.url, Number(process.env.NEWSLETTER_CEILING ?? 6000));
    await ceilingSink.close();

    console.log(`first run: killed with SIGKILL at ${f(killAt)} of ${f(n)} after ${first.seconds.toFixed(1)} s`);
    console.log(`messages/s (steady, first run, SMTP server included): ${f(first.steady)}  (bar: > 300)`);
    console.log(`resumed run: ${second.seconds.toFixed(1)} s (lease wait of up to 5 s included), ${f(second.steady)} messages/s steady; report ${second.ended.stdout.trim()}`);
    console.log(`sender peak RSS: ${f(Math.max(first.peak, second.peak))} MB  (bar: < 300)`);
    const ours = (first.senderCpu + second.senderCpu) / n;
    console.log(
      `sender CPU a message: ${f(first.steadyCpu * 1e6)} µs while sending (first run), ${f(ours * 1e6)} µs with both start-ups${old ? `; ${path.basename(compare!)}: ${f(old.steadyCpu * 1e6)} µs while sending (${(old.steadyCpu / first.steadyCpu).toFixed(2)}× ours), ${f((old.senderCpu * 1e6) / n)} µs with its start-up` : ''}`,
    );
    console.log(
      `SMTP server (this process): ${sinkCpu.toFixed(1)} CPU-s for ${f(received)} messages, ${((sinkCpu * 1e6) / received).toFixed(0)} µs each (${((sinkCpu / (first.seconds + second.seconds)) * 100).toFixed(0)} % of a core); ${f(sink.bytes / received / 1024)} KB a message; ${sink.parsed} parsed whole; ${sink.bad} malformed`,
    );
    console.log(
      `ceiling, no outbox, same issue and server: nodemailer composing each message ${f(top.whole)}/s (${f(top.cpu.whole)} µs CPU each), template fill ${f(top.template)}/s (${f(top.cpu.template)} µs), DKIM-signed template ${f(top.dkim)}/s (${f(top.cpu.dkim)} µs: DKIM costs ${f(top.cpu.dkim - top.cpu.template)} µs a message); the sender's steady rate is ${(first.steady / top.template).toFixed(2)}× the template ceiling, ${(first.steady / top.whole).toFixed(2)}× whole composition`,
    );
    if (old) console.log(`against ${path.basename(compare!)}'s sender in the same run: ${(first.steady / old.steady).toFixed(2)}× messages/s, peak RSS ${f(Math.max(first.peak, second.peak))} vs ${f(old.peak)} MB`);
    const pass = missing === 0 && duplicates <= CONCURRENCY && sink.bad === 0;
    console.log(`crash check: ${missing} missing, ${duplicates} duplicates (concurrency ${CONCURRENCY}), ${sink.bad} malformed (ceiling's: ${ceilingSink.bad}): ${pass ? 'PASS' : 'FAIL'}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
