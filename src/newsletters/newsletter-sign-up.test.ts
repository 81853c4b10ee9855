import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../../test/smtp-sink.ts';
import { makeTestApp, NOW, type TestApp } from '../../test/support.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded', 'accept-encoding': 'br, gzip', 'user-agent': 'Mozilla/5.0 Chrome/131.0' };
const html = (res: { headers: Record<string, unknown>; rawPayload: Buffer; body: string }) =>
  res.headers['content-encoding'] === 'br' ? zlib.brotliDecompressSync(res.rawPayload).toString() : res.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(res.rawPayload).toString() : res.body;

describe('newsletter sign-up with double opt-in', () => {
  let app: TestApp;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  beforeEach(async () => {
    sink = await startSmtpSink();
    app = await makeTestApp({ SMTP_URL: sink.url });
    await app.newsletters.stop();
    await app.newsletters.addList({ slug: 'daily', name: 'Daily news' });
  });
  afterEach(async () => {
    await app.close();
    await sink.close();
  });

  const signUp = (email: string, list = 'daily', ip = '203.0.113.9') =>
    app.http.inject({ method: 'POST', url: '/newsletters/subscribe', headers: FORM, payload: new URLSearchParams({ email, list }).toString(), remoteAddress: ip });
  const subscription = async (email: string) => {
    const reader = await app.store.readers.byEmail(email);
    return reader && app.store.newsletters.subscription((await app.store.newsletters.listBySlug('daily'))!.id, reader.id);
  };

  it('mails a confirmation link; the reader is subscribed only once it is followed (GET asks, POST confirms)', async () => {
    const listPage = html(await app.http.inject({ method: 'GET', url: '/newsletters', headers: FORM }));
    expect(listPage).toContain('<form class="newsletter" method="post" action="/newsletters/subscribe"><input type="hidden" name="list" value="daily"/>');
    const res = await signUp('New.Reader@Example.com');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(html(res)).toContain('Check your inbox');
    expect((await app.store.readers.byEmail('new.reader@example.com'))?.status).toBe('pending');
    expect(await subscription('new.reader@example.com')).toBeUndefined();
    await sink.waitFor(1);
    const mail = sink.received[0]!;
    expect(mail.to).toEqual(['new.reader@example.com']);
    expect(mail.parsed.subject).toBe('Confirm your subscription to Daily news');
    const link = new URL(/Confirm: (\S+)/.exec(mail.parsed.text ?? '')![1]!);
    expect(link.origin).toBe('https://news.example');
    const ask = await app.http.inject({ method: 'GET', url: link.pathname + link.search, headers: FORM });
    expect(html(ask)).toContain('Confirm your subscription to Daily news');
    expect(await subscription('new.reader@example.com')).toBeUndefined();
    const done = await app.http.inject({ method: 'POST', url: link.pathname + link.search, headers: FORM, payload: '' });
    expect(html(done)).toContain('You are subscribed');
    expect(await subscription('new.reader@example.com')).toBe('active');
    expect((await app.store.readers.byEmail('new.reader@example.com'))?.status).toBe('active');
    // The link expires after 7 days.
    app.clock.now = NOW + 8 * 86_400_000;
    expect((await app.http.inject({ method: 'POST', url: link.pathname + link.search, headers: FORM, payload: '' })).statusCode).toBe(400);
  });

  it('answers alike for a suppressed address (and mails nothing), refuses a bad address, and limits sign-ups per client', async () => {
    const { reader } = await app.store.readers.ensure({ email: 'gone@example.com', status: 'active', source: 'import', now: NOW });
    await app.store.readers.suppress(reader.id, 'complaint', NOW);
    const suppressed = await signUp('gone@example.com');
    expect(html(suppressed)).toContain('Check your inbox');
    expect((await signUp('not an address')).statusCode).toBe(422);
    expect((await signUp('a@example.com', 'no-such-list')).statusCode).toBe(404);
    for (let i = 0; i < 7; i++) expect((await signUp(`r${i}@example.com`)).statusCode).toBe(200);
    const limited = await signUp('one-more@example.com');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await signUp('other@example.com', 'daily', '198.51.100.7')).statusCode).toBe(200);
    await sink.waitFor(8);
    expect(sink.received.map((m) => m.to[0])).not.toContain('gone@example.com');
  });
});
