import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, FORM, form, onSite, signedIn } from '../../../test/admin-support.ts';
import { article, makeTestApp, NOW, type TestApp } from '../../../test/support.ts';

/**
 * Staff roles per site, tested as an attacker would: an editor limited to site A asks for site B's
 * article, terms and redirects by id, by a forged switcher cookie and by the switcher itself, and
 * gets 404 or 403 every time. Admins see every site; the directory, media and users stay shared.
 */

const SECRET = 'Quarrington';
let app: TestApp;
let admin: Agent;
let editor: Agent;
let b: number;
let bArticle: number;
let bSection: number;
let shared: number;

beforeAll(async () => {
  app = await makeTestApp();
  b = (await app.sites.add({ name: 'Highways Today', hosts: ['highways.example'] })).id;
  await app.pipeline.save(article({ headline: 'Main site tolling story', section: 'Tolling', publishedAt: NOW - 60_000 }));
  bArticle = (await app.pipeline.save(article({ headline: `${SECRET} bridge draft`, status: 'draft', section: `${SECRET} Bridges`, tags: [`${SECRET} Tag`], siteId: b }))).id;
  bSection = Number((await app.store.taxonomy.sectionBySlug('quarrington-bridges', b))!.id);
  // Site A's story also shown on B: the A-only editor may edit it, but never sees or drops B.
  shared = (await app.pipeline.save(article({ headline: 'Shared motorway story', alsoOn: [b], publishedAt: NOW - 60_000 }))).id;
  admin = await signedIn(app, 'admin');
  editor = await signedIn(app, 'editor');
  await app.redirectAdmin.put({ from: `/${SECRET.toLowerCase()}-old`, to: '/', status: '301' }, (await app.store.users.byEmail('admin@example.com'))!, b);
  const editorId = (await app.store.users.byEmail('editor@example.com'))!.id;
  const limited = await admin.post(`/admin/users/${editorId}/sites`, { 'site-1': '1' });
  expect(limited.statusCode).toBe(303);
});
afterAll(async () => {
  await app?.close();
});

/** The editor's requests with a forged switcher cookie naming site B. */
const forged = (url: string, fields?: Record<string, string>) => (fields ? onSite(app, editor, b).post(url, fields) : onSite(app, editor, b).get(url));

describe('an editor of site A only', () => {
  it('gets 404 for site B’s article on every route that takes its id', async () => {
    const fields = { headline: 'Taken over', standfirst: '', body: 'x', section: '', tags: '', authors: '', slug: '', action: 'save' };
    for (const [method, url, body] of [
      ['GET', `/admin/articles/${bArticle}`],
      ['POST', `/admin/articles/${bArticle}`, fields],
      ['GET', `/admin/articles/${bArticle}/revisions`],
      ['GET', `/admin/articles/${bArticle}/revisions/1/diff`],
      ['POST', `/admin/articles/${bArticle}/revisions/1/restore`, {}],
      ['POST', `/admin/articles/${bArticle}/companies`, { add: 'Nissan' }],
    ] as const) {
      const res = method === 'GET' ? await editor.get(url) : await editor.post(url, body ?? {});
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.body, url).not.toContain(SECRET);
    }
    for (const url of [`/admin/articles/${bArticle}/autosave`, `/admin/articles/${bArticle}/found-companies`]) {
      const res = await app.http.inject({ method: 'POST', url, headers: { ...FORM, cookie: editor.cookie }, payload: form({ _csrf: editor.csrf, headline: 'x', body: 'x' }) });
      expect(res.statusCode, url).toBe(404);
    }
    expect((await app.store.articles.findById(bArticle))!.headline).toBe(`${SECRET} bridge draft`);
  });

  it('gets 404 for B’s section and tag, and never sees B in a list, even with a forged cookie', async () => {
    expect((await editor.get(`/admin/sections/${bSection}`)).statusCode).toBe(404);
    expect((await editor.post(`/admin/sections/${bSection}/delete`, {})).statusCode).toBe(404);
    for (const url of ['/admin', '/admin/sections', '/admin/tags', '/admin/redirects', '/admin/articles/new']) {
      const res = await forged(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain(SECRET);
      expect(res.body, url).not.toContain('site-switcher');
    }
    expect((await forged('/admin')).body).toContain('Main site tolling story');
  });

  it('cannot switch to B, nor write into B with a forged cookie', async () => {
    expect((await editor.post('/admin/site', { site: String(b) })).statusCode).toBe(403);
    const made = await forged('/admin/articles/new', { headline: 'Made by the A editor', standfirst: '', body: 'x', section: '', tags: '', authors: '', slug: '', action: 'save' });
    const id = Number(/\/admin\/articles\/(\d+)/.exec(String(made.headers.location))?.[1]);
    expect(Number((await app.store.articles.findById(id))!.site_id)).toBe(1);
    expect((await forged('/admin/redirects', { from: '/a-editor', to: '/', status: '301' })).statusCode).toBe(303);
    expect((await app.store.redirects.find('/a-editor', 1))?.to_path).toBe('/');
  });

  it('edits an A story shown on B without seeing or dropping B', async () => {
    const page = await editor.get(`/admin/articles/${shared}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Also publish on');
    const a = await app.store.articles.findById(shared);
    const saved = await editor.post(`/admin/articles/${shared}`, { headline: 'Shared motorway story, updated', standfirst: '', body: a!.body, section: '', tags: '', authors: '', slug: a!.slug, 'also-shown': '1', action: 'publish' });
    expect(saved.statusCode).toBe(303);
    expect(await app.store.sites.crossPublished(shared)).toEqual([b]);
  });

  it('still shares the directory, the media library; an admin sees every site', async () => {
    expect((await editor.get('/admin/companies')).statusCode).toBe(200);
    expect((await editor.get('/admin/media')).statusCode).toBe(200);
    expect((await admin.get(`/admin/articles/${bArticle}`)).statusCode).toBe(200);
    const editorId = (await app.store.users.byEmail('editor@example.com'))!.id;
    const userPage = await admin.get(`/admin/users/${editorId}`);
    expect(userPage.body).toContain('<input type="checkbox" name="site-1" value="1" checked/> ');
    expect(userPage.body).toContain(`<input type="checkbox" name="site-${b}" value="1"/> Highways Today`);
  });
});
