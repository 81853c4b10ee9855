import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, onSite, signedIn } from '../../test/admin-support.ts';
import { startSmtpSink } from '../../test/smtp-sink.ts';
import { article, decodedBody, makeTestApp, NOW, type TestApp } from '../../test/support.ts';

/**
 * Newsletter lists per site: site B's pages offer only B's lists, B's issues carry B's stories and
 * name B's title and URL, and neither site's pages or admin reveal the other's lists.
 */

const B_HOST = 'highways.example';
const FORM = { 'content-type': 'application/x-www-form-urlencoded', 'accept-encoding': 'br, gzip', 'user-agent': 'Mozilla/5.0 Chrome/131.0', 'sec-fetch-site': 'same-origin' };

let app: TestApp;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let bSiteId: number;
let editor: Agent;

beforeAll(async () => {
  sink = await startSmtpSink();
  app = await makeTestApp({ SMTP_URL: sink.url, MAIL_RATE: '1000' });
  await app.newsletters.stop();
  bSiteId = (await app.sites.add({ name: 'Highways Today', hosts: [B_HOST] })).id;
  await app.pipeline.save(article({ headline: 'Zanzibarite tolls on the A road', publishedAt: NOW - 3_600_000 }));
  await app.pipeline.save(article({ headline: 'Bridge deck <replaced> on the M4', siteId: bSiteId, publishedAt: NOW - 7_200_000 }));
  await app.newsletters.addList({ slug: 'daily', name: 'Daily news' });
  await app.newsletters.addList({ slug: 'highways-weekly', name: 'Highways weekly', siteId: bSiteId });
  editor = await signedIn(app, 'editor');
});
afterAll(async () => {
  await app?.close();
  await sink?.close();
});

const page = async (url: string, host: string) => {
  const res = await app.http.inject({ method: 'GET', url, headers: { ...FORM, host } });
  return { status: res.statusCode, text: decodedBody(res) };
};
const signUp = (host: string, email: string, lists: string[]) =>
  app.http.inject({ method: 'POST', url: '/newsletters/subscribe', headers: { ...FORM, host, origin: `https://${host}` }, payload: new URLSearchParams([['email', email], ...lists.map((l) => ['list', l])]).toString() });

describe('newsletter lists per site', () => {
  it('offers on each site only its own lists, on /newsletters and in the sign-up box', async () => {
    const b = await page('/newsletters', B_HOST);
    expect(b.text).toContain('Highways weekly');
    expect(b.text).not.toContain('Daily news');
    const a = await page('/newsletters', 'news.example');
    expect(a.text).toContain('Daily news');
    expect(a.text).not.toContain('Highways weekly');
    // The site-wide box names no list: with one list on B, that one, and the confirmation names B.
    const box = await signUp(B_HOST, 'reader@example.com', []);
    expect(decodedBody(box)).toContain('Highways weekly');
    await sink.waitFor(1);
    const mail = sink.received.at(-1)!;
    expect(mail.parsed.subject).toBe('Confirm your subscription to Highways weekly');
    expect(mail.parsed.text).toContain('from Highways Today');
    expect(mail.parsed.text).toContain(`https://${B_HOST}/newsletters/confirm?t=`);
    // Another site's list, asked for by slug on B: not found, nothing mailed.
    expect((await signUp(B_HOST, 'other@example.com', ['daily'])).statusCode).toBe(404);
    expect(sink.received.length).toBe(1);
  });

  it('assembles B’s issue from B’s stories and names B’s title and URL in the email', async () => {
    await app.newsletters.importSubscribers('highways-weekly', (async function* () {
      yield { line: 2, email: 'ada@example.com' };
    })());
    const before = sink.received.length;
    expect(await app.newsletters.send('highways-weekly')).toMatchObject({ recipients: 1, sent: 1, failed: 0 });
    await sink.waitFor(before + 1);
    const mail = sink.received.at(-1)!;
    expect(mail.parsed.subject).toBe('Highways weekly: Bridge deck <replaced> on the M4');
    expect(mail.parsed.html).toContain('Highways Today');
    expect(mail.parsed.html).not.toContain('Zanzibarite');
    expect(mail.parsed.text).toContain(`https://${B_HOST}/news/`);
    expect(mail.parsed.text).not.toContain('https://news.example');
    const header = (key: string) => mail.parsed.headerLines.find((h) => h.key === key)?.line.replace(/\r\n[ \t]+/g, ' ');
    expect(header('list-unsubscribe')).toMatch(new RegExp(`^List-Unsubscribe: <https://${B_HOST.replace('.', '\\.')}/newsletters/unsubscribe\\?t=`));
    const web = /https:\/\/highways\.example(\/newsletters\/highways-weekly\/\d{4}-\d{2}-\d{2})/.exec(mail.parsed.text ?? '')?.[1];
    expect(web).toBeDefined();
    // The archive page is B's; on A the same path is not found.
    expect((await page(web!, B_HOST)).text).toContain('Bridge deck &lt;replaced');
    expect((await page(web!, 'news.example')).status).toBe(404);
  });

  it('keeps the first site’s issue to its own stories', async () => {
    await app.newsletters.importSubscribers('daily', (async function* () {
      yield { line: 2, email: 'bob@example.com' };
    })());
    const before = sink.received.length;
    await app.newsletters.send('daily');
    await sink.waitFor(before + 1);
    const mail = sink.received.at(-1)!;
    expect(mail.parsed.subject).toBe('Daily news: Zanzibarite tolls on the A road');
    expect(mail.parsed.html).not.toContain('Bridge deck');
    expect(mail.parsed.text).toContain('https://news.example/news/');
  });

  it('shows the admin the lists of its current site, and another site’s list is not found', async () => {
    const onA = await editor.get('/admin/newsletters');
    expect(onA.body).toContain('Daily news');
    expect(onA.body).not.toContain('Highways weekly');
    expect((await editor.get('/admin/newsletters/highways-weekly/preview')).statusCode).toBe(404);
    const b = onSite(app, editor, bSiteId);
    const onB = await b.get('/admin/newsletters');
    expect(onB.body).toContain('Highways weekly');
    expect(onB.body).not.toContain('Daily news');
    expect((await b.post('/admin/newsletters/daily/send', {})).statusCode).toBe(404);
    // A list made in the admin is the current site's.
    expect((await b.post('/admin/newsletters', { name: 'Bridges monthly', slug: 'bridges' })).headers.location).toBe('/admin/newsletters?done=made');
    expect((await app.newsletters.list('bridges')).siteId).toBe(bSiteId);
    expect((await b.get('/admin/newsletters')).body).toContain('Bridges monthly');
    expect((await editor.get('/admin/newsletters')).body).not.toContain('Bridges monthly');
    const taken = await b.post('/admin/newsletters', { name: 'Again', slug: 'daily' });
    expect(taken.statusCode).toBe(422);
    expect(taken.body).toContain('A newsletter list &quot;daily&quot; already exists');
    expect(taken.body).toContain('role="alert"');
  });
});

describe('company alerts per site', () => {
  it('name the site of the article they are about and link to it there', async () => {
    await app.directory.importCompanies([JSON.stringify({ id: '301', name: 'Volvo', aliases: [], parent: null })]);
    const { reader } = await app.store.readers.ensure({ email: 'follower@example.com', status: 'active', source: 'cli', now: app.clock.now });
    await app.follows.follow(reader.id, 'company', 'volvo');
    await app.pipeline.save(article({ headline: 'Volvo builds a bridge', body: 'Volvo built a bridge.', siteId: bSiteId, publishedAt: app.clock.now }));
    const before = sink.received.length;
    await app.alerts.tick();
    await sink.waitFor(before + 1);
    const mail = sink.received.filter((m) => m.to.includes('follower@example.com')).at(-1)!;
    expect(mail.parsed.text).toContain('New on Highways Today about what you follow:');
    expect(mail.parsed.text).toContain(`https://${B_HOST}/news/`);
    expect(mail.parsed.text).toContain(`Manage what you follow: https://${B_HOST}/account`);
    expect(mail.parsed.text).not.toContain('news.example');
  });
});
