import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Agent, cookiesOf, FORM, form, onSite, signedIn } from '../../../test/admin-support.ts';
import { article, makeTestApp, NOW, type TestApp } from '../../../test/support.ts';

/**
 * The admin's current site: a switcher (only with several sites) that a CSRF-checked form changes,
 * lists limited to the current site, new content made in it, and "also publish on" saved through
 * the publish pipeline.
 */

const B_HOST = 'highways.example';
const FIELDS = { headline: 'Bridge inspections move to drones', standfirst: '', body: 'Drones now inspect the bridges.', section: 'Bridges', tags: 'Drones', authors: 'Ada Writer', slug: '' };

let app: TestApp;
let admin: Agent;
beforeEach(async () => {
  app = await makeTestApp();
  admin = await signedIn(app, 'admin');
});
afterEach(() => app.close());

const on = (agent: Agent, siteId: number) => onSite(app, agent, siteId);

describe('one site', () => {
  it('shows no switcher and no "also publish on"', async () => {
    expect((await admin.get('/admin')).body).not.toContain('site-switcher');
    const editor = await admin.get('/admin/articles/new');
    expect(editor.body).not.toContain('Also publish on');
    expect(editor.body).toContain(`<title>New article | ${app.config.site.title} admin</title>`);
  });
});

describe('several sites', () => {
  let b: number;
  beforeEach(async () => {
    b = (await app.sites.add({ name: 'Highways Today', hosts: [B_HOST] })).id;
    await app.pipeline.save(article({ headline: 'Main site tolling story', section: 'Tolling', publishedAt: NOW - 60_000 }));
    await app.pipeline.save(article({ headline: 'Highways resurfacing story', section: 'Resurfacing', siteId: b, publishedAt: NOW - 60_000 }));
  });

  it('switches with a CSRF-checked form and keeps the choice in a cookie', async () => {
    const home = await admin.get('/admin');
    expect(home.body).toContain('<form method="post" action="/admin/site" class="site-switcher">');
    expect(home.body).toContain('<option value="1" selected>');
    expect(home.body).toContain(`<option value="${b}">Highways Today</option>`);

    const switched = await admin.post('/admin/site', { site: String(b), back: '/admin/redirects' });
    expect(switched.statusCode).toBe(303);
    expect(switched.headers.location).toBe('/admin/redirects');
    expect(cookiesOf(switched.headers).mh_admin_site).toBe(String(b));
    expect(String(switched.headers['set-cookie'])).toContain('Path=/admin');

    const forged = await app.http.inject({ method: 'POST', url: '/admin/site', headers: { ...FORM, cookie: admin.cookie }, payload: form({ _csrf: 'wrong', site: String(b) }) });
    expect(forged.statusCode).toBe(403);
    expect((await admin.post('/admin/site', { site: '999' })).statusCode).toBe(403);
    // An article's page belongs to the site left behind: back to the list instead; outside /admin, home.
    expect((await admin.post('/admin/site', { site: String(b), back: '/admin/articles/1' })).headers.location).toBe('/admin');
    expect((await admin.post('/admin/site', { site: String(b), back: '//evil.example/admin' })).headers.location).toBe('/admin');
  });

  it('lists only the current site’s articles, sections, tags and redirects', async () => {
    const main = await admin.get('/admin');
    expect(main.body).toContain('Main site tolling story');
    expect(main.body).not.toContain('Highways resurfacing story');
    const onB = on(admin, b);
    const list = await onB.get('/admin');
    expect(list.body).toContain('Highways resurfacing story');
    expect(list.body).not.toContain('Main site tolling story');
    expect(list.body).toContain('<strong>Highways Today</strong>');
    expect(list.body).toContain(`<a href="https://${B_HOST}/">View site</a>`);
    expect(main.body).toContain('<a href="/">View site</a>');

    expect((await onB.get('/admin/sections')).body).toContain('Resurfacing');
    expect((await onB.get('/admin/sections')).body).not.toContain('Tolling');
    expect((await admin.get('/admin/sections')).body).not.toContain('Resurfacing');

    expect((await onB.post('/admin/redirects', { from: '/old-highways', to: '/news/x', status: '301' })).statusCode).toBe(303);
    expect((await onB.get('/admin/redirects')).body).toContain('/old-highways');
    expect((await admin.get('/admin/redirects')).body).not.toContain('/old-highways');
    expect((await app.http.inject({ method: 'GET', url: '/old-highways', headers: { host: B_HOST } })).statusCode).toBe(301);
    expect((await app.http.inject({ method: 'GET', url: '/old-highways' })).statusCode).toBe(404);
  });

  it('makes a new article, its section and tags in the current site', async () => {
    const saved = await on(admin, b).post('/admin/articles/new', { ...FIELDS, action: 'publish' });
    expect(saved.statusCode).toBe(303);
    const id = Number(/\/admin\/articles\/(\d+)/.exec(String(saved.headers.location))?.[1]);
    const row = await app.store.articles.findById(id);
    expect(Number(row?.site_id)).toBe(b);
    // The section is the current site's own: found on B, not on the first site.
    expect(Number((await app.store.taxonomy.sectionBySlug('bridges', b))?.site_id)).toBe(b);
    expect(await app.store.taxonomy.sectionBySlug('bridges')).toBeUndefined();
    expect((await app.http.inject({ method: 'GET', url: `/news/${row?.slug}`, headers: { host: B_HOST } })).statusCode).toBe(200);
    expect((await app.http.inject({ method: 'GET', url: `/news/${row?.slug}` })).statusCode).toBe(404);
  });

  it('schedules an article in its home site’s time zone', async () => {
    await app.sites.set('highways-today', { timeZone: 'Europe/Paris' });
    expect((await on(admin, b).get('/admin/articles/new')).body).toContain('<label for="scheduleAt">Publish at (Europe/Paris)</label>');
    expect((await admin.get('/admin/articles/new')).body).toContain('<label for="scheduleAt">Publish at (UTC)</label>');
    const saved = await on(admin, b).post('/admin/articles/new', { ...FIELDS, scheduleAt: '2026-12-01T10:00', action: 'schedule' });
    const id = Number(/\/admin\/articles\/(\d+)/.exec(String(saved.headers.location))?.[1]);
    expect(Number((await app.store.articles.findById(id))?.published_at)).toBe(Date.UTC(2026, 11, 1, 9, 0));
    // Opened from the first site's admin, it still shows its own zone.
    expect((await admin.get(`/admin/articles/${id}`)).body).toContain('Publish at (Europe/Paris)');
  });

  it('publishes on another site too, canonical to the home site, and takes it off again', async () => {
    const form = await admin.get('/admin/articles/new');
    expect(form.body).toContain('<legend>Also publish on</legend>');
    expect(form.body).toContain(`<input type="checkbox" name="also-${b}" value="1"/> Highways Today`);

    const saved = await admin.post('/admin/articles/new', { ...FIELDS, 'also-shown': '1', [`also-${b}`]: '1', action: 'publish' });
    const id = Number(/\/admin\/articles\/(\d+)/.exec(String(saved.headers.location))?.[1]);
    expect(await app.store.sites.crossPublished(id)).toEqual([b]);
    const slug = (await app.store.articles.findById(id))!.slug;
    const onB = await app.http.inject({ method: 'GET', url: `/news/${slug}`, headers: { host: B_HOST } });
    expect(onB.statusCode).toBe(200);
    expect(onB.body).toContain(`<link rel="canonical" href="https://news.example/news/${slug}"/>`);
    expect((await admin.get(`/admin/articles/${id}`)).body).toContain(`<input type="checkbox" name="also-${b}" value="1" checked/> Highways Today`);

    // Unticked (the choices were shown): off site B, through the pipeline, which bumps the content version.
    const before = await app.store.state.contentVersion();
    const updated = await admin.post(`/admin/articles/${id}`, { ...FIELDS, slug, 'also-shown': '1', action: 'publish' });
    expect(updated.statusCode).toBe(303);
    expect(await app.store.sites.crossPublished(id)).toEqual([]);
    expect(await app.store.state.contentVersion()).toBeGreaterThan(before);
    expect((await app.http.inject({ method: 'GET', url: `/news/${slug}`, headers: { host: B_HOST } })).statusCode).toBe(404);
  });
});
