import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../../test/smtp-sink.ts';
import { decodedBody, makeTestApp, NOW, type TestApp } from '../../test/support.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded', 'accept-encoding': 'br, gzip', 'user-agent': 'Mozilla/5.0 Chrome/131.0', 'sec-fetch-site': 'same-origin' };

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

  const signUp = (email: string, list: string | string[] = 'daily', ip = '203.0.113.9', headers: Record<string, string> = FORM) =>
    app.http.inject({ method: 'POST', url: '/newsletters/subscribe', headers, payload: new URLSearchParams([['email', email], ...[list].flat().map((l) => ['list', l])]).toString(), remoteAddress: ip });
  const subscription = async (email: string, list = 'daily') => {
    const reader = await app.store.readers.byEmail(email);
    return reader && app.store.newsletters.subscription((await app.store.newsletters.listBySlug(list))!.id, reader.id);
  };
  const linkIn = (text: string | undefined) => {
    const url = new URL(/Confirm: (\S+)/.exec(text ?? '')![1]!);
    return url.pathname + url.search;
  };

  it('mails a confirmation link; the reader is subscribed only once it is followed (GET asks, POST confirms)', async () => {
    const listPage = decodedBody(await app.http.inject({ method: 'GET', url: '/newsletters', headers: FORM }));
    expect(listPage).toContain('<form class="newsletter" method="post" action="/newsletters/subscribe"><input type="hidden" name="list" value="daily"/>');
    const res = await signUp('New.Reader@Example.com');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(decodedBody(res)).toContain('Check your inbox');
    expect((await app.store.readers.byEmail('new.reader@example.com'))?.status).toBe('pending');
    expect(await subscription('new.reader@example.com')).toBeUndefined();
    await sink.waitFor(1);
    const mail = sink.received[0]!;
    expect(mail.to).toEqual(['new.reader@example.com']);
    expect(mail.parsed.subject).toBe('Confirm your subscription to Daily news');
    const link = new URL(/Confirm: (\S+)/.exec(mail.parsed.text ?? '')![1]!);
    expect(link.origin).toBe('https://news.example');
    const ask = await app.http.inject({ method: 'GET', url: link.pathname + link.search, headers: FORM });
    expect(decodedBody(ask)).toContain('Confirm your subscription to Daily news');
    expect(await subscription('new.reader@example.com')).toBeUndefined();
    const done = await app.http.inject({ method: 'POST', url: link.pathname + link.search, headers: FORM, payload: '' });
    expect(decodedBody(done)).toContain('You are subscribed');
    expect(await subscription('new.reader@example.com')).toBe('active');
    expect((await app.store.readers.byEmail('new.reader@example.com'))?.status).toBe('active');
    // The link expires after 7 days.
    app.clock.now = NOW + 8 * 86_400_000;
    expect((await app.http.inject({ method: 'POST', url: link.pathname + link.search, headers: FORM, payload: '' })).statusCode).toBe(400);
  });

  it('answers alike for a suppressed address (and mails nothing), refuses a bad address, and limits sign-ups per client and per address', async () => {
    const { reader } = await app.store.readers.ensure({ email: 'gone@example.com', status: 'active', source: 'import', now: NOW });
    await app.store.readers.suppress(reader.id, 'complaint', NOW);
    const suppressed = await signUp('gone@example.com');
    expect(decodedBody(suppressed)).toContain('Check your inbox');
    expect((await signUp('not an address')).statusCode).toBe(422);
    expect((await signUp('a@example.com', 'no-such-list')).statusCode).toBe(404);
    // One address, asked for from many client addresses: three mails, then no more (no inbox flooding).
    for (let i = 0; i < 3; i++) expect((await signUp('target@example.com', 'daily', `192.0.2.${i + 1}`)).statusCode).toBe(200);
    expect((await signUp('Target@Example.com', 'daily', '192.0.2.99')).statusCode).toBe(429);
    // The suppressed address counted: ten from one client address in the window, then 429.
    for (let i = 0; i < 9; i++) expect((await signUp(`r${i}@example.com`)).statusCode).toBe(200);
    const limited = await signUp('one-more@example.com');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('600');
    expect((await signUp('other@example.com', 'daily', '198.51.100.7')).statusCode).toBe(200);
    await sink.waitFor(13);
    expect(sink.received.map((m) => m.to[0])).not.toContain('gone@example.com');
    expect(sink.received.filter((m) => m.to[0] === 'target@example.com')).toHaveLength(3);
  });

  it('refuses a post from another site (no token on cached pages: the browser says where the form came from)', async () => {
    const { 'sec-fetch-site': _, ...plain } = FORM;
    expect((await signUp('x@example.com', 'daily', '203.0.113.9', { ...plain, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await signUp('x@example.com', 'daily', '203.0.113.9', plain)).statusCode).toBe(403);
    expect((await signUp('x@example.com', 'daily', '203.0.113.9', { ...plain, origin: 'https://news.example' })).statusCode).toBe(200);
    expect(await app.store.readers.byEmail('x@example.com')).toBeDefined();
  });

  it('the site-wide box (no list named) subscribes to the only list, or asks which of several; one link confirms them all', async () => {
    const box = await signUp('solo@example.com', []);
    expect(decodedBody(box)).toContain('Check your inbox');
    await sink.waitFor(1);
    expect(sink.received[0]!.parsed.subject).toBe('Confirm your subscription to Daily news');
    await app.newsletters.addList({ slug: 'weekly', name: 'Weekly digest', description: 'The week in one read' });
    await app.newsletters.addList({ slug: 'rail', name: 'Rail' });
    const choose = await signUp('multi@example.com', []);
    expect(choose.statusCode).toBe(200);
    expect(choose.headers['cache-control']).toBe('no-store');
    const page = decodedBody(choose);
    expect(page).toContain('<h1>Choose your newsletters</h1>');
    expect(page).toContain('<input type="checkbox" id="choose-weekly" name="list" value="weekly"/>');
    expect(page).toContain('value="multi@example.com"');
    expect(await app.store.readers.byEmail('multi@example.com')).toBeUndefined();
    // Nothing ticked: asked again with the reason.
    expect(decodedBody(await signUp('multi@example.com', []))).toContain('Choose your newsletters');
    const chosen = await signUp('multi@example.com', ['daily', 'weekly']);
    expect(decodedBody(chosen)).toContain('Daily news, Weekly digest');
    await sink.waitFor(2);
    const mail = sink.received[1]!;
    expect(mail.parsed.subject).toBe('Confirm your subscription to Daily news, Weekly digest');
    const link = linkIn(mail.parsed.text);
    expect(decodedBody(await app.http.inject({ method: 'GET', url: link, headers: FORM }))).toContain('Confirm your subscription to Daily news, Weekly digest');
    expect(decodedBody(await app.http.inject({ method: 'POST', url: link, headers: FORM, payload: '' }))).toContain('You are subscribed');
    expect(await subscription('multi@example.com', 'daily')).toBe('active');
    expect(await subscription('multi@example.com', 'weekly')).toBe('active');
    expect(await subscription('multi@example.com', 'rail')).toBeUndefined();
    // A tampered list in the link is refused.
    expect((await app.http.inject({ method: 'POST', url: link.replace(/c1\.(\d+)\.(\d+)-(\d+)/, 'c1.$1.$2-$3-3'), headers: FORM, payload: '' })).statusCode).toBe(400);
  });
});
