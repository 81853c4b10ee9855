import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../../test/smtp-sink.ts';
import { loadConfig } from '../config/index.ts';
import { LogTransport, SmtpTransport, transportFromConfig } from './index.ts';

const message = {
  to: 'reader@example.com',
  subject: 'Tolling: the week’s news — “quoted” & <escaped>',
  html: '<p>Hello <b>reader</b></p>',
  text: 'Hello reader',
  headers: { 'List-Unsubscribe': '<https://example.com/u/abc>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
};

describe('sending mail through a real SMTP server', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0).reverse()) await c();
  });

  it('delivers HTML and text parts, the subject intact and the extra headers, from MAIL_FROM', async () => {
    const sink = await startSmtpSink();
    closers.push(sink.close);
    const smtp = new SmtpTransport({ url: sink.url, from: 'Transport Review <news@example.com>', dkim: null });
    closers.push(() => smtp.close());
    expect(await smtp.send(message)).toMatchObject({ ok: true });
    await sink.waitFor(1);
    const [mail] = sink.received;
    expect(mail?.to).toEqual(['reader@example.com']);
    expect(mail?.parsed.subject).toBe(message.subject);
    expect(mail?.parsed.from?.value[0]).toMatchObject({ address: 'news@example.com', name: 'Transport Review' });
    expect(mail?.parsed.html).toContain('<b>reader</b>');
    expect(mail?.parsed.text?.trim()).toBe('Hello reader');
    // mailparser folds List-* headers into its own object; the header lines are what a mailbox provider reads.
    expect(mail?.parsed.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(smtp.description).toBe(sink.url);
  });

  it('signs with DKIM when configured', async () => {
    const sink = await startSmtpSink();
    closers.push(sink.close);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-dkim-'));
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = path.join(dir, 'dkim.pem');
    fs.writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const smtp = new SmtpTransport({ url: sink.url, from: 'news@example.com', dkim: { domain: 'example.com', selector: 'mh1', privateKeyFile: keyFile } });
    closers.push(() => smtp.close());
    await smtp.send(message);
    await sink.waitFor(1);
    const signature = sink.received[0]?.raw.match(/^DKIM-Signature:[^\n]*(\n[ \t][^\n]*)*/im)?.[0] ?? '';
    expect(signature).toMatch(/d=example\.com/);
    expect(signature).toMatch(/s=mh1/);
  });

  it('tells a permanent refusal (5xx) from a temporary one (4xx) and from a server that is not there', async () => {
    const sink = await startSmtpSink({
      refuse: (address) => (address.startsWith('gone@') ? { code: 550, message: 'No such user' } : address.startsWith('busy@') ? { code: 451, message: 'Try again later' } : undefined),
    });
    closers.push(sink.close);
    const smtp = new SmtpTransport({ url: sink.url, from: 'news@example.com', dkim: null });
    closers.push(() => smtp.close());
    expect(await smtp.send({ ...message, to: 'gone@example.com' })).toMatchObject({ ok: false, permanent: true, code: 550 });
    expect(await smtp.send({ ...message, to: 'busy@example.com' })).toMatchObject({ ok: false, permanent: false, code: 451 });
    expect(sink.received).toHaveLength(0);

    // A server that is gone: close the pool first (the sink waits for open connections to end).
    await smtp.close();
    await sink.close();
    closers.splice(0);
    const nowhere = new SmtpTransport({ url: `smtp://127.0.0.1:${sink.port}`, from: 'news@example.com', dkim: null });
    closers.push(() => nowhere.close());
    expect(await nowhere.send(message)).toMatchObject({ ok: false, permanent: false });
  });

  it('is chosen from the configuration: SMTP with SMTP_URL, the log without', async () => {
    const logged: unknown[] = [];
    const log = { info: (details: Record<string, unknown>) => void logged.push(details) };
    const withSmtp = transportFromConfig(loadConfig({ SMTP_URL: 'smtp://user:secret@mail.example.com:2525' }).mail, log);
    expect(withSmtp).toBeInstanceOf(SmtpTransport);
    expect(withSmtp.description).toBe('smtp://mail.example.com:2525');
    await withSmtp.close();
    const without = transportFromConfig(loadConfig({}).mail, log);
    expect(without).toBeInstanceOf(LogTransport);
    expect(await without.send(message)).toMatchObject({ ok: true });
    expect(JSON.stringify(logged)).toContain('Hello reader');
  });

  it('refuses half a DKIM configuration and a URL that is not SMTP', () => {
    expect(() => loadConfig({ DKIM_DOMAIN: 'example.com' })).toThrow(/DKIM_SELECTOR/);
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.com' })).toThrow(/smtp/);
  });
});
