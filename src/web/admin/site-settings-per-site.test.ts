import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, onSite, signedIn } from '../../../test/admin-support.ts';
import { csrfIn, TestBrowser } from '../../../test/reader-support.ts';
import { startSmtpSink } from '../../../test/smtp-sink.ts';
import { article, makeTestApp, NOW, type TestApp } from '../../../test/support.ts';
import { settingsForm } from '../../admin/index.ts';

/**
 * Per-site settings: /admin/settings edits the current site's; each site's public pages use its
 * own title, look and menus, the first site keeps today's values, and a reader's page and mail
 * name the site they came by.
 */

const B_HOST = 'highways.example';
let app: TestApp;
let admin: Agent;
let b: number;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let aSlug: string;
let bSlug: string;

beforeAll(async () => {
  sink = await startSmtpSink();
  app = await makeTestApp({ SMTP_URL: sink.url, MAIL_FROM: 'Trade News <news@news.example>' });
  admin = await signedIn(app, 'admin');
  // The first site's settings as an admin saved them before there was a second site.
  expect((await admin.post('/admin/settings', { ...settingsForm(app.settings.current), accentColour: '#0b4f8a', headingFont: 'merriweather' })).statusCode).toBe(303);
  b = (await app.sites.add({ name: 'Highways Today', hosts: [B_HOST] })).id;
  aSlug = (await app.pipeline.save(article({ headline: 'Main site tolling story', section: 'Tolling', publishedAt: NOW - 60_000 }))).slug;
  bSlug = (await app.pipeline.save(article({ headline: 'Highways resurfacing story', section: 'Resurfacing', siteId: b, publishedAt: NOW - 60_000 }))).slug;
  await app.pipeline.save(article({ headline: 'Newer highways story', siteId: b, publishedAt: NOW - 30_000 }));
});
afterAll(async () => {
  await app?.close();
  await sink?.close();
});

const onB = (url: string, fields: Record<string, string>) => onSite(app, admin, b).post(url, fields);
const getOnB = (url: string) => onSite(app, admin, b).get(url);
const page = (host?: string) => app.http.inject({ method: 'GET', url: '/', headers: host ? { host } : {} });
const themeOf = (html: string) => /<link rel="stylesheet" href="(\/assets\/theme\/[0-9a-f]+\.css)"/.exec(html)?.[1];

describe('per-site settings', () => {
  it('a second site starts from the first site’s look, with its own name', async () => {
    expect(app.settings.forSite(b)).toMatchObject({ title: 'Highways Today', accentColour: '#0b4f8a', headingFont: 'merriweather' });
    const settings = await getOnB('/admin/settings');
    expect(settings.body).toContain('value="Highways Today"');
    expect(settings.body).toContain('For <strong>Highways Today</strong>');
  });

  it('saves the current site’s settings for it alone; each site’s pages use their own', async () => {
    const mainBefore = (await page()).body;
    const fields = { ...settingsForm(app.settings.forSite(b)), title: 'Highways Weekly', description: 'Roads and bridges.', accentColour: '#8a0b4f', headingFont: 'system', menuSection1: 'resurfacing' };
    const saved = await onB('/admin/settings', fields);
    expect(saved.statusCode).toBe(303);

    const home = (await page(B_HOST)).body;
    expect(home).toContain('<title>Highways Weekly</title>');
    expect(home).toContain('Roads and bridges.');
    const theme = themeOf(home);
    expect(theme).toBeDefined();
    expect(theme).not.toBe(themeOf(mainBefore));
    const css = await app.http.inject({ method: 'GET', url: theme!, headers: { host: B_HOST } });
    expect(css.statusCode).toBe(200);
    expect(css.body).toContain('--accent:#8a0b4f');

    // The first site keeps what it had.
    const main = (await page()).body;
    expect(main).not.toContain('Highways Weekly');
    expect(themeOf(main)).toBe(themeOf(mainBefore));
    expect(app.settings.current).toMatchObject({ accentColour: '#0b4f8a', headingFont: 'merriweather' });
    expect((await app.http.inject({ method: 'GET', url: themeOf(main)! })).body).toContain('--accent:#0b4f8a');
    // Stored apart: the first site's row untouched, the site's name in its `sites` row.
    expect(await app.store.state.settings()).toMatchObject({ accentColour: '#0b4f8a' });
    expect((await app.store.sites.settingValues()).get(b)).toMatchObject({ accentColour: '#8a0b4f', menuSection1: 'resurfacing' });
    expect(app.sites.byId(b)?.name).toBe('Highways Weekly');
  });

  it('pins only a story on the site itself to its home page', async () => {
    const refused = await onB('/admin/settings', { ...settingsForm(app.settings.forSite(b)), leadStory: aSlug });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain(`No published article has the slug “${aSlug}”.`);
    expect((await onB('/admin/settings', { ...settingsForm(app.settings.forSite(b)), leadStory: bSlug })).statusCode).toBe(303);
    const lead = /<article class="story story-lead">[\s\S]*?<\/article>/.exec((await page(B_HOST)).body)?.[0];
    expect(lead).toContain('Highways resurfacing story');
    expect(app.settings.current.leadStory).toBe('');
  });

  it('shows /account in the frame of the site the reader came by and mails from it', async () => {
    const reader = new TestBrowser(app, '198.51.100.77');
    const signIn = await reader.get('/account/sign-in', { host: B_HOST });
    expect(signIn.text).toContain('Highways Weekly');
    const before = sink.received.length;
    const res = await reader.post('/account/sign-in', { email: 'ana@example.com', _csrf: csrfIn(signIn.text) }, { host: B_HOST, origin: `https://${B_HOST}` });
    expect(res.status).toBe(200);
    await sink.waitFor(before + 1);
    const mail = sink.received[before]!;
    expect(mail.parsed.subject).toBe('Confirm your address for Highways Weekly');
    expect(mail.parsed.text).toContain(`https://${B_HOST}/account/verify?t=`);
  });
});
