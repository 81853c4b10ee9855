import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signedIn } from '../../test/admin-support.ts';
import { csrfIn, TestBrowser } from '../../test/reader-support.ts';
import { startSmtpSink } from '../../test/smtp-sink.ts';
import { article, makeTestApp, TEST_DB, type TestApp } from '../../test/support.ts';

const COMPANIES = [
  { id: '2453', name: 'Renault', aliases: [], country: 'FR', sector: 'Automotive', parent: null },
  { id: '838', name: 'Nissan', aliases: [], country: 'JP', sector: 'Automotive', parent: null },
  { id: '7', name: 'Volvo', aliases: [], parent: null },
].map((c) => JSON.stringify(c));

let app: TestApp;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let ipCounter = 0;
/** Each test's browser comes from its own address, so per-IP limits of one test do not reach another. */
const browser = () => new TestBrowser(app, `198.51.100.${++ipCounter}`);

beforeAll(async () => {
  sink = await startSmtpSink();
  app = await makeTestApp({ SMTP_URL: sink.url, MAIL_FROM: 'Trade News <news@news.example>' });
  await app.directory.importCompanies(COMPANIES);
});
afterAll(async () => {
  await app?.close();
  await sink?.close();
});
beforeEach(() => {
  sink.received.length = 0;
});

/** Asks for a link as `b` and returns the email's link and code. */
async function askForLink(b: TestBrowser, email: string, extra: Record<string, string> = {}) {
  const form = await b.get('/account/sign-in');
  const before = sink.received.length;
  const res = await b.post('/account/sign-in', { email, _csrf: csrfIn(form.text), ...extra });
  expect(res.status).toBe(200);
  await sink.waitFor(before + 1);
  const mail = sink.received[before]!;
  const text = mail.parsed.text ?? '';
  const link = /https:\/\/news\.example(\/account\/verify\?t=[\w-]+)/.exec(text)![1]!;
  const code = /code there: (\d{6})/.exec(text)![1]!;
  return { mail, link, code, page: res };
}

async function signIn(email: string, b = browser()) {
  const { link } = await askForLink(b, email);
  const res = await b.get(link);
  expect(res.status).toBe(303);
  return b;
}

describe(`reader accounts over HTTP (${TEST_DB})`, () => {
  it('signs up by the emailed link in the browser that asked: confirmed, signed in, cookies locked down', async () => {
    const b = browser();
    const { mail, link, page } = await askForLink(b, 'Ana@Example.com');
    expect(page.headers['cache-control']).toBe('private, no-store');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.text).toContain('Check your email');
    expect(mail.to).toEqual(['ana@example.com']);
    expect(mail.parsed.subject).toBe('Confirm your address for Masthead'.replace('Masthead', app.settings.current.title));
    expect(mail.parsed.html).toContain('/account/verify?t=');
    // The link opened elsewhere (no nonce cookie) does not sign in, and is not used up.
    const elsewhere = await browser().get(link);
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.text).toContain('browser where you asked');
    const res = await b.get(link);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/account');
    const session = res.setCookies.find((c) => c.startsWith('mh_reader='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/Secure/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).toMatch(/Path=\//);
    expect(session).not.toMatch(/Expires=/);
    const account = await b.get('/account');
    expect(account.status).toBe(200);
    expect(account.headers['cache-control']).toBe('private, no-store');
    expect(account.text).toContain('ana@example.com');
    expect(await app.store.readers.byEmail('ana@example.com')).toMatchObject({ status: 'active', source: 'signup' });
    // Single use.
    expect((await b.get(link)).status).toBe(410);
  });

  it('falls back to the six-digit code, which dies after five wrong tries', async () => {
    const b = browser();
    const { code } = await askForLink(b, 'coder@example.com');
    const page = await b.get('/account/sign-in');
    const csrf = csrfIn(page.text);
    const wrong = code === '000000' ? '111111' : '000000';
    const first = await b.post('/account/code', { code: wrong, _csrf: csrf });
    expect(first.status).toBe(400);
    expect(first.text).toContain('4 tries left');
    expect((await b.post('/account/code', { code, _csrf: csrf })).status).toBe(303);
    expect((await b.get('/account')).status).toBe(200);

    const c = browser();
    const second = await askForLink(c, 'coder@example.com');
    const csrf2 = csrfIn((await c.get('/account/sign-in')).text);
    for (let i = 0; i < 5; i++) await c.post('/account/code', { code: wrong, _csrf: csrf2 });
    expect((await c.post('/account/code', { code: second.code, _csrf: csrf2 })).status).toBe(410);
  });

  it('answers the same for a known and an unknown address, and mails nothing to a suppressed one', async () => {
    await signIn('known@example.com');
    const b = browser();
    const csrf = csrfIn((await b.get('/account/sign-in')).text);
    const known = await b.post('/account/sign-in', { email: 'known@example.com', _csrf: csrf });
    const unknown = await b.post('/account/sign-in', { email: 'stranger@example.com', _csrf: csrf });
    expect(known.status).toBe(unknown.status);
    expect(known.text).toBe(unknown.text);
    await sink.waitFor(3);
    const { reader } = await app.store.readers.ensure({ email: 'bounced@example.com', status: 'active', source: 'import', now: app.clock.now });
    await app.store.readers.suppress(reader.id, 'complaint', app.clock.now);
    const count = sink.received.length;
    const suppressed = await b.post('/account/sign-in', { email: 'bounced@example.com', _csrf: csrf });
    expect(suppressed.text).toBe(unknown.text);
    expect(sink.received.length).toBe(count);
  });

  it('refuses forms without the right CSRF token, and follows posted from another site', async () => {
    const b = browser();
    expect((await b.post('/account/sign-in', { email: 'x@example.com' })).status).toBe(403);
    await signIn('csrf@example.com', b);
    expect((await b.post('/account/profile', { name: 'Mallory', _csrf: 'forged' })).status).toBe(403);
    expect((await b.post('/account/delete', { confirm: 'yes' })).status).toBe(403);
    const crossSite = await b.post('/account/follow', { kind: 'company', slug: 'renault', next: '/companies/renault' }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect(await app.follows.follows((await app.store.readers.byEmail('csrf@example.com'))!.id)).toEqual([]);
  });

  it('limits sign-in requests per address and per client address', async () => {
    const b = browser();
    const csrf = csrfIn((await b.get('/account/sign-in')).text);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await b.post('/account/sign-in', { email: 'limited@example.com', _csrf: csrf })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await b.post('/account/sign-in', { email: 'limited@example.com', _csrf: csrf })).headers['retry-after']).toBe('900');
    const c = browser();
    const csrf2 = csrfIn((await c.get('/account/sign-in')).text);
    const perIp: number[] = [];
    for (let i = 0; i < 31; i++) perIp.push((await c.post('/account/sign-in', { email: `many${i}@example.com`, _csrf: csrf2 })).status);
    expect(perIp.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(perIp[30]).toBe(429);
  });

  it('never accepts a reader session for the admin, nor redirects off the site', async () => {
    const b = await signIn('staffwannabe@example.com');
    const admin = await b.get('/admin');
    expect(admin.status).toBe(303);
    expect(admin.headers.location).toBe('/admin/sign-in');
    const c = browser();
    const { link } = await askForLink(c, 'next@example.com', { next: '//evil.example/x' });
    const res = await c.get(link);
    expect(res.headers.location).toBe('/account');
  });

  it('follows Renault from its cached page (signing in on the way) and mails one alert when a Renault article is published', async () => {
    const anon = browser();
    const page = await anon.get('/companies/renault');
    expect(page.text).toContain('action="/account/follow"');
    // Signed out: the follow asks for an address first, and carries the follow through the link.
    const ask = await anon.post('/account/follow', { kind: 'company', slug: 'renault', next: '/companies/renault' });
    expect(ask.status).toBe(200);
    expect(ask.text).toContain('Sign in to follow Renault');
    const { link } = await askForLink(anon, 'fan@example.com', { next: '/companies/renault', followKind: 'company', followSlug: 'renault' });
    const back = await anon.get(link);
    expect(back.headers.location).toBe('/companies/renault');
    // The public page is the same for the signed-in reader: nothing personal in it.
    const again = await anon.get('/companies/renault');
    expect(again.text).toBe(page.text);
    // Signed in, following another company is one click from its page.
    expect((await anon.post('/account/follow', { kind: 'company', slug: 'nissan', next: '/companies/nissan' })).headers.location).toBe('/companies/nissan');
    const fan = (await app.store.readers.byEmail('fan@example.com'))!;
    expect((await app.follows.follows(fan.id)).map((f) => f.slug)).toEqual(['nissan', 'renault']);
    // Editors see the follower count in the admin's directory; the public page never shows it.
    const editor = await signedIn(app, 'editor');
    const renaultId = Number((await app.store.companies.bySlug('renault'))!.id);
    expect((await editor.get('/admin/companies')).body).toContain(`<td><a href="/admin/companies/${renaultId}">Renault</a></td><td></td><td>0</td><td>1</td>`);
    expect(again.text).not.toMatch(/follower/i);

    const before = sink.received.length;
    const saved = await app.pipeline.save(article({ headline: 'Renault and Nissan widen their alliance', body: 'Renault and Nissan signed a new deal.', publishedAt: app.clock.now }));
    await app.alerts.tick();
    await sink.waitFor(before + 1);
    await app.alerts.tick();
    const alerts = sink.received.slice(before).filter((m) => m.to.includes('fan@example.com'));
    expect(alerts).toHaveLength(1);
    const alert = alerts[0]!;
    expect(alert.parsed.subject).toBe('Renault and Nissan widen their alliance');
    expect(alert.parsed.text).toContain(`https://news.example/news/${saved.slug}`);
    expect(alert.parsed.html).toContain(`href="https://news.example/news/${saved.slug}"`);
    // The raw headers, as a mail provider reads them (mailparser folds List-* into its own shape).
    const unsubscribe = /^List-Unsubscribe:\s+<(https:\/\/news\.example(\/account\/alerts\/unsubscribe\?[^>]+))>/m.exec(alert.raw)!;
    expect(alert.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(alert.parsed.text).toContain(unsubscribe[1]!);
    // RFC 8058 one-click: a POST from the mail provider, no cookies, no token.
    const oneClick = await new TestBrowser(app, '192.0.2.1').post(unsubscribe[2]!, { 'List-Unsubscribe': 'One-Click' });
    expect(oneClick.status).toBe(200);
    expect((await app.store.readers.byEmail('fan@example.com'))!.alertMode).toBe('off');
    // A second publish sends nothing to a reader with alerts off.
    const count = sink.received.length;
    await app.pipeline.save(article({ headline: 'Renault again', body: 'Renault news.', publishedAt: app.clock.now }));
    await app.alerts.tick();
    expect(sink.received.length).toBe(count);
  });

  it('exports the reader data as JSON and deletes the account leaving an anonymous audit entry', async () => {
    const b = await signIn('leaver@example.com');
    const csrf = csrfIn((await b.get('/account')).text);
    expect((await b.post('/account/profile', { _csrf: csrf, name: 'Lea Ver', company: 'Acme', jobTitle: 'Buyer', industry: 'Auto', country: 'FR' })).status).toBe(303);
    await b.post('/account/follow', { kind: 'company', slug: 'volvo', _csrf: csrf });
    const exported = await b.get('/account/export');
    expect(exported.headers['content-disposition']).toContain('attachment');
    expect(exported.headers['cache-control']).toBe('private, no-store');
    const data = JSON.parse(exported.text);
    expect(data.reader).toMatchObject({ email: 'leaver@example.com', name: 'Lea Ver', company: 'Acme', jobTitle: 'Buyer', industry: 'Auto', country: 'FR', status: 'active' });
    expect(data.follows).toMatchObject([{ kind: 'company', slug: 'volvo', name: 'Volvo' }]);
    const deleted = await b.post('/account/delete', { _csrf: csrf, confirm: 'yes' });
    expect(deleted.headers.location).toBe('/account/sign-in?done=deleted');
    expect(await app.store.readers.byEmail('leaver@example.com')).toBeUndefined();
    expect((await b.get('/account')).headers.location).toBe('/account/sign-in');
    const audit = await app.store.operations.auditOf('reader');
    expect(audit.at(-1)).toMatchObject({ action: 'reader.delete', details: {} });
    expect(JSON.stringify(audit)).not.toContain('leaver');
  });

  it('checks the profile against the required fields the site asks for', async () => {
    await app.store.state.putSettings({ ...app.settings.current, readerRequiredFields: 'company, jobTitle' }, app.clock.now, 'test');
    await app.settings.refresh();
    const b = await signIn('profile@example.com');
    const csrf = csrfIn((await b.get('/account')).text);
    const res = await b.post('/account/profile', { _csrf: csrf, name: 'P', company: '', jobTitle: '' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Company is required.');
    expect((await b.post('/account/profile', { _csrf: csrf, company: 'Acme', jobTitle: 'CTO' })).status).toBe(303);
  });

  it('lists every newsletter on the account page with a toggle (session CSRF token), and what the reader follows', async () => {
    await app.newsletters.addList({ slug: 'acct-daily', name: 'Account daily' });
    await app.newsletters.addList({ slug: 'acct-weekly', name: 'Account weekly', description: 'The week' });
    const b = await signIn('toggler@example.com');
    const reader = (await app.store.readers.byEmail('toggler@example.com'))!;
    const weekly = (await app.store.newsletters.listBySlug('acct-weekly'))!;
    await app.store.newsletters.subscribe(weekly.id, reader.id, 'import', app.clock.now);
    await app.follows.follow(reader.id, 'company', 'renault');
    const page = (await b.get('/account')).text;
    expect(page).toMatch(/<strong>Account daily<\/strong> <span>\(not subscribed\)<\/span>/);
    expect(page).toMatch(/<strong>Account weekly<\/strong> <span>\(subscribed\)<\/span>/);
    expect(page).toContain('aria-label="Unsubscribe from Account weekly"');
    expect(page).toContain('>Renault</a>');
    const csrf = csrfIn(page);
    // Without the token: refused, nothing changes.
    expect((await b.post('/account/newsletters', { list: 'acct-daily', subscribe: 'yes' })).status).toBe(403);
    expect((await b.post('/account/newsletters', { _csrf: 'x'.repeat(43), list: 'acct-daily', subscribe: 'yes' })).status).toBe(403);
    const on = await b.post('/account/newsletters', { _csrf: csrf, list: 'acct-daily', subscribe: 'yes' });
    expect(on.headers.location).toBe('/account?done=subscribed');
    const daily = (await app.store.newsletters.listBySlug('acct-daily'))!;
    expect(await app.store.newsletters.subscription(daily.id, reader.id)).toBe('active');
    expect((await b.post('/account/newsletters', { _csrf: csrf, list: 'acct-weekly', subscribe: 'no' })).headers.location).toBe('/account?done=unsubscribed');
    expect(await app.store.newsletters.subscription(weekly.id, reader.id)).toBe('unsubscribed');
    // Subscribing again from the account (a confirmed, signed-in reader) undoes their own unsubscribe.
    await b.post('/account/newsletters', { _csrf: csrf, list: 'acct-weekly', subscribe: 'yes' });
    expect(await app.store.newsletters.subscription(weekly.id, reader.id)).toBe('active');
    // A bounced subscription has no toggle and stays bounced.
    await app.store.newsletters.end(weekly.id, reader.id, 'bounced', app.clock.now);
    const after = (await b.get('/account?done=subscribed')).text;
    expect(after).toContain('Subscribed.');
    expect(after).not.toContain('aria-label="Subscribe to Account weekly"');
    await b.post('/account/newsletters', { _csrf: csrf, list: 'acct-weekly', subscribe: 'yes' });
    expect(await app.store.newsletters.subscription(weekly.id, reader.id)).toBe('bounced');
    expect((await b.get('/account?done=constructor')).status).toBe(200);
    // Signed out: to the sign-in page.
    expect((await browser().post('/account/newsletters', { _csrf: csrf, list: 'acct-daily', subscribe: 'no' })).headers.location).toBe('/account/sign-in');
  });
});
