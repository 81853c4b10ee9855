import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../../test/smtp-sink.ts';
import { fillTemplate, type MailTemplate, SmtpTransport } from './index.ts';
import { MimeTemplate } from './mime-template.ts';

const MARK = 'MHLINKMARK';
const template: MailTemplate = {
  subject: 'Tolling: the week’s news — “quoted” & <escaped>',
  // A long line, non-ASCII text and the mark in an attribute, in text and at a line's end.
  html: `<p>Hello é reader</p>\n<p>${'a long line of words '.repeat(20)}<a href="${MARK}">unsubscribe</a></p>\n.<p>${MARK}</p>`,
  text: `Hello é reader\n${'a long line of words '.repeat(20)}\nUnsubscribe: ${MARK}\n`,
  headers: { 'List-Unsubscribe': `<${MARK}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'List-Id': '<daily.news.example>' },
  marks: [MARK],
};
const url = 'https://news.example/newsletters/unsubscribe?t=u1.12.3.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG&x=1';

describe('a mail template composed once and filled per recipient', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0).reverse()) await c();
  });

  it('reads, in a mail client, exactly as the same message composed whole by nodemailer', async () => {
    const compiled = await MimeTemplate.compile(template, 'Transport Review <news@example.com>');
    const raw = compiled!.build('reader@example.com', [url]);
    expect(raw).not.toBeNull();
    // The body's QP lines stay within 76 characters (RFC 2045), soft breaks included.
    const body = raw!.slice(raw!.indexOf('\r\n\r\n'));
    expect(Math.max(...body.split('\r\n').map((l) => l.length))).toBeLessThanOrEqual(76);
    const parsed = await simpleParser(raw!);
    const whole = fillTemplate({ to: 'reader@example.com', template, values: [url] });
    expect(parsed.subject).toBe(template.subject);
    expect(parsed.from?.value[0]).toMatchObject({ address: 'news@example.com', name: 'Transport Review' });
    expect(parsed.to).toMatchObject({ value: [{ address: 'reader@example.com' }] });
    expect(parsed.html).toBe(whole.html);
    expect(parsed.html).toContain(`href="${url.replace('&', '&amp;')}"`);
    expect(parsed.text).toBe(whole.text);
    expect(parsed.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toBe(`List-Unsubscribe: <${url}>`);
    expect(parsed.messageId).toMatch(/^<[0-9a-f-]{36}@example\.com>$/);
    expect(Math.abs(parsed.date!.getTime() - Date.now())).toBeLessThan(60_000);
    // Each copy is its own message.
    const again = await simpleParser(compiled!.build('reader@example.com', [url])!);
    expect(again.messageId).not.toBe(parsed.messageId);
  });

  it('leaves what a header cannot carry unencoded to the whole-message path', async () => {
    const compiled = await MimeTemplate.compile(template, 'news@example.com');
    expect(compiled!.build('rédaction@example.com', [url])).toBeNull();
    expect(compiled!.build('reader@example.com', ['https://news.example/\r\nBcc: x@example.com'])).toBeNull();
  });

  it('is delivered through a real SMTP server, a plain and a non-ASCII address alike', async () => {
    const sink = await startSmtpSink();
    closers.push(sink.close);
    const smtp = new SmtpTransport({ url: sink.url, from: 'Transport Review <news@example.com>', dkim: null });
    closers.push(() => smtp.close());
    expect(await smtp.send({ to: 'reader@example.com', template, values: [url] })).toMatchObject({ ok: true });
    expect(await smtp.send({ to: 'other@example.com', template, values: [`${url}2`] })).toMatchObject({ ok: true });
    await sink.waitFor(2);
    const byTo = new Map(sink.received.map((m) => [m.to[0], m]));
    expect(byTo.get('reader@example.com')?.from).toBe('news@example.com');
    expect(byTo.get('reader@example.com')?.parsed.text).toContain(`Unsubscribe: ${url}\n`);
    expect(byTo.get('other@example.com')?.parsed.text).toContain(`Unsubscribe: ${url}2\n`);
    expect(byTo.get('other@example.com')?.parsed.html).toBe(fillTemplate({ to: 'other@example.com', template, values: [`${url}2`] }).html);
  });

  it('is DKIM-signed when configured, as a message composed whole is', async () => {
    const sink = await startSmtpSink();
    closers.push(sink.close);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-dkim-'));
    closers.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const keyFile = path.join(dir, 'dkim.pem');
    fs.writeFileSync(keyFile, crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const smtp = new SmtpTransport({ url: sink.url, from: 'news@example.com', dkim: { domain: 'example.com', selector: 'mh1', privateKeyFile: keyFile } });
    closers.push(() => smtp.close());
    expect(await smtp.send({ to: 'reader@example.com', template, values: [url] })).toMatchObject({ ok: true });
    await sink.waitFor(1);
    const signature = sink.received[0]?.raw.match(/^DKIM-Signature:[^\n]*(\n[ \t][^\n]*)*/im)?.[0] ?? '';
    expect(signature).toMatch(/d=example\.com/);
    expect(signature).toMatch(/s=mh1/);
    // RFC 8058: one-click unsubscribe counts only when the signature covers both headers.
    expect(signature.replace(/\s+/g, "")).toMatch(/h=[^;]*List-Unsubscribe:List-Unsubscribe-Post/i);
  });
});
