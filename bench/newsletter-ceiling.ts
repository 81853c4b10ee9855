/**
 * The newsletter benchmark's ceiling, run as its own process (as the sender is):
 * `node --import tsx bench/newsletter-ceiling.ts DB SMTP_URL COUNT CONCURRENCY`. Sends COUNT copies
 * of the issue stored in DB to the SMTP server with no outbox at all, COUNT/2 each way: nodemailer
 * composing every message whole (what the sender did per message before templates), then the
 * `SmtpTransport` filling one composed template, then the same DKIM-signed (RSA 2048, what most
 * senders publish). Prints `{"whole","template","dkim"}` in messages a second and `cpu`, this process's CPU µs a message each way.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import nodemailer from 'nodemailer';
import { type MailTemplate, SmtpTransport } from '../src/mail/index.ts';
import { UNSUBSCRIBE_MARK } from '../src/newsletters/issue-email.ts';

const [dbPath, url, countArg, concurrencyArg] = process.argv.slice(2);
const count = Number(countArg);
const concurrency = Number(concurrencyArg);
const db = new Database(dbPath!, { readonly: true });
const issue = db.prepare('SELECT subject, html, text FROM newsletter_issues ORDER BY id DESC LIMIT 1').get() as { subject: string; html: string; text: string };
db.close();
const from = 'Masthead <news@localhost>';
const link = (i: number) => `https://news.example/newsletters/unsubscribe?t=u1.${i}.1.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH`;
const headers = (i: number) => ({ 'List-Unsubscribe': `<${link(i)}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'List-Id': '<daily.news.example>' });

const cpu: Record<string, number> = {};

/** Runs `send(i)` for i < n with `concurrency` in flight; messages a second (and this process's CPU µs a message in `cpu[label]`). */
async function rate(label: string, n: number, send: (i: number) => Promise<unknown>): Promise<number> {
  const used = process.cpuUsage();
  const t = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await send(next++);
    }),
  );
  const spent = process.cpuUsage(used);
  cpu[label] = (spent.user + spent.system) / n;
  return (n * 1000) / (performance.now() - t);
}

const n = Math.floor(count / 3);
const whole = nodemailer.createTransport({ url, pool: true, maxConnections: concurrency, maxMessages: 10_000 });
const wholeRate = await rate('whole', n, (i) =>
  whole.sendMail({
    from,
    to: `ceiling${i}@example.com`,
    subject: issue.subject,
    html: issue.html.split(UNSUBSCRIBE_MARK).join(link(i)),
    text: issue.text.split(UNSUBSCRIBE_MARK).join(link(i)),
    headers: headers(i),
  }),
);
whole.close();
const template: MailTemplate = { subject: issue.subject, html: issue.html, text: issue.text, headers: { ...headers(0), 'List-Unsubscribe': `<${UNSUBSCRIBE_MARK}>` }, marks: [UNSUBSCRIBE_MARK] };
const smtp = new SmtpTransport({ url: url!, from, dkim: null, connections: concurrency });
const templateRate = await rate('template', n, (i) => smtp.send({ to: `ceiling${i}@example.com`, template, values: [link(i)] }));
await smtp.close();
const keyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mh-dkim-')), 'dkim.pem');
fs.writeFileSync(keyFile, crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
const signed = new SmtpTransport({ url: url!, from, dkim: { domain: 'localhost', selector: 'mh1', privateKeyFile: keyFile }, connections: concurrency });
const dkimRate = await rate('dkim', n, (i) => signed.send({ to: `ceiling${i}@example.com`, template, values: [link(i)] }));
await signed.close();
fs.rmSync(path.dirname(keyFile), { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ whole: wholeRate, template: templateRate, dkim: dkimRate, cpu })}\n`);
